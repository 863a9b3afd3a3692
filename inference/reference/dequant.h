// CPU dequantization of ggml blocks, bit-exact with ggml's dequantize_row_* functions.
// The oracle for every GPU kernel that reads quantized weights.
#pragma once

#include "gguf/ggml_types.h"

#include <cstddef>
#include <cstdint>

namespace ponder::reference {

// Decodes `n` elements (a whole number of blocks) of `type` from `src` into `dst`.
// Supported: every type whose ggml_type_traits().supported is true; asserts on anything else.
void dequantize_row(GgmlType type, const void* src, float* dst, size_t n);

float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_fp16(float f);  // round to nearest even, as ggml does
float bf16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);  // round to nearest even

} // namespace ponder::reference
