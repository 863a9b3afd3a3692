// The non-weight steps of a transformer layer on Vulkan (shaders rms_norm, rope, kv_store, attention,
// attention_combine, swiglu, add, and Qwen3 MoE's moe_route, moe_group, moe_combine): pipelines plus one record function per step. Every function only
// records; the caller places barriers between steps (CommandRecorder::barrier_between_steps).
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/kv_cache_type.h"
#include "model/rope.h"
#include "vk/device_profile.h"
#include "vk/pipeline.h"
#include "vk/recorder.h"

#include <cstdint>
#include <vector>

namespace ponder::vk {

class Device;

struct AttentionShape {
    uint32_t head_dim, n_heads, n_kv_heads;
    uint32_t n_tokens; // query tokens, at positions start_pos..start_pos + n_tokens - 1
    uint32_t start_pos;
};

// How attention splits the visible positions (flash-decoding): each split is a workgroup per (head, token) or per
// (row tile, KV head). Splits grow with the context (at least ATTN_SPLIT_MIN positions each) until there are
// enough workgroups to fill a large GPU; the same for every device, so that buffers are sized without one.
struct AttentionSplit {
    uint32_t n_splits, positions_per_split;
};
AttentionSplit plan_attention(const AttentionShape& shape);

// The shared-memory tiles of attention_tiled.comp for `n_rows` query rows (tokens x query heads of a KV head)
// in tiles of `tile_floats` floats: rows per workgroup and cached positions per K / V tile.
struct AttentionTiles {
    uint32_t rows, positions;
};
AttentionTiles plan_attention_tiles(uint32_t tile_floats, uint32_t head_dim, uint32_t n_rows);
// Floats of the partials buffer attention needs for `shape` (allocate for the largest shape used).
uint64_t attention_partials_floats(const AttentionShape& shape);

// The rope kernel's table: rope_cos_sin(freqs, pos, i) for pos < n_positions and every pair i, the same
// values the CPU reference rotates by: [n_positions x head_dim/2] interleaved (cos, sin).
std::vector<float> rope_table(uint32_t n_positions, const RopeFrequencies& freqs);

class LayerKernels {
  public:
    // Kernels for a KV cache of `cache_types` (kv_store and attention come in a variant per type), with the
    // attention kernel of the device's profile, or of `profile` (tests run every variant on one device).
    static Result<LayerKernels> create(const Device& device, const PipelineCache& cache,
                                       const KvCacheTypes& cache_types = {});
    static Result<LayerKernels> create(const Device& device, const PipelineCache& cache,
                                       const KvCacheTypes& cache_types, const DeviceProfile& profile);

    // y[r] = x[first_row + r] / rms(x[first_row + r]) * w for n_rows rows of n_cols (x and y may alias
    // when first_row is 0).
    Status rms_norm(CommandRecorder& rec, BufferView x, BufferView w, BufferView y, uint32_t n_cols,
                    uint32_t n_rows, float eps, uint32_t first_row = 0) const;
    // x[r] += delta[r], then y[r] = rms_norm(x[r]) * w, for rows first_row.. (y rows from 0); x and delta
    // are [n_tokens x n_cols]. The residual connection fused with the next norm.
    Status add_rms_norm(CommandRecorder& rec, BufferView x, BufferView delta, BufferView w, BufferView y,
                        uint32_t n_cols, uint32_t n_rows, float eps, uint32_t first_row = 0) const;
    // Rotates q ([n_tokens x n_heads x head_dim]) and k ([n_tokens x n_kv_heads x head_dim]) in place by
    // positions start_pos + t; `table` from rope_table().
    Status rope(CommandRecorder& rec, BufferView q, BufferView k, BufferView table,
                const AttentionShape& shape, RopeStyle style) const;
    // Stores k and v ([n_tokens x kv_dim] f32) into cache rows start_pos.., each in its cache type
    // (one dispatch per cache).
    Status kv_store(CommandRecorder& rec, BufferView k, BufferView v, BufferView k_cache, BufferView v_cache,
                    uint32_t kv_dim, uint32_t n_tokens, uint32_t start_pos) const;
    // out ([n_tokens x n_heads x head_dim]) = causal attention of q over the cache; when the positions are
    // split (long decodes), two dispatches with their barrier (split attention, then the combine).
    Status attention(CommandRecorder& rec, BufferView q, BufferView k_cache, BufferView v_cache,
                     BufferView partials, BufferView out, const AttentionShape& shape) const;
    // blocks = n_rows rows of n_cols floats of x as 8-bit activation blocks (vk/weight_kernels.h), what the
    // integer-dot decode matvec reads.
    Status quantize_activations(CommandRecorder& rec, BufferView x, BufferView blocks, uint32_t n_cols,
                                uint32_t n_rows) const;
    // out = (index, value bits) of the largest of x's first n floats, the first on ties: greedy sampling's token.
    Status argmax(CommandRecorder& rec, BufferView x, BufferView out, uint32_t n) const;
    // y = a + b over n floats (y may alias a).
    Status add(CommandRecorder& rec, BufferView a, BufferView b, BufferView y, uint32_t n) const;
    // y = silu(gate) * up over n floats (y may alias gate).
    Status swiglu(CommandRecorder& rec, BufferView gate, BufferView up, BufferView y, uint32_t n) const;

    // MoE routing: from router logits ([n_tokens x n_expert]) each token's n_expert_used experts, most probable
    // first, into ids and their weights ([n_tokens x n_expert_used] uint / f32), as model/config.h's MoeConfig says.
    Status moe_route(CommandRecorder& rec, BufferView logits, BufferView ids, BufferView weights, uint32_t n_tokens,
                     const MoeConfig& moe) const;
    // Each expert's assignments (t * n_expert_used + j) from ids, for the grouped prefill matmuls:
    // groups = [n_expert x (1 + n_tokens)], a count and then the list.
    Status moe_group(CommandRecorder& rec, BufferView ids, BufferView groups, uint32_t n_tokens,
                     const MoeConfig& moe) const;
    // y[t] = sum_j weights[t][j] * experts[t * n_used + j] (rows of n_cols): the routed experts mixed.
    Status moe_combine(CommandRecorder& rec, BufferView experts, BufferView weights, BufferView y, uint32_t n_cols,
                       uint32_t n_tokens, uint32_t n_used) const;

  private:
    Pipeline rms_norm_, add_rms_norm_, rope_, kv_store_k_, kv_store_v_, attention_, attention_combine_, add_,
        swiglu_, moe_route_, moe_group_, moe_combine_, quantize_x_, argmax_;
    KvCacheTypes cache_types_;
    AttentionKernel attention_kernel_ = AttentionKernel::LanePerPosition;
    uint32_t attention_tile_floats_ = 0;
};

} // namespace ponder::vk
