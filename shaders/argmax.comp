// argmax: out = (i, x[i]) for the largest of n floats, the first on ties (greedy sampling without reading the
// logits back: std::max_element's answer).
// Bindings: 0 = x (f32, [n]), 1 = out (uint [2]: the index, then the value's bits). Push constants: ElementwisePush.
// Dispatch: 1 x 1 x 1: ARGMAX_GROUP invocations each scan every ARGMAX_GROUP-th element, then halve in shared memory.
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"

layout(local_size_x = ARGMAX_GROUP) in;

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Out { uint out_[]; };

layout(push_constant) uniform Push { uint n; } pc;

shared float best_value[ARGMAX_GROUP];
shared uint best_index[ARGMAX_GROUP];

// Whether (value, index) beats (best, best_at): larger, or as large and earlier. No index yet loses to any.
bool beats(float value, uint index, float best, uint best_at) {
    return best_at == 0xFFFFFFFFu || value > best || (value == best && index < best_at);
}

void main() {
    const uint lane = gl_LocalInvocationID.x;
    float best = 0.0;
    uint best_at = 0xFFFFFFFFu;  // none yet (lanes past n keep it)
    for (uint i = lane; i < pc.n; i += ARGMAX_GROUP)
        if (beats(x[i], i, best, best_at)) {
            best = x[i];
            best_at = i;
        }
    best_value[lane] = best;
    best_index[lane] = best_at;
    barrier();
    for (uint half_ = ARGMAX_GROUP / 2; half_ > 0; half_ /= 2) {
        if (lane < half_ && best_index[lane + half_] != 0xFFFFFFFFu &&
            beats(best_value[lane + half_], best_index[lane + half_], best_value[lane], best_index[lane])) {
            best_value[lane] = best_value[lane + half_];
            best_index[lane] = best_index[lane + half_];
        }
        barrier();
    }
    if (lane == 0) {
        out_[0] = best_index[0];
        out_[1] = floatBitsToUint(best_value[0]);
    }
}
