#include "reference/moe.h"

#include "gguf/gguf_file.h"
#include "reference/ops.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace ponder::reference {
namespace {

// Expert e's matrix of a stacked [cols, rows, n_expert] tensor.
WeightMatrix expert_matrix(const GgufFile& file, const TensorInfo* t, uint32_t e) {
    const size_t n_expert = t->dims[2], expert_bytes = t->n_bytes / n_expert;
    return {t->type, file.tensor_data(*t).data() + e * expert_bytes, size_t(t->dims[0]), size_t(t->dims[1])};
}

} // namespace

ExpertRoute route_token(std::span<const float> logits, uint32_t n_used, bool normalize) {
    assert(n_used >= 1 && n_used <= logits.size());
    std::vector<float> p(logits.begin(), logits.end());
    softmax(p);
    std::vector<uint32_t> order(p.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return p[a] > p[b]; });

    ExpertRoute route;
    route.experts.assign(order.begin(), order.begin() + n_used);
    for (uint32_t e : route.experts) route.weights.push_back(p[e]);
    if (normalize) {
        float sum = 0;
        for (float w : route.weights) sum += w;
        sum = std::max(sum, 6.103515625e-5f);  // llama.cpp's guard against dividing by zero (the least f16 normal)
        for (float& w : route.weights) w /= sum;
    }
    return route;
}

std::vector<float> moe_ffn(const GgufFile& file, const LayerWeights& w, const MoeConfig& moe,
                           std::span<const float> x, uint32_t n_tokens) {
    const size_t n_embd = x.size() / n_tokens, ff = moe.n_ff_expert;

    // Router: logits = x W_router, then each token's experts and weights.
    const TensorInfo* router = w.ffn_gate_inp;
    std::vector<float> logits(size_t(n_tokens) * moe.n_expert);
    matmul({router->type, file.tensor_data(*router).data(), n_embd, moe.n_expert}, x.data(), n_tokens, logits.data());
    std::vector<ExpertRoute> routes;
    for (uint32_t t = 0; t < n_tokens; ++t)
        routes.push_back(route_token(std::span(logits).subspan(t * moe.n_expert, moe.n_expert), moe.n_expert_used,
                                     moe.norm_weights));

    // Each expert runs once over the tokens routed to it; its output is added to theirs, weighted.
    std::vector<float> out(x.size(), 0.0f);
    for (uint32_t e = 0; e < moe.n_expert; ++e) {
        std::vector<uint32_t> tokens;
        std::vector<float> weights;
        for (uint32_t t = 0; t < n_tokens; ++t)
            for (size_t j = 0; j < routes[t].experts.size(); ++j)
                if (routes[t].experts[j] == e) {
                    tokens.push_back(t);
                    weights.push_back(routes[t].weights[j]);
                }
        if (tokens.empty()) continue;
        const size_t n = tokens.size();
        std::vector<float> xe(n * n_embd), gate(n * ff), up(n * ff), down(n * n_embd);
        for (size_t i = 0; i < n; ++i)
            std::copy_n(x.begin() + tokens[i] * n_embd, n_embd, xe.begin() + i * n_embd);
        matmul(expert_matrix(file, w.ffn_gate_exps, e), xe.data(), n, gate.data());
        matmul(expert_matrix(file, w.ffn_up_exps, e), xe.data(), n, up.data());
        swiglu(gate, up, gate);
        matmul(expert_matrix(file, w.ffn_down_exps, e), gate.data(), n, down.data());
        for (size_t i = 0; i < n; ++i)
            for (size_t d = 0; d < n_embd; ++d) out[tokens[i] * n_embd + d] += weights[i] * down[i * n_embd + d];
    }
    return out;
}

} // namespace ponder::reference
