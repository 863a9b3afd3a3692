// add: y[i] = a[i] + b[i] over n floats (residual connection; y may alias a).
// Bindings: 0 = a (float), 1 = b (float), 2 = y (float).
// Push constants: uint n. Dispatch: ceil(n / ELEMENTWISE_GROUP) x 1 x 1.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ELEMENTWISE_GROUP) in;

layout(std430, binding = 0) buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) buffer Y { float y[]; };

layout(push_constant) uniform Push { uint n; } pc;

void main() {
    const uint i = gl_GlobalInvocationID.x;
    if (i < pc.n) y[i] = a[i] + b[i];
}
