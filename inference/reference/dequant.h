// CPU dequantization of ggml blocks, bit-exact with ggml's dequantize_row_* functions.
// The oracle for every GPU kernel that reads quantized weights.
#pragma once

#include "gguf/ggml_types.h"

#include <cstddef>
#include <cstdint>

namespace ponder::reference {

// Decodes `n` elements (a whole number of blocks) of `type` from `src` into `dst`.
// Supported: F32 F16 BF16 Q8_0 Q4_0 Q4_K Q5_K Q6_K. Asserts on anything else (callers check traits).
void dequantize_row(GgmlType type, const void* src, float* dst, size_t n);

float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_fp16(float f);  // round to nearest even, as ggml does
float bf16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);  // round to nearest even

} // namespace ponder::reference
