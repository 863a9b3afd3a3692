// The reference operators on hand-checked inputs.
#include "reference/dequant.h"
#include "reference/ops.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace ponder::reference {
namespace {

TEST(ReferenceOps, RmsNormScalesToUnitRootMeanSquare) {
    const std::vector<float> x = {3, 4, 0, 0, 1, 1, 1, 1};  // two rows of 4
    const std::vector<float> w = {1, 2, 1, 1};
    std::vector<float> out(8);
    rms_norm(x, w, 0.0f, out);
    const float rms0 = std::sqrt(25.0f / 4);
    EXPECT_FLOAT_EQ(out[0], 3 / rms0);
    EXPECT_FLOAT_EQ(out[1], 2 * 4 / rms0);
    EXPECT_FLOAT_EQ(out[5], 2.0f);
}

TEST(ReferenceOps, MatmulMultipliesEveryTokenByEveryRow) {
    // W rows (f32): [1 2], [3 4], [5 6]; two tokens [1 1], [1 -1].
    const std::vector<float> w = {1, 2, 3, 4, 5, 6};
    const WeightMatrix m{GgmlType::F32, reinterpret_cast<const uint8_t*>(w.data()), 2, 3};
    const std::vector<float> x = {1, 1, 1, -1};
    std::vector<float> y(6);
    matmul(m, x.data(), 2, y.data());
    EXPECT_EQ(y, (std::vector<float>{3, 7, 11, -1, -1, -1}));
}

TEST(ReferenceOps, RopeStylesPairDifferentDimensions) {
    // head_dim 4: pair 0 rotates by pos * 1, pair 1 by pos * base^(-1/2) = pos / 100.
    const RopeFrequencies freqs = rope_frequencies(RopeConfig{.base = 10000.0f}, 4);
    std::vector<float> norm = {1, 0, 1, 0}, neox = {1, 1, 0, 0};
    rope(norm, 4, 1, freqs, RopeStyle::Norm);
    rope(neox, 4, 1, freqs, RopeStyle::Neox);
    EXPECT_NEAR(norm[0], std::cos(1.0f), 1e-6);
    EXPECT_NEAR(norm[1], std::sin(1.0f), 1e-6);
    EXPECT_NEAR(norm[2], std::cos(0.01f), 1e-6);
    EXPECT_NEAR(norm[3], std::sin(0.01f), 1e-6);
    EXPECT_NEAR(neox[0], std::cos(1.0f), 1e-6);  // (x0, x2) is neox pair 0
    EXPECT_NEAR(neox[2], std::sin(1.0f), 1e-6);
    EXPECT_NEAR(neox[1], std::cos(0.01f), 1e-6);
    EXPECT_NEAR(neox[3], std::sin(0.01f), 1e-6);
}

TEST(ReferenceOps, RopeAtPositionZeroIsIdentity) {
    std::vector<float> v = {0.5f, -1, 2, 3, 4, 5, 6, 7};
    const std::vector<float> before = v;
    rope(v, 4, 0, rope_frequencies(RopeConfig{.base = 1e6f}, 4), RopeStyle::Neox);
    EXPECT_EQ(v, before);
}

TEST(ReferenceOps, SoftmaxIsAStableDistribution) {
    std::vector<float> x = {1000, 1001, 1002};
    softmax(x);
    EXPECT_NEAR(std::accumulate(x.begin(), x.end(), 0.0f), 1.0f, 1e-6);
    EXPECT_NEAR(x[2] / x[1], std::exp(1.0f), 1e-4);
}

TEST(ReferenceOps, SwigluGatesWithSilu) {
    const std::vector<float> gate = {0, 2}, up = {5, 3};
    std::vector<float> out(2);
    swiglu(gate, up, out);
    EXPECT_FLOAT_EQ(out[0], 0);
    EXPECT_FLOAT_EQ(out[1], 2 / (1 + std::exp(-2.0f)) * 3);
}

TEST(ReferenceOps, AttentionUsesGroupedKvHeadsAndCausalPositions) {
    // 2 query heads share 1 KV head of size 2; two cached positions.
    const std::vector<float> k = {1, 0, 0, 1}, v = {10, 20, 30, 40};
    const std::vector<float> q = {100, 0, 0, 100};  // head 0 attends to pos 0, head 1 to pos 1
    std::vector<float> out(4);
    attention(q, k.data(), v.data(), 2, 2, 1, 2, out);
    EXPECT_NEAR(out[0], 10, 1e-3);
    EXPECT_NEAR(out[1], 20, 1e-3);
    EXPECT_NEAR(out[2], 30, 1e-3);
    EXPECT_NEAR(out[3], 40, 1e-3);
    // With one visible position the output is that position's value, whatever the query.
    attention(q, k.data(), v.data(), 1, 2, 1, 2, out);
    EXPECT_EQ(out, (std::vector<float>{10, 20, 10, 20}));
}

TEST(ReferenceOps, KvRoundingMatchesHalfPrecision) {
    std::vector<float> x = {1.0f, 1.0f + 1.0f / 4096, 65504.0f, 0.1f};
    round_to_f16(x);
    EXPECT_EQ(x[0], 1.0f);
    EXPECT_EQ(x[1], 1.0f);  // below half an f16 ulp (2^-10) at 1
    EXPECT_EQ(x[2], 65504.0f);
    EXPECT_EQ(x[3], fp16_to_fp32(fp32_to_fp16(0.1f)));
    EXPECT_NE(x[3], 0.1f);
}

} // namespace
} // namespace ponder::reference
