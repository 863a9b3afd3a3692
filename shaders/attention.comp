// attention: causal softmax(q . k * scale) . v of one query head and token over one split of the cached
// positions (flash-decoding: splits run in parallel; attention_combine.comp merges them). Query token t sits at
// position start_pos + t and sees positions 0..start_pos + t. Query head h reads KV head h / (n_heads / n_kv_heads).
// Bindings: 0 = q (float [n_tokens x n_heads x head_dim]), 1 = k cache, 2 = v cache ([position x n_kv_heads x
// head_dim] in K_CACHE_TYPE / V_CACHE_TYPE, read only through kv_cache.glsl's k_pair / v_pair), 3 = partials
// (float [n_tokens x n_heads x n_splits x (2 + head_dim)]: running max, sum of exps, unnormalized output),
// 4 = out (float [n_tokens x n_heads x head_dim]), written directly when n_splits == 1 (no combine pass).
// Push: AttentionPush. Dispatch: n_heads x n_tokens x n_splits.
#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "shader_constants.h"

layout(local_size_x = ATTN_GROUP) in;

layout(std430, binding = 0) readonly buffer Q { float q[]; };
layout(std430, binding = 1) readonly buffer KCache { uint k_cache[]; };
layout(std430, binding = 2) readonly buffer VCache { uint v_cache[]; };
#include "kv_cache.glsl"
layout(std430, binding = 3) writeonly buffer Partials { float partials[]; };
layout(std430, binding = 4) writeonly buffer Out { float out_values[]; };

layout(push_constant) uniform Push {
    uint head_dim; uint n_heads; uint n_kv_heads; uint start_pos; uint positions_per_split; uint n_splits; float scale;
} pc;

const uint PAIRS_PER_LANE = ATTN_MAX_HEAD_DIM / 2 / ATTN_GROUP;

shared vec2 q_pairs[ATTN_MAX_HEAD_DIM / 2];
shared float weights[ATTN_GROUP];
shared float subgroup_values[ATTN_MAX_SUBGROUPS];

float group_max(float value) {
    value = subgroupMax(value);
    barrier();  // subgroup_values may still be read by the previous reduction
    if (subgroupElect()) subgroup_values[gl_SubgroupID] = value;
    barrier();
    float result = subgroup_values[0];
    for (uint s = 1; s < gl_NumSubgroups; ++s) result = max(result, subgroup_values[s]);
    return result;
}

float group_sum(float value) {
    value = subgroupAdd(value);
    barrier();
    if (subgroupElect()) subgroup_values[gl_SubgroupID] = value;
    barrier();
    float result = 0.0;
    for (uint s = 0; s < gl_NumSubgroups; ++s) result += subgroup_values[s];
    return result;
}

void main() {
    const uint head = gl_WorkGroupID.x, token = gl_WorkGroupID.y, split = gl_WorkGroupID.z;
    const uint lane = gl_LocalInvocationID.x;
    const uint half_dim = pc.head_dim / 2;
    const uint kv_head = head / (pc.n_heads / pc.n_kv_heads);
    const uint kv_dim = pc.n_kv_heads * pc.head_dim;  // values per cache row
    const uint head_offset = kv_head * pc.head_dim;
    const uint n_visible = pc.start_pos + token + 1;
    const uint first = split * pc.positions_per_split;
    const uint end = min(first + pc.positions_per_split, n_visible);

    const uint q_base = (token * pc.n_heads + head) * pc.head_dim;
    for (uint i = lane; i < half_dim; i += ATTN_GROUP)
        q_pairs[i] = vec2(q[q_base + 2 * i], q[q_base + 2 * i + 1]) * pc.scale;
    barrier();

    float running_max = -1.0 / 0.0, running_sum = 0.0;
    vec2 acc[PAIRS_PER_LANE];
    for (uint j = 0; j < PAIRS_PER_LANE; ++j) acc[j] = vec2(0.0);

    for (uint tile = first; tile < end; tile += ATTN_GROUP) {
        // Each lane scores one position of the tile.
        const uint pos = tile + lane;
        float score = -1.0 / 0.0;
        if (pos < end) {
            const uint k_base = pos * kv_dim + head_offset;
            score = 0.0;
            for (uint i = 0; i < half_dim; ++i) score += dot(q_pairs[i], k_pair(k_base + 2 * i));
        }
        const float new_max = max(running_max, group_max(score));
        const float w = pos < end ? exp(score - new_max) : 0.0;
        const float correction = exp(running_max - new_max);
        weights[lane] = w;
        running_sum = running_sum * correction + group_sum(w);  // group_sum's barriers publish weights[]
        running_max = new_max;
        // Each lane accumulates its own output pairs over the tile's positions.
        const uint n_tile = min(ATTN_GROUP, end - tile);
        for (uint j = 0; j < PAIRS_PER_LANE; ++j) {
            const uint pair = lane + j * ATTN_GROUP;
            if (pair >= half_dim) break;
            vec2 sum = acc[j] * correction;
            for (uint p = 0; p < n_tile; ++p)
                sum += weights[p] * v_pair((tile + p) * kv_dim + head_offset + 2 * pair);
            acc[j] = sum;
        }
        barrier();  // weights[] is rewritten by the next tile
    }

    if (pc.n_splits == 1) {
        const uint base = (token * pc.n_heads + head) * pc.head_dim;
        for (uint j = 0; j < PAIRS_PER_LANE; ++j) {
            const uint pair = lane + j * ATTN_GROUP;
            if (pair >= half_dim) break;
            out_values[base + 2 * pair] = acc[j].x / running_sum;
            out_values[base + 2 * pair + 1] = acc[j].y / running_sum;
        }
        return;
    }
    const uint out_base = ((token * pc.n_heads + head) * pc.n_splits + split) * (2 + pc.head_dim);
    if (lane == 0) {
        partials[out_base] = running_max;
        partials[out_base + 1] = running_sum;
    }
    for (uint j = 0; j < PAIRS_PER_LANE; ++j) {
        const uint pair = lane + j * ATTN_GROUP;
        if (pair >= half_dim) break;
        partials[out_base + 2 + 2 * pair] = acc[j].x;
        partials[out_base + 3 + 2 * pair] = acc[j].y;
    }
}
