// Bit-exact ports of ggml's dequantize_row_* (ggml-quants.c) and its fp16/bf16 conversions.
#include "reference/dequant.h"

#include <bit>
#include <cassert>
#include <cstring>

namespace ponder::reference {

float fp16_to_fp32(uint16_t h) {
    uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff;
    if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000 | (mantissa << 13));  // inf / nan
    if (exponent != 0) return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
    // Zero or subnormal: mantissa * 2^-24 is exact in float.
    float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return sign ? -magnitude : magnitude;
}

uint16_t fp32_to_fp16(float f) {
    uint32_t bits = std::bit_cast<uint32_t>(f);
    uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
    uint32_t abs = bits & 0x7fffffff;
    if (abs > 0x7f800000) return sign | 0x7e00;      // nan -> quiet nan, as ggml does
    if (abs >= 0x477ff000) return sign | 0x7c00;     // rounds to >= 65520: overflow to inf (also inf)
    if (abs < 0x38800000) {
        // Result is subnormal (or zero): value / 2^-24, rounded to nearest even.
        if (abs < 0x33000000) return sign;           // below half the smallest subnormal
        uint32_t exponent = abs >> 23;
        uint32_t mantissa = (abs & 0x7fffff) | 0x800000;
        uint32_t shift = 126 - exponent;              // 14..24: float exp e -> half subnormal units
        uint32_t half = mantissa >> shift;
        uint32_t rest = mantissa & ((1u << shift) - 1);
        uint32_t midpoint = 1u << (shift - 1);
        if (rest > midpoint || (rest == midpoint && (half & 1))) ++half;
        return sign | static_cast<uint16_t>(half);
    }
    // Normal: rebias exponent (127 -> 15) and round the 13 dropped mantissa bits to nearest even;
    // a carry out of the mantissa correctly bumps the exponent.
    uint32_t rebased = abs - (112u << 23);
    uint32_t rounded = rebased + 0xfff + ((rebased >> 13) & 1);
    return sign | static_cast<uint16_t>(rounded >> 13);
}

float bf16_to_fp32(uint16_t h) { return std::bit_cast<float>(static_cast<uint32_t>(h) << 16); }

uint16_t fp32_to_bf16(float f) {
    uint32_t bits = std::bit_cast<uint32_t>(f);
    if ((bits & 0x7fffffff) > 0x7f800000) return static_cast<uint16_t>((bits >> 16) | 64);  // quiet nan
    return static_cast<uint16_t>((bits + 0x7fff + ((bits >> 16) & 1)) >> 16);
}

namespace {

uint16_t load_u16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

float load_fp16(const uint8_t* p) { return fp16_to_fp32(load_u16(p)); }

// Block layouts (ggml-common.h), as byte offsets.
constexpr size_t kQ4_0Bytes = 18;   // f16 d | u8 qs[16]
constexpr size_t kQ8_0Bytes = 34;   // f16 d | i8 qs[32]
constexpr size_t kQ4_KBytes = 144;  // f16 d | f16 dmin | u8 scales[12] | u8 qs[128]
constexpr size_t kQ5_KBytes = 176;  // f16 d | f16 dmin | u8 scales[12] | u8 qh[32] | u8 qs[128]
constexpr size_t kQ6_KBytes = 210;  // u8 ql[128] | u8 qh[64] | i8 scales[16] | f16 d

void dequantize_q4_0(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ4_0Bytes, y += QK4_0) {
        const float d = load_fp16(x);
        const uint8_t* qs = x + 2;
        for (size_t j = 0; j < QK4_0 / 2; ++j) {
            const int x0 = (qs[j] & 0x0f) - 8;
            const int x1 = (qs[j] >> 4) - 8;
            y[j] = x0 * d;
            y[j + QK4_0 / 2] = x1 * d;
        }
    }
}

void dequantize_q8_0(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ8_0Bytes, y += QK8_0) {
        const float d = load_fp16(x);
        const int8_t* qs = reinterpret_cast<const int8_t*>(x + 2);
        for (size_t j = 0; j < QK8_0; ++j) y[j] = qs[j] * d;
    }
}

// The 12 scale bytes pack eight 6-bit (scale, min) pairs: pairs 0-3 in the low 6 bits of bytes 0-7,
// pairs 4-7 as nibbles of bytes 8-11 plus the top 2 bits of bytes 0-7.
void get_scale_min_k4(int j, const uint8_t* q, uint8_t* d, uint8_t* m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0x0f) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

void dequantize_q4_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ4_KBytes) {
        const float d = load_fp16(x);
        const float min = load_fp16(x + 2);
        const uint8_t* scales = x + 4;
        const uint8_t* q = x + 16;
        int is = 0;
        uint8_t sc, m;
        for (size_t j = 0; j < QK_K; j += 64) {
            get_scale_min_k4(is + 0, scales, &sc, &m);
            const float d1 = d * sc, m1 = min * m;
            get_scale_min_k4(is + 1, scales, &sc, &m);
            const float d2 = d * sc, m2 = min * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * (q[l] & 0x0f) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * (q[l] >> 4) - m2;
            q += 32;
            is += 2;
        }
    }
}

void dequantize_q5_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ5_KBytes) {
        const float d = load_fp16(x);
        const float min = load_fp16(x + 2);
        const uint8_t* scales = x + 4;
        const uint8_t* qh = x + 16;
        const uint8_t* ql = x + 48;
        int is = 0;
        uint8_t sc, m;
        uint8_t u1 = 1, u2 = 2;  // the high-bit plane for the low and high nibble of this 64-group
        for (size_t j = 0; j < QK_K; j += 64) {
            get_scale_min_k4(is + 0, scales, &sc, &m);
            const float d1 = d * sc, m1 = min * m;
            get_scale_min_k4(is + 1, scales, &sc, &m);
            const float d2 = d * sc, m2 = min * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * ((ql[l] & 0x0f) + (qh[l] & u1 ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * ((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
            ql += 32;
            is += 2;
            u1 <<= 2;
            u2 <<= 2;
        }
    }
}

void dequantize_q6_k(const uint8_t* x, float* y, size_t n_blocks) {
    for (size_t i = 0; i < n_blocks; ++i, x += kQ6_KBytes) {
        const uint8_t* ql = x;
        const uint8_t* qh = x + 128;
        const int8_t* sc = reinterpret_cast<const int8_t*>(x + 192);
        const float d = load_fp16(x + 208);
        for (size_t n = 0; n < QK_K; n += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int8_t q1 = static_cast<int8_t>((ql[l + 0] & 0x0f) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int8_t q2 = static_cast<int8_t>((ql[l + 32] & 0x0f) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int8_t q3 = static_cast<int8_t>((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int8_t q4 = static_cast<int8_t>((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l + 0] = d * sc[is + 0] * q1;
                y[l + 32] = d * sc[is + 2] * q2;
                y[l + 64] = d * sc[is + 4] * q3;
                y[l + 96] = d * sc[is + 6] * q4;
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}

} // namespace

void dequantize_row(GgmlType type, const void* src, float* dst, size_t n) {
    const uint8_t* x = static_cast<const uint8_t*>(src);
    switch (type) {
    case GgmlType::F32: std::memcpy(dst, src, n * sizeof(float)); return;
    case GgmlType::F16:
        for (size_t i = 0; i < n; ++i) dst[i] = fp16_to_fp32(load_u16(x + 2 * i));
        return;
    case GgmlType::BF16:
        for (size_t i = 0; i < n; ++i) dst[i] = bf16_to_fp32(load_u16(x + 2 * i));
        return;
    case GgmlType::Q4_0: assert(n % QK4_0 == 0); dequantize_q4_0(x, dst, n / QK4_0); return;
    case GgmlType::Q8_0: assert(n % QK8_0 == 0); dequantize_q8_0(x, dst, n / QK8_0); return;
    case GgmlType::Q4_K: assert(n % QK_K == 0); dequantize_q4_k(x, dst, n / QK_K); return;
    case GgmlType::Q5_K: assert(n % QK_K == 0); dequantize_q5_k(x, dst, n / QK_K); return;
    case GgmlType::Q6_K: assert(n % QK_K == 0); dequantize_q6_k(x, dst, n / QK_K); return;
    default: break;
    }
    assert(false && "dequantize_row: type without a CPU reference; check ggml_type_traits().supported first");
}

} // namespace ponder::reference
