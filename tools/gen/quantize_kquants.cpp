// The generator's k-quant quantizers: per-sub-block min/max or absmax scales, themselves quantized
// against the super-block's f16 scales.
#include "gen/quantize_blocks.h"

#include <algorithm>
#include <cstring>

namespace ponder::gen::blocks {
namespace {

using reference::fp32_to_fp16;

// ggml block layouts (ggml-common.h).
struct BlockQ2_K { uint8_t scales[16]; uint8_t qs[64]; uint16_t d, dmin; };
struct BlockQ3_K { uint8_t hmask[32]; uint8_t qs[64]; uint8_t scales[12]; uint16_t d; };
struct BlockQ4_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; };
struct BlockQ5_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[32]; uint8_t qs[128]; };
struct BlockQ6_K { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; };
static_assert(sizeof(BlockQ2_K) == 84 && sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144 && sizeof(BlockQ5_K) == 176 && sizeof(BlockQ6_K) == 210);

// Q4_K / Q5_K share the super-block shape: 8 sub-blocks of 32, each x = d*sc*q - dmin*m with
// 6-bit sc and m. Returns the per-element quants (0..max_q) after packing d, dmin and scales.
void quantize_k_affine(const float* x, int max_q, uint16_t& d_out, uint16_t& dmin_out, uint8_t scales[12],
                       uint8_t q[256]) {
    float scale[8], min[8];
    float max_scale = 0, max_min = 0;
    for (int j = 0; j < 8; ++j) {
        const float* s = x + 32 * j;
        const float lo = std::min(0.0f, *std::min_element(s, s + 32));
        const float hi = *std::max_element(s, s + 32);
        scale[j] = (hi - lo) / max_q;
        min[j] = -lo;
        max_scale = std::max(max_scale, scale[j]);
        max_min = std::max(max_min, min[j]);
    }
    const float d = as_f16(max_scale / 63.0f), dmin = as_f16(max_min / 63.0f);
    d_out = fp32_to_fp16(d);
    dmin_out = fp32_to_fp16(dmin);
    uint8_t sc[8], m[8];
    for (int j = 0; j < 8; ++j) {
        sc[j] = uint8_t(d > 0 ? std::clamp(nearest(scale[j] / d), 0, 63) : 0);
        m[j] = uint8_t(dmin > 0 ? std::clamp(nearest(min[j] / dmin), 0, 63) : 0);
        const float ds = d * sc[j], dm = dmin * m[j];
        for (int i = 0; i < 32; ++i)
            q[32 * j + i] = uint8_t(ds > 0 ? std::clamp(nearest((x[32 * j + i] + dm) / ds), 0, max_q) : 0);
    }
    // 12-byte packing, the inverse of ggml's get_scale_min_k4.
    std::memset(scales, 0, 12);
    for (int j = 0; j < 4; ++j) {
        scales[j] = sc[j];
        scales[j + 4] = m[j];
    }
    for (int j = 4; j < 8; ++j) {
        scales[j + 4] = uint8_t((sc[j] & 0xF) | ((m[j] & 0xF) << 4));
        scales[j - 4] |= uint8_t((sc[j] >> 4) << 6);
        scales[j] |= uint8_t((m[j] >> 4) << 6);
    }
}

// Q2_K / Q3_K keep 2-bit fields of element 128h + 32j + l (l < 32) in bits 2j..2j+1 of qs[32h + l].
void pack_2bit(const uint8_t q[256], uint8_t qs[64]) {
    std::memset(qs, 0, 64);
    for (int e = 0; e < 256; ++e) qs[32 * (e / 128) + e % 32] |= uint8_t((q[e] & 3) << (2 * ((e % 128) / 32)));
}

} // namespace

void q2_k(const float* x, uint8_t* out) {
    // 16 sub-blocks of 16: x = d * sc * q - dmin * m with 4-bit sc and m, q in 0..3.
    auto* b = reinterpret_cast<BlockQ2_K*>(out);
    float scale[16], min[16], max_scale = 0, max_min = 0;
    for (int j = 0; j < 16; ++j) {
        const float* s = x + 16 * j;
        const float lo = std::min(0.0f, *std::min_element(s, s + 16));
        scale[j] = (*std::max_element(s, s + 16) - lo) / 3;
        min[j] = -lo;
        max_scale = std::max(max_scale, scale[j]);
        max_min = std::max(max_min, min[j]);
    }
    const float d = as_f16(max_scale / 15), dmin = as_f16(max_min / 15);
    b->d = fp32_to_fp16(d);
    b->dmin = fp32_to_fp16(dmin);
    uint8_t q[256];
    for (int j = 0; j < 16; ++j) {
        const int sc = d > 0 ? std::clamp(nearest(scale[j] / d), 0, 15) : 0;
        const int m = dmin > 0 ? std::clamp(nearest(min[j] / dmin), 0, 15) : 0;
        b->scales[j] = uint8_t(sc | (m << 4));
        const float ds = d * sc, dm = dmin * m;
        for (int i = 0; i < 16; ++i)
            q[16 * j + i] = uint8_t(ds > 0 ? std::clamp(nearest((x[16 * j + i] + dm) / ds), 0, 3) : 0);
    }
    pack_2bit(q, b->qs);
}

void q3_k(const float* x, uint8_t* out) {
    // 16 sub-blocks of 16: x = d * (sc - 32) * (q - 4) with 6-bit sc and q in 0..7; as ggml, the value of
    // largest magnitude in a sub-block maps to q - 4 = -4, so the sub-block scale carries its sign.
    auto* b = reinterpret_cast<BlockQ3_K*>(out);
    float scale[16], max_abs = 0;
    for (int j = 0; j < 16; ++j) {
        float max = 0;
        for (int i = 0; i < 16; ++i)
            if (std::fabs(x[16 * j + i]) > std::fabs(max)) max = x[16 * j + i];
        scale[j] = max / -4;
        max_abs = std::max(max_abs, std::fabs(scale[j]));
    }
    const float d = as_f16(max_abs / 32);
    b->d = fp32_to_fp16(d);
    std::memset(b->scales, 0, 12);
    std::memset(b->hmask, 0, 32);
    uint8_t q[256];
    for (int j = 0; j < 16; ++j) {
        const int sc = d > 0 ? std::clamp(nearest(scale[j] / d), -32, 31) : 0;
        // 6-bit sc + 32: low nibble in byte j (j < 8) or the high nibble of byte j - 8, top 2 bits at
        // bits 2(j/4).. of byte 8 + j%4.
        const int v = sc + 32;
        b->scales[j % 8] |= uint8_t((v & 0xF) << (4 * (j / 8)));
        b->scales[8 + j % 4] |= uint8_t((v >> 4) << (2 * (j / 4)));
        const float ds = d * sc;
        for (int i = 0; i < 16; ++i)
            q[16 * j + i] = uint8_t(ds != 0 ? std::clamp(nearest(x[16 * j + i] / ds), -4, 3) + 4 : 4);
    }
    // The third bit of element 128h + 32j + l is bit 4h + j of hmask[l].
    for (int e = 0; e < 256; ++e) b->hmask[e % 32] |= uint8_t((q[e] >> 2) << (e / 32));
    pack_2bit(q, b->qs);
}

void q4_k(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ4_K*>(out);
    uint8_t q[256];
    quantize_k_affine(x, 15, b->d, b->dmin, b->scales, q);
    // Sub-blocks 2k and 2k+1 share 32 bytes: low nibble and high nibble.
    for (int k = 0; k < 4; ++k)
        for (int l = 0; l < 32; ++l) b->qs[32 * k + l] = uint8_t(q[64 * k + l] | (q[64 * k + 32 + l] << 4));
}

void q5_k(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ5_K*>(out);
    uint8_t q[256];
    quantize_k_affine(x, 31, b->d, b->dmin, b->scales, q);
    std::memset(b->qh, 0, sizeof b->qh);
    for (int k = 0; k < 4; ++k) {
        for (int l = 0; l < 32; ++l) {
            const uint8_t lo = q[64 * k + l], hi = q[64 * k + 32 + l];
            b->qs[32 * k + l] = uint8_t((lo & 0xF) | ((hi & 0xF) << 4));
            // The fifth bits of sub-blocks 2k and 2k+1 live in bits 2k and 2k+1 of qh[l].
            b->qh[l] |= uint8_t(((lo >> 4) << (2 * k)) | ((hi >> 4) << (2 * k + 1)));
        }
    }
}

void q6_k(const float* x, uint8_t* out) {
    auto* b = reinterpret_cast<BlockQ6_K*>(out);
    // 16 sub-blocks of 16, x = d * scale[j] * (q - 32) with q in 0..63 and int8 scales.
    float scale[16], max_scale = 0;
    for (int j = 0; j < 16; ++j) {
        float amax = 0;
        for (int i = 0; i < 16; ++i) amax = std::max(amax, std::fabs(x[16 * j + i]));
        scale[j] = amax / 31.0f;
        max_scale = std::max(max_scale, scale[j]);
    }
    const float d = as_f16(max_scale / 127.0f);
    b->d = fp32_to_fp16(d);
    uint8_t q[256];
    for (int j = 0; j < 16; ++j) {
        b->scales[j] = int8_t(d > 0 ? std::clamp(nearest(scale[j] / d), 0, 127) : 0);
        const float ds = d * b->scales[j];
        for (int i = 0; i < 16; ++i)
            q[16 * j + i] = uint8_t(ds > 0 ? std::clamp(nearest(x[16 * j + i] / ds), -32, 31) + 32 : 32);
    }
    // Per 128-element half: element 32g + l keeps its low nibble in ql (g = 0,1 low; 2,3 high
    // nibble of ql[l + 32 * (g & 1)]) and its top two bits in bits 2g..2g+1 of qh[l].
    for (int half = 0; half < 2; ++half) {
        uint8_t* ql = b->ql + 64 * half;
        uint8_t* qh = b->qh + 32 * half;
        const uint8_t* qq = q + 128 * half;
        for (int l = 0; l < 32; ++l) {
            ql[l] = uint8_t((qq[l] & 0xF) | ((qq[l + 64] & 0xF) << 4));
            ql[l + 32] = uint8_t((qq[l + 32] & 0xF) | ((qq[l + 96] & 0xF) << 4));
            qh[l] = uint8_t((qq[l] >> 4) | ((qq[l + 32] >> 4) << 2) | ((qq[l + 64] >> 4) << 4) |
                            ((qq[l + 96] >> 4) << 6));
        }
    }
}

// Random blocks: x = d sc q - dmin m with random 6-bit sc and m; dmin = d times the mean quant centres
// the values. The spreads are the standard deviations over uniformly random quants and scales, per d.
void q4_k_random_scales(float sigma, uint8_t* block) {
    auto* b = reinterpret_cast<BlockQ4_K*>(block);
    const float d = sigma / 258.3f; // q in 0..15, dmin = 7.5 d: sd 258 d
    b->d = reference::fp32_to_fp16(d);
    b->dmin = reference::fp32_to_fp16(7.5f * d);
}

void q5_k_random_scales(float sigma, uint8_t* block) {
    auto* b = reinterpret_cast<BlockQ5_K*>(block);
    const float d = sigma / 526.9f; // q in 0..31, dmin = 15.5 d: sd 527 d
    b->d = reference::fp32_to_fp16(d);
    b->dmin = reference::fp32_to_fp16(15.5f * d);
}

void q6_k_random_scales(float sigma, uint8_t* block) {
    // x = d sc (q - 32), sc int8, q in 0..63: sd 1366 d
    reinterpret_cast<BlockQ6_K*>(block)->d = reference::fp32_to_fp16(sigma / 1365.7f);
}

} // namespace ponder::gen::blocks
