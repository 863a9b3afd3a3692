// Simple, correct quantizers for the test-model generator: each writes ggml's block layout so
// that reference::dequantize_row gives back values close to the input. Not llama.cpp's
// error-minimizing search: per-(sub)block min/max or absmax scales are enough for test weights.
#pragma once

#include "gguf/ggml_types.h"

#include <cstddef>

namespace ponder::gen {

// True for every type Ponder runs (ggml_type_traits().supported).
bool can_quantize(GgmlType type);

// Encodes `n` floats (a whole number of blocks of `type`) into `dst`.
void quantize_row(GgmlType type, const float* src, void* dst, size_t n);

// True for the block types set_random_block_scales handles: Q8_0 Q4_0 Q4_K Q5_K Q6_K (Q4_K_M's).
bool has_block_scales(GgmlType type);

// Turns random bytes in `blocks` (`n` elements' worth) into valid blocks whose values have mean ~0 and
// standard deviation ~`sigma`: quants and sub-block scales stay random, the f16 super-block scales are
// set. Far faster than quantize_row on random floats, for models of tens of gigabytes.
void set_random_block_scales(GgmlType type, float sigma, void* blocks, size_t n);

} // namespace ponder::gen
