# Header-only dependencies taken from the host's packages (Debian: libvulkan-dev,
# libvulkan-volk-dev, nlohmann-json3-dev), exposed through one directory of links to exactly their
# headers, so that a cross compiler (mingw-w64) can use them without seeing the rest of the host's
# /usr/include. Provides ponder_json (nlohmann/json); cmake/vulkan.cmake adds the Vulkan headers.
set(PONDER_HOST_HEADERS "${CMAKE_BINARY_DIR}/host-headers")
file(MAKE_DIRECTORY "${PONDER_HOST_HEADERS}")

# Links <dir>/<entry> into PONDER_HOST_HEADERS, <dir> being where the host has <probe>;
# a clear error naming `package` when it is missing.
function(ponder_host_header probe entry package)
  string(MAKE_C_IDENTIFIER "PONDER_HOST_${probe}" var)
  find_path(${var} "${probe}" NO_CMAKE_FIND_ROOT_PATH)
  if(NOT ${var} OR NOT EXISTS "${${var}}/${entry}")
    message(FATAL_ERROR "${probe} not found: install ${package} (tools/setup-debian.sh)")
  endif()
  file(CREATE_LINK "${${var}}/${entry}" "${PONDER_HOST_HEADERS}/${entry}" SYMBOLIC COPY_ON_ERROR)
endfunction()

ponder_host_header(nlohmann/json.hpp nlohmann nlohmann-json3-dev)
add_library(ponder_json INTERFACE)
target_include_directories(ponder_json SYSTEM INTERFACE "${PONDER_HOST_HEADERS}")
