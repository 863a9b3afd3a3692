// matvec: y[row] = dot(W[row], x) (+ bias[row]) for one token (decode) on GPUs: one subgroup per weight row.
// Lane l of a row's subgroup decodes the row's 32-weight chunks l, l + S, l + 2S, ... (S = subgroup size), so the
// lanes of a subgroup read one contiguous span of the row at a time; subgroupAdd sums the lanes.
// Bindings (as matmul.comp): 0 = W (device block layout), 1 = X: f32 rows [n x x_stride], or with X_INT8 their
//   8-bit blocks (quantize_x.comp), 2 = Y (f32), 3 = bias (f32, read when has_bias != 0) or, EXPERT_IDS, the chosen
//   experts' ids, 4 = the i-quant grid table. Push constants: matmul_push.glsl.
// Specialization: 0 = workgroup size, 1 = rows per workgroup (its subgroups take them in turn, whatever their size).
// Dispatch: ceil(n_rows / rows per workgroup) x 1, or EXPERT_IDS: x n_assignments (as matmul.comp's EXPERT_IDS).
// X_INT8 (quantized weight types): sum over each half of a chunk of codes c times x = d (hi + lo / XQ_LO_STEPS) as
// two integer dot products, w = scale (c - BIAS) + offset giving scale d (c.hi - BIAS sum(hi) + ...) + offset sum(x).
#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
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

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint ROWS_PER_GROUP = 4;

layout(std430, binding = 0) readonly buffer Weights { WORD_T weights[]; };
layout(std430, binding = 0) readonly buffer WeightsWide { WIDE_T weights_wide[]; };
#if X_INT8
layout(std430, binding = 1) readonly buffer XBlocks { uvec4 x_blocks[]; };
#else
layout(std430, binding = 1) readonly buffer X { QUAD_T x_quads[]; };
#endif
layout(std430, binding = 2) writeonly buffer Y { float y[]; };
#ifdef EXPERT_IDS
#define EXPERTS 1
layout(std430, binding = 3) readonly buffer Routing { uint routing[]; };
#else
#define EXPERTS 0
layout(std430, binding = 3) readonly buffer Bias { float bias[]; };
#endif

#include "matmul_push.glsl"

#define WK_GRID_BINDING 4
#include "dequant.glsl"

#if X_INT8
#extension GL_EXT_spirv_intrinsics : require
// OpSUDot (SPV_KHR_integer_dot_product) on 4x8-bit packed operands: signed bytes of a times unsigned bytes of b.
spirv_instruction(extensions = ["SPV_KHR_integer_dot_product"], capabilities = [6019, 6018], id = 4452)
int dot_packed_su(uint a, uint b, spirv_literal int packed_format);

// Chunk g of X row x_row against the decoded weights.
float chunk_dot(WeightChunk wc, uint x_row, uint g) {
    const uint at = (x_row * (pc.x_stride / 32) + g) * (XQ_BLOCK_WORDS / 4);
    const uvec4 hi[2] = uvec4[2](x_blocks[at], x_blocks[at + 1]);
    const uvec4 lo[2] = uvec4[2](x_blocks[at + 2], x_blocks[at + 3]);
    const uvec4 meta = x_blocks[at + 4];
    const ivec4 q_sums = ivec4(x_blocks[at + 5]);
    const float d = uintBitsToFloat(meta.x);
    float sum = 0.0;
    [[unroll]] for (uint h = 0; h < 2; ++h) {
        int dot_hi = 0, dot_lo = 0;
        [[unroll]] for (uint n = 0; n < 4; ++n) {
            dot_hi += dot_packed_su(hi[h][n], wc.code[4 * h + n], 0);
            dot_lo += dot_packed_su(lo[h][n], wc.code[4 * h + n], 0);
        }
        const float codes_x = (float(dot_hi) - WK_CODE_BIAS * float(q_sums[h])) +
                              (float(dot_lo) - WK_CODE_BIAS * float(q_sums[2 + h])) * (1.0 / XQ_LO_STEPS);
        sum += wc.scale[h] * d * codes_x + wc.offset[h] * uintBitsToFloat(meta[1 + h]);
    }
    return sum;
}
#else
#if WK_INT64
vec4 load_x_quad(uint i) {
    const u64vec2 q = x_quads[i];
    return vec4(uintBitsToFloat(unpackUint2x32(q.x)), uintBitsToFloat(unpackUint2x32(q.y)));
}
#else
vec4 load_x_quad(uint i) { return uintBitsToFloat(x_quads[i]); }
#endif

float chunk_dot(WeightChunk wc, uint x_row, uint g) {
    const uint first = (x_row * pc.x_stride) / 4 + g * 8;
    float sum = 0.0;
#if defined(WTYPE_F32) || defined(WTYPE_F16) || defined(WTYPE_BF16)
    [[unroll]] for (uint n = 0; n < 8; ++n) {
        const vec4 x = load_x_quad(first + n);
        [[unroll]] for (uint k = 0; k < 4; ++k) sum = fma(chunk_weight(wc, 4 * n + k), x[k], sum);
    }
#else
    // Per half: scale * sum((c - BIAS) x) + offset * sum(x).
    [[unroll]] for (uint h = 0; h < 2; ++h) {
        vec4 codes_x = vec4(0.0), xs = vec4(0.0);
        [[unroll]] for (uint n = 0; n < 4; ++n) {
            const vec4 x = load_x_quad(first + 4 * h + n);
            const uint word = wc.code[4 * h + n];
            const vec4 c = vec4(word & 0xFFu, (word >> 8) & 0xFFu, (word >> 16) & 0xFFu, word >> 24) - WK_CODE_BIAS;
            codes_x = fma(c, x, codes_x);
            xs += x;
        }
        sum += wc.scale[h] * ((codes_x.x + codes_x.y) + (codes_x.z + codes_x.w)) +
               wc.offset[h] * ((xs.x + xs.y) + (xs.z + xs.w));
    }
#endif
    return sum;
}
#endif

void main() {
#if EXPERTS
    // Assignment a = gl_WorkGroupID.y multiplies its expert's matrix, when this chunk holds it.
    const uint a = gl_WorkGroupID.y, expert = routing[a];
    if (expert < pc.first_expert || expert - pc.first_expert >= pc.n_experts) return;
    const uint weight_row = (expert - pc.first_expert) * pc.n_rows;
    const uint x_row = pc.x_shared != 0u ? a / pc.n_used : a, y_row = a;
#else
    const uint weight_row = 0u, x_row = 0u, y_row = 0u;
#endif
    const uint n_chunks = pc.n_in / 32, lanes = gl_SubgroupSize;
    for (uint r = gl_SubgroupID; r < ROWS_PER_GROUP; r += gl_NumSubgroups) {
        const uint row = gl_WorkGroupID.x * ROWS_PER_GROUP + r;
        if (row >= pc.n_rows) break;  // the same for the whole subgroup
        const uint row_word = (weight_row + row) * pc.row_words;
        float sum = 0.0;
        for (uint g = gl_SubgroupInvocationID; g < n_chunks; g += lanes)
            sum += chunk_dot(load_chunk(row_word, g, pc.n_in), x_row, g);
        sum = subgroupAdd(sum);
        if (subgroupElect()) {
#if EXPERTS
            y[y_row * pc.y_stride + row] = sum;
#else
            const uint out_row = pc.row_offset + row;
            y[y_row * pc.y_stride + out_row] = sum + (pc.has_bias != 0u ? bias[out_row] : 0.0);
#endif
        }
    }
}
