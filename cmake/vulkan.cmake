# The Vulkan API without linking the Vulkan loader: the Khronos headers plus volk, which opens the
# loader at run time (libvulkan.so.1, vulkan-1.dll, libvulkan.1.dylib). A machine without one gets an
# error message from ponder, not a program the system refuses to start.
# Debian: libvulkan-dev (headers), libvulkan-volk-dev (volk.h and volk.c in /usr/include).
# Provides ponder_vulkan: volk compiled in, VK_NO_PROTOTYPES, the headers via cmake/host_headers.cmake.
include("${CMAKE_CURRENT_LIST_DIR}/host_headers.cmake")
ponder_host_header(vulkan/vulkan_core.h vulkan libvulkan-dev)
ponder_host_header(vk_video/vulkan_video_codecs_common.h vk_video libvulkan-dev)
ponder_host_header(volk.h volk.h libvulkan-volk-dev)
ponder_host_header(volk.c volk.c libvulkan-volk-dev)

add_library(ponder_vulkan STATIC "${PONDER_HOST_HEADERS}/volk.c")
target_include_directories(ponder_vulkan SYSTEM PUBLIC "${PONDER_HOST_HEADERS}")
target_compile_definitions(ponder_vulkan PUBLIC VK_NO_PROTOTYPES)
target_link_libraries(ponder_vulkan PRIVATE ${CMAKE_DL_LIBS})
set_target_properties(ponder_vulkan PROPERTIES POSITION_INDEPENDENT_CODE ON)
