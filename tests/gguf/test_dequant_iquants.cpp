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

} // namespace

TEST(IQuantTables, Iq4LevelsAreSixteenIncreasingSignedBytes) {
    for (int i = 1; i < 16; ++i) EXPECT_LT(kvalues_iq4nl[i - 1], kvalues_iq4nl[i]) << i;
    EXPECT_EQ(kvalues_iq4nl[0], -127);
    EXPECT_EQ(kvalues_iq4nl[15], 113);
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
