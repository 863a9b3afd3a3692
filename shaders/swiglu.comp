// swiglu: y[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
// Bindings: 0 = gate (float), 1 = up (float), 2 = y (float; may alias gate).
// Push: n. Dispatch: ceil(n / ELEMENTWISE_GROUP) x 1 x 1.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ELEMENTWISE_GROUP) in;

layout(std430, binding = 0) buffer Gate { float gate[]; };
layout(std430, binding = 1) readonly buffer Up { float up[]; };
layout(std430, binding = 2) buffer Y { float y[]; };

layout(push_constant) uniform Push { uint n; } pc;

void main() {
    const uint i = gl_GlobalInvocationID.x;
    if (i >= pc.n) return;
    const float g = gate[i];
    y[i] = g / (1.0 + exp(-g)) * up[i];
}
