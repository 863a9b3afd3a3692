// rms_norm: y[r][i] = x[first_row + r][i] / sqrt(mean_i(x[..][i]^2) + eps) * w[i]. Also the per-head q/k norm of
// qwen3 (rows = tokens * heads, n_cols = head_dim). x and y may be the same buffer. With ADD_RESIDUAL (variant
// add_rms_norm) the residual is added first, x[row] += delta[row], and the sum is kept in x and normalized.
// Bindings: 0 = x (float), 1 = w (float [n_cols]), 2 = y (float), 3 = delta (ADD_RESIDUAL only).
// Push: n_cols, first_row, eps. Dispatch: n_rows x 1 x 1 workgroups of NORM_GROUP.
#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "shader_constants.h"

layout(local_size_x = NORM_GROUP) in;

layout(std430, binding = 0) buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) buffer Y { float y[]; };
#ifdef ADD_RESIDUAL
layout(std430, binding = 3) readonly buffer Delta { float delta[]; };
#endif

layout(push_constant) uniform Push { uint n_cols; uint first_row; float eps; } pc;

shared float subgroup_sums[ATTN_MAX_SUBGROUPS];

void main() {
    const uint base = (pc.first_row + gl_WorkGroupID.x) * pc.n_cols, out_base = gl_WorkGroupID.x * pc.n_cols;
    float sum = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < pc.n_cols; i += NORM_GROUP) {
#ifdef ADD_RESIDUAL
        x[base + i] += delta[base + i];  // read back below by this same invocation
#endif
        sum += x[base + i] * x[base + i];
    }
    sum = subgroupAdd(sum);
    if (subgroupElect()) subgroup_sums[gl_SubgroupID] = sum;
    barrier();
    float total = 0.0;
    for (uint s = 0; s < gl_NumSubgroups; ++s) total += subgroup_sums[s];
    const float scale = inversesqrt(total / float(pc.n_cols) + pc.eps);
    for (uint i = gl_LocalInvocationID.x; i < pc.n_cols; i += NORM_GROUP) y[out_base + i] = x[base + i] * scale * w[i];
}
