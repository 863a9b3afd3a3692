# Cross-compiling the engine and the command-line tools for 64-bit Windows with Debian's mingw-w64
# (g++-mingw-w64-x86-64-posix: the posix thread model, which std::thread needs). The host's
# glslangValidator compiles the shaders; the host's Vulkan headers and volk are used through
# cmake/vulkan.cmake (volk loads vulkan-1.dll at run time, so no import library is needed).
#   cmake --preset windows-cross && cmake --build --preset windows-cross
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(PONDER_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PONDER_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PONDER_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${PONDER_MINGW_TRIPLE}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${PONDER_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER) # build tools (glslangValidator) are the host's
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The .exe files run without the mingw runtime DLLs (libstdc++, libgcc, winpthread) beside them.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
