// matmul_tiled: the prefill matmul for GPUs, Y[t][row] = sum_k X[t][k] * W[row][k] (+ bias[row]), tiled through
// shared memory: a workgroup computes TILE_ROWS weight rows x TILE_TOKENS tokens; per 32-element chunk of the
// rows its invocations decode the weight tile (each weight once per workgroup, for all its tokens) and load the
// X tile (each activation once per workgroup, for all its rows) into shared memory, then each invocation
// accumulates a (TILE_ROWS / 16) x (TILE_TOKENS / 8) block of outputs from there. Rows of both tiles are padded to
// 33 floats so that invocations reading consecutive rows hit different banks.
// Bindings, push constants and weight types as matmul.comp's (not the expert variants). Specialization constants:
// 0 = TILE_ROWS (a multiple of 16), 1 = TILE_TOKENS (a multiple of 8), from the device's shared memory
// (vk/device_profile.h). Dispatch: ceil(n_rows / TILE_ROWS) x ceil(n_tokens / TILE_TOKENS).
#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
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
#include "shader_constants.h"

layout(local_size_x = MATMUL_TILE_GROUP) in;
layout(constant_id = 0) const uint TILE_ROWS = 64;
layout(constant_id = 1) const uint TILE_TOKENS = 32;

layout(std430, binding = 0) readonly buffer Weights { WORD_T weights[]; };
layout(std430, binding = 0) readonly buffer WeightsWide { WIDE_T weights_wide[]; };
layout(std430, binding = 1) readonly buffer X { QUAD_T x_quads[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };
layout(std430, binding = 3) readonly buffer Bias { float bias[]; };
#define EXPERTS 0
#include "matmul_push.glsl"

#define WK_GRID_BINDING 4
#include "dequant.glsl"

#if WK_INT64
vec4 load_x_quad(uint i) {
    const u64vec2 q = x_quads[i];
    return vec4(uintBitsToFloat(unpackUint2x32(q.x)), uintBitsToFloat(unpackUint2x32(q.y)));
}
#else
vec4 load_x_quad(uint i) { return uintBitsToFloat(x_quads[i]); }
#endif

const uint ROW_LANES = 16, TOKEN_LANES = MATMUL_TILE_GROUP / ROW_LANES;  // invocations along rows, tokens
const uint ROWS_PER_LANE = TILE_ROWS / ROW_LANES, TOKENS_PER_LANE = TILE_TOKENS / TOKEN_LANES;
const uint STRIDE = 33;  // floats per tile row: 32 and one of padding

shared float w_tile[TILE_ROWS * STRIDE];
shared float x_tile[TILE_TOKENS * STRIDE];

void main() {
    const uint lane = gl_LocalInvocationID.x;
    const uint lane_row = lane % ROW_LANES, lane_token = lane / ROW_LANES;
    const uint first_row = gl_WorkGroupID.x * TILE_ROWS, first_token = gl_WorkGroupID.y * TILE_TOKENS;

    float acc[ROWS_PER_LANE][TOKENS_PER_LANE];
    [[unroll]] for (uint i = 0; i < ROWS_PER_LANE; ++i)
        [[unroll]] for (uint j = 0; j < TOKENS_PER_LANE; ++j) acc[i][j] = 0.0;

    const uint n_chunks = pc.n_in / 32;
    [[dont_unroll]] for (uint g = 0; g < n_chunks; ++g) {
        // Each (row, half) of the weight tile: decode the row's chunk, keep 16 of its weights. Rows past the
        // chunk's end read its last row (their outputs are not written).
        for (uint u = lane; u < TILE_ROWS * 2; u += MATMUL_TILE_GROUP) {
            const uint r = u % TILE_ROWS, half_index = u / TILE_ROWS;
            const WeightChunk wc = load_chunk(min(first_row + r, pc.n_rows - 1) * pc.row_words, g, pc.n_in);
            [[unroll]] for (uint e = 0; e < 16; ++e)
                w_tile[r * STRIDE + half_index * 16 + e] = chunk_weight(wc, half_index * 16 + e);
        }
        for (uint u = lane; u < TILE_TOKENS * 8; u += MATMUL_TILE_GROUP) {
            const uint t = u / 8, quad = u % 8;
            const uint token = min(first_token + t, pc.n_tokens - 1);
            const vec4 v = load_x_quad((token * pc.x_stride) / 4 + g * 8 + quad);
            [[unroll]] for (uint j = 0; j < 4; ++j) x_tile[t * STRIDE + quad * 4 + j] = v[j];
        }
        barrier();
        [[unroll]] for (uint k = 0; k < 32; ++k) {
            float w[ROWS_PER_LANE];
            [[unroll]] for (uint i = 0; i < ROWS_PER_LANE; ++i) w[i] = w_tile[(lane_row + i * ROW_LANES) * STRIDE + k];
            [[unroll]] for (uint j = 0; j < TOKENS_PER_LANE; ++j) {
                const float xv = x_tile[(lane_token + j * TOKEN_LANES) * STRIDE + k];
                [[unroll]] for (uint i = 0; i < ROWS_PER_LANE; ++i) acc[i][j] = fma(w[i], xv, acc[i][j]);
            }
        }
        barrier();  // the tiles are rewritten by the next chunk
    }

    [[unroll]] for (uint i = 0; i < ROWS_PER_LANE; ++i) {
        const uint row = first_row + lane_row + i * ROW_LANES;
        if (row >= pc.n_rows) continue;
        const uint out_row = pc.row_offset + row;
        const float b = (pc.has_bias != 0u) ? bias[out_row] : 0.0;
        [[unroll]] for (uint j = 0; j < TOKENS_PER_LANE; ++j) {
            const uint token = first_token + lane_token + j * TOKEN_LANES;
            if (token < pc.n_tokens) y[token * pc.y_stride + out_row] = acc[i][j] + b;
        }
    }
}
