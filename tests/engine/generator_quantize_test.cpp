// The generator's quantizers write ggml's block layouts: dequantizing gives back the input up
// to each format's precision.
#include "gen/quantize.h"
#include "gguf/gguf_writer.h"
#include "reference/dequant.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace ponder::gen {
namespace {

std::vector<float> round_trip(GgmlType type, const std::vector<float>& x) {
    std::vector<uint8_t> bytes(ggml_tensor_bytes(type, x.size()));
    quantize_row(type, x.data(), bytes.data(), x.size());
    std::vector<float> y(x.size());
    reference::dequantize_row(type, bytes.data(), y.data(), y.size());
    return y;
}

// Root-mean-square error relative to the RMS of the input.
double relative_rms_error(const std::vector<float>& x, const std::vector<float>& y) {
    double err = 0, ref = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        err += (x[i] - y[i]) * double(x[i] - y[i]);
        ref += double(x[i]) * x[i];
    }
    return std::sqrt(err / ref);
}

struct Precision {
    GgmlType type;
    double max_error;  // about half a quantization step relative to the values' spread
};

class QuantizerRoundTrip : public ::testing::TestWithParam<Precision> {};

TEST_P(QuantizerRoundTrip, ErrorWithinTheFormatsPrecision) {
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    std::vector<float> x(4 * 256);
    for (float& v : x) v = normal(rng) + 0.01f;  // an offset exercises the K-quant minimums
    EXPECT_LT(relative_rms_error(x, round_trip(GetParam().type, x)), GetParam().max_error);
}

TEST_P(QuantizerRoundTrip, ZerosStayZero) {
    const std::vector<float> zeros(512, 0.0f);
    EXPECT_EQ(round_trip(GetParam().type, zeros), zeros);
}

INSTANTIATE_TEST_SUITE_P(Types, QuantizerRoundTrip,
                         ::testing::Values(Precision{GgmlType::F16, 1e-3}, Precision{GgmlType::BF16, 5e-3},
                                           Precision{GgmlType::Q8_0, 0.01}, Precision{GgmlType::Q6_K, 0.04},
                                           Precision{GgmlType::Q5_K, 0.06}, Precision{GgmlType::Q4_0, 0.15},
                                           Precision{GgmlType::Q4_K, 0.12}, Precision{GgmlType::Q4_1, 0.12},
                                           Precision{GgmlType::Q5_0, 0.08}, Precision{GgmlType::Q5_1, 0.06},
                                           Precision{GgmlType::Q3_K, 0.25}, Precision{GgmlType::Q2_K, 0.45},
                                           Precision{GgmlType::IQ4_NL, 0.12}, Precision{GgmlType::IQ4_XS, 0.12},
                                           Precision{GgmlType::IQ3_S, 0.3}, Precision{GgmlType::IQ3_XXS, 0.35},
                                           Precision{GgmlType::IQ2_S, 0.35}, Precision{GgmlType::IQ2_XS, 0.35},
                                           Precision{GgmlType::IQ2_XXS, 0.42}),
                         [](const auto& info) {
                             return std::string(ggml_type_traits(uint32_t(info.param.type))->name);
                         });

TEST(Quantizer, F32IsCopied) {
    const std::vector<float> x = {1.5f, -2.25f, 3e-8f, 1e9f};
    EXPECT_EQ(round_trip(GgmlType::F32, x), x);
}

TEST(Quantizer, Q8_0KeepsTheLargestValueOfABlock) {
    std::vector<float> x(32, 0.0f);
    x[5] = -0.75f;
    x[9] = 0.25f;
    const std::vector<float> y = round_trip(GgmlType::Q8_0, x);
    EXPECT_NEAR(y[5], -0.75f, 1e-3);
    EXPECT_NEAR(y[9], 0.25f, 0.75f / 127);
}

// Random blocks (the fast fill for benchmark models) decode to finite values of mean ~0 and the
// asked-for spread (within 10 %), for every block type.
class RandomBlocks : public ::testing::TestWithParam<GgmlType> {};

TEST_P(RandomBlocks, DecodeToFiniteValuesOfTheAskedForSpread) {
    const size_t n = 64 * 256;
    std::vector<uint8_t> bytes(ggml_tensor_bytes(GetParam(), n));
    std::mt19937_64 rng(7);
    for (uint8_t& b : bytes) b = uint8_t(rng());
    const float sigma = 0.02f;
    set_random_block_scales(GetParam(), sigma, bytes.data(), n);
    std::vector<float> x(n);
    reference::dequantize_row(GetParam(), bytes.data(), x.data(), n);
    double sum = 0, sq = 0;
    for (float v : x) {
        ASSERT_TRUE(std::isfinite(v));
        sum += v;
        sq += double(v) * v;
    }
    const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
    EXPECT_NEAR(sd, sigma, 0.1 * sigma);
    EXPECT_LT(std::fabs(mean), 0.15 * sigma); // Q4_0's quants -8..7 average -0.5 d = -0.11 sigma
}

INSTANTIATE_TEST_SUITE_P(Types, RandomBlocks,
                         ::testing::Values(GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_K, GgmlType::Q5_K,
                                           GgmlType::Q6_K),
                         [](const auto& info) { return std::string(ggml_type_traits(uint32_t(info.param))->name); });

} // namespace
} // namespace ponder::gen
