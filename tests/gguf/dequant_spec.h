// Helpers for the dequantization specification tests: blocks of random bytes with chosen f16 scales,
// the extreme scales every type is checked with, and a bit-for-bit comparison of decoded rows.
#pragma once

#include "reference/dequant.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

namespace ponder::dequant_spec {

inline void put_u16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }
inline uint16_t get_u16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}
inline uint32_t get_u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
inline float half(const uint8_t* p) { return reference::fp16_to_fp32(get_u16(p)); }

// f16 bit patterns for block scales: the largest finite values of both signs, the smallest normal, the
// smallest and largest subnormals, both zeros, ordinary values.
inline const std::vector<uint16_t>& extreme_scales() {
    static const std::vector<uint16_t> scales = {0x7bff, 0xfbff, 0x0400, 0x0001, 0x03ff, 0x8001,
                                                 0x0000, 0x8000, 0x3c00, 0xb555, 0x2e66, 0x1234};
    return scales;
}

inline std::vector<uint8_t> random_blocks(size_t n_bytes, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> bytes(n_bytes);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    return bytes;
}

// Decodes `blocks` with the reference and checks every element against `expected(block, e)`, which
// computes element e of one block from the format's definition; equality is bit for bit.
inline void expect_decodes_as(GgmlType type, const std::vector<uint8_t>& blocks, size_t block_bytes,
                              size_t block_elems, const std::function<float(const uint8_t*, int)>& expected) {
    const size_t n_blocks = blocks.size() / block_bytes;
    std::vector<float> out(n_blocks * block_elems, std::nanf(""));
    reference::dequantize_row(type, blocks.data(), out.data(), out.size());
    for (size_t b = 0; b < n_blocks; ++b)
        for (int e = 0; e < int(block_elems); ++e) {
            const float want = expected(blocks.data() + b * block_bytes, e);
            const float got = out[b * block_elems + e];
            ASSERT_EQ(std::bit_cast<uint32_t>(got), std::bit_cast<uint32_t>(want))
                << "block " << b << " element " << e << ": got " << got << ", want " << want;
        }
}

// Random blocks, one per extreme scale, with the f16 at each of `scale_offsets` set to that scale
// (the second and later offsets take the scales in reverse order, so d and m differ).
inline std::vector<uint8_t> blocks_with_extreme_scales(size_t block_bytes, std::vector<size_t> scale_offsets,
                                                       uint32_t seed) {
    const std::vector<uint16_t>& scales = extreme_scales();
    std::vector<uint8_t> blocks = random_blocks(scales.size() * block_bytes, seed);
    for (size_t b = 0; b < scales.size(); ++b)
        for (size_t k = 0; k < scale_offsets.size(); ++k)
            put_u16(&blocks[b * block_bytes + scale_offsets[k]], scales[k == 0 ? b : scales.size() - 1 - b]);
    return blocks;
}

} // namespace ponder::dequant_spec
