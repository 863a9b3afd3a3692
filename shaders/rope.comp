// rope: rotates pair i of every query and key head of token t by the angle of position start_pos + t, in place.
// NORM pairs (2i, 2i+1) (llama), NEOX pairs (i, i + head_dim/2) (qwen). cos/sin come from a table the host
// computes in double precision (model/rope.h: frequency factors, linear/YaRN scaling and YaRN's magnitude are
// all in it), so long positions lose no accuracy. Workgroups x < n_heads rotate q, the rest k.
// Bindings: 0 = q (float [n_tokens x n_heads x head_dim]), 1 = k (float [n_tokens x n_kv_heads x head_dim]),
// 2 = table (vec2 cos,sin [position x head_dim/2]). Push: head_dim, n_heads, n_kv_heads, start_pos, neox.
// Dispatch: (n_heads + n_kv_heads) x n_tokens x 1 workgroups of ROPE_GROUP.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ROPE_GROUP) in;

layout(std430, binding = 0) buffer Q { float q[]; };
layout(std430, binding = 1) buffer K { float k[]; };
layout(std430, binding = 2) readonly buffer Table { vec2 cos_sin[]; };

layout(push_constant) uniform Push { uint head_dim; uint n_heads; uint n_kv_heads; uint start_pos; uint neox; } pc;

// Rotates head `head` of a buffer with `heads` heads per token.
#define ROTATE_HEAD(buf, heads, head)                                              \
    {                                                                            \
        const uint base = (token * (heads) + (head)) * pc.head_dim;              \
        for (uint i = gl_LocalInvocationID.x; i < half_dim; i += ROPE_GROUP) {   \
            const uint a = base + (pc.neox != 0 ? i : 2 * i);                    \
            const uint b = a + (pc.neox != 0 ? half_dim : 1);                    \
            const vec2 cs = cos_sin[table_row + i];                              \
            const float x0 = buf[a], x1 = buf[b];                                  \
            buf[a] = x0 * cs.x - x1 * cs.y;                                      \
            buf[b] = x0 * cs.y + x1 * cs.x;                                      \
        }                                                                        \
    }

void main() {
    const uint half_dim = pc.head_dim / 2;
    const uint token = gl_WorkGroupID.y;
    const uint table_row = (pc.start_pos + token) * half_dim;
    if (gl_WorkGroupID.x < pc.n_heads) ROTATE_HEAD(q, pc.n_heads, gl_WorkGroupID.x)
    else ROTATE_HEAD(k, pc.n_kv_heads, gl_WorkGroupID.x - pc.n_heads)
}
