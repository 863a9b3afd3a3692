// Bit-exact ports of ggml's dequantize_row_* (ggml-quants.c) and its fp16/bf16 conversions.
#include "reference/dequant.h"

#include "reference/dequant_blocks.h"

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

struct Decoder {
    GgmlType type;
    blocks::BlockDecoder decode;
};

constexpr Decoder kDecoders[] = {
    {GgmlType::Q4_0, blocks::q4_0}, {GgmlType::Q4_1, blocks::q4_1}, {GgmlType::Q5_0, blocks::q5_0},
    {GgmlType::Q5_1, blocks::q5_1}, {GgmlType::Q8_0, blocks::q8_0}, {GgmlType::Q2_K, blocks::q2_k},
    {GgmlType::Q3_K, blocks::q3_k}, {GgmlType::Q4_K, blocks::q4_k},
    {GgmlType::Q5_K, blocks::q5_k}, {GgmlType::Q6_K, blocks::q6_k}, {GgmlType::IQ4_NL, blocks::iq4_nl},
    {GgmlType::IQ4_XS, blocks::iq4_xs}, {GgmlType::IQ3_XXS, blocks::iq3_xxs}, {GgmlType::IQ3_S, blocks::iq3_s},
    {GgmlType::IQ2_XXS, blocks::iq2_xxs}, {GgmlType::IQ2_XS, blocks::iq2_xs}, {GgmlType::IQ2_S, blocks::iq2_s},
};

} // namespace

void dequantize_row(GgmlType type, const void* src, float* dst, size_t n) {
    const uint8_t* x = static_cast<const uint8_t*>(src);
    switch (type) {
    case GgmlType::F32: std::memcpy(dst, src, n * sizeof(float)); return;
    case GgmlType::F16:
        for (size_t i = 0; i < n; ++i) dst[i] = fp16_to_fp32(blocks::load_u16(x + 2 * i));
        return;
    case GgmlType::BF16:
        for (size_t i = 0; i < n; ++i) dst[i] = bf16_to_fp32(blocks::load_u16(x + 2 * i));
        return;
    default: break;
    }
    for (const Decoder& d : kDecoders) {
        if (d.type != type) continue;
        const size_t block_elems = ggml_type_traits(static_cast<uint32_t>(type))->block_elems;
        assert(n % block_elems == 0);
        d.decode(x, dst, n / block_elems);
        return;
    }
    assert(false && "dequantize_row: type without a CPU reference; check ggml_type_traits().supported first");
}

} // namespace ponder::reference
