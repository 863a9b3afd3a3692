# The Vulkan API without linking the Vulkan loader: the Khronos headers plus volk, which opens the
# loader at run time (libvulkan.so.1, vulkan-1.dll, libvulkan.1.dylib). A machine without one gets an
# error message from ponder, not a program the system refuses to start.
# Debian: libvulkan-dev (headers), libvulkan-volk-dev (volk.h and volk.c in /usr/include).
#
# Provides ponder_vulkan: volk compiled in, VK_NO_PROTOTYPES, and one include directory holding only
# the Vulkan headers and volk.h, so that a cross compiler (mingw-w64) can use the host's headers
# without seeing the rest of the host's /usr/include.
find_path(PONDER_VOLK_DIR volk.h NO_CMAKE_FIND_ROOT_PATH)
find_path(PONDER_VULKAN_HEADERS_DIR vulkan/vulkan_core.h NO_CMAKE_FIND_ROOT_PATH)
if(NOT PONDER_VOLK_DIR OR NOT EXISTS "${PONDER_VOLK_DIR}/volk.c")
  message(FATAL_ERROR "volk (volk.h and volk.c) not found: install libvulkan-volk-dev (tools/setup-debian.sh)")
endif()
if(NOT PONDER_VULKAN_HEADERS_DIR)
  message(FATAL_ERROR "Vulkan headers not found: install libvulkan-dev (tools/setup-debian.sh)")
endif()

set(api_dir "${CMAKE_BINARY_DIR}/vulkan-api")
file(MAKE_DIRECTORY "${api_dir}")
foreach(entry "${PONDER_VULKAN_HEADERS_DIR}/vulkan" "${PONDER_VULKAN_HEADERS_DIR}/vk_video"
              "${PONDER_VOLK_DIR}/volk.h" "${PONDER_VOLK_DIR}/volk.c")
  if(EXISTS "${entry}")
    get_filename_component(name "${entry}" NAME)
    file(CREATE_LINK "${entry}" "${api_dir}/${name}" SYMBOLIC COPY_ON_ERROR)
  endif()
endforeach()

add_library(ponder_vulkan STATIC "${api_dir}/volk.c")
target_include_directories(ponder_vulkan SYSTEM PUBLIC "${api_dir}")
target_compile_definitions(ponder_vulkan PUBLIC VK_NO_PROTOTYPES)
target_link_libraries(ponder_vulkan PRIVATE ${CMAKE_DL_LIBS})
set_target_properties(ponder_vulkan PROPERTIES POSITION_INDEPENDENT_CODE ON)
