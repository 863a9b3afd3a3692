// kv_store: writes the keys and values of tokens t < n_tokens into the f16 KV cache at row start_pos + t.
// The cache is stored as packed f16 pairs (uint = packHalf2x16), which needs no 16-bit storage feature
// and is byte-identical to a float16_t array.
// Bindings: 0 = k (float [n_tokens x kv_dim]), 1 = v (same), 2 = k cache (uint), 3 = v cache (uint).
// Push: kv_dim, start_pos. Dispatch: ceil(kv_dim / 2 / KV_STORE_GROUP) x n_tokens x 1.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = KV_STORE_GROUP) in;

layout(std430, binding = 0) readonly buffer K { vec2 k[]; };
layout(std430, binding = 1) readonly buffer V { vec2 v[]; };
layout(std430, binding = 2) writeonly buffer KCache { uint k_cache[]; };
layout(std430, binding = 3) writeonly buffer VCache { uint v_cache[]; };

layout(push_constant) uniform Push { uint kv_dim; uint start_pos; } pc;

void main() {
    const uint pairs = pc.kv_dim / 2;
    const uint i = gl_GlobalInvocationID.x;
    if (i >= pairs) return;
    const uint token = gl_WorkGroupID.y;
    const uint src = token * pairs + i, dst = (pc.start_pos + token) * pairs + i;
    k_cache[dst] = packHalf2x16(k[src]);
    v_cache[dst] = packHalf2x16(v[src]);
}
