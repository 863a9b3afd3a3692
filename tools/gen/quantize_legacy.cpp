// The generator's 32-element block quantizers: absmax (Q8_0, Q4_0, Q5_0) or min/max (Q4_1, Q5_1) per block.
#include "gen/quantize_blocks.h"

#include <algorithm>
#include <cstring>

namespace ponder::gen::blocks {
namespace {

using reference::fp32_to_fp16;

// ggml block layouts (ggml-common.h).
struct BlockQ8_0 { uint16_t d; int8_t qs[32]; };
struct BlockQ4_0 { uint16_t d; uint8_t qs[16]; };
struct BlockQ4_1 { uint16_t d, m; uint8_t qs[16]; };
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ5_1 { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; };
static_assert(sizeof(BlockQ8_0) == 34 && sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20 &&
              sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24);

// Packs 32 quants as ggml's 32-element blocks do: element j in the low nibble of qs[j], element j + 16 in
// the high nibble; the fifth bits (if any) as bit j of the 32-bit qh.
void pack_nibbles(const int q[32], uint8_t qs[16], uint8_t qh[4]) {
    uint32_t high = 0;
    for (int j = 0; j < 16; ++j) qs[j] = uint8_t((q[j] & 0xF) | ((q[j + 16] & 0xF) << 4));
    for (int j = 0; j < 32; ++j) high |= uint32_t(q[j] >> 4) << j;
    if (qh) std::memcpy(qh, &high, 4);
}

// Q4_1 / Q5_1: x = d * q + m with m the block minimum, q in 0..max_q.
void quantize_affine_32(const float* x, int max_q, uint16_t& d_out, uint16_t& m_out, int q[32]) {
    const float lo = *std::min_element(x, x + 32), hi = *std::max_element(x, x + 32);
    const float d = as_f16((hi - lo) / max_q), m = as_f16(lo);
    d_out = fp32_to_fp16(d);
    m_out = fp32_to_fp16(m);
    for (int i = 0; i < 32; ++i) q[i] = d > 0 ? std::clamp(nearest((x[i] - m) / d), 0, max_q) : 0;
}

} // namespace

void q8_0(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ8_0*>(out);
    float amax = 0;
    for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[i]));
    const float d = as_f16(amax / 127.0f);
    b->d = fp32_to_fp16(d);
    for (int i = 0; i < 32; ++i) b->qs[i] = int8_t(d > 0 ? std::clamp(nearest(x[i] / d), -127, 127) : 0);
}

void q4_0(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ4_0*>(out);
    // As ggml: the value of largest magnitude maps to -8, so its sign picks the scale's sign.
    float max = 0;
    for (int i = 0; i < 32; ++i)
        if (std::fabs(x[i]) > std::fabs(max)) max = x[i];
    const float d = as_f16(max / -8.0f);
    b->d = fp32_to_fp16(d);
    for (int j = 0; j < 16; ++j) {
        const int q0 = d != 0 ? std::clamp(nearest(x[j] / d) + 8, 0, 15) : 8;
        const int q1 = d != 0 ? std::clamp(nearest(x[j + 16] / d) + 8, 0, 15) : 8;
        b->qs[j] = uint8_t(q0 | (q1 << 4));
    }
}

void q4_1(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ4_1*>(out);
    int q[32];
    quantize_affine_32(x, 15, b->d, b->m, q);
    pack_nibbles(q, b->qs, nullptr);
}

void q5_1(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ5_1*>(out);
    int q[32];
    quantize_affine_32(x, 31, b->d, b->m, q);
    pack_nibbles(q, b->qs, b->qh);
}

void q5_0(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ5_0*>(out);
    // As Q4_0 with 5 bits: the value of largest magnitude maps to -16.
    float max = 0;
    for (int i = 0; i < 32; ++i)
        if (std::fabs(x[i]) > std::fabs(max)) max = x[i];
    const float d = as_f16(max / -16.0f);
    b->d = fp32_to_fp16(d);
    int q[32];
    for (int i = 0; i < 32; ++i) q[i] = d != 0 ? std::clamp(nearest(x[i] / d) + 16, 0, 31) : 16;
    pack_nibbles(q, b->qs, b->qh);
}

// Random blocks: the spreads are the standard deviations over uniformly random quants, per unit of d.
void q8_0_random_scales(float sigma, uint8_t* block) {
    reinterpret_cast<BlockQ8_0*>(block)->d = reference::fp32_to_fp16(sigma / 73.9f); // q int8: sd 73.9
}

void q4_0_random_scales(float sigma, uint8_t* block) {
    reinterpret_cast<BlockQ4_0*>(block)->d = reference::fp32_to_fp16(sigma / 4.61f); // q - 8, q in 0..15: sd 4.61
}

} // namespace ponder::gen::blocks
