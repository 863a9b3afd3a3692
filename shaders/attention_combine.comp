// attention_combine: merges the per-split partial softmax results of attention.comp:
// out = sum_s exp(m_s - M) * acc_s / sum_s exp(m_s - M) * l_s, M = max_s m_s (empty splits have m = -inf, l = 0).
// Bindings: 0 = partials (float [n_tokens x n_heads x n_splits x (2 + head_dim)]),
// 1 = out (float [n_tokens x n_heads x head_dim]).
// Push: head_dim, n_heads, n_splits. Dispatch: n_heads x n_tokens x 1 workgroups of ATTN_GROUP.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ATTN_GROUP) in;

layout(std430, binding = 0) readonly buffer Partials { float partials[]; };
layout(std430, binding = 1) writeonly buffer Out { float out_values[]; };

layout(push_constant) uniform Push { uint head_dim; uint n_heads; uint n_splits; } pc;

void main() {
    const uint row = gl_WorkGroupID.y * pc.n_heads + gl_WorkGroupID.x;
    const uint stride = 2 + pc.head_dim;
    const uint base = row * pc.n_splits * stride;
    float global_max = -1.0 / 0.0;
    for (uint s = 0; s < pc.n_splits; ++s) global_max = max(global_max, partials[base + s * stride]);
    float total = 0.0;
    for (uint s = 0; s < pc.n_splits; ++s) {
        const float l = partials[base + s * stride + 1];
        if (l > 0.0) total += l * exp(partials[base + s * stride] - global_max);
    }
    for (uint d = gl_LocalInvocationID.x; d < pc.head_dim; d += ATTN_GROUP) {
        float sum = 0.0;
        for (uint s = 0; s < pc.n_splits; ++s) {
            const float l = partials[base + s * stride + 1];
            if (l > 0.0) sum += partials[base + s * stride + 2 + d] * exp(partials[base + s * stride] - global_max);
        }
        out_values[row * pc.head_dim + d] = sum / total;
    }
}
