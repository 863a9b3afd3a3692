#include "model/sampler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_set>

namespace ponder {

Sampler::Sampler(const SamplerConfig& config) : config_(config), rng_(config.seed) {}

void Sampler::accept(int32_t token) {
    if (config_.repeat_last_n <= 0) return;
    history_.push_back(token);
    while (history_.size() > size_t(config_.repeat_last_n)) history_.pop_front();
}

void Sampler::reset() {
    history_.clear();
    rng_.seed(config_.seed);
}

float Sampler::next_uniform() {
    // Top 24 bits -> exactly representable float in [0, 1); std::uniform_real_distribution
    // differs between standard libraries.
    return float(rng_() >> 40) * 0x1.0p-24f;
}

void Sampler::apply_penalty(std::vector<Candidate>& c) const {
    // llama.cpp semantics: each distinct recent token is penalized once; positive logits are
    // divided, negative ones multiplied, so the token always becomes less likely.
    if (config_.repeat_penalty == 1.0f || history_.empty()) return;
    const std::unordered_set<int32_t> seen(history_.begin(), history_.end());
    for (Candidate& cand : c) {
        if (!seen.count(cand.id)) continue;
        cand.logit = cand.logit > 0 ? cand.logit / config_.repeat_penalty : cand.logit * config_.repeat_penalty;
    }
}

int32_t Sampler::sample(std::span<const float> logits) {
    assert(!logits.empty());
    std::vector<Candidate> c(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) c[i] = {int32_t(i), logits[i]};
    apply_penalty(c);

    // Sorted by logit, highest first (ties by id so the order is fully determined).
    auto by_logit = [](const Candidate& a, const Candidate& b) {
        return a.logit != b.logit ? a.logit > b.logit : a.id < b.id;
    };
    if (config_.temperature <= 0.0f) return std::min_element(c.begin(), c.end(), by_logit)->id;

    const size_t k = config_.top_k > 0 ? std::min(c.size(), size_t(config_.top_k)) : c.size();
    std::partial_sort(c.begin(), c.begin() + k, c.end(), by_logit);
    c.resize(k);

    // Probabilities at temperature 1 decide top-p and min-p, as in llama.cpp's chain.
    std::vector<double> p(c.size());
    double sum = 0;
    for (size_t i = 0; i < c.size(); ++i) sum += (p[i] = std::exp(double(c[i].logit) - c[0].logit));

    // top-p: the smallest prefix whose probability mass reaches top_p (at least one token).
    if (config_.top_p < 1.0f) {
        double mass = 0;
        size_t keep = 0;
        while (keep < c.size() && (keep == 0 || mass < config_.top_p)) mass += p[keep++] / sum;
        c.resize(keep);
        p.resize(keep);
    }
    // min-p: drop tokens less likely than min_p times the most likely one.
    if (config_.min_p > 0.0f) {
        size_t keep = 1;
        while (keep < c.size() && p[keep] >= config_.min_p * p[0]) ++keep;
        c.resize(keep);
    }

    // Temperature, then a draw proportional to exp(logit / T).
    std::vector<double> weights(c.size());
    double total = 0;
    for (size_t i = 0; i < c.size(); ++i)
        total += (weights[i] = std::exp((double(c[i].logit) - c[0].logit) / config_.temperature));
    const double target = next_uniform() * total;
    double cumulative = 0;
    for (size_t i = 0; i < c.size(); ++i) {
        cumulative += weights[i];
        if (target < cumulative) return c[i].id;
    }
    return c.back().id;
}

} // namespace ponder
