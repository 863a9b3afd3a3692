// Simple, correct quantizers for the test-model generator: each writes ggml's block layout so
// that reference::dequantize_row gives back values close to the input. Not llama.cpp's
// error-minimizing search: per-(sub)block min/max or absmax scales are enough for test weights.
#pragma once

#include "gguf/ggml_types.h"

#include <cstddef>

namespace ponder::gen {

// True for every type Ponder runs (ggml_type_traits().supported), and IQ3_XXS / IQ3_S.
bool can_quantize(GgmlType type);

// Encodes `n` floats (a whole number of blocks of `type`) into `dst`.
void quantize_row(GgmlType type, const float* src, void* dst, size_t n);

} // namespace ponder::gen
