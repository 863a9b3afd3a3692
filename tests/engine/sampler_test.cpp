// Sampler: greedy, top-k, top-p, min-p, temperature and repetition penalty, checked on
// constructed distributions with seeded, bounded draws.
#include "model/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace ponder {
namespace {

// Logits whose softmax is exactly `probs`.
std::vector<float> logits_of(const std::vector<double>& probs) {
    std::vector<float> l;
    for (double p : probs) l.push_back(float(std::log(p)));
    return l;
}

std::map<int32_t, int> draw(Sampler& s, const std::vector<float>& logits, int n) {
    std::map<int32_t, int> counts;
    for (int i = 0; i < n; ++i) ++counts[s.sample(logits)];
    return counts;
}

SamplerConfig plain(float temperature = 1.0f) {
    SamplerConfig c;
    c.temperature = temperature;
    c.top_k = 0;
    c.top_p = 1.0f;
    c.min_p = 0.0f;
    return c;
}

const std::vector<float> kLogits = {0.5f, 3.0f, -1.0f, 2.9f, 0.0f};

TEST(Sampler, GreedyPicksTheArgmax) {
    Sampler s(plain(0.0f));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(s.sample(kLogits), 1);
}

TEST(Sampler, OnlyGreedyWithoutARepetitionPenaltyIsAnArgmaxTheGpuCanFind) {
    EXPECT_TRUE(Sampler(plain(0.0f)).picks_argmax());
    EXPECT_FALSE(Sampler(plain(0.7f)).picks_argmax());
    SamplerConfig penalised = plain(0.0f);
    penalised.repeat_penalty = 1.1f;  // the penalty moves logits of recent tokens before the argmax
    EXPECT_FALSE(Sampler(penalised).picks_argmax());
}

TEST(Sampler, TopKOfOneIsGreedy) {
    SamplerConfig c = plain(1.5f);
    c.top_k = 1;
    Sampler s(c);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(s.sample(kLogits), 1);
}

TEST(Sampler, SameSeedSameTokens) {
    SamplerConfig c = plain(1.0f);
    c.seed = 1234;
    Sampler a(c), b(c);
    std::vector<int32_t> ta, tb;
    for (int i = 0; i < 100; ++i) {
        ta.push_back(a.sample(kLogits));
        tb.push_back(b.sample(kLogits));
    }
    EXPECT_EQ(ta, tb);
    a.reset();
    for (int i = 0; i < 100; ++i) EXPECT_EQ(a.sample(kLogits), ta[i]) << "draw " << i << " after reset";
    c.seed = 99;
    Sampler other(c);
    std::vector<int32_t> to;
    for (int i = 0; i < 100; ++i) to.push_back(other.sample(kLogits));
    EXPECT_NE(to, ta);
}

TEST(Sampler, DrawsFollowTheDistribution) {
    Sampler s(plain(1.0f));
    auto counts = draw(s, logits_of({0.5, 0.3, 0.2}), 10000);
    EXPECT_NEAR(counts[0] / 10000.0, 0.5, 0.03);
    EXPECT_NEAR(counts[1] / 10000.0, 0.3, 0.03);
    EXPECT_NEAR(counts[2] / 10000.0, 0.2, 0.03);
}

TEST(Sampler, TopKKeepsOnlyTheKMostLikely) {
    SamplerConfig c = plain(1.0f);
    c.top_k = 2;
    Sampler s(c);
    auto counts = draw(s, logits_of({0.1, 0.4, 0.15, 0.35}), 2000);
    EXPECT_EQ(counts.count(0) + counts.count(2), 0u);
    EXPECT_GT(counts[1], 0);
    EXPECT_GT(counts[3], 0);
}

TEST(Sampler, TopPKeepsTheSmallestPrefixReachingP) {
    // Sorted: 0.5, 0.3, 0.15, 0.05. p = 0.75 needs 0.5 + 0.3; token 2 and 3 never appear.
    SamplerConfig c = plain(1.0f);
    c.top_p = 0.75f;
    Sampler s(c);
    auto counts = draw(s, logits_of({0.15, 0.5, 0.05, 0.3}), 3000);
    EXPECT_EQ(counts.count(0) + counts.count(2), 0u);
    EXPECT_NEAR(counts[1] / 3000.0, 0.5 / 0.8, 0.04);  // renormalized over the kept tokens
}

TEST(Sampler, MinPDropsTokensFarBelowTheBest) {
    // min_p 0.2 of the best (0.6) = 0.12: 0.25 and 0.13 stay, 0.02 goes.
    SamplerConfig c = plain(1.0f);
    c.min_p = 0.2f;
    Sampler s(c);
    auto counts = draw(s, logits_of({0.6, 0.02, 0.25, 0.13}), 3000);
    EXPECT_EQ(counts.count(1), 0u);
    EXPECT_GT(counts[3], 0);
}

TEST(Sampler, LowTemperatureSharpens) {
    Sampler hot(plain(2.0f)), cold(plain(0.25f));
    const auto probs = logits_of({0.6, 0.4});
    const int hot_second = draw(hot, probs, 4000)[1];
    const int cold_second = draw(cold, probs, 4000)[1];
    EXPECT_GT(hot_second, 1400);  // (0.4/0.6)^(1/2): about 45% of draws
    EXPECT_LT(cold_second, 700);  // (0.4/0.6)^4: about 16%
}

TEST(Sampler, RepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits) {
    SamplerConfig c = plain(0.0f);
    c.repeat_penalty = 2.0f;
    c.repeat_last_n = 2;
    Sampler s(c);
    // Token 0 (logit 3) is penalized to 1.5, below token 1 (2).
    const std::vector<float> logits = {3.0f, 2.0f, -0.5f};
    EXPECT_EQ(s.sample(logits), 0);
    s.accept(0);
    EXPECT_EQ(s.sample(logits), 1);
    s.accept(1);
    EXPECT_EQ(s.sample(std::vector<float>{2.0f, 1.5f, -0.5f}), 0);  // 1.0 vs 0.75
    s.accept(2);  // the window holds the last 2 tokens: 1 and 2; token 0 is free again
    EXPECT_EQ(s.sample(std::vector<float>{2.0f, 1.5f, 1.9f}), 0);   // 2.0 vs 0.75 vs 0.95
    // A negative logit is multiplied: token 2's -0.2 becomes -0.4 and loses to -0.3.
    EXPECT_EQ(s.sample(std::vector<float>{-0.3f, -5.0f, -0.2f}), 0);
}

} // namespace
} // namespace ponder
