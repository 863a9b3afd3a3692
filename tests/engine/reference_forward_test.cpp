// The CPU reference forward pass on tiny models of each architecture: deterministic, finite,
// and its KV cache makes prefill-then-decode equal to one long prefill.
#include "reference/forward.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace ponder::reference {
namespace {

using testing::tiny_model;

const std::vector<int32_t> kPrompt = {1, 17, 300, 42, 511, 0, 99, 7};

ReferenceModel load(const std::string& path) {
    auto model = ReferenceModel::load(path);
    EXPECT_TRUE(model.ok()) << model.error().message;
    return std::move(*model);
}

std::vector<float> run(ReferenceModel& model, std::span<const int32_t> tokens, uint32_t start_pos) {
    auto logits = model.forward(tokens, start_pos);
    EXPECT_TRUE(logits.ok()) << logits.error().message;
    return logits ? *logits : std::vector<float>{};
}

// Largest |a - b| relative to the largest |b|.
double normalized_error(std::span<const float> a, std::span<const float> b) {
    double diff = 0, scale = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, double(std::fabs(a[i] - b[i])));
        scale = std::max(scale, double(std::fabs(b[i])));
    }
    return diff / scale;
}

// Root-mean-square of a - b relative to that of b.
double relative_rms_error(std::span<const float> a, std::span<const float> b) {
    double diff = 0, ref = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff += double(a[i] - b[i]) * (a[i] - b[i]);
        ref += double(b[i]) * b[i];
    }
    return std::sqrt(diff / ref);
}

class ReferenceForward : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceForward, LogitsAreFiniteAndDependOnTheInput) {
    ReferenceModel model = load(tiny_model(GetParam()));
    const std::vector<float> logits = run(model, kPrompt, 0);
    const uint32_t vocab = model.config().n_vocab;
    ASSERT_EQ(logits.size(), kPrompt.size() * vocab);
    for (float v : logits) ASSERT_TRUE(std::isfinite(v));
    // Different tokens at different positions give different distributions.
    const std::span<const float> first(logits.data(), vocab), last(logits.data() + 7 * vocab, vocab);
    EXPECT_GT(normalized_error(first, last), 0.01);
    EXPECT_EQ(model.cached_tokens(), kPrompt.size());
}

TEST_P(ReferenceForward, IsDeterministic) {
    const std::string path = tiny_model(GetParam());
    ReferenceModel a = load(path), b = load(path);
    EXPECT_EQ(run(a, kPrompt, 0), run(b, kPrompt, 0));
}

TEST_P(ReferenceForward, PrefillThenDecodeEqualsOneLongPrefill) {
    const std::string path = tiny_model(GetParam());
    ReferenceModel whole = load(path), stepwise = load(path);
    const std::vector<float> expected = run(whole, kPrompt, 0);
    const uint32_t vocab = whole.config().n_vocab;

    std::vector<float> got = run(stepwise, std::span(kPrompt).first(5), 0);
    for (uint32_t pos = 5; pos < kPrompt.size(); ++pos) {
        const std::vector<float> step = run(stepwise, std::span(kPrompt).subspan(pos, 1), pos);
        got.insert(got.end(), step.begin(), step.end());
    }
    ASSERT_EQ(got.size(), expected.size());
    for (size_t t = 0; t < kPrompt.size(); ++t)
        EXPECT_LT(normalized_error(std::span(got).subspan(t * vocab, vocab),
                                   std::span(expected).subspan(t * vocab, vocab)),
                  1e-5)
            << "token " << t;
}

TEST_P(ReferenceForward, RewindingRecomputesFromTheCache) {
    ReferenceModel model = load(tiny_model(GetParam()));
    const std::vector<float> expected = run(model, kPrompt, 0);
    const uint32_t vocab = model.config().n_vocab;
    run(model, std::vector<int32_t>{5, 6, 7}, 8);  // continue, then go back to position 6
    const std::vector<float> again = run(model, std::span(kPrompt).subspan(6), 6);
    EXPECT_LT(normalized_error(again, std::span(expected).subspan(6 * vocab)), 1e-5);
    EXPECT_EQ(model.cached_tokens(), 8u);
}

TEST_P(ReferenceForward, QuantizedWeightsStayCloseToF32) {
    // Same seed, same random floats: only the quantization differs, and 4 bits lose more than 8.
    ReferenceModel f32 = load(tiny_model(GetParam(), "f32"));
    ReferenceModel q8 = load(tiny_model(GetParam(), "q8_0"));
    ReferenceModel q4km = load(tiny_model(GetParam(), "q4_k_m"));
    const std::vector<float> exact = run(f32, kPrompt, 0);
    const double q8_error = relative_rms_error(run(q8, kPrompt, 0), exact);
    const double q4km_error = relative_rms_error(run(q4km, kPrompt, 0), exact);
    std::printf("relative RMS error of logits: Q8_0 %.4f, Q4_K_M %.4f\n", q8_error, q4km_error);
    // A MoE token whose two best experts nearly tie may switch experts under quantization noise: a jump, not drift.
    EXPECT_LT(q8_error, GetParam() == "qwen3moe" ? 0.05 : 0.02);
    EXPECT_LT(q4km_error, 0.4);  // measured 0.17-0.25; a scrambled block layout gives about 1.4
    EXPECT_LT(q8_error, q4km_error);
}

INSTANTIATE_TEST_SUITE_P(Architectures, ReferenceForward, ::testing::Values("llama", "qwen2", "qwen3", "qwen3moe"));

TEST(ReferenceForwardMoe, RenormalisingTheExpertWeightsMatters) {
    // Top-4 of 16 experts hold well under all the probability, so unnormalised weights shrink every
    // expert's contribution: the logits must move clearly (else the flag would not be tested at all).
    gen::TestModelSpec spec;
    spec.arch = "qwen3moe";
    spec.n_vocab = 512;
    ReferenceModel normalised = load(testing::make_test_model(spec, "moe-norm"));
    spec.expert_weights_norm = false;
    ReferenceModel unnormalised = load(testing::make_test_model(spec, "moe-no-norm"));
    const double error = relative_rms_error(run(unnormalised, kPrompt, 0), run(normalised, kPrompt, 0));
    std::printf("relative RMS change of logits without renormalisation: %.4f\n", error);
    EXPECT_GT(error, 0.05);
}

TEST(ReferenceForwardErrors, RejectsTokensOutsideTheVocabulary) {
    ReferenceModel model = load(tiny_model("llama"));
    auto logits = model.forward(std::vector<int32_t>{3, 512}, 0);
    ASSERT_FALSE(logits.ok());
    EXPECT_NE(logits.error().message.find("token id 512 is outside the vocabulary of 512"), std::string::npos);
    EXPECT_EQ(model.cached_tokens(), 0u);
}

TEST(ReferenceForwardErrors, RejectsPositionsPastTheCache) {
    ReferenceModel model = load(tiny_model("llama"));
    run(model, std::vector<int32_t>{1, 2}, 0);
    auto logits = model.forward(std::vector<int32_t>{3}, 3);
    ASSERT_FALSE(logits.ok());
    EXPECT_NE(logits.error().message.find("skips past the 2 cached tokens"), std::string::npos);
}

} // namespace
} // namespace ponder::reference
