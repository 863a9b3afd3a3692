// moe_combine: y[t][i] = sum_j weights[t * n_used + j] * experts[t * n_used + j][i]: each token's routed experts'
// outputs mixed by their router weights, in the order they were chosen.
// Bindings: 0 = experts (f32 [n_tokens * n_used x n_cols]), 1 = weights (f32 [n_tokens x n_used]), 2 = y (f32
// [n_tokens x n_cols]). Push: MoeCombinePush. Dispatch: ceil(n_cols / ELEMENTWISE_GROUP) x n_tokens x 1.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ELEMENTWISE_GROUP) in;

layout(std430, binding = 0) readonly buffer Experts { float experts[]; };
layout(std430, binding = 1) readonly buffer Weights { float weights[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };

layout(push_constant) uniform Push { uint n_cols; uint n_used; } pc;

void main() {
    const uint i = gl_GlobalInvocationID.x, t = gl_WorkGroupID.y;
    if (i >= pc.n_cols) return;
    float sum = 0.0;
    for (uint j = 0u; j < pc.n_used; ++j) {
        const uint a = t * pc.n_used + j;
        sum += weights[a] * experts[a * pc.n_cols + i];
    }
    y[t * pc.n_cols + i] = sum;
}
