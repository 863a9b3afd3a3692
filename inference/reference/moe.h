// The mixture-of-experts feed-forward (qwen3moe) on the CPU, as llama.cpp's build_moe_ffn computes it:
// router softmax, top-k experts, their weights renormalised, and the weighted sum of the experts' SwiGLU.
#pragma once

#include "model/config.h"
#include "model/weights.h"

#include <cstdint>
#include <span>
#include <vector>

namespace ponder {
class GgufFile;
}

namespace ponder::reference {

// The experts one token uses, most probable first, and the weights of their outputs.
struct ExpertRoute {
    std::vector<uint32_t> experts;  // n_used expert ids
    std::vector<float> weights;     // n_used
};

// p = softmax(logits); the n_used largest p (the lower id first among equals); their weights are those p,
// divided by their sum (clamped to at least 2^-14, as llama.cpp) when `normalize`.
ExpertRoute route_token(std::span<const float> logits, uint32_t n_used, bool normalize);

// out[t] = sum_j w_j * down_e(silu(gate_e x[t]) * up_e x[t]) over the routed experts e of token t, with the
// routes from x[t] W_router. x: [n_tokens x n_embd] (the normalized ffn input); returns [n_tokens x n_embd].
std::vector<float> moe_ffn(const GgufFile& file, const LayerWeights& w, const MoeConfig& moe,
                           std::span<const float> x, uint32_t n_tokens);

} // namespace ponder::reference
