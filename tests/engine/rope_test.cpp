// RoPE angles (model/rope.h) as ggml's rope computes them: powers of the base, divided by Llama 3's
// frequency factors, stretched by linear scaling or by YaRN's ramp, with YaRN's cos/sin magnitude.
#include "model/rope.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ponder {
namespace {

TEST(Rope, PlainAnglesArePowersOfTheBase) {
    // head_dim 4: pair 0 turns 1 radian per position, pair 1 base^(-2/4) = 1/100.
    const RopeFrequencies f = rope_frequencies(RopeConfig{.base = 10000.0f}, 4);
    ASSERT_EQ(f.per_position.size(), 2u);
    EXPECT_DOUBLE_EQ(f.per_position[0], 1.0);
    EXPECT_NEAR(f.per_position[1], 0.01, 1e-12);
    EXPECT_EQ(f.magnitude, 1.0f);
    const CosSin at_3 = rope_cos_sin(f, 3, 0);
    EXPECT_FLOAT_EQ(at_3.cos, std::cos(3.0f));
    EXPECT_FLOAT_EQ(at_3.sin, std::sin(3.0f));
}

TEST(Rope, FrequencyFactorsDivideEachPairsAngle) {
    const RopeFrequencies f = rope_frequencies(RopeConfig{.base = 10000.0f, .freq_factors = {1.0f, 8.0f}}, 4);
    EXPECT_DOUBLE_EQ(f.per_position[0], 1.0);
    EXPECT_NEAR(f.per_position[1], 0.01 / 8, 1e-12);
}

TEST(Rope, LinearScalingDividesEveryAngleAndAttnFactorScalesTheRotation) {
    const RopeConfig linear{.base = 10000.0f, .scaling = RopeScaling::Linear, .factor = 4, .attn_factor = 0.5f};
    const RopeFrequencies f = rope_frequencies(linear, 4);
    EXPECT_DOUBLE_EQ(f.per_position[0], 0.25);
    EXPECT_NEAR(f.per_position[1], 0.0025, 1e-12);
    EXPECT_EQ(f.magnitude, 0.5f);
    EXPECT_FLOAT_EQ(rope_cos_sin(f, 0, 1).cos, 0.5f);
}

TEST(Rope, YarnKeepsFastPairsInterpolatesSlowOnesAndRampsBetween) {
    // head_dim 64, base 1e6, original context 4096: ggml's correction range starts at
    // floor(64 ln(4096 / (32 * 2pi)) / (2 ln 1e6)) = floor(6.98) = 6 (beta_fast 32) and ends at
    // ceil(64 ln(4096 / (1 * 2pi)) / (2 ln 1e6)) = ceil(15.01) = 16 (beta_slow 1).
    const RopeConfig yarn{.base = 1e6f, .scaling = RopeScaling::Yarn, .factor = 4, .original_context = 4096};
    const RopeFrequencies f = rope_frequencies(yarn, 64);
    const RopeFrequencies plain = rope_frequencies(RopeConfig{.base = 1e6f}, 64);
    for (uint32_t i = 0; i <= 6; ++i) EXPECT_NEAR(f.per_position[i] / plain.per_position[i], 1.0, 1e-6) << i;
    // Pair 11 sits halfway: mix 0.5 of the original angle and 0.5 of the angle / 4.
    EXPECT_NEAR(f.per_position[11] / plain.per_position[11], 0.5 + 0.5 / 4, 1e-6);
    for (uint32_t i = 16; i < 32; ++i) EXPECT_NEAR(f.per_position[i] / plain.per_position[i], 0.25, 1e-6) << i;
    // Magnitude 1 + 0.1 ln(factor): q.k grows by its square.
    EXPECT_NEAR(f.magnitude, 1 + 0.1 * std::log(4.0), 1e-6);
}

TEST(Rope, YarnBetasMoveTheRamp) {
    // beta_fast 64 instead of 32 starts the ramp one pair earlier: floor(64 ln(4096 / (64 * 2pi)) / (2 ln 1e6)) = 5,
    // so pair 6, kept whole with the default 32, is now partly interpolated.
    const RopeConfig yarn{.base = 1e6f, .scaling = RopeScaling::Yarn, .factor = 4, .original_context = 4096,
                          .yarn_beta_fast = 64};
    const RopeFrequencies f = rope_frequencies(yarn, 64);
    const RopeFrequencies plain = rope_frequencies(RopeConfig{.base = 1e6f}, 64);
    EXPECT_NEAR(f.per_position[5] / plain.per_position[5], 1.0, 1e-6);
    EXPECT_LT(f.per_position[6] / plain.per_position[6], 0.99);
}

TEST(Rope, YarnWithoutStretchIsPlainRope) {
    const RopeConfig yarn{.base = 1e6f, .scaling = RopeScaling::Yarn, .factor = 1, .original_context = 4096};
    const RopeFrequencies f = rope_frequencies(yarn, 64), plain = rope_frequencies(RopeConfig{.base = 1e6f}, 64);
    EXPECT_EQ(f.per_position, plain.per_position);
    EXPECT_EQ(f.magnitude, 1.0f);
}

} // namespace
} // namespace ponder
