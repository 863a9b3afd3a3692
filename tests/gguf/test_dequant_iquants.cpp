// The i-quants decode as ggml-common.h defines the blocks, bit for bit: each expected element is computed
// here from the block layout (not by calling ggml code), on random blocks with extreme f16 scales. The
// codebooks themselves are checked for the shape ggml gives them.
#include "dequant_spec.h"

#include "gguf/ggml_iq_tables.h"

#include <set>

using namespace ponder;
using namespace ponder::dequant_spec;
using namespace ponder::ggml_tables;

namespace {

// Element e < 16 is the low nibble of qs[e], element e >= 16 the high nibble of qs[e - 16].
int nibble(const uint8_t* qs, int e) { return e < 16 ? qs[e] & 15 : qs[e - 16] >> 4; }

int magnitude(uint64_t point, int j) { return int((point >> (8 * j)) & 0xFF); }

// A codebook as ggml builds it: points in increasing order (as integers), every magnitude from `levels`.
template <size_t N, class T>
void expect_well_formed_grid(const T (&grid)[N], int width, std::set<int> levels) {
    for (size_t i = 0; i < N; ++i) {
        if (i > 0) EXPECT_LT(uint64_t(grid[i - 1]), uint64_t(grid[i])) << "point " << i;
        for (int j = 0; j < width; ++j) EXPECT_TRUE(levels.count(magnitude(grid[i], j))) << "point " << i;
    }
}

} // namespace

TEST(IQuantTables, Iq4LevelsAreSixteenIncreasingSignedBytes) {
    for (int i = 1; i < 16; ++i) EXPECT_LT(kvalues_iq4nl[i - 1], kvalues_iq4nl[i]) << i;
    EXPECT_EQ(kvalues_iq4nl[0], -127);
    EXPECT_EQ(kvalues_iq4nl[15], 113);
}

TEST(IQuantTables, GridsAreIncreasingPointsOfTheFormatsLevels) {
    expect_well_formed_grid(iq2xxs_grid, 8, {8, 25, 43});
    expect_well_formed_grid(iq2xs_grid, 8, {8, 25, 43});
    expect_well_formed_grid(iq2s_grid, 8, {8, 25, 43, 62});
    expect_well_formed_grid(iq3xxs_grid, 4, {4, 12, 20, 28, 36, 44, 52, 62});
    expect_well_formed_grid(iq3s_grid, 4, {1, 3, 5, 7, 9, 11, 13, 15});
}

TEST(IQuantTables, SignTableHasEvenParity) {
    // ggml's ksigns_iq2xs: entry i is i with bit 7 set when i has an odd number of set bits.
    for (int i = 0; i < 128; ++i) EXPECT_EQ(ksigns_iq2xs[i], i | ((__builtin_popcount(i) & 1) << 7)) << i;
    EXPECT_EQ(ksigns_iq2xs[1], 129);
    EXPECT_EQ(ksigns_iq2xs[127], 255);
}

TEST(DequantizeIQuants, IQ4_NLIsScaleTimesNonLinearLevel) {
    // Block: f16 d | u8 qs[16]; y = d * level[nibble].
    const auto blocks = blocks_with_extreme_scales(18, {0}, 51);
    expect_decodes_as(GgmlType::IQ4_NL, blocks, 18, 32, [](const uint8_t* b, int e) {
        return half(b) * float(kvalues_iq4nl[nibble(b + 2, e)]);
    });
}

TEST(DequantizeIQuants, IQ4_XSIsSixBitSubBlockScaleTimesNonLinearLevel) {
    // Block: f16 d | u16 scales_h | u8 scales_l[4] | u8 qs[128]. Sub-block c = e / 32 has the 6-bit scale
    // ls = nibble c of scales_l (little-endian, low nibble first) | bits 2c..2c+1 of scales_h << 4 and the
    // nibbles qs[16c ..]; y = (d * (ls - 32)) * level[nibble].
    const auto blocks = blocks_with_extreme_scales(136, {0}, 52);
    expect_decodes_as(GgmlType::IQ4_XS, blocks, 136, 256, [](const uint8_t* b, int e) {
        const int c = e / 32;
        const int ls = ((get_u32(b + 4) >> (4 * c)) & 15) | (((get_u16(b + 2) >> (2 * c)) & 3) << 4);
        return (half(b) * float(ls - 32)) * float(kvalues_iq4nl[nibble(b + 8 + 16 * c, e % 32)]);
    });
}

// In the IQ3 formats element e sits in sub-block c = e / 32, sign group l = (e % 32) / 8 at bit j = e % 8,
// and grid index k = e % 32 / 4 of its sub-block, as magnitude j % 4 of that point.
TEST(DequantizeIQuants, IQ3_XXSIsGridMagnitudeWithParitySignsTimesSubBlockScale) {
    // Block: f16 d | u8 qs[64] (grid indices, 8 per sub-block) | u32 aux[8]: four 7-bit sign groups and
    // a 4-bit scale s in the top bits; db = d * (0.5 + s) * 0.5; the sign byte is ksigns[7 bits].
    const auto blocks = blocks_with_extreme_scales(98, {0}, 53);
    expect_decodes_as(GgmlType::IQ3_XXS, blocks, 98, 256, [](const uint8_t* b, int e) {
        const int c = e / 32, l = e % 32 / 8, j = e % 8, k = e % 32 / 4;
        const uint32_t aux = get_u32(b + 66 + 4 * c);
        const float db = half(b) * (0.5f + float(aux >> 28)) * 0.5f;
        const bool negative = (ksigns_iq2xs[(aux >> (7 * l)) & 127] >> j) & 1;
        return db * float(magnitude(iq3xxs_grid[b[2 + 8 * c + k]], j % 4)) * (negative ? -1.0f : 1.0f);
    });
}

TEST(DequantizeIQuants, IQ3_SIsNineBitGridIndexWithSignBytesTimesSubBlockScale) {
    // Block: f16 d | u8 qs[64] | u8 qh[8] | u8 signs[32] | u8 scales[4]. Grid index = qs[8c + k] | bit k
    // of qh[c] << 8; sign = bit j of signs[4c + l]; db = d * (1 + 2 * nibble c of scales).
    const auto blocks = blocks_with_extreme_scales(110, {0}, 54);
    expect_decodes_as(GgmlType::IQ3_S, blocks, 110, 256, [](const uint8_t* b, int e) {
        const int c = e / 32, l = e % 32 / 8, j = e % 8, k = e % 32 / 4;
        const int index = b[2 + 8 * c + k] | (((b[66 + c] >> k) & 1) << 8);
        const int s = (b[106 + c / 2] >> (4 * (c % 2))) & 15;
        const bool negative = (b[74 + 4 * c + l] >> j) & 1;
        return half(b) * float(1 + 2 * s) * float(magnitude(iq3s_grid[index], j % 4)) * (negative ? -1.0f : 1.0f);
    });
}

// In the IQ2 formats element e sits in sub-block c = e / 32, group l = e % 32 / 8 (one grid point of eight
// magnitudes, its index k = e / 8 over the block) at position j = e % 8; each half of a sub-block, h = e % 32 / 16,
// has its own 4-bit scale s in IQ2_XS and IQ2_S, IQ2_XXS has one per sub-block; db = d * (0.5 + s) * 0.25.
namespace {

float iq2_scale(const uint8_t* b, int s) { return half(b) * (0.5f + float(s)) * 0.25f; }

// IQ2_XXS and IQ2_XS store 7 sign bits per group: the eighth sign makes the count of negatives even.
bool parity_sign(uint32_t seven_bits, int j) {
    return j < 7 ? (seven_bits >> j) & 1 : __builtin_popcount(seven_bits & 127) & 1;
}

float signed_magnitude(float db, uint64_t point, int j, bool negative) {
    return db * float(magnitude(point, j)) * (negative ? -1.0f : 1.0f);
}

} // namespace

TEST(DequantizeIQuants, IQ2_XXSIsGridMagnitudeWithParitySignsTimesSubBlockScale) {
    // Block: f16 d | per sub-block two u32: four 8-bit grid indices, then four 7-bit sign groups with s in bits 28-31.
    const auto blocks = blocks_with_extreme_scales(66, {0}, 55);
    expect_decodes_as(GgmlType::IQ2_XXS, blocks, 66, 256, [](const uint8_t* b, int e) {
        const int c = e / 32, l = e % 32 / 8, j = e % 8;
        const uint32_t signs_and_scale = get_u32(b + 2 + 8 * c + 4);
        const uint64_t point = iq2xxs_grid[b[2 + 8 * c + l]];
        return signed_magnitude(iq2_scale(b, int(signs_and_scale >> 28)), point, j,
                                parity_sign(signs_and_scale >> (7 * l), j));
    });
}

TEST(DequantizeIQuants, IQ2_XSIsNineBitGridIndexWithParitySignsTimesHalfSubBlockScale) {
    // Block: f16 d | u16 qs[32] (one per group: 9-bit grid index, 7 sign bits above) | u8 scales[8]
    // (nibble h of scales[c]).
    const auto blocks = blocks_with_extreme_scales(74, {0}, 56);
    expect_decodes_as(GgmlType::IQ2_XS, blocks, 74, 256, [](const uint8_t* b, int e) {
        const int c = e / 32, h = e % 32 / 16, k = e / 8, j = e % 8;
        const uint16_t q = get_u16(b + 2 + 2 * k);
        const int s = (b[66 + c] >> (4 * h)) & 15;
        return signed_magnitude(iq2_scale(b, s), iq2xs_grid[q % 512], j, parity_sign(q / 512, j));
    });
}

TEST(DequantizeIQuants, IQ2_SIsTenBitGridIndexWithSignBytesTimesHalfSubBlockScale) {
    // Block: f16 d | u8 qs[32] (grid index low bytes) | u8 signs[32] | u8 qh[8] (bits 2l, 2l + 1 of qh[c] are
    // index bits 8, 9 of group l) | u8 scales[8] (nibble h of scales[c]).
    const auto blocks = blocks_with_extreme_scales(82, {0}, 57);
    expect_decodes_as(GgmlType::IQ2_S, blocks, 82, 256, [](const uint8_t* b, int e) {
        const int c = e / 32, l = e % 32 / 8, h = e % 32 / 16, k = e / 8, j = e % 8;
        const int index = b[2 + k] + 256 * ((b[66 + c] >> (2 * l)) & 3);
        const int s = (b[74 + c] >> (4 * h)) & 15;
        return signed_magnitude(iq2_scale(b, s), iq2s_grid[index], j, (b[34 + k] >> j) & 1);
    });
}
