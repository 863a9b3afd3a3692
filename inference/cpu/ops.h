// The CPU backend's element-wise and attention steps (the matrix products are matmul.h's).
// Activations are row-major [n_tokens x width] floats.
#pragma once

#include "cpu/kv_store.h"
#include "cpu/matmul.h"
#include "model/config.h"
#include "model/rope.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ponder::cpu {

// out = x / sqrt(mean(x^2) + eps) * weight, for each row of weight.size() values (width) in x.
void rms_norm(const float* x, const float* weight, size_t width, size_t n_rows, float eps, float* out);

// cos/sin of every (position, pair) up to n_ctx, computed once per model (model/rope.h's angles).
class RopeTable {
public:
    RopeTable() = default;
    RopeTable(const RopeConfig& rope, uint32_t head_dim, uint32_t n_ctx);
    // Rotates every head of one token's vector (width a multiple of head_dim) to position pos.
    void apply(float* heads, size_t width, uint32_t pos) const;

private:
    uint32_t head_dim_ = 0;
    RopeStyle style_ = RopeStyle::Norm;
    std::vector<CosSin> table_;  // [n_ctx x head_dim / 2]
};

// gate[i] = silu(gate[i]) * up[i].
void swiglu(float* gate, const float* up, size_t n);

// Causal grouped-query attention of n_tokens queries at positions start_pos.. over the cached
// keys/values of `layer` (positions 0..start_pos + t for token t); (token, head) pairs are split across
// the threads. q, out: [n_tokens x q_dim].
void attention(Compute& compute, const KvStore& cache, uint32_t layer, const ModelConfig& config, const float* q,
               uint32_t n_tokens, uint32_t start_pos, float* out);

} // namespace ponder::cpu
