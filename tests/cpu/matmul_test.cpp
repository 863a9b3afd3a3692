// Every CPU matmul kernel, on every instruction-set path this machine has, against the reference:
// weights quantized by the generator, dequantized by the reference, dotted in double.
#include "cpu/matmul.h"

#include "gen/quantize.h"
#include "reference/dequant.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace ponder::cpu {
namespace {

constexpr GgmlType kTypes[] = {
    GgmlType::F32,    GgmlType::F16,    GgmlType::BF16,    GgmlType::Q8_0,   GgmlType::Q4_0,
    GgmlType::Q4_1,   GgmlType::Q5_0,   GgmlType::Q5_1,    GgmlType::Q2_K,   GgmlType::Q3_K,
    GgmlType::Q4_K,   GgmlType::Q5_K,   GgmlType::Q6_K,    GgmlType::IQ4_NL, GgmlType::IQ4_XS,
    GgmlType::IQ3_XXS, GgmlType::IQ3_S, GgmlType::IQ2_XXS, GgmlType::IQ2_XS, GgmlType::IQ2_S,
};

struct Case {
    Isa isa;
    GgmlType type;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return std::string(isa_name(info.param.isa)) + "_" + std::string(ggml_type_traits(uint32_t(info.param.type))->name);
}

std::vector<Case> all_cases() {
    std::vector<Case> cases;
    for (Isa isa : available_isas())
        for (GgmlType type : kTypes) cases.push_back({isa, type});
    return cases;
}

std::vector<float> normal_floats(size_t n, float sigma, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (float& f : v) f = dist(rng);
    return v;
}

// sum (y - ref)^2 / sum ref^2
double normalized_mse(const std::vector<float>& y, const std::vector<double>& ref) {
    double err = 0, norm = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        err += (y[i] - ref[i]) * (y[i] - ref[i]);
        norm += ref[i] * ref[i];
    }
    return err / norm;
}

class CpuMatmul : public ::testing::TestWithParam<Case> {};

// Rows that split unevenly over threads, a width of several 256-value super-blocks, and token counts
// that exercise both the 4-token tiles and the single-token tail.
TEST_P(CpuMatmul, MatchesReferenceDequantizedDotProduct) {
    const auto [isa, type] = GetParam();
    ASSERT_TRUE(supports_type(type));
    const size_t rows = 37, cols = 768;
    const GgmlTypeTraits traits = *ggml_type_traits(uint32_t(type));
    const size_t row_bytes = cols / traits.block_elems * traits.block_bytes;

    // Weights with a per-row spread (so rows differ in scale) and activations with outliers, as
    // hidden states have.
    std::vector<uint8_t> weights(rows * row_bytes);
    std::vector<float> dequantized(rows * cols);
    for (size_t r = 0; r < rows; ++r) {
        const std::vector<float> w = normal_floats(cols, 0.02f * float(1 + r % 5), uint32_t(100 + r));
        gen::quantize_row(type, w.data(), weights.data() + r * row_bytes, cols);
        reference::dequantize_row(type, weights.data() + r * row_bytes, dequantized.data() + r * cols, cols);
    }
    for (size_t n_tokens : {size_t(1), size_t(6)}) {
        std::vector<float> x = normal_floats(n_tokens * cols, 1.0f, 7);
        for (size_t i = 0; i < x.size(); i += 97) x[i] *= 30;
        std::vector<double> expected(n_tokens * rows);
        for (size_t t = 0; t < n_tokens; ++t)
            for (size_t r = 0; r < rows; ++r) {
                double sum = 0;
                for (size_t i = 0; i < cols; ++i) sum += double(dequantized[r * cols + i]) * x[t * cols + i];
                expected[t * rows + r] = sum;
            }

        Compute compute(isa, 2);
        Activations activations;
        activations.set(x.data(), n_tokens, cols);
        std::vector<float> y(n_tokens * rows, NAN);
        compute.matmul({type, weights.data(), cols, rows}, activations, y.data());
        EXPECT_LE(normalized_mse(y, expected), 1e-6) << n_tokens << " tokens";
    }
}

INSTANTIATE_TEST_SUITE_P(EveryPathAndType, CpuMatmul, ::testing::ValuesIn(all_cases()), case_name);

TEST(CpuMatmul, FloatWeightsTakeWidthsThatAreNoMultipleOf32) {
    const size_t rows = 5, cols = 45;
    const std::vector<float> w = normal_floats(rows * cols, 1.0f, 3);
    const std::vector<float> x = normal_floats(cols, 1.0f, 4);
    for (Isa isa : available_isas()) {
        Compute compute(isa, 2);
        Activations activations;
        activations.set(x.data(), 1, cols);
        std::vector<float> y(rows);
        compute.matmul({GgmlType::F32, reinterpret_cast<const uint8_t*>(w.data()), cols, rows}, activations, y.data());
        for (size_t r = 0; r < rows; ++r) {
            double sum = 0;
            for (size_t i = 0; i < cols; ++i) sum += double(w[r * cols + i]) * x[i];
            EXPECT_NEAR(y[r], sum, 1e-4) << isa_name(isa) << " row " << r;
        }
    }
}

TEST(CpuMatmul, RunsEveryTypeTheEngineRuns) {
    for (uint32_t id = 0; id < 64; ++id) {
        const auto traits = ggml_type_traits(id);
        if (traits && traits->supported) EXPECT_TRUE(supports_type(GgmlType(id))) << traits->name;
    }
}

} // namespace
} // namespace ponder::cpu
