# Unicode category / white-space / lowercase tables for the pre-tokenizer, generated at build time
# from the system's Unicode Character Database (Debian package `unicode-data`).
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(PONDER_UNICODE_DATA "/usr/share/unicode/UnicodeData.txt" CACHE FILEPATH
    "UnicodeData.txt from the Unicode Character Database")
if(NOT EXISTS "${PONDER_UNICODE_DATA}")
  message(FATAL_ERROR "UnicodeData.txt not found at '${PONDER_UNICODE_DATA}'. "
          "Install it (Debian: apt install unicode-data) or set -DPONDER_UNICODE_DATA=/path/UnicodeData.txt")
endif()

set(ponder_unicode_script "${CMAKE_CURRENT_SOURCE_DIR}/tokenizer/gen_unicode_tables.py")
set(ponder_unicode_output "${CMAKE_CURRENT_BINARY_DIR}/generated/unicode_tables.cpp")
add_custom_command(
  OUTPUT "${ponder_unicode_output}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/generated"
  COMMAND Python3::Interpreter "${ponder_unicode_script}"
          --unicode-data "${PONDER_UNICODE_DATA}" --output "${ponder_unicode_output}"
  DEPENDS "${ponder_unicode_script}" "${PONDER_UNICODE_DATA}"
  COMMENT "Generating Unicode tables from ${PONDER_UNICODE_DATA}"
  VERBATIM)
target_sources(ponder_inference PRIVATE "${ponder_unicode_output}")
