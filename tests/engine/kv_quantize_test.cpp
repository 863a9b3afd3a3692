// KV cache types on the CPU: names, sizes (the QwQ-32B numbers the fit check uses), and the reference
// quantizers rounding as ggml's quantize_row_q8_0_ref / quantize_row_q4_0_ref.
#include "model/kv_cache.h"
#include "model/kv_cache_type.h"
#include "reference/dequant.h"
#include "reference/kv_quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace ponder {
namespace {

constexpr uint64_t kGiB = uint64_t(1) << 30;

TEST(KvCacheType, ParsesLlamaCppNamesAndNamesTheBadOne) {
    EXPECT_EQ(*parse_kv_cache_type("f16"), KvCacheType::F16);
    EXPECT_EQ(*parse_kv_cache_type("q8_0"), KvCacheType::Q8_0);
    EXPECT_EQ(*parse_kv_cache_type("q4_0"), KvCacheType::Q4_0);
    auto bad = parse_kv_cache_type("q5_1");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("'q5_1' (use f16, q8_0 or q4_0)"), std::string::npos) << bad.error().message;
}

TEST(KvCacheType, QwQ32BAt32kContextNeeds8GiBInF16AndAbout4Point3InQ8_0) {
    ModelConfig qwq{};
    qwq.n_layers = 64;
    qwq.n_heads = 40;
    qwq.n_kv_heads = 8;
    qwq.head_dim = 128;
    const uint32_t n_ctx = 32768;
    EXPECT_EQ(KvCache::bytes_for(qwq, n_ctx), 8 * kGiB);
    EXPECT_EQ(KvCache::bytes_for(qwq, n_ctx, {KvCacheType::Q8_0, KvCacheType::Q8_0}), 8 * kGiB / 32 * 17);  // 4.25 GiB
    EXPECT_EQ(KvCache::bytes_for(qwq, n_ctx, {KvCacheType::Q4_0, KvCacheType::Q4_0}), 8 * kGiB / 32 * 9);   // 2.25 GiB
    EXPECT_EQ(KvCache::bytes_for(qwq, n_ctx, {KvCacheType::Q8_0, KvCacheType::F16}), 4 * kGiB + 4 * kGiB / 32 * 17);
}

TEST(KvCacheType, QuantizedCachesNeedRowsOfWholeBlockPairs) {
    ModelConfig c{};
    c.n_heads = c.n_kv_heads = 1;
    c.head_dim = 96;  // kv_dim 96: one and a half pairs of 32-value blocks
    EXPECT_TRUE(check_kv_cache_types({}, c).ok());
    auto error = check_kv_cache_types({KvCacheType::F16, KvCacheType::Q4_0}, c);
    ASSERT_FALSE(error.ok());
    EXPECT_NE(error.error().message.find("q4_0 KV cache needs key/value rows of a multiple of 64"), std::string::npos);
}

float f16_at(const uint8_t* p) { return reference::fp16_to_fp32(uint16_t(p[0] | p[1] << 8)); }

TEST(KvQuantize, Q8_0ScalesByTheLargestMagnitudeAndRoundsHalvesAwayFromZero) {
    // amax 127: d = 1, so x / d is x itself; 2.5 -> 3 and -2.5 -> -3 (roundf), not to even.
    std::vector<float> x(32, 0.0f);
    x[0] = -127;
    x[1] = 2.5f;
    x[2] = -2.5f;
    x[3] = 0.49f;
    uint8_t block[34];
    reference::quantize_row_q8_0(x.data(), block, 32);
    EXPECT_EQ(f16_at(block), 1.0f);
    EXPECT_EQ(int8_t(block[2]), -127);
    EXPECT_EQ(int8_t(block[3]), 3);
    EXPECT_EQ(int8_t(block[4]), -3);
    EXPECT_EQ(int8_t(block[5]), 0);
}

TEST(KvQuantize, Q4_0MapsTheFirstLargestValueToMinusEightAndPacksHalvesIntoNibbles) {
    // -4 comes before +4: d = -4 / -8 = 0.5, so -4 -> 0 and +4 -> 8 + 8 = 16, clamped to 15.
    std::vector<float> x(32, 0.0f);
    x[0] = -4;
    x[5] = 4;
    x[16] = 1.0f;   // high nibble of byte 0: 1 / 0.5 + 8.5 = 10.5 -> 10
    x[17] = -0.25f; // high nibble of byte 1: -0.5 + 8.5 = 8
    uint8_t block[18];
    reference::quantize_row_q4_0(x.data(), block, 32);
    EXPECT_EQ(f16_at(block), 0.5f);
    EXPECT_EQ(block[2], 0x00 | 10 << 4);
    EXPECT_EQ(block[3], 0x08 | 8 << 4);
    EXPECT_EQ(block[2 + 5], 0x0f | 8 << 4);
}

TEST(KvQuantize, RoundTripErrorShrinksWithTheBits) {
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.0f, 2.0f);
    std::vector<float> x(4096);
    for (float& v : x) v = normal(rng);
    auto rms_error = [&](KvCacheType type) {
        std::vector<float> y = x;
        reference::round_to_kv_cache_type(type, y);
        double sum = 0, ref = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            sum += double(y[i] - x[i]) * (y[i] - x[i]);
            ref += double(x[i]) * x[i];
        }
        return std::sqrt(sum / ref);
    };
    const double f16 = rms_error(KvCacheType::F16), q8 = rms_error(KvCacheType::Q8_0), q4 = rms_error(KvCacheType::Q4_0);
    EXPECT_LT(f16, 1e-3);
    EXPECT_LT(q8, 1e-2);   // about 1/254 of a block's range per value
    EXPECT_LT(q4, 0.15);   // about 1/16
    EXPECT_LT(f16, q8);
    EXPECT_LT(q8, q4);
}

} // namespace
} // namespace ponder
