#include "vk/layer_kernels.h"

#include "vk/device.h"
#include "vk/push_constants.h"
#include "vk/shader_constants.h"

#include <algorithm>
#include <cmath>

namespace ponder::vk {

namespace {

uint32_t ceil_div(uint64_t a, uint64_t b) {
    return static_cast<uint32_t>((a + b - 1) / b);
}

// Enough workgroups to fill a large GPU; decode with few heads gets split along positions.
constexpr uint32_t kTargetAttentionGroups = 256;

} // namespace

AttentionSplit plan_attention(const AttentionShape& s) {
    const uint32_t n_visible = s.start_pos + s.n_tokens;
    const uint32_t max_splits = ceil_div(n_visible, ATTN_SPLIT_MIN);
    // Workgroups without splits: the tiled kernel's fewest (row tiles of ATTN_MAX_ROWS x KV heads).
    const uint64_t rows = uint64_t(s.n_tokens) * (s.n_heads / s.n_kv_heads);
    const uint32_t wanted = ceil_div(kTargetAttentionGroups, uint64_t(s.n_kv_heads) * ceil_div(rows, ATTN_MAX_ROWS));
    const uint32_t n_splits = std::clamp(wanted, 1u, max_splits);
    const uint32_t per_split = ceil_div(ceil_div(n_visible, n_splits), ATTN_SPLIT_MIN) * ATTN_SPLIT_MIN;
    return {ceil_div(n_visible, per_split), per_split};
}

AttentionTiles plan_attention_tiles(uint32_t tile_floats, uint32_t head_dim, uint32_t n_rows) {
    const uint32_t rows = std::min({uint32_t(ATTN_MAX_ROWS), tile_floats / head_dim, std::max(n_rows, 1u)});
    return {rows, std::min(tile_floats / (head_dim + 1), tile_floats / rows)};
}

uint64_t attention_partials_floats(const AttentionShape& s) {
    return uint64_t(s.n_tokens) * s.n_heads * plan_attention(s).n_splits * (2 + s.head_dim);
}

std::vector<float> rope_table(uint32_t n_positions, const RopeFrequencies& freqs) {
    const uint32_t half = static_cast<uint32_t>(freqs.per_position.size());
    std::vector<float> table(size_t(n_positions) * half * 2);
    for (uint32_t pos = 0; pos < n_positions; ++pos)
        for (uint32_t i = 0; i < half; ++i) {
            const CosSin r = rope_cos_sin(freqs, pos, i);
            table[(size_t(pos) * half + i) * 2] = r.cos;
            table[(size_t(pos) * half + i) * 2 + 1] = r.sin;
        }
    return table;
}

Result<LayerKernels> LayerKernels::create(const Device& device, const PipelineCache& cache,
                                          const KvCacheTypes& cache_types) {
    return create(device, cache, cache_types, device.profile());
}

Result<LayerKernels> LayerKernels::create(const Device& device, const PipelineCache& cache,
                                          const KvCacheTypes& cache_types, const DeviceProfile& profile) {
    if (!device.info().subgroup_arithmetic)
        return make_error(device.info().name +
                          " lacks subgroup arithmetic in compute shaders, which Ponder's kernels need");
    LayerKernels k;
    k.cache_types_ = cache_types;
    k.attention_kernel_ = profile.attention;
    k.attention_tile_floats_ = profile.attention_tile_floats;
    auto make = [&](Pipeline& p, const std::string& shader, uint32_t n_buffers, uint32_t push_bytes,
                    std::vector<uint32_t> constants = {}) -> Status {
        auto pipeline = Pipeline::create(device, cache, {shader, n_buffers, push_bytes, std::move(constants)});
        PONDER_TRY(pipeline);
        p = std::move(*pipeline);
        return {};
    };
    PONDER_TRY(make(k.rms_norm_, "rms_norm", 3, sizeof(RmsNormPush)));
    PONDER_TRY(make(k.add_rms_norm_, "add_rms_norm", 4, sizeof(RmsNormPush)));
    PONDER_TRY(make(k.rope_, "rope", 3, sizeof(RopePush)));
    const std::string k_type = kv_cache_type_name(cache_types.k), v_type = kv_cache_type_name(cache_types.v);
    PONDER_TRY(make(k.kv_store_k_, "kv_store_" + k_type, 2, sizeof(KvStorePush)));
    PONDER_TRY(make(k.kv_store_v_, "kv_store_" + v_type, 2, sizeof(KvStorePush)));
    if (k.attention_kernel_ == AttentionKernel::Tiled)
        PONDER_TRY(make(k.attention_, "attention_tiled_" + k_type + "_" + v_type, 5, sizeof(TiledAttentionPush),
                        {k.attention_tile_floats_}));
    else
        PONDER_TRY(make(k.attention_, "attention_" + k_type + "_" + v_type, 5, sizeof(AttentionPush)));
    PONDER_TRY(make(k.attention_combine_, "attention_combine", 2, sizeof(AttentionCombinePush)));
    PONDER_TRY(make(k.add_, "add", 3, sizeof(ElementwisePush)));
    PONDER_TRY(make(k.swiglu_, "swiglu", 3, sizeof(ElementwisePush)));
    PONDER_TRY(make(k.moe_route_, "moe_route", 3, sizeof(MoeRoutePush)));
    PONDER_TRY(make(k.moe_group_, "moe_group", 2, sizeof(MoeRoutePush)));
    PONDER_TRY(make(k.moe_combine_, "moe_combine", 3, sizeof(MoeCombinePush)));
    PONDER_TRY(make(k.quantize_x_, "quantize_x", 2, sizeof(QuantizeActivationsPush)));
    PONDER_TRY(make(k.argmax_, "argmax", 2, sizeof(ElementwisePush)));
    return k;
}

Status LayerKernels::rms_norm(CommandRecorder& rec, BufferView x, BufferView w, BufferView y, uint32_t n_cols,
                              uint32_t n_rows, float eps, uint32_t first_row) const {
    return rec.dispatch(rms_norm_, {n_rows}, RmsNormPush{n_cols, first_row, eps}, {x, w, y});
}

Status LayerKernels::add_rms_norm(CommandRecorder& rec, BufferView x, BufferView delta, BufferView w,
                                  BufferView y, uint32_t n_cols, uint32_t n_rows, float eps,
                                  uint32_t first_row) const {
    return rec.dispatch(add_rms_norm_, {n_rows}, RmsNormPush{n_cols, first_row, eps}, {x, w, y, delta});
}

Status LayerKernels::rope(CommandRecorder& rec, BufferView q, BufferView k, BufferView table,
                          const AttentionShape& s, RopeStyle style) const {
    const RopePush push{s.head_dim, s.n_heads, s.n_kv_heads, s.start_pos, style == RopeStyle::Neox ? 1u : 0u};
    return rec.dispatch(rope_, {s.n_heads + s.n_kv_heads, s.n_tokens}, push, {q, k, table});
}

Status LayerKernels::kv_store(CommandRecorder& rec, BufferView k, BufferView v, BufferView k_cache,
                              BufferView v_cache, uint32_t kv_dim, uint32_t n_tokens,
                              uint32_t start_pos) const {
    // One invocation per f16 pair, or per pair of quantized blocks (kv_cache.glsl).
    auto units = [&](KvCacheType type) { return type == KvCacheType::F16 ? kv_dim / 2 : kv_dim / KV_BLOCK_PAIR; };
    const KvStorePush push{kv_dim, start_pos};
    PONDER_TRY(rec.dispatch(kv_store_k_, {ceil_div(units(cache_types_.k), KV_STORE_GROUP), n_tokens}, push,
                            {k, k_cache}));
    return rec.dispatch(kv_store_v_, {ceil_div(units(cache_types_.v), KV_STORE_GROUP), n_tokens}, push,
                        {v, v_cache});
}

Status LayerKernels::attention(CommandRecorder& rec, BufferView q, BufferView k_cache, BufferView v_cache,
                               BufferView partials, BufferView out, const AttentionShape& s) const {
    const AttentionSplit split = plan_attention(s);
    const float scale = 1.0f / std::sqrt(float(s.head_dim));
    if (attention_kernel_ == AttentionKernel::Tiled) {
        if (s.head_dim + 1 > attention_tile_floats_ || s.head_dim % 2 != 0)
            return make_error("attention: head_dim " + std::to_string(s.head_dim) + " does not fit tiles of " +
                              std::to_string(attention_tile_floats_) + " floats");
        const uint32_t n_rows = s.n_tokens * (s.n_heads / s.n_kv_heads);
        const AttentionTiles tiles = plan_attention_tiles(attention_tile_floats_, s.head_dim, n_rows);
        const TiledAttentionPush push{s.head_dim,  s.n_heads,      s.n_kv_heads,     s.n_tokens,
                                      s.start_pos, split.positions_per_split, split.n_splits, tiles.rows,
                                      tiles.positions, scale};
        PONDER_TRY(rec.dispatch(attention_, {ceil_div(n_rows, tiles.rows), s.n_kv_heads, split.n_splits}, push,
                                {q, k_cache, v_cache, partials, out}));
    } else {
        const AttentionPush push{s.head_dim,       s.n_heads, s.n_kv_heads, s.start_pos, split.positions_per_split,
                                 split.n_splits, scale};
        PONDER_TRY(rec.dispatch(attention_, {s.n_heads, s.n_tokens, split.n_splits}, push,
                                {q, k_cache, v_cache, partials, out}));
    }
    if (split.n_splits == 1)
        return {}; // the attention pass wrote `out` itself
    rec.barrier_between_steps();
    return rec.dispatch(attention_combine_, {s.n_heads, s.n_tokens},
                        AttentionCombinePush{s.head_dim, s.n_heads, split.n_splits}, {partials, out});
}

Status LayerKernels::quantize_activations(CommandRecorder& rec, BufferView x, BufferView blocks, uint32_t n_cols,
                                          uint32_t n_rows) const {
    return rec.dispatch(quantize_x_, {ceil_div(n_cols / 32, XQ_GROUP), n_rows}, QuantizeActivationsPush{n_cols},
                        {x, blocks});
}

Status LayerKernels::argmax(CommandRecorder& rec, BufferView x, BufferView out, uint32_t n) const {
    return rec.dispatch(argmax_, {1}, ElementwisePush{n}, {x, out});
}

Status LayerKernels::add(CommandRecorder& rec, BufferView a, BufferView b, BufferView y, uint32_t n) const {
    return rec.dispatch(add_, {ceil_div(n, ELEMENTWISE_GROUP)}, ElementwisePush{n}, {a, b, y});
}

Status LayerKernels::swiglu(CommandRecorder& rec, BufferView gate, BufferView up, BufferView y,
                            uint32_t n) const {
    return rec.dispatch(swiglu_, {ceil_div(n, ELEMENTWISE_GROUP)}, ElementwisePush{n}, {gate, up, y});
}


Status LayerKernels::moe_route(CommandRecorder& rec, BufferView logits, BufferView ids, BufferView weights,
                               uint32_t n_tokens, const MoeConfig& moe) const {
    const MoeRoutePush push{n_tokens, moe.n_expert, moe.n_expert_used, moe.norm_weights ? 1u : 0u};
    return rec.dispatch(moe_route_, {ceil_div(n_tokens, MOE_GROUP)}, push, {logits, ids, weights});
}

Status LayerKernels::moe_group(CommandRecorder& rec, BufferView ids, BufferView groups, uint32_t n_tokens,
                               const MoeConfig& moe) const {
    const MoeRoutePush push{n_tokens, moe.n_expert, moe.n_expert_used, 0};
    return rec.dispatch(moe_group_, {ceil_div(moe.n_expert, MOE_GROUP)}, push, {ids, groups});
}

Status LayerKernels::moe_combine(CommandRecorder& rec, BufferView experts, BufferView weights, BufferView y,
                                 uint32_t n_cols, uint32_t n_tokens, uint32_t n_used) const {
    return rec.dispatch(moe_combine_, {ceil_div(n_cols, ELEMENTWISE_GROUP), n_tokens}, MoeCombinePush{n_cols, n_used},
                        {experts, weights, y});
}

} // namespace ponder::vk
