#include "model/rope.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ponder {
namespace {

// YaRN's correction range, in float like ggml_rope_yarn_corr_dims: the pairs that complete
// beta_fast rotations (start) and beta_slow rotations (end) over the original context.
// Pairs below start keep their angle (extrapolate), pairs past end are divided by the factor.
struct CorrectionRange {
    float start, end;
};

float corr_dim(uint32_t head_dim, uint32_t original_context, float n_rotations, float base) {
    return float(head_dim) * std::log(float(original_context) / (n_rotations * 2 * std::numbers::pi_v<float>)) /
           (2 * std::log(base));
}

CorrectionRange yarn_correction_range(const RopeConfig& r, uint32_t head_dim) {
    const float start = std::floor(corr_dim(head_dim, r.original_context, r.yarn_beta_fast, r.base));
    const float end = std::ceil(corr_dim(head_dim, r.original_context, r.yarn_beta_slow, r.base));
    return {std::max(0.0f, start), std::min(float(head_dim - 1), end)};
}

// 1 for pairs that keep their angle, 0 for pairs fully interpolated, linear in between (rope_yarn_ramp).
float yarn_ramp(CorrectionRange range, uint32_t pair) {
    const float y = (float(pair) - range.start) / std::max(0.001f, range.end - range.start);
    return 1 - std::min(1.0f, std::max(0.0f, y));
}

// The cos/sin scale: llama.cpp sets YaRN's attention factor to get_mscale(factor) cancelled by
// 1 / (1 + 0.1 ln factor), times rope.scaling.attn_factor; ggml's rope_yarn then multiplies by
// 1 + 0.1 ln(1 / freq_scale). Kept step by step in float so the product is llama.cpp's to the bit.
float rope_magnitude(const RopeConfig& r) {
    const float freq_scale = 1.0f / r.factor;
    if (r.scaling != RopeScaling::Yarn) return r.attn_factor;
    const float factor = 1.0f / freq_scale;
    float attn = factor <= 1.0f ? 1.0f : 0.1f * std::log(factor) + 1.0f;
    attn *= 1.0f / (1.0f + 0.1f * std::log(factor));
    attn *= r.attn_factor;
    return attn * (1.0f + 0.1f * std::log(1.0f / freq_scale));
}

} // namespace

RopeFrequencies rope_frequencies(const RopeConfig& r, uint32_t head_dim) {
    const uint32_t half = head_dim / 2;
    const double freq_scale = 1.0 / r.factor;
    const CorrectionRange range = yarn_correction_range(r, head_dim);
    RopeFrequencies f;
    f.per_position.resize(half);
    f.magnitude = rope_magnitude(r);
    for (uint32_t i = 0; i < half; ++i) {
        double w = std::pow(double(r.base), -2.0 * i / head_dim);
        if (!r.freq_factors.empty()) w /= r.freq_factors[i];
        if (r.scaling == RopeScaling::Linear) w *= freq_scale;
        if (r.scaling == RopeScaling::Yarn) {
            // theta_interp * (1 - mix) + theta_extrap * mix, with theta_interp = freq_scale * theta_extrap
            const double mix = yarn_ramp(range, i);
            w *= freq_scale * (1 - mix) + mix;
        }
        f.per_position[i] = w;
    }
    return f;
}

CosSin rope_cos_sin(const RopeFrequencies& f, uint32_t pos, uint32_t i) {
    const double theta = double(pos) * f.per_position[i];
    return {float(std::cos(theta) * f.magnitude), float(std::sin(theta) * f.magnitude)};
}

} // namespace ponder
