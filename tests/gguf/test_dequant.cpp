// CPU dequantization matches ggml bit for bit. Expected values are computed here from the block
// layout spelled out in each test (powers of two keep every product exact), not by calling ggml code.
#include "reference/dequant.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace ponder;
using namespace ponder::reference;

namespace {

constexpr uint16_t kHalfOne = 0x3c00, kHalfTwo = 0x4000, kHalfHalf = 0x3800, kHalfMinusTwo = 0xc000;

void put_u16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> bytes(n);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    return bytes;
}

std::vector<float> dequantize(GgmlType type, const std::vector<uint8_t>& blocks, size_t n) {
    std::vector<float> out(n, std::nanf(""));
    dequantize_row(type, blocks.data(), out.data(), n);
    return out;
}

// Six-bit (scale, min) pairs of the K-quants, packed as ggml's get_scale_min_k4 unpacks them:
// pair j < 4 lives in the low 6 bits of bytes j and j+4; pair j >= 4 in the nibbles of byte j+4,
// with its top two bits in the top bits of bytes j-4 (scale) and j (min).
std::array<uint8_t, 12> pack_k_scales(const std::array<uint8_t, 8>& sc, const std::array<uint8_t, 8>& mn) {
    std::array<uint8_t, 12> q{};
    for (int j = 0; j < 4; ++j) {
        q[j] = sc[j] | static_cast<uint8_t>((sc[j + 4] >> 4) << 6);
        q[j + 4] = mn[j] | static_cast<uint8_t>((mn[j + 4] >> 4) << 6);
        q[j + 8] = static_cast<uint8_t>((sc[j + 4] & 15) | ((mn[j + 4] & 15) << 4));
    }
    return q;
}

const std::array<uint8_t, 8> kScales = {1, 63, 17, 32, 45, 60, 3, 48};
const std::array<uint8_t, 8> kMins = {0, 5, 63, 16, 33, 2, 62, 47};

} // namespace

TEST(Fp16, DecodesNormalsSubnormalsZerosInfinitiesAndNans) {
    EXPECT_EQ(fp16_to_fp32(0x3c00), 1.0f);
    EXPECT_EQ(fp16_to_fp32(0xc000), -2.0f);
    EXPECT_EQ(fp16_to_fp32(0x3555), 0x1.554p-2f);
    EXPECT_EQ(fp16_to_fp32(0x7bff), 65504.0f);         // largest finite
    EXPECT_EQ(fp16_to_fp32(0x0400), 0x1p-14f);         // smallest normal
    EXPECT_EQ(fp16_to_fp32(0x0001), 0x1p-24f);         // smallest subnormal
    EXPECT_EQ(fp16_to_fp32(0x03ff), 1023 * 0x1p-24f);  // largest subnormal
    EXPECT_EQ(fp16_to_fp32(0x8001), -0x1p-24f);
    EXPECT_EQ(std::bit_cast<uint32_t>(fp16_to_fp32(0x8000)), 0x80000000u) << "negative zero keeps its sign";
    EXPECT_EQ(fp16_to_fp32(0x7c00), std::numeric_limits<float>::infinity());
    EXPECT_EQ(fp16_to_fp32(0xfc00), -std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7e00)));
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7c01)));
}

TEST(Fp16, EncodesWithRoundToNearestEven) {
    EXPECT_EQ(fp32_to_fp16(1.0f), 0x3c00);
    EXPECT_EQ(fp32_to_fp16(-2.0f), 0xc000);
    EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000);
    // Half has 10 mantissa bits, so near 1 the spacing is 2^-10 and ties sit at odd multiples of 2^-11.
    EXPECT_EQ(fp32_to_fp16(1.0f + 0x1p-11f), 0x3c00) << "tie rounds down to the even mantissa 0";
    EXPECT_EQ(fp32_to_fp16(1.0f + 3 * 0x1p-11f), 0x3c02) << "tie rounds up to the even mantissa 2";
    EXPECT_EQ(fp32_to_fp16(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01) << "just above a tie rounds up";
    EXPECT_EQ(fp32_to_fp16(1.0f + 0x1p-11f - 0x1p-20f), 0x3c00) << "just below a tie rounds down";
    EXPECT_EQ(fp32_to_fp16(2.0f - 0x1p-12f), 0x4000) << "rounding carries into the exponent";
}

TEST(Fp16, EncodesOverflowInfinityAndNan) {
    EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7bff);
    EXPECT_EQ(fp32_to_fp16(65519.0f), 0x7bff) << "below the midpoint to the next step stays finite";
    EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00) << "the tie above 65504 rounds to even, which is infinity";
    EXPECT_EQ(fp32_to_fp16(1e10f), 0x7c00);
    EXPECT_EQ(fp32_to_fp16(-1e10f), 0xfc00);
    EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::infinity()), 0x7c00);
    EXPECT_EQ(fp32_to_fp16(-std::numeric_limits<float>::infinity()), 0xfc00);
    EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::quiet_NaN()), 0x7e00);
    EXPECT_EQ(fp32_to_fp16(-std::numeric_limits<float>::quiet_NaN()), 0xfe00);
    EXPECT_EQ(fp32_to_fp16(std::bit_cast<float>(0x7f800001u)), 0x7e00) << "signalling nan becomes a quiet nan";
}

TEST(Fp16, EncodesSubnormalsWithRoundToNearestEven) {
    // Subnormal halves count in units of 2^-24.
    EXPECT_EQ(fp32_to_fp16(0x1p-24f), 0x0001);
    EXPECT_EQ(fp32_to_fp16(1023 * 0x1p-24f), 0x03ff);
    EXPECT_EQ(fp32_to_fp16(0x1p-25f), 0x0000) << "half a unit ties to even zero";
    EXPECT_EQ(fp32_to_fp16(-0x1p-25f), 0x8000);
    EXPECT_EQ(fp32_to_fp16(0x1.8p-25f), 0x0001) << "three quarters of a unit rounds up";
    EXPECT_EQ(fp32_to_fp16(0x1p-26f), 0x0000);
    EXPECT_EQ(fp32_to_fp16(1.5f * 0x1p-24f), 0x0002) << "1.5 units ties to even 2";
    EXPECT_EQ(fp32_to_fp16(2.5f * 0x1p-24f), 0x0002) << "2.5 units ties to even 2";
    EXPECT_EQ(fp32_to_fp16(1023.5f * 0x1p-24f), 0x0400) << "largest subnormal + half a unit rounds to the smallest normal";
    EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::denorm_min()), 0x0000);
}

TEST(Fp16, EveryNonNanHalfSurvivesARoundTrip) {
    for (uint32_t h = 0; h <= 0xffff; ++h) {
        bool is_nan = (h & 0x7c00) == 0x7c00 && (h & 0x03ff) != 0;
        if (is_nan) continue;
        ASSERT_EQ(fp32_to_fp16(fp16_to_fp32(static_cast<uint16_t>(h))), h) << std::hex << h;
    }
}

TEST(Bf16, ConvertsWithRoundToNearestEvenAndQuietNans) {
    EXPECT_EQ(bf16_to_fp32(0x3f80), 1.0f);
    EXPECT_EQ(bf16_to_fp32(0xc2f7), -123.5f);
    EXPECT_EQ(fp32_to_bf16(1.0f), 0x3f80);
    // bf16 keeps 7 mantissa bits: near 1 the spacing is 2^-7, ties at odd multiples of 2^-8.
    EXPECT_EQ(fp32_to_bf16(1.0f + 0x1p-8f), 0x3f80) << "tie to even (down)";
    EXPECT_EQ(fp32_to_bf16(1.0f + 3 * 0x1p-8f), 0x3f82) << "tie to even (up)";
    EXPECT_EQ(fp32_to_bf16(1.0f + 0x1p-8f + 0x1p-20f), 0x3f81);
    EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::infinity()), 0x7f80);
    EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::max()), 0x7f80) << "rounds up into infinity";
    EXPECT_EQ(fp32_to_bf16(std::bit_cast<float>(0x7f800001u)), 0x7fc0) << "signalling nan becomes quiet";
    EXPECT_EQ(fp32_to_bf16(std::bit_cast<float>(0xffc00000u)), 0xffc0);
}

TEST(DequantizeRow, PlainTypesDecodeElementByElement) {
    std::vector<float> f32 = {1.5f, -0.0f, 3e38f};
    std::vector<uint8_t> f32_bytes(12);
    std::memcpy(f32_bytes.data(), f32.data(), 12);
    EXPECT_EQ(dequantize(GgmlType::F32, f32_bytes, 3), f32);

    std::vector<uint8_t> f16_bytes(6);
    put_u16(&f16_bytes[0], kHalfOne);
    put_u16(&f16_bytes[2], kHalfMinusTwo);
    put_u16(&f16_bytes[4], 0x0001);
    EXPECT_EQ(dequantize(GgmlType::F16, f16_bytes, 3), (std::vector<float>{1.0f, -2.0f, 0x1p-24f}));

    std::vector<uint8_t> bf16_bytes(4);
    put_u16(&bf16_bytes[0], 0x3f80);
    put_u16(&bf16_bytes[2], 0xc2f7);
    EXPECT_EQ(dequantize(GgmlType::BF16, bf16_bytes, 2), (std::vector<float>{1.0f, -123.5f}));
}

TEST(DequantizeRow, Q8_0IsScaleTimesSignedByte) {
    // Block: f16 d, then 32 int8 quants. Two blocks with d = 0.5 and d = -2.
    std::vector<uint8_t> blocks(2 * 34);
    put_u16(&blocks[0], kHalfHalf);
    put_u16(&blocks[34], kHalfMinusTwo);
    for (int j = 0; j < 32; ++j) {
        blocks[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(j * 8 - 128));  // -128 .. 120
        blocks[36 + j] = static_cast<uint8_t>(static_cast<int8_t>(127 - j));
    }
    auto y = dequantize(GgmlType::Q8_0, blocks, 64);
    for (int j = 0; j < 32; ++j) {
        EXPECT_EQ(y[j], 0.5f * (j * 8 - 128)) << j;
        EXPECT_EQ(y[32 + j], -2.0f * (127 - j)) << j;
    }
}

TEST(DequantizeRow, Q4_0LowNibblesFillTheFirstHalfHighNibblesTheSecond) {
    // Block: f16 d, then 16 bytes; byte j holds element j (low nibble) and j+16 (high), offset by 8.
    std::vector<uint8_t> block(18);
    put_u16(&block[0], kHalfMinusTwo);
    for (int j = 0; j < 16; ++j) block[2 + j] = static_cast<uint8_t>(j | ((15 - j) << 4));
    auto y = dequantize(GgmlType::Q4_0, block, 32);
    for (int j = 0; j < 16; ++j) {
        EXPECT_EQ(y[j], -2.0f * (j - 8)) << j;
        EXPECT_EQ(y[16 + j], -2.0f * ((15 - j) - 8)) << j;
    }
    EXPECT_EQ(y[0], 16.0f);   // nibble 0 is the most negative quant, times a negative scale
    EXPECT_EQ(y[16], -14.0f); // nibble 15
}

TEST(DequantizeRow, Q4_KUsesSixBitScalesAndMinsPerThirtyTwoElements) {
    // Block: f16 d, f16 dmin, 12 packed scale bytes, 128 quant bytes. Element e belongs to
    // sub-block s = e/32 and sits in byte 32*(e/64) + e%32: low nibble if s is even, high if odd.
    // value = d * scale[s] * q - dmin * min[s].
    const float d = 2.0f, dmin = 0.5f;
    std::vector<uint8_t> block = random_bytes(144, 7);
    put_u16(&block[0], kHalfTwo);
    put_u16(&block[2], kHalfHalf);
    auto packed = pack_k_scales(kScales, kMins);
    std::memcpy(&block[4], packed.data(), 12);
    const uint8_t* qs = &block[16];

    auto y = dequantize(GgmlType::Q4_K, block, 256);
    for (int e = 0; e < 256; ++e) {
        int s = e / 32;
        uint8_t byte = qs[32 * (e / 64) + e % 32];
        int q = s % 2 == 0 ? byte & 15 : byte >> 4;
        EXPECT_EQ(y[e], d * kScales[s] * q - dmin * kMins[s]) << "element " << e;
    }
}

TEST(DequantizeRow, Q5_KAddsAFifthBitFromTheHighBitPlanes) {
    // As Q4_K, plus 32 bytes qh before the quants: bit s of qh[e%32] is the fifth bit (16) of
    // element e in sub-block s = e/32.
    const float d = 0.5f, dmin = 2.0f;
    std::vector<uint8_t> block = random_bytes(176, 11);
    put_u16(&block[0], kHalfHalf);
    put_u16(&block[2], kHalfTwo);
    auto packed = pack_k_scales(kScales, kMins);
    std::memcpy(&block[4], packed.data(), 12);
    const uint8_t* qh = &block[16];
    const uint8_t* qs = &block[48];

    auto y = dequantize(GgmlType::Q5_K, block, 256);
    for (int e = 0; e < 256; ++e) {
        int s = e / 32;
        uint8_t byte = qs[32 * (e / 64) + e % 32];
        int q = (s % 2 == 0 ? byte & 15 : byte >> 4) + 16 * ((qh[e % 32] >> s) & 1);
        EXPECT_EQ(y[e], d * kScales[s] * q - dmin * kMins[s]) << "element " << e;
    }
}

TEST(DequantizeRow, Q6_KCombinesFourLowAndTwoHighBitsWithSignedScalesPerSixteen) {
    // Block: 128 bytes ql, 64 bytes qh, 16 int8 scales, f16 d. Element e = 128*h + 32*k + l
    // (h half, k quarter, l < 32): low 4 bits from ql[64*h + l + 32*(k%2)] (low nibble for k < 2,
    // high otherwise), high 2 bits from qh[32*h + l] >> 2k; q = bits - 32; value = d * scale[e/16] * q.
    const float d = -0.5f;
    std::vector<uint8_t> block = random_bytes(210, 13);
    put_u16(&block[208], 0xb800);  // -0.5
    const int8_t scales[16] = {1, -1, 127, -128, 5, -7, 0, 64, -64, 33, -33, 2, 100, -100, 9, -9};
    std::memcpy(&block[192], scales, 16);
    const uint8_t* ql = &block[0];
    const uint8_t* qh = &block[128];

    auto y = dequantize(GgmlType::Q6_K, block, 256);
    for (int e = 0; e < 256; ++e) {
        int h = e / 128, k = (e % 128) / 32, l = e % 32;
        uint8_t low_byte = ql[64 * h + l + 32 * (k % 2)];
        int low = k < 2 ? low_byte & 15 : low_byte >> 4;
        int high = (qh[32 * h + l] >> (2 * k)) & 3;
        int q = (low | (high << 4)) - 32;
        EXPECT_EQ(y[e], d * scales[e / 16] * q) << "element " << e;
    }
}

TEST(DequantizeRow, Q6_KExtremeQuantsAndScales) {
    // All bits set gives q = 63 - 32 = 31; all clear gives -32.
    std::vector<uint8_t> block(210, 0xff);
    std::memset(&block[192], 0x80, 16);  // every scale -128
    put_u16(&block[208], kHalfOne);
    EXPECT_EQ(dequantize(GgmlType::Q6_K, block, 256)[255], -128.0f * 31);
    std::memset(&block[0], 0, 192);
    EXPECT_EQ(dequantize(GgmlType::Q6_K, block, 256)[0], -128.0f * -32);
}

TEST(DequantizeRow, MultiBlockRowsDecodeEachBlockIndependently) {
    // Two Q4_K blocks: the second decodes as if it were alone.
    std::vector<uint8_t> two = random_bytes(288, 21);
    for (size_t b = 0; b < 2; ++b) {
        put_u16(&two[144 * b], kHalfOne);
        put_u16(&two[144 * b + 2], kHalfHalf);
    }
    std::vector<uint8_t> second(two.begin() + 144, two.end());
    auto both = dequantize(GgmlType::Q4_K, two, 512);
    auto alone = dequantize(GgmlType::Q4_K, second, 256);
    EXPECT_EQ(std::vector<float>(both.begin() + 256, both.end()), alone);
}
