// embed: out[t][:] = dequantized row ids[t] of the embedding table, for the tokens whose row lies in this chunk.
// Bindings: 0 = table chunk (device layout, 64-bit and 32-byte words), 1 = token ids (uint), 2 = out (f32, [n_tokens x n_in]),
//           3 = the i-quant grid table (read by the IQ2/IQ3 variants only; bound for every type).
// Push constants: EmbedPush (weight_kernels.cpp). Variants: WTYPE_<T>.
// Dispatch: ceil(blocks per row / 64) x n_tokens: each invocation decodes one block (32 or 256 elements) of one row.
#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
#if WK_INT64
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#define WORD_T uint64_t
#define WIDE_T u64vec4
#else
#define WORD_T uvec2
#define WIDE_T uvec4
#endif

layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Weights { WORD_T weights[]; };
layout(std430, binding = 0) readonly buffer WeightsWide { WIDE_T weights_wide[]; };
layout(std430, binding = 1) readonly buffer Ids { uint ids[]; };
layout(std430, binding = 2) writeonly buffer Out { float out_rows[]; };

layout(push_constant) uniform Push {
    uint n_in;       // elements per row
    uint row_words;  // 64-bit words per device row
    uint first_row;  // table row held at the start of this chunk
    uint n_rows;     // rows in this chunk
} pc;

#define WK_GRID_BINDING 3
#include "dequant.glsl"

void main() {
    const uint blk = gl_GlobalInvocationID.x;
    const uint token = gl_WorkGroupID.y;
    const uint id = ids[token];
    if (blk >= pc.n_in / WK_BLOCK_ELEMS || id < pc.first_row || id - pc.first_row >= pc.n_rows) return;

    const uint row_word = (id - pc.first_row) * pc.row_words;
    const uint out_base = token * pc.n_in + blk * WK_BLOCK_ELEMS;
    [[unroll]] for (uint c = 0; c < WK_CHUNKS; ++c) {
        const WeightChunk wc = load_chunk(row_word, blk * WK_CHUNKS + c, pc.n_in);
        [[unroll]] for (uint e = 0; e < 32; ++e) out_rows[out_base + c * 32 + e] = chunk_weight(wc, e);
    }
}
