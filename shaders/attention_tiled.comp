// attention_tiled: causal softmax(q . k * scale) . v, flash-attention style, for GPUs. One workgroup takes a tile
// of query rows that share one KV head (rows are (token, query head of the KV head's group) pairs, token-major)
// and walks one split of the cached positions in tiles: each K tile and then V tile is read from the cache once
// into shared memory (dequantized) and serves every row of the tile, so a KV head's keys and values are read
// once for all the query heads sharing it (GQA), and once per tile of tokens in prefill instead of once per
// (head, token). Scores and the running max / sum (online softmax) stay in shared memory, the output rows in
// registers. Splits run in parallel (flash-decoding); attention_combine.comp merges them.
// Query token t sits at position start_pos + t and sees positions 0..start_pos + t.
// Bindings as attention.comp's: 0 = q (float [n_tokens x n_heads x head_dim]), 1 = k cache, 2 = v cache
// (kv_cache.glsl), 3 = partials (float [n_tokens x n_heads x n_splits x (2 + head_dim)]: max, sum of exps,
// unnormalized output), 4 = out (float [n_tokens x n_heads x head_dim], written directly when n_splits == 1).
// Specialization constant 0: TILE_FLOATS, the floats of each shared tile (from the device's shared memory,
// vk/layer_kernels.cpp). Push: TiledAttentionPush; rows_per_tile x head_dim, positions_per_tile x (head_dim + 1)
// and rows_per_tile x positions_per_tile are at most TILE_FLOATS, rows_per_tile at most ATTN_MAX_ROWS.
// Dispatch: row tiles x n_kv_heads x n_splits.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ATTN_TILED_GROUP) in;
layout(constant_id = 0) const uint TILE_FLOATS = 1024;

layout(std430, binding = 0) readonly buffer Q { float q[]; };
layout(std430, binding = 1) readonly buffer KCache { uint k_cache[]; };
layout(std430, binding = 2) readonly buffer VCache { uint v_cache[]; };
#include "kv_cache.glsl"
layout(std430, binding = 3) writeonly buffer Partials { float partials[]; };
layout(std430, binding = 4) writeonly buffer Out { float out_values[]; };

layout(push_constant) uniform Push {
    uint head_dim; uint n_heads; uint n_kv_heads; uint n_tokens; uint start_pos; uint positions_per_split;
    uint n_splits; uint rows_per_tile; uint positions_per_tile; float scale;
} pc;

const uint ACC = TILE_FLOATS / ATTN_TILED_GROUP;  // output elements per invocation (rows_per_tile x head_dim)

shared float q_tile[TILE_FLOATS];   // [row][d], scaled
shared float kv_tile[TILE_FLOATS];  // [position][d], rows padded to head_dim + 1 (no bank conflicts)
shared float scores[TILE_FLOATS];   // [row][position]: scores, then their exps
shared float row_max[ATTN_MAX_ROWS], row_sum[ATTN_MAX_ROWS], row_rescale[ATTN_MAX_ROWS];

void main() {
    const uint kv_head = gl_WorkGroupID.y, split = gl_WorkGroupID.z;
    const uint lane = gl_LocalInvocationID.x;
    const uint D = pc.head_dim, kv_stride = D + 1;
    const uint group = pc.n_heads / pc.n_kv_heads;
    const uint kv_dim = pc.n_kv_heads * D;
    const uint head_offset = kv_head * D;
    const uint first_row = gl_WorkGroupID.x * pc.rows_per_tile;
    const uint n_rows = min(pc.rows_per_tile, pc.n_tokens * group - first_row);
    const uint last_token = (first_row + n_rows - 1) / group;

    for (uint i = lane; i < n_rows * D; i += ATTN_TILED_GROUP) {
        const uint row = first_row + i / D;
        const uint head = kv_head * group + row % group;
        q_tile[i] = q[((row / group) * pc.n_heads + head) * D + i % D] * pc.scale;
    }
    for (uint r = lane; r < n_rows; r += ATTN_TILED_GROUP) {
        row_max[r] = -1.0 / 0.0;
        row_sum[r] = 0.0;
    }
    float acc[ACC];
    for (uint j = 0; j < ACC; ++j) acc[j] = 0.0;

    const uint first = split * pc.positions_per_split;
    const uint end = min(first + pc.positions_per_split, pc.start_pos + last_token + 1);
    for (uint tile = first; tile < end; tile += pc.positions_per_tile) {
        const uint n_cols = min(pc.positions_per_tile, end - tile);
        barrier();  // the previous tile's output pass is done with kv_tile and scores (and q_tile is written)
        for (uint i = lane; i < n_cols * (D / 2); i += ATTN_TILED_GROUP) {
            const uint c = i / (D / 2), pair = i % (D / 2);
            const vec2 k = k_pair((tile + c) * kv_dim + head_offset + 2 * pair);
            kv_tile[c * kv_stride + 2 * pair] = k.x;
            kv_tile[c * kv_stride + 2 * pair + 1] = k.y;
        }
        barrier();
        for (uint i = lane; i < n_rows * n_cols; i += ATTN_TILED_GROUP) {
            const uint r = i / n_cols, c = i % n_cols;
            float s = -1.0 / 0.0;
            if (tile + c <= pc.start_pos + (first_row + r) / group) {  // causal: the row's token sees it
                s = 0.0;
                for (uint d = 0; d < D; ++d) s += q_tile[r * D + d] * kv_tile[c * kv_stride + d];
            }
            scores[r * pc.positions_per_tile + c] = s;
        }
        barrier();
        // Online softmax per row; meanwhile the V tile replaces the K tile, which the scores are done with.
        for (uint r = lane; r < n_rows; r += ATTN_TILED_GROUP) {
            const uint base = r * pc.positions_per_tile;
            float tile_max = -1.0 / 0.0;
            for (uint c = 0; c < n_cols; ++c) tile_max = max(tile_max, scores[base + c]);
            const float old_max = row_max[r], new_max = max(old_max, tile_max);
            if (new_max == -1.0 / 0.0) {  // nothing visible yet: no exps, nothing to rescale
                for (uint c = 0; c < n_cols; ++c) scores[base + c] = 0.0;
                row_rescale[r] = 1.0;
                continue;
            }
            float sum = 0.0;
            for (uint c = 0; c < n_cols; ++c) {
                const float p = exp(scores[base + c] - new_max);
                scores[base + c] = p;
                sum += p;
            }
            const float rescale = exp(old_max - new_max);
            row_sum[r] = row_sum[r] * rescale + sum;
            row_max[r] = new_max;
            row_rescale[r] = rescale;
        }
        for (uint i = lane; i < n_cols * (D / 2); i += ATTN_TILED_GROUP) {
            const uint c = i / (D / 2), pair = i % (D / 2);
            const vec2 v = v_pair((tile + c) * kv_dim + head_offset + 2 * pair);
            kv_tile[c * kv_stride + 2 * pair] = v.x;
            kv_tile[c * kv_stride + 2 * pair + 1] = v.y;
        }
        barrier();
        for (uint j = 0; j < ACC; ++j) {
            const uint i = lane + j * ATTN_TILED_GROUP, r = i / D, d = i % D;
            if (r >= n_rows) break;
            float a = acc[j] * row_rescale[r];
            for (uint c = 0; c < n_cols; ++c) a += scores[r * pc.positions_per_tile + c] * kv_tile[c * kv_stride + d];
            acc[j] = a;
        }
    }
    barrier();  // row_max / row_sum of every row are final (also when this split saw no position)

    for (uint j = 0; j < ACC; ++j) {
        const uint i = lane + j * ATTN_TILED_GROUP, r = i / D, d = i % D;
        if (r >= n_rows) break;
        const uint row = first_row + r, token = row / group, head = kv_head * group + row % group;
        const uint q_row = token * pc.n_heads + head;
        if (pc.n_splits == 1) {
            out_values[q_row * D + d] = acc[j] / row_sum[r];
        } else {
            const uint base = (q_row * pc.n_splits + split) * (2 + D);
            partials[base + 2 + d] = acc[j];
            if (d == 0) {
                partials[base] = row_max[r];
                partials[base + 1] = row_sum[r];
            }
        }
    }
}
