# Runs `ponder-cli info -m FILE` on every sample in DIR: valid_*.gguf must exit 0 and print the tensor
# summary; bad_*.gguf must exit 1 with an error on stderr naming the file.
# Usage: cmake -DCLI=path/to/ponder-cli -DDIR=samples -P check_cli_info.cmake
file(GLOB valid_files "${DIR}/valid_*.gguf")
file(GLOB bad_files "${DIR}/bad_*.gguf")
list(LENGTH valid_files n_valid)
list(LENGTH bad_files n_bad)
if(n_valid EQUAL 0 OR n_bad LESS 40)
  message(FATAL_ERROR "expected samples in ${DIR}, found ${n_valid} valid and ${n_bad} malformed")
endif()

foreach(model IN LISTS valid_files)
  execute_process(COMMAND "${CLI}" info -m "${model}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "tensors: 4 " OR NOT out MATCHES "general.architecture")
    message(FATAL_ERROR "info on ${model}: exit ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
endforeach()

foreach(model IN LISTS bad_files)
  execute_process(COMMAND "${CLI}" info -m "${model}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${err}" "${model}" names_file)
  if(NOT rc EQUAL 1 OR names_file EQUAL -1)
    message(FATAL_ERROR "info on ${model}: expected exit 1 and an error naming the file, got exit ${rc}\nstderr:\n${err}")
  endif()
endforeach()
message(STATUS "ponder-cli info: ${n_valid} valid files shown, ${n_bad} malformed files rejected")
