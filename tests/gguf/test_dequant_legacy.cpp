// Q4_1, Q5_0 and Q5_1 decode as ggml-common.h defines the blocks, bit for bit: each expected element is
// computed here from the block layout (not by calling ggml code), on random blocks with extreme scales.
#include "dequant_spec.h"

using namespace ponder;
using namespace ponder::dequant_spec;

namespace {

// Element e < 16 is the low nibble of qs[e], element e >= 16 the high nibble of qs[e - 16].
int nibble(const uint8_t* qs, int e) { return e < 16 ? qs[e] & 15 : qs[e - 16] >> 4; }

// The Q5 types take bit e of the little-endian 32-bit qh as the fifth bit of element e.
int fifth_bit(const uint8_t* qh, int e) { return (get_u32(qh) >> e) & 1; }

} // namespace

TEST(DequantizeLegacy, Q4_1IsScaleTimesNibblePlusMinimum) {
    // Block: f16 d | f16 m | u8 qs[16]; y = q * d + m.
    const auto blocks = blocks_with_extreme_scales(20, {0, 2}, 31);
    expect_decodes_as(GgmlType::Q4_1, blocks, 20, 32, [](const uint8_t* b, int e) {
        return float(nibble(b + 4, e)) * half(b) + half(b + 2);
    });
}

TEST(DequantizeLegacy, Q5_0IsScaleTimesFiveBitsMinusSixteen) {
    // Block: f16 d | u8 qh[4] | u8 qs[16]; y = (q - 16) * d with q = nibble + 16 * fifth bit.
    const auto blocks = blocks_with_extreme_scales(22, {0}, 32);
    expect_decodes_as(GgmlType::Q5_0, blocks, 22, 32, [](const uint8_t* b, int e) {
        return float(nibble(b + 6, e) + 16 * fifth_bit(b + 2, e) - 16) * half(b);
    });
}

TEST(DequantizeLegacy, Q5_1IsScaleTimesFiveBitsPlusMinimum) {
    // Block: f16 d | f16 m | u8 qh[4] | u8 qs[16]; y = q * d + m.
    const auto blocks = blocks_with_extreme_scales(24, {0, 2}, 33);
    expect_decodes_as(GgmlType::Q5_1, blocks, 24, 32, [](const uint8_t* b, int e) {
        return float(nibble(b + 8, e) + 16 * fifth_bit(b + 4, e)) * half(b) + half(b + 2);
    });
}

TEST(DequantizeLegacy, Q5_0ExtremeQuants) {
    // All quant bits set: q = 31 -> 15 * d; all clear: q = 0 -> -16 * d.
    std::vector<uint8_t> block(22, 0xff);
    put_u16(&block[0], 0x4000);  // d = 2
    std::vector<float> y(32);
    reference::dequantize_row(GgmlType::Q5_0, block.data(), y.data(), 32);
    EXPECT_EQ(y[0], 30.0f);
    EXPECT_EQ(y[31], 30.0f);
    std::memset(&block[2], 0, 20);
    reference::dequantize_row(GgmlType::Q5_0, block.data(), y.data(), 32);
    EXPECT_EQ(y[7], -32.0f);
}
