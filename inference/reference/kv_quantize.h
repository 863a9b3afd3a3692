// The KV cache's quantizers on the CPU: ggml's reference quantize_row_q8_0_ref / quantize_row_q4_0_ref,
// rounding step for step as ggml does, so the Vulkan kv_store kernel can be checked bit for bit.
#pragma once

#include "model/kv_cache_type.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace ponder::reference {

// n values (a multiple of 32) into n / 32 ggml blocks: q8_0 = f16 d, int8 qs[32] (34 bytes);
// q4_0 = f16 d, qs[16] with q[j] in the low and q[j + 16] in the high nibble of byte j (18 bytes).
void quantize_row_q8_0(const float* x, uint8_t* blocks, size_t n);
void quantize_row_q4_0(const float* x, uint8_t* blocks, size_t n);

// Rounds rows of keys or values in place to what a cache of `type` holds: f16, or quantized in blocks
// of 32 and decoded again (x.size() a multiple of 32 for quantized types).
void round_to_kv_cache_type(KvCacheType type, std::span<float> x);

} // namespace ponder::reference
