// The generator's i-quant encoders: simple but valid. Each picks per-block scales from the block maximum
// and then, for every group, the nearest codebook entry (IQ4: nearest level; IQ3: nearest grid point to the
// magnitudes, IQ2: nearest of the grid points near them; signs stored separately), not ggml's
// importance-weighted search.
#include "gen/quantize_blocks.h"

#include "gguf/ggml_iq_tables.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace ponder::gen::blocks {
namespace {

using namespace ggml_tables;
using reference::fp32_to_fp16;

// ggml block layouts (ggml-common.h).
struct BlockIQ4_NL { uint16_t d; uint8_t qs[16]; };
struct BlockIQ3_XXS { uint16_t d; uint8_t qs[64]; uint8_t scales_and_signs[32]; };
struct BlockIQ3_S { uint16_t d; uint8_t qs[64]; uint8_t qh[8]; uint8_t signs[32]; uint8_t scales[4]; };
struct BlockIQ4_XS { uint16_t d, scales_h; uint8_t scales_l[4]; uint8_t qs[128]; };
struct BlockIQ2_XXS { uint16_t d; uint8_t qs[64]; };  // per sub-block: 4 grid indices, u32 signs and scale
struct BlockIQ2_XS { uint16_t d; uint16_t qs[32]; uint8_t scales[8]; };
struct BlockIQ2_S { uint16_t d; uint8_t qs[32]; uint8_t signs[32]; uint8_t qh[8]; uint8_t scales[8]; };
static_assert(sizeof(BlockIQ4_NL) == 18 && sizeof(BlockIQ4_XS) == 136);
static_assert(sizeof(BlockIQ3_XXS) == 98 && sizeof(BlockIQ3_S) == 110);
static_assert(sizeof(BlockIQ2_XXS) == 66 && sizeof(BlockIQ2_XS) == 74 && sizeof(BlockIQ2_S) == 82);

// Index of the IQ4 level nearest to v (levels in units of the block scale).
int nearest_level(float v) {
    int best = 0;
    for (int i = 1; i < 16; ++i)
        if (std::fabs(kvalues_iq4nl[i] - v) < std::fabs(kvalues_iq4nl[best] - v)) best = i;
    return best;
}

// The signed value of largest magnitude among n.
float signed_max(const float* x, int n) {
    float max = 0;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(max)) max = x[i];
    return max;
}

// 32 values with scale d as IQ4 level nibbles: element j low, element j + 16 high nibble of qs[j].
void pack_levels(const float* x, float d, uint8_t qs[16]) {
    for (int j = 0; j < 16; ++j) {
        const int lo = d != 0 ? nearest_level(x[j] / d) : 8, hi = d != 0 ? nearest_level(x[j + 16] / d) : 8;
        qs[j] = uint8_t(lo | (hi << 4));
    }
}

// Index of the grid point whose `width` magnitudes (bytes of point(i), lowest first) are nearest to `v`.
template <class Point>
int nearest_point(const float* v, int width, int n_points, Point point) {
    int best = 0;
    float best_d2 = INFINITY;
    for (int i = 0; i < n_points; ++i) {
        const uint64_t p = point(i);
        float d2 = 0;
        for (int j = 0; j < width && d2 < best_d2; ++j) {  // stop once this point cannot win
            const float diff = float((p >> (8 * j)) & 0xFF) - v[j];
            d2 += diff * diff;
        }
        if (d2 < best_d2) {
            best_d2 = d2;
            best = i;
        }
    }
    return best;
}

// Magnitudes of 32 values and their signs per group of 8 (bit j of signs[l]: element 8l + j negative).
// With `even_parity` (the 7-bit sign formats) a group with an odd count of negatives flips the sign of
// its smallest value, as ggml does, since only an even count can be stored.
void split_signs(const float* x, float mag[32], uint8_t signs[4], bool even_parity) {
    for (int l = 0; l < 4; ++l) {
        signs[l] = 0;
        int smallest = 8 * l;
        for (int j = 0; j < 8; ++j) {
            const int e = 8 * l + j;
            mag[e] = std::fabs(x[e]);
            if (x[e] < 0) signs[l] |= uint8_t(1 << j);
            if (mag[e] < mag[smallest]) smallest = e;
        }
        if (even_parity && (__builtin_popcount(signs[l]) & 1)) signs[l] ^= uint8_t(1 << (smallest - 8 * l));
    }
}

float block_max_abs(const float* x, int n) {
    float m = 0;
    for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
    return m;
}

// The IQ2 formats: 4-bit scales s with db = d * (0.5 + s) * 0.25, grid points of 8 magnitudes.
constexpr float kIQ2ScaleStep = 0.25f;

// The super-block scale d that lets s = 15 map the block maximum to the grid's largest level.
float iq2_super_scale(const float* x, float largest_level) {
    return as_f16(block_max_abs(x, 256) / largest_level / (15.5f * kIQ2ScaleStep));
}

// The 4-bit s whose db maps the maximum of the `n` values at x to the grid's largest level.
int iq2_sub_scale(const float* x, int n, float d, float largest_level) {
    if (d <= 0) return 0;
    return std::clamp(nearest(block_max_abs(x, n) / largest_level / (d * kIQ2ScaleStep) - 0.5f), 0, 15);
}

float iq2_db(float d, int s) { return d * (0.5f + float(s)) * kIQ2ScaleStep; }

// Nearest-point search in an IQ2 grid, as ggml's quantizer narrows it: each magnitude is rounded to its
// nearest level, and that combination of levels is compared only with the grid points in the two shells
// nearest to it (distance counted in level steps; the combination itself when it is a grid point, which
// is then the nearest of the whole grid). An exhaustive search over up to 1024 points per 8 weights
// makes real-shaped models take many minutes; the candidate lists are built once, for every combination.
class Iq2Grid {
public:
    template <size_t N>
    explicit Iq2Grid(const uint64_t (&grid)[N]) : grid_(grid) {
        for (size_t i = 0; i < N; ++i)
            for (int j = 0; j < 8; ++j)
                if (std::find(levels_.begin(), levels_.end(), magnitude(i, j)) == levels_.end())
                    levels_.push_back(magnitude(i, j));
        std::sort(levels_.begin(), levels_.end());
        const uint32_t n_levels = uint32_t(levels_.size()), n_keys = 1u << 16;
        std::vector<uint32_t> point_key(N);
        for (size_t i = 0; i < N; ++i)
            for (int j = 0; j < 8; ++j) point_key[i] |= uint32_t(level_index(magnitude(i, j))) << (2 * j);
        first_candidate_.assign(n_keys + 1, 0);
        std::vector<int> steps(N);
        for (uint32_t key = 0; key < n_keys; ++key) {
            first_candidate_[key] = uint32_t(candidates_.size());
            bool valid = true;
            for (int j = 0; j < 8; ++j) valid = valid && ((key >> (2 * j)) & 3) < n_levels;
            if (!valid) continue;
            int nearest = INT32_MAX, second = INT32_MAX;
            for (size_t i = 0; i < N; ++i) {
                steps[i] = 0;
                for (int j = 0; j < 8; ++j) {
                    const int diff = int((key >> (2 * j)) & 3) - int((point_key[i] >> (2 * j)) & 3);
                    steps[i] += diff * diff;
                }
                if (steps[i] < nearest) { second = nearest; nearest = steps[i]; }
                else if (steps[i] > nearest && steps[i] < second) second = steps[i];
            }
            for (size_t i = 0; i < N; ++i)
                if (steps[i] == nearest || (nearest > 0 && steps[i] == second)) candidates_.push_back(uint16_t(i));
        }
        first_candidate_[n_keys] = uint32_t(candidates_.size());
    }

    // Index of the candidate grid point nearest to the 8 magnitudes v (in grid units).
    int nearest(const float v[8]) const {
        uint32_t key = 0;
        for (int j = 0; j < 8; ++j) key |= uint32_t(nearest_level(v[j])) << (2 * j);
        const uint16_t* first = candidates_.data() + first_candidate_[key];
        const int n = int(first_candidate_[key + 1] - first_candidate_[key]);
        return first[nearest_point(v, 8, n, [this, first](int i) { return grid_[first[i]]; })];
    }

private:
    int magnitude(size_t point, int j) const { return int((grid_[point] >> (8 * j)) & 0xFF); }
    int level_index(int m) const { return int(std::find(levels_.begin(), levels_.end(), m) - levels_.begin()); }
    int nearest_level(float v) const {
        int best = 0;
        for (int i = 1; i < int(levels_.size()); ++i)
            if (std::fabs(levels_[i] - v) < std::fabs(levels_[best] - v)) best = i;
        return best;
    }

    const uint64_t* grid_;
    std::vector<int> levels_;                // the grid's magnitudes, increasing (at most 4: 2 bits each)
    std::vector<uint32_t> first_candidate_;  // per combination of 8 level indices, then the end
    std::vector<uint16_t> candidates_;
};

// Grid index of the group of 8 magnitudes mag[0..7] at scale db.
int nearest_iq2_point(const float* mag, float db, const Iq2Grid& grid) {
    float v[8];
    for (int j = 0; j < 8; ++j) v[j] = db > 0 ? mag[j] / db : 0;
    return grid.nearest(v);
}

} // namespace

void iq4_nl(const float* x, uint8_t* out) {
    // As ggml: the value of largest magnitude maps to the level -127, so its sign picks the scale's sign.
    auto* b = reinterpret_cast<BlockIQ4_NL*>(out);
    const float d = as_f16(signed_max(x, 32) / kvalues_iq4nl[0]);
    b->d = fp32_to_fp16(d);
    pack_levels(x, d, b->qs);
}

void iq4_xs(const float* x, uint8_t* out) {
    // Eight sub-blocks of 32, each with a signed 6-bit scale (ls - 32) of the super-block's d.
    auto* b = reinterpret_cast<BlockIQ4_XS*>(out);
    float scale[8], max_abs = 0;
    for (int ib = 0; ib < 8; ++ib) {
        scale[ib] = signed_max(x + 32 * ib, 32) / kvalues_iq4nl[0];
        max_abs = std::max(max_abs, std::fabs(scale[ib]));
    }
    const float d = as_f16(max_abs / 31);
    b->d = fp32_to_fp16(d);
    b->scales_h = 0;
    std::memset(b->scales_l, 0, 4);
    for (int ib = 0; ib < 8; ++ib) {
        const int ls = (d > 0 ? std::clamp(nearest(scale[ib] / d), -32, 31) : 0) + 32;
        b->scales_l[ib / 2] |= uint8_t((ls & 0xF) << (4 * (ib % 2)));
        b->scales_h |= uint16_t((ls >> 4) << (2 * ib));
        pack_levels(x + 32 * ib, d * (ls - 32), b->qs + 16 * ib);
    }
}

void iq3_xxs(const float* x, uint8_t* out) {
    // Sub-block scale db = d * (0.5 + s) * 0.5 (4-bit s) maps the sub-block maximum to the largest
    // magnitude, 62; each group of 4 takes the nearest of the 256 grid points.
    auto* b = reinterpret_cast<BlockIQ3_XXS*>(out);
    const float d = as_f16(block_max_abs(x, 256) / 62 / 7.75f);
    b->d = fp32_to_fp16(d);
    for (int ib = 0; ib < 8; ++ib) {
        const float* xb = x + 32 * ib;
        const int s = d > 0 ? std::clamp(nearest(block_max_abs(xb, 32) / 62 / (d * 0.5f) - 0.5f), 0, 15) : 0;
        const float db = d * (0.5f + s) * 0.5f;
        float mag[32];
        uint8_t signs[4];
        split_signs(xb, mag, signs, true);
        for (int k = 0; k < 8; ++k) {
            float v[4];
            for (int j = 0; j < 4; ++j) v[j] = db > 0 ? mag[4 * k + j] / db : 0;
            b->qs[8 * ib + k] = uint8_t(nearest_point(v, 4, 256, [](int i) { return uint64_t(iq3xxs_grid[i]); }));
        }
        uint32_t aux = uint32_t(s) << 28;
        for (int l = 0; l < 4; ++l) aux |= uint32_t(signs[l] & 127) << (7 * l);
        std::memcpy(b->scales_and_signs + 4 * ib, &aux, 4);
    }
}

void iq3_s(const float* x, uint8_t* out) {
    // Sub-block scale db = d * (1 + 2s) (4-bit s) maps the sub-block maximum to the largest magnitude, 15;
    // each group of 4 takes the nearest of the 512 grid points (9-bit index: low byte in qs, bit in qh).
    auto* b = reinterpret_cast<BlockIQ3_S*>(out);
    const float d = as_f16(block_max_abs(x, 256) / 15 / 31);
    b->d = fp32_to_fp16(d);
    std::memset(b->qh, 0, sizeof b->qh);
    std::memset(b->scales, 0, sizeof b->scales);
    for (int ib = 0; ib < 8; ++ib) {
        const float* xb = x + 32 * ib;
        const int s = d > 0 ? std::clamp(nearest((block_max_abs(xb, 32) / 15 / d - 1) / 2), 0, 15) : 0;
        const float db = d * (1 + 2 * s);
        float mag[32];
        split_signs(xb, mag, b->signs + 4 * ib, false);
        for (int k = 0; k < 8; ++k) {
            float v[4];
            for (int j = 0; j < 4; ++j) v[j] = db > 0 ? mag[4 * k + j] / db : 0;
            const int idx = nearest_point(v, 4, 512, [](int i) { return uint64_t(iq3s_grid[i]); });
            b->qs[8 * ib + k] = uint8_t(idx);
            b->qh[ib] |= uint8_t((idx >> 8) << k);
        }
        b->scales[ib / 2] |= uint8_t(s << (4 * (ib % 2)));
    }
}

void iq2_xxs(const float* x, uint8_t* out) {
    // One scale per sub-block of 32; each group of 8 takes the nearest of 256 points, 7 sign bits.
    static const Iq2Grid grid(iq2xxs_grid);
    auto* b = reinterpret_cast<BlockIQ2_XXS*>(out);
    const float d = iq2_super_scale(x, 43);
    b->d = fp32_to_fp16(d);
    for (int ib = 0; ib < 8; ++ib) {
        const float* xb = x + 32 * ib;
        const int s = iq2_sub_scale(xb, 32, d, 43);
        float mag[32];
        uint8_t signs[4];
        split_signs(xb, mag, signs, true);
        uint32_t aux = uint32_t(s) << 28;
        for (int l = 0; l < 4; ++l) {
            b->qs[8 * ib + l] = uint8_t(nearest_iq2_point(mag + 8 * l, iq2_db(d, s), grid));
            aux |= uint32_t(signs[l] & 127) << (7 * l);
        }
        std::memcpy(b->qs + 8 * ib + 4, &aux, 4);
    }
}

void iq2_xs(const float* x, uint8_t* out) {
    // A scale per 16 values; each group of 8: 9-bit index of the nearest of 512 points, 7 sign bits above.
    static const Iq2Grid grid(iq2xs_grid);
    auto* b = reinterpret_cast<BlockIQ2_XS*>(out);
    const float d = iq2_super_scale(x, 43);
    b->d = fp32_to_fp16(d);
    for (int ib = 0; ib < 8; ++ib) {
        const float* xb = x + 32 * ib;
        const int s[2] = {iq2_sub_scale(xb, 16, d, 43), iq2_sub_scale(xb + 16, 16, d, 43)};
        b->scales[ib] = uint8_t(s[0] | (s[1] << 4));
        float mag[32];
        uint8_t signs[4];
        split_signs(xb, mag, signs, true);
        for (int l = 0; l < 4; ++l) {
            const int index = nearest_iq2_point(mag + 8 * l, iq2_db(d, s[l / 2]), grid);
            b->qs[4 * ib + l] = uint16_t(index | ((signs[l] & 127) << 9));
        }
    }
}

void iq2_s(const float* x, uint8_t* out) {
    // A scale per 16 values; each group of 8: 10-bit index of the nearest of 1024 points (low byte in qs,
    // bits 8-9 in qh), a whole sign byte.
    static const Iq2Grid grid(iq2s_grid);
    auto* b = reinterpret_cast<BlockIQ2_S*>(out);
    const float d = iq2_super_scale(x, 62);
    b->d = fp32_to_fp16(d);
    std::memset(b->qh, 0, sizeof b->qh);
    for (int ib = 0; ib < 8; ++ib) {
        const float* xb = x + 32 * ib;
        const int s[2] = {iq2_sub_scale(xb, 16, d, 62), iq2_sub_scale(xb + 16, 16, d, 62)};
        b->scales[ib] = uint8_t(s[0] | (s[1] << 4));
        float mag[32];
        split_signs(xb, mag, b->signs + 4 * ib, false);
        for (int l = 0; l < 4; ++l) {
            const int index = nearest_iq2_point(mag + 8 * l, iq2_db(d, s[l / 2]), grid);
            b->qs[4 * ib + l] = uint8_t(index);
            b->qh[ib] |= uint8_t((index >> 8) << (2 * l));
        }
    }
}

} // namespace ponder::gen::blocks
