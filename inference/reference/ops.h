// CPU reference operators: plain loops, float math, the oracle every GPU kernel is compared with.
// Activations are row-major [n_tokens x width] float arrays.
#pragma once

#include "gguf/ggml_types.h"
#include "model/config.h"
#include "model/rope.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace ponder::reference {

// A weight matrix as stored in GGUF: `rows` rows of `cols` elements each, in `type` blocks.
struct WeightMatrix {
    GgmlType type;
    const uint8_t* data;
    size_t cols;  // input width (dims[0])
    size_t rows;  // output width (dims[1])
};

// out = x / sqrt(mean(x^2) + eps) * weight, for each of the x.size() / weight.size() rows.
void rms_norm(std::span<const float> x, std::span<const float> weight, float eps, std::span<float> out);

// y[t][r] = dot(W row r, x[t]) for t < n_tokens; W is dequantized one row at a time.
// Rows are split across threads when the matrix is large enough to pay for them.
void matmul(const WeightMatrix& w, const float* x, size_t n_tokens, float* y);

// x[t][i] += bias[i] for every row t.
void add_bias(std::span<float> x, std::span<const float> bias);

// Rotates each head of one token's vector: pair i by the angle of position pos (model/rope.h),
// scaled by the rotation's magnitude. Norm pairs (x[2i], x[2i+1]); Neox pairs (x[i], x[i + head_dim/2]).
void rope(std::span<float> heads, uint32_t head_dim, uint32_t pos, const RopeFrequencies& freqs, RopeStyle style);

// In place: exp(x - max) / sum.
void softmax(std::span<float> x);

// out[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
void swiglu(std::span<const float> gate, std::span<const float> up, std::span<float> out);

// Rounds every value to the nearest f16 and back: the precision of the GPU's KV cache.
void round_to_f16(std::span<float> x);

// Causal attention of one query token over `n_positions` cached keys/values ([pos x kv_dim] each).
// Query head h reads KV head h / (n_heads / n_kv_heads) (grouped-query attention);
// scores are scaled by 1/sqrt(head_dim). out: [n_heads x head_dim].
void attention(std::span<const float> q, const float* k_cache, const float* v_cache, uint32_t n_positions,
               uint32_t n_heads, uint32_t n_kv_heads, uint32_t head_dim, std::span<float> out);

} // namespace ponder::reference
