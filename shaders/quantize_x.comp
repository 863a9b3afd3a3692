// quantize_x: activations as 8-bit blocks for the integer-dot decode matvec (matvec.comp X_INT8), the format of
// XQ_BLOCK_WORDS in shader_constants.h: per 32 elements x, d = max|x| / 127, hi = round(x / d),
// lo = round((x - d * hi) / d * XQ_LO_STEPS), so x = d * (hi + lo / XQ_LO_STEPS) within d / (2 * XQ_LO_STEPS).
// Bindings: 0 = x (f32, [n_rows x n_cols]), 1 = blocks ([n_rows x n_cols / 32] of XQ_BLOCK_WORDS words).
// Push constants: QuantizeActivationsPush (vk/push_constants.h). Dispatch: ceil(n_cols / 32 / XQ_GROUP) x n_rows.
#version 450
#extension GL_EXT_control_flow_attributes : require
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = XQ_GROUP) in;

layout(std430, binding = 0) readonly buffer X { vec4 x[]; };
layout(std430, binding = 1) writeonly buffer Blocks { uvec4 blocks[]; };

layout(push_constant) uniform Push { uint n_cols; } pc;

// Four int8 values (each in [-127, 127]) as the bytes of one word, element k in byte k.
uint pack_bytes(ivec4 q) {
    const uvec4 b = uvec4(q) & 0xFFu;
    return b.x | (b.y << 8) | (b.z << 16) | (b.w << 24);
}

void main() {
    const uint per_row = pc.n_cols / 32, block = gl_GlobalInvocationID.x;
    if (block >= per_row) return;
    const uint row = gl_WorkGroupID.y, first_quad = row * (pc.n_cols / 4) + block * 8;
    vec4 v[8];
    float amax = 0.0;
    [[unroll]] for (uint i = 0; i < 8; ++i) {
        v[i] = x[first_quad + i];
        const vec4 a = abs(v[i]);
        amax = max(amax, max(max(a.x, a.y), max(a.z, a.w)));
    }
    const float d = amax / 127.0, inv = amax > 0.0 ? 127.0 / amax : 0.0;
    uint hi[8], lo[8];
    vec2 sums = vec2(0.0);
    ivec4 q_sums = ivec4(0);
    [[unroll]] for (uint i = 0; i < 8; ++i) {
        const ivec4 h = clamp(ivec4(roundEven(v[i] * inv)), ivec4(-127), ivec4(127));
        const ivec4 l = clamp(ivec4(roundEven((v[i] - d * vec4(h)) * (inv * XQ_LO_STEPS))), ivec4(-127), ivec4(127));
        hi[i] = pack_bytes(h);
        lo[i] = pack_bytes(l);
        const uint half_ = i / 4;
        sums[half_] += (v[i].x + v[i].y) + (v[i].z + v[i].w);
        q_sums[half_] += (h.x + h.y) + (h.z + h.w);
        q_sums[2 + half_] += (l.x + l.y) + (l.z + l.w);
    }
    const uint out_ = (row * per_row + block) * (XQ_BLOCK_WORDS / 4);
    blocks[out_] = uvec4(hi[0], hi[1], hi[2], hi[3]);
    blocks[out_ + 1] = uvec4(hi[4], hi[5], hi[6], hi[7]);
    blocks[out_ + 2] = uvec4(lo[0], lo[1], lo[2], lo[3]);
    blocks[out_ + 3] = uvec4(lo[4], lo[5], lo[6], lo[7]);
    blocks[out_ + 4] = uvec4(floatBitsToUint(d), floatBitsToUint(sums.x), floatBitsToUint(sums.y), 0u);
    blocks[out_ + 5] = uvec4(q_sums);
}
