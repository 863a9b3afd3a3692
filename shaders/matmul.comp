// matmul: Y[t][row] = sum_k X[t][k] * W[row][k] (+ bias[row]) for one row chunk of a ggml weight W.
// Bindings: 0 = W (device block layout, 64-bit words), 1 = X (f32 quads as 16-byte vectors, [n_tokens x x_stride]),
//           2 = Y (f32, [n_tokens x y_stride]), 3 = bias (f32, full n_out; read only when has_bias != 0),
//           4 = the i-quant grid table (read by the IQ2/IQ3 variants only; bound for every type).
// Push constants: MatmulPush (matmul_push.glsl). Variants: WTYPE_<T>, ROWS (rows per lane),
// TOKENS (tokens per workgroup; 1 = decode matvec). Dispatch: ceil(n_rows / (lanes*ROWS)) x ceil(n_tokens / TOKENS).
// Each lane owns ROWS weight rows; the 8 lanes of a subgroup slice each 32-element chunk of X and share it
// by subgroupBroadcast, so every weight is decoded once per workgroup and reused across TOKENS tokens.
// Expert variants (Qwen3 MoE) multiply by a stack of n_experts matrices of n_rows rows each (this chunk holds experts
// first_expert..): "assignment" a = t * n_used + j is token t's j-th chosen expert; X row a / n_used (x_shared, the
// token's input) or a, Y row a. EXPERT_IDS (decode): binding 3 = ids [n_assignments] of the chosen experts; one
// assignment per workgroup, dispatch ceil(n_rows / (lanes*ROWS)) x n_assignments. EXPERT_GROUPS (prefill): binding 3
// = per expert its count of assignments and their list, [n_expert x (1 + n_tokens)] (moe_group.comp); dispatch
// ceil(n_rows / (lanes*ROWS)) x ceil(n_tokens / TOKENS) x experts in the chunk, so the tokens sharing an expert share
// its weight decode. Push constants: ExpertMatmulPush (weight_kernels.cpp).
#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_ballot : require
#if WK_INT64
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#define WORD_T uint64_t
#define QUAD_T u64vec2
#define WIDE_T u64vec4
#else
#define WORD_T uvec2
#define QUAD_T uvec4
#define WIDE_T uvec4
#endif

layout(local_size_x_id = 0) in;  // lanes per workgroup, a multiple of 8 (set from the device's subgroup size)

layout(std430, binding = 0) readonly buffer Weights { WORD_T weights[]; };
layout(std430, binding = 0) readonly buffer WeightsWide { WIDE_T weights_wide[]; };
layout(std430, binding = 1) readonly buffer X { QUAD_T x_quads[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };
#if defined(EXPERT_IDS) || defined(EXPERT_GROUPS)
#define EXPERTS 1
layout(std430, binding = 3) readonly buffer Routing { uint routing[]; };
#else
#define EXPERTS 0
layout(std430, binding = 3) readonly buffer Bias { float bias[]; };
#endif

#include "matmul_push.glsl"

#define WK_GRID_BINDING 4
#include "dequant.glsl"

#ifndef ROWS
#define ROWS 2
#endif
#ifndef TOKENS
#define TOKENS 1
#endif

// One vector load per lane: on lavapipe every load instruction is a loop over the lanes, so wide loads win.
#if WK_INT64
vec4 load_x_quad(uint i) {
    const u64vec2 q = x_quads[i];
    return vec4(uintBitsToFloat(unpackUint2x32(q.x)), uintBitsToFloat(unpackUint2x32(q.y)));
}
#else
vec4 load_x_quad(uint i) { return uintBitsToFloat(x_quads[i]); }
#endif

// The rows this workgroup reads from X and writes to Y, one per token slot; n_valid of them are real.
struct Tile {
    uint x_row[TOKENS], y_row[TOKENS];
    uint n_valid;
    uint weight_row;  // first row of the weight matrix used (an expert's, in a stack)
};

#if !EXPERTS
// Tokens first_token.. of the batch; slots past n_tokens read the last token's X and write nothing.
Tile this_tile() {
    Tile tile;
    const uint first_token = gl_WorkGroupID.y * TOKENS;
    tile.n_valid = min(TOKENS, pc.n_tokens - first_token);
    tile.weight_row = 0u;
    [[unroll]] for (uint t = 0; t < TOKENS; ++t) {
        tile.x_row[t] = min(first_token + t, pc.n_tokens - 1);
        tile.y_row[t] = first_token + t;
    }
    return tile;
}
#else
uint x_row_of(uint assignment) { return pc.x_shared != 0u ? assignment / pc.n_used : assignment; }

#ifdef EXPERT_IDS
// Assignment gl_WorkGroupID.y alone (TOKENS is 1); nothing when its expert's matrix is in another chunk.
Tile this_tile() {
    Tile tile;
    const uint a = gl_WorkGroupID.y, expert = routing[a];
    tile.n_valid = (expert >= pc.first_expert && expert - pc.first_expert < pc.n_experts) ? 1u : 0u;
    tile.weight_row = (expert - pc.first_expert) * pc.n_rows;
    tile.x_row[0] = x_row_of(a);
    tile.y_row[0] = a;
    return tile;
}
#else
// Expert first_expert + gl_WorkGroupID.z, entries first.. of its assignment list; routing holds per expert
// e its count at e * (n_tokens + 1), then the list. Nothing when the expert has no more assignments.
Tile this_tile() {
    Tile tile;
    const uint expert = pc.first_expert + gl_WorkGroupID.z;
    const uint first = gl_WorkGroupID.y * TOKENS, list = expert * (pc.n_tokens + 1u);
    const uint count = routing[list];
    tile.n_valid = count > first ? min(TOKENS, count - first) : 0u;
    tile.weight_row = gl_WorkGroupID.z * pc.n_rows;
    [[unroll]] for (uint t = 0; t < TOKENS; ++t) {
        const uint a = routing[list + 1u + min(first + t, max(count, 1u) - 1u)];
        tile.x_row[t] = x_row_of(a);
        tile.y_row[t] = a;
    }
    return tile;
}
#endif
#endif

void main() {
    const uint lanes = gl_WorkGroupSize.x;
    const uint slot = gl_SubgroupInvocationID & 7u;  // which 4 elements of each chunk this lane loads
    const uint first_row = gl_WorkGroupID.x * lanes * ROWS + gl_LocalInvocationID.x;
    const Tile tile = this_tile();
    if (tile.n_valid == 0u) return;  // the whole workgroup: its expert got fewer tokens, or is in another chunk

    // Out-of-range lanes still run the loop (clamped) so that every broadcast has all 8 sources.
    uint row_word[ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r)
        row_word[r] = (tile.weight_row + min(first_row + r * lanes, pc.n_rows - 1)) * pc.row_words;
    uint x_quad[TOKENS];
    [[unroll]] for (uint t = 0; t < TOKENS; ++t) x_quad[t] = (tile.x_row[t] * pc.x_stride + slot * 4) / 4;

    float acc[ROWS][TOKENS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r)
        [[unroll]] for (uint t = 0; t < TOKENS; ++t) acc[r][t] = 0.0;

    // One 32-weight chunk per iteration; kept rolled so that the JIT compiles one chunk's worth of code.
    const uint n_chunks = pc.n_in / 32;
    [[dont_unroll]] for (uint g = 0; g < n_chunks; ++g) {
        vec4 xs[TOKENS];
        [[unroll]] for (uint t = 0; t < TOKENS; ++t)
            xs[t] = load_x_quad(x_quad[t] + g * 8);
        WeightChunk wc[ROWS];
        [[unroll]] for (uint r = 0; r < ROWS; ++r) wc[r] = load_chunk(row_word[r], g, pc.n_in);
        [[unroll]] for (uint src = 0; src < 8; ++src) {
            [[unroll]] for (uint j = 0; j < 4; ++j) {
                float w[ROWS];
                [[unroll]] for (uint r = 0; r < ROWS; ++r) w[r] = chunk_weight(wc[r], src * 4 + j);
                [[unroll]] for (uint t = 0; t < TOKENS; ++t) {
                    const float xv = subgroupBroadcast(xs[t][j], src);
                    [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[r][t] = fma(w[r], xv, acc[r][t]);
                }
            }
        }
    }

    [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        const uint row = first_row + r * lanes;
        if (row >= pc.n_rows) continue;
#if EXPERTS
        const uint out_row = row;
        const float b = 0.0;
#else
        const uint out_row = pc.row_offset + row;
        const float b = (pc.has_bias != 0u) ? bias[out_row] : 0.0;
#endif
        [[unroll]] for (uint t = 0; t < TOKENS; ++t)
            if (t < tile.n_valid) y[tile.y_row[t] * pc.y_stride + out_row] = acc[r][t] + b;
    }
}
