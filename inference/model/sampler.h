// Next-token sampling in llama.cpp's default order: repetition penalty -> top-k -> top-p ->
// min-p -> temperature -> weighted draw. Temperature <= 0 picks the most likely token.
// The RNG is std::mt19937_64 with our own bits->float step, so a seed gives the same tokens on
// every platform and standard library.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <vector>

namespace ponder {

struct SamplerConfig {
    float temperature = 0.6f;     // <= 0: greedy
    int top_k = 40;               // <= 0: off
    float top_p = 0.95f;          // >= 1: off
    float min_p = 0.0f;           // <= 0: off
    float repeat_penalty = 1.0f;  // 1: off
    int repeat_last_n = 64;       // how many recent tokens the penalty looks at
    uint64_t seed = 0;
};

class Sampler {
public:
    explicit Sampler(const SamplerConfig& config);

    // Picks a token from one row of logits (size n_vocab). Does not record it: call accept().
    int32_t sample(std::span<const float> logits);
    // Records a token (prompt or generated) for the repetition penalty.
    void accept(int32_t token);
    // Forgets the history and restarts the RNG from the seed.
    void reset();

    const SamplerConfig& config() const { return config_; }
    // Greedy without a repetition penalty: sample() is the argmax of the logits (the first on ties), which
    // Engine::forward_argmax finds on the GPU without reading the logits back.
    bool picks_argmax() const { return config_.temperature <= 0.0f && config_.repeat_penalty == 1.0f; }

private:
    struct Candidate {
        int32_t id;
        float logit;
    };
    void apply_penalty(std::vector<Candidate>& c) const;
    float next_uniform();  // in [0, 1)

    SamplerConfig config_;
    std::mt19937_64 rng_;
    std::deque<int32_t> history_;
};

} // namespace ponder
