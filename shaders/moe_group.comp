// moe_group: for each expert, the assignments routed to it, in order (assignment a = t * n_used + j, token t's j-th
// expert ids[a]): groups[e * (n_tokens + 1)] = their count, then the list. Prefill's expert matmuls run per expert.
// Bindings: 0 = ids (uint [n_tokens x n_used]), 1 = groups (uint [n_expert x (n_tokens + 1)]).
// Push: MoeRoutePush (normalize unused). Dispatch: ceil(n_expert / MOE_GROUP) x 1 x 1; one invocation per expert.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = MOE_GROUP) in;

layout(std430, binding = 0) readonly buffer Ids { uint ids[]; };
layout(std430, binding = 1) writeonly buffer Groups { uint groups[]; };

layout(push_constant) uniform Push { uint n_tokens; uint n_expert; uint n_used; uint normalize; } pc;

void main() {
    const uint e = gl_GlobalInvocationID.x;
    if (e >= pc.n_expert) return;
    const uint list = e * (pc.n_tokens + 1u);
    uint count = 0u;  // a token picks an expert at most once, so at most n_tokens
    for (uint a = 0u; a < pc.n_tokens * pc.n_used; ++a)
        if (ids[a] == e) groups[list + 1u + count++] = a;
    groups[list] = count;
}
