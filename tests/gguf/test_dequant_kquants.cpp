// Q2_K and Q3_K decode as ggml-common.h defines the blocks, bit for bit: each expected element is computed
// here from the block layout (not by calling ggml code), on random blocks with extreme f16 scales.
// Element e of a super-block is 128h + 32j + l (half h, quarter j, l < 32); its 2-bit field is bits
// 2j..2j+1 of qs[32h + l], and it belongs to 16-element sub-block s = e / 16 = 8h + 2j + l/16.
#include "dequant_spec.h"

using namespace ponder;
using namespace ponder::dequant_spec;

namespace {

int two_bits(const uint8_t* qs, int e) { return (qs[32 * (e / 128) + e % 32] >> (2 * ((e % 128) / 32))) & 3; }

} // namespace

TEST(DequantizeKQuants, Q2_KIsFourBitScaleTimesTwoBitsMinusFourBitMinimum) {
    // Block: u8 scales[16] | u8 qs[64] | f16 d | f16 dmin; scales[s] = sc | m << 4;
    // y = (d * sc) * q - dmin * m.
    const auto blocks = blocks_with_extreme_scales(84, {80, 82}, 41);
    expect_decodes_as(GgmlType::Q2_K, blocks, 84, 256, [](const uint8_t* b, int e) {
        const uint8_t sc = b[e / 16];
        const float dl = half(b + 80) * float(sc & 15), ml = half(b + 82) * float(sc >> 4);
        return dl * float(two_bits(b + 16, e)) - ml;
    });
}

TEST(DequantizeKQuants, Q3_KIsSixBitSignedScaleTimesThreeBitsMinusFour) {
    // Block: u8 hmask[32] | u8 qs[64] | u8 scales[12] | f16 d. The third bit of element e is bit e/32 of
    // hmask[e % 32]; q = two bits + 4 * third bit - 4. The 6-bit scale of sub-block s (stored + 32) has
    // its low nibble in scales[s % 8] (low nibble for s < 8, high otherwise) and its top two bits at bits
    // 2(s/4)..2(s/4)+1 of scales[8 + s % 4]; y = (d * (scale - 32)) * q.
    const auto blocks = blocks_with_extreme_scales(110, {108}, 42);
    expect_decodes_as(GgmlType::Q3_K, blocks, 110, 256, [](const uint8_t* b, int e) {
        const uint8_t* scales = b + 96;
        const int s = e / 16;
        const int low = (scales[s % 8] >> (4 * (s / 8))) & 15;
        const int high = (scales[8 + s % 4] >> (2 * (s / 4))) & 3;
        const int third = (b[e % 32] >> (e / 32)) & 1;
        const int q = two_bits(b + 32, e) + 4 * third - 4;
        return (half(b + 108) * float((low | (high << 4)) - 32)) * float(q);
    });
}

TEST(DequantizeKQuants, Q3_KExtremeScalesAndQuants) {
    // Every bit set: scale 63 - 32 = 31, q = 3 + 4 - 4 = 3; every bit clear: scale -32, q = -4.
    std::vector<uint8_t> block(110, 0xff);
    put_u16(&block[108], 0x3c00);
    std::vector<float> y(256);
    reference::dequantize_row(GgmlType::Q3_K, block.data(), y.data(), 256);
    EXPECT_EQ(y[255], 93.0f);
    std::memset(block.data(), 0, 108);
    reference::dequantize_row(GgmlType::Q3_K, block.data(), y.data(), 256);
    EXPECT_EQ(y[0], 128.0f);
}
