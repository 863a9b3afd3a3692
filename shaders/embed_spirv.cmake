# Turns one SPIR-V binary into a C++ source holding it as a uint32_t array.
file(READ "${SPV}" hex HEX)
string(LENGTH "${hex}" n_hex)
math(EXPR n_words "${n_hex} / 8")
# SPIR-V is a little-endian word stream: regroup each 4 bytes into one 0xWWWWWWWW literal.
string(REGEX REPLACE "([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])"
       "0x\\4\\3\\2\\1u," words "${hex}")
file(WRITE "${OUT}" "#include <cstddef>\n#include <cstdint>\nnamespace ponder::shaders {\n"
     "extern const uint32_t spv_${NAME}[] = {${words}};\n"
     "extern const size_t spv_${NAME}_words = ${n_words};\n}\n")
