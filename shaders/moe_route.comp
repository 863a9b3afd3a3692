// moe_route: for each token, the Qwen3 MoE router's choice: p = softmax(logits), the n_used most probable experts
// (the lower id first among equals, most probable first) and their weights p, divided by their sum when `normalize`
// (the sum clamped to at least 2^-14, as llama.cpp's build_moe_ffn).
// Bindings: 0 = logits (f32 [n_tokens x n_expert]), 1 = ids (uint [n_tokens x n_used]), 2 = weights (f32, as ids).
// Push: MoeRoutePush. Dispatch: ceil(n_tokens / MOE_GROUP) x 1 x 1; one invocation per token walks its experts.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = MOE_GROUP) in;

layout(std430, binding = 0) readonly buffer Logits { float logits[]; };
layout(std430, binding = 1) writeonly buffer Ids { uint ids[]; };
layout(std430, binding = 2) writeonly buffer Weights { float weights[]; };

layout(push_constant) uniform Push { uint n_tokens; uint n_expert; uint n_used; uint normalize; } pc;

void main() {
    const uint t = gl_GlobalInvocationID.x;
    if (t >= pc.n_tokens) return;
    const uint row = t * pc.n_expert;
    float max_logit = logits[row];
    for (uint e = 1u; e < pc.n_expert; ++e) max_logit = max(max_logit, logits[row + e]);
    float sum = 0.0;
    for (uint e = 0u; e < pc.n_expert; ++e) sum += exp(logits[row + e] - max_logit);

    // Pick j is the best expert ranked after pick j-1 in the order (logit descending, id ascending).
    float p[MOE_MAX_USED];
    float picked_sum = 0.0;
    uint last = 0u;
    float last_logit = 0.0;
    for (uint j = 0u; j < pc.n_used; ++j) {
        uint best = pc.n_expert;
        float best_logit = 0.0;
        for (uint e = 0u; e < pc.n_expert; ++e) {
            const float l = logits[row + e];
            const bool ranked_after = j == 0u || l < last_logit || (l == last_logit && e > last);
            if (ranked_after && (best == pc.n_expert || l > best_logit)) {
                best = e;
                best_logit = l;
            }
        }
        p[j] = exp(best_logit - max_logit) / sum;
        picked_sum += p[j];
        ids[t * pc.n_used + j] = best;
        last = best;
        last_logit = best_logit;
    }
    const float scale = pc.normalize != 0u ? 1.0 / max(picked_sum, 6.103515625e-5) : 1.0;
    for (uint j = 0u; j < pc.n_used; ++j) weights[t * pc.n_used + j] = p[j] * scale;
}
