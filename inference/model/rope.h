// RoPE angles: what a position turns into for each rotated pair, following ggml's rope
// (ggml_rope_cache_init / rope_yarn) with the frequency factors, scaling and YaRN settings of the
// file. The CPU reference and the Vulkan table both take their cos/sin from rope_cos_sin().
#pragma once

#include "model/config.h"

#include <cstdint>
#include <vector>

namespace ponder {

struct RopeFrequencies {
    // Angle of pair i at position pos = pos * per_position[i]:
    // base^(-2i/head_dim) / freq_factors[i], stretched by linear or YaRN scaling.
    std::vector<double> per_position;
    float magnitude = 1;  // cos and sin are scaled by it (YaRN's attention factor)
};

RopeFrequencies rope_frequencies(const RopeConfig& rope, uint32_t head_dim);

struct CosSin {
    float cos, sin;
};
// The rotation of pair i at position pos, computed in double and rounded once.
CosSin rope_cos_sin(const RopeFrequencies& f, uint32_t pos, uint32_t i);

} // namespace ponder
