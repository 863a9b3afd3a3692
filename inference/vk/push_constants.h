// C++ mirrors of the push-constant blocks of the non-weight kernels (shaders/*.comp). Field order
// and types must match the GLSL `Push` blocks; the static_asserts catch size drift.
#pragma once

#include <cstdint>

namespace ponder::vk {

// shaders/rms_norm.comp: y[r][i] = x[first_row + r][i] / sqrt(mean(x[first_row + r]^2) + eps) * w[i]
struct RmsNormPush {
    uint32_t n_cols;
    uint32_t first_row;
    float eps;
};
static_assert(sizeof(RmsNormPush) == 12);

// shaders/rope.comp: rotates each head of q[t] and k[t] by position start_pos + t, angles from a host table.
struct RopePush {
    uint32_t head_dim;
    uint32_t n_heads;
    uint32_t n_kv_heads;
    uint32_t start_pos;
    uint32_t neox; // 1: pairs (i, i + head_dim/2); 0: pairs (2i, 2i+1)
};
static_assert(sizeof(RopePush) == 20);

// shaders/kv_store.comp: cache rows start_pos.. = the source rows in the cache's type
struct KvStorePush {
    uint32_t kv_dim;
    uint32_t start_pos;
};
static_assert(sizeof(KvStorePush) == 8);

// shaders/attention.comp: partial softmax(q k^T * scale) v over one split of positions.
struct AttentionPush {
    uint32_t head_dim;
    uint32_t n_heads;
    uint32_t n_kv_heads;
    uint32_t start_pos; // position of query token 0
    uint32_t positions_per_split;
    uint32_t n_splits;
    float scale; // 1 / sqrt(head_dim)
};
static_assert(sizeof(AttentionPush) == 28);

// shaders/attention_tiled.comp: the same over tiles of query rows sharing a KV head (flash attention).
struct TiledAttentionPush {
    uint32_t head_dim;
    uint32_t n_heads;
    uint32_t n_kv_heads;
    uint32_t n_tokens;
    uint32_t start_pos; // position of query token 0
    uint32_t positions_per_split;
    uint32_t n_splits;
    uint32_t rows_per_tile;      // (token, query head) rows of one workgroup
    uint32_t positions_per_tile; // cached positions per shared-memory K / V tile
    float scale;                 // 1 / sqrt(head_dim)
};
static_assert(sizeof(TiledAttentionPush) == 40);

// shaders/attention_combine.comp: merges the splits into out[t][h * head_dim + d].
struct AttentionCombinePush {
    uint32_t head_dim;
    uint32_t n_heads;
    uint32_t n_splits;
};
static_assert(sizeof(AttentionCombinePush) == 12);

// shaders/moe_route.comp (each token's experts and weights) and shaders/moe_group.comp (each expert's tokens).
struct MoeRoutePush {
    uint32_t n_tokens;
    uint32_t n_expert;
    uint32_t n_used;    // experts per token, at most MOE_MAX_USED
    uint32_t normalize; // 1: the chosen weights are divided by their sum
};
static_assert(sizeof(MoeRoutePush) == 16);

// shaders/moe_combine.comp: y[t] = sum_j weight[t][j] * experts[t * n_used + j].
struct MoeCombinePush {
    uint32_t n_cols;
    uint32_t n_used;
};
static_assert(sizeof(MoeCombinePush) == 8);

// shaders/quantize_x.comp: rows of n_cols floats as 8-bit activation blocks (XQ_BLOCK_WORDS).
struct QuantizeActivationsPush {
    uint32_t n_cols;
};
static_assert(sizeof(QuantizeActivationsPush) == 4);

// shaders/add.comp and shaders/swiglu.comp: n elements; shaders/argmax.comp: n floats; shaders/copy_bandwidth.comp: n 16-byte words.
struct ElementwisePush {
    uint32_t n;
};
static_assert(sizeof(ElementwisePush) == 4);

} // namespace ponder::vk
