// Qwen3 MoE routing on the CPU reference: softmax over all router logits, the k most probable experts,
// and their probabilities renormalised over the chosen k (or left as they are when the file says so).
#include "reference/moe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ponder::reference {
namespace {

// Softmax of {2, 0, 1, -1}: e^2, e^0, e^1, e^-1 over their sum.
const std::vector<float> kLogits = {2.0f, 0.0f, 1.0f, -1.0f};
double probability(int i) {
    const double sum = std::exp(2.0) + 1.0 + std::exp(1.0) + std::exp(-1.0);
    return std::exp(double(kLogits[i])) / sum;
}

TEST(ExpertRouting, PicksTheMostProbableExpertsFirst) {
    const ExpertRoute route = route_token(kLogits, 2, /*normalize=*/false);
    EXPECT_EQ(route.experts, (std::vector<uint32_t>{0, 2}));
    ASSERT_EQ(route.weights.size(), 2u);
    // Unnormalised: the weights are the probabilities of the whole softmax, not of the chosen two.
    EXPECT_NEAR(route.weights[0], probability(0), 1e-6);
    EXPECT_NEAR(route.weights[1], probability(2), 1e-6);
}

TEST(ExpertRouting, NormalisedWeightsAreTheChosenProbabilitiesOverTheirSum) {
    const ExpertRoute route = route_token(kLogits, 2, /*normalize=*/true);
    EXPECT_EQ(route.experts, (std::vector<uint32_t>{0, 2}));
    const double chosen = probability(0) + probability(2);
    EXPECT_NEAR(route.weights[0], probability(0) / chosen, 1e-6);  // = e^2 / (e^2 + e^1)
    EXPECT_NEAR(route.weights[1], probability(2) / chosen, 1e-6);
    EXPECT_NEAR(route.weights[0] + route.weights[1], 1.0, 1e-6);
}

TEST(ExpertRouting, ChoosingEveryExpertWithNormalisationIsTheSoftmax) {
    const ExpertRoute route = route_token(kLogits, 4, true);
    EXPECT_EQ(route.experts, (std::vector<uint32_t>{0, 2, 1, 3}));
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(route.weights[j], probability(int(route.experts[j])), 1e-6);
}

TEST(ExpertRouting, EqualLogitsGoToTheLowerExpertId) {
    const ExpertRoute route = route_token(std::vector<float>{0.5f, 3.0f, 0.5f, 3.0f}, 3, true);
    EXPECT_EQ(route.experts, (std::vector<uint32_t>{1, 3, 0}));
}

TEST(ExpertRouting, ShiftingAllLogitsChangesNothing) {
    // The router's softmax only sees differences of logits.
    const ExpertRoute a = route_token(kLogits, 3, false);
    const ExpertRoute b = route_token(std::vector<float>{102.0f, 100.0f, 101.0f, 99.0f}, 3, false);
    EXPECT_EQ(a.experts, b.experts);
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(a.weights[j], b.weights[j], 1e-6);
}

} // namespace
} // namespace ponder::reference
