// copy_bandwidth: dst[i] = src[i] for n 16-byte words, to measure the device's memory bandwidth
// (ponder-cli membw --device): every byte is read once and written once, in coalesced 16-byte loads.
// Bindings: 0 = src (uvec4), 1 = dst (uvec4). Push: n (16-byte words).
// Dispatch: any number of groups x 1 x 1; each invocation strides by the whole grid.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ELEMENTWISE_GROUP) in;

layout(std430, binding = 0) readonly buffer Src { uvec4 src[]; };
layout(std430, binding = 1) writeonly buffer Dst { uvec4 dst[]; };

layout(push_constant) uniform Push { uint n; } pc;

void main() {
    const uint stride = gl_NumWorkGroups.x * ELEMENTWISE_GROUP;
    for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += stride)
        dst[i] = src[i];
}
