#include "gen/quantize.h"

#include "reference/dequant.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ponder::gen {
namespace {

using reference::fp16_to_fp32;
using reference::fp32_to_fp16;

// ggml block layouts (ggml-common.h).
struct BlockQ8_0 { uint16_t d; int8_t qs[32]; };
struct BlockQ4_0 { uint16_t d; uint8_t qs[16]; };
struct BlockQ4_1 { uint16_t d, m; uint8_t qs[16]; };
struct BlockQ5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ5_1 { uint16_t d, m; uint8_t qh[4]; uint8_t qs[16]; };
struct BlockQ4_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; };
struct BlockQ5_K { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[32]; uint8_t qs[128]; };
struct BlockQ6_K { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; };
static_assert(sizeof(BlockQ4_1) == 20 && sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34 && sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_K) == 144 &&
              sizeof(BlockQ5_K) == 176 && sizeof(BlockQ6_K) == 210);

int nearest(float x) { return int(std::lround(x)); }

// f16 round trip: quantize against the scale the decoder will actually see.
float as_f16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }

void quantize_q8_0(const float* x, BlockQ8_0* b) {
    float amax = 0;
    for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[i]));
    const float d = as_f16(amax / 127.0f);
    b->d = fp32_to_fp16(d);
    for (int i = 0; i < 32; ++i) b->qs[i] = int8_t(d > 0 ? std::clamp(nearest(x[i] / d), -127, 127) : 0);
}

void quantize_q4_0(const float* x, BlockQ4_0* b) {
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

void quantize_q4_1(const float* x, BlockQ4_1* b) {
    int q[32];
    quantize_affine_32(x, 15, b->d, b->m, q);
    pack_nibbles(q, b->qs, nullptr);
}

void quantize_q5_1(const float* x, BlockQ5_1* b) {
    int q[32];
    quantize_affine_32(x, 31, b->d, b->m, q);
    pack_nibbles(q, b->qs, b->qh);
}

void quantize_q5_0(const float* x, BlockQ5_0* b) {
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

void quantize_q4_k(const float* x, BlockQ4_K* b) {
    uint8_t q[256];
    quantize_k_affine(x, 15, b->d, b->dmin, b->scales, q);
    // Sub-blocks 2k and 2k+1 share 32 bytes: low nibble and high nibble.
    for (int k = 0; k < 4; ++k)
        for (int l = 0; l < 32; ++l) b->qs[32 * k + l] = uint8_t(q[64 * k + l] | (q[64 * k + 32 + l] << 4));
}

void quantize_q5_k(const float* x, BlockQ5_K* b) {
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

void quantize_q6_k(const float* x, BlockQ6_K* b) {
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

template <class Block, void (*Quantize)(const float*, Block*)>
void quantize_blocks(const float* src, void* dst, size_t n, size_t block_elems) {
    assert(n % block_elems == 0);
    auto* blocks = static_cast<Block*>(dst);
    for (size_t i = 0; i < n / block_elems; ++i) Quantize(src + i * block_elems, blocks + i);
}

} // namespace

bool can_quantize(GgmlType type) {
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16: case GgmlType::Q8_0:
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
        return true;
    default:
        return false;
    }
}

void quantize_row(GgmlType type, const float* src, void* dst, size_t n) {
    switch (type) {
    case GgmlType::F32: std::memcpy(dst, src, n * sizeof(float)); return;
    case GgmlType::F16:
        for (size_t i = 0; i < n; ++i) static_cast<uint16_t*>(dst)[i] = fp32_to_fp16(src[i]);
        return;
    case GgmlType::BF16:
        for (size_t i = 0; i < n; ++i) static_cast<uint16_t*>(dst)[i] = reference::fp32_to_bf16(src[i]);
        return;
    case GgmlType::Q8_0: return quantize_blocks<BlockQ8_0, quantize_q8_0>(src, dst, n, QK8_0);
    case GgmlType::Q4_0: return quantize_blocks<BlockQ4_0, quantize_q4_0>(src, dst, n, QK4_0);
    case GgmlType::Q4_1: return quantize_blocks<BlockQ4_1, quantize_q4_1>(src, dst, n, 32);
    case GgmlType::Q5_0: return quantize_blocks<BlockQ5_0, quantize_q5_0>(src, dst, n, 32);
    case GgmlType::Q5_1: return quantize_blocks<BlockQ5_1, quantize_q5_1>(src, dst, n, 32);
    case GgmlType::Q4_K: return quantize_blocks<BlockQ4_K, quantize_q4_k>(src, dst, n, QK_K);
    case GgmlType::Q5_K: return quantize_blocks<BlockQ5_K, quantize_q5_k>(src, dst, n, QK_K);
    case GgmlType::Q6_K: return quantize_blocks<BlockQ6_K, quantize_q6_k>(src, dst, n, QK_K);
    default: assert(false && "quantize_row: unsupported type (check can_quantize)");
    }
}

} // namespace ponder::gen
