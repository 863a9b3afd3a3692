# Runs `ponder-cli tokenize` (CLI) against the shared test vocabularies (TESTDATA).
execute_process(COMMAND "${CLI}" tokenize -m "${TESTDATA}/vocab/ggml-vocab-gpt-2.gguf" -p " Hello, world!"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "18435 11 995 0\n")
  message(FATAL_ERROR "tokenize gave rc=${rc} out='${out}' err='${err}', expected '18435 11 995 0'")
endif()

execute_process(COMMAND "${CLI}" tokenize -m "${TESTDATA}/vocab/ggml-vocab-gpt-2.gguf.inp" -p "x"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "not a GGUF file")
  message(FATAL_ERROR "tokenize on a text file gave rc=${rc} err='${err}', expected rc=1 and a message")
endif()
