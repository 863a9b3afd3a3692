# A split set made by ponder-gen-model --split 3 is one model to ponder-cli: `info` on any part lists
# all three parts; with a part gone, it fails naming the missing part.
# Usage: cmake -DCLI=ponder-cli -DGEN=ponder-gen-model -DDIR=scratch -P check_cli_split.cmake
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
execute_process(COMMAND "${GEN}" --arch qwen2 --vocab 512 --split 3 -o "${DIR}/m.gguf" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ponder-gen-model --split 3 failed: ${err}")
endif()
execute_process(COMMAND "${CLI}" info -m "${DIR}/m-00002-of-00003.gguf" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "split into 3 parts" OR NOT out MATCHES "m-00003-of-00003.gguf")
  message(FATAL_ERROR "info on part 2: exit ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
file(REMOVE "${DIR}/m-00003-of-00003.gguf")
execute_process(COMMAND "${CLI}" info -m "${DIR}/m-00001-of-00003.gguf" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "part 3 of 3 of this split model is missing")
  message(FATAL_ERROR "info with part 3 gone: expected exit 1 naming the part, got exit ${rc}\nstderr:\n${err}")
endif()
message(STATUS "ponder-cli reads a split set as one model and names a missing part")
