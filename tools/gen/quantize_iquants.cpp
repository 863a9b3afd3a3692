// The generator's i-quant encoders: simple but valid. Each picks per-block scales from the block maximum
// and then, for every group, the nearest codebook entry (IQ4: nearest level; IQ2/IQ3: nearest grid point
// to the magnitudes, signs stored separately), not ggml's importance-weighted search.
#include "gen/quantize_blocks.h"

#include "gguf/ggml_iq_tables.h"

#include <algorithm>
#include <cstring>

namespace ponder::gen::blocks {
namespace {

using namespace ggml_tables;
using reference::fp32_to_fp16;

// ggml block layouts (ggml-common.h).
struct BlockIQ4_NL { uint16_t d; uint8_t qs[16]; };
struct BlockIQ4_XS { uint16_t d, scales_h; uint8_t scales_l[4]; uint8_t qs[128]; };
static_assert(sizeof(BlockIQ4_NL) == 18 && sizeof(BlockIQ4_XS) == 136);

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

} // namespace ponder::gen::blocks
