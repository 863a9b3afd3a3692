#include "reference/forward.h"

#include "gguf/gguf_file.h"
#include "reference/dequant.h"
#include "reference/kv_quantize.h"
#include "reference/moe.h"
#include "reference/ops.h"

namespace ponder::reference {
namespace {

using Floats = std::vector<float>;

WeightMatrix matrix(const GgufFile& file, const TensorInfo* t) {
    return {t->type, file.tensor_data(*t).data(), size_t(t->dims[0]), size_t(t->rows())};
}

// A 1-D tensor (norm weight, bias) as floats.
Floats vector_of(const GgufFile& file, const TensorInfo* t) {
    Floats v(t->n_elements);
    dequantize_row(t->type, file.tensor_data(*t).data(), v.data(), v.size());
    return v;
}

// y = x W (+ bias), for n_tokens rows of x.
Floats linear(const GgufFile& file, const TensorInfo* w, const TensorInfo* bias, const Floats& x, size_t n_tokens) {
    const WeightMatrix m = matrix(file, w);
    Floats y(n_tokens * m.rows);
    matmul(m, x.data(), n_tokens, y.data());
    if (bias) add_bias(y, vector_of(file, bias));
    return y;
}

// down(silu(x W_gate) * x W_up): the dense SwiGLU feed-forward.
Floats dense_ffn(const GgufFile& file, const LayerWeights& w, const Floats& x, size_t n_tokens) {
    Floats gate = linear(file, w.ffn_gate, nullptr, x, n_tokens);
    Floats up = linear(file, w.ffn_up, nullptr, x, n_tokens);
    swiglu(gate, up, gate);
    return linear(file, w.ffn_down, nullptr, gate, n_tokens);
}

} // namespace

ReferenceModel::ReferenceModel(ReferenceModel&&) noexcept = default;
ReferenceModel& ReferenceModel::operator=(ReferenceModel&&) noexcept = default;
ReferenceModel::~ReferenceModel() = default;

Result<ReferenceModel> ReferenceModel::load(const std::string& path, const KvCacheTypes& cache_types) {
    auto file = GgufFile::open(path);
    if (!file) return file.error();
    ReferenceModel model;
    model.file_ = std::make_unique<GgufFile>(std::move(*file));
    auto config = read_model_config(*model.file_);
    if (!config) return config.error();
    model.config_ = *config;
    PONDER_TRY(check_kv_cache_types(cache_types, model.config_));
    model.cache_types_ = cache_types;
    auto weights = bind_weights(*model.file_, model.config_);
    if (!weights) return weights.error();
    model.weights_ = std::move(*weights);
    model.rope_ = rope_frequencies(model.config_.rope, model.config_.head_dim);
    model.k_cache_.resize(model.config_.n_layers);
    model.v_cache_.resize(model.config_.n_layers);
    return model;
}

Result<Floats> ReferenceModel::forward(std::span<const int32_t> tokens, uint32_t start_pos) {
    const ModelConfig& c = config_;
    const GgufFile& f = *file_;
    if (start_pos > n_cached_)
        return make_error("position " + std::to_string(start_pos) + " skips past the " + std::to_string(n_cached_) +
                          " cached tokens");
    const uint32_t n = static_cast<uint32_t>(tokens.size());

    // Embedding lookup: row `token` of token_embd.
    Floats x(size_t(n) * c.n_embd);
    const WeightMatrix embd = matrix(f, weights_.token_embd);
    const size_t embd_row_bytes = weights_.token_embd->n_bytes / c.n_vocab;
    for (uint32_t t = 0; t < n; ++t) {
        if (tokens[t] < 0 || uint32_t(tokens[t]) >= c.n_vocab)
            return make_error("token id " + std::to_string(tokens[t]) + " is outside the vocabulary of " +
                              std::to_string(c.n_vocab));
        dequantize_row(embd.type, embd.data + size_t(tokens[t]) * embd_row_bytes, x.data() + size_t(t) * c.n_embd,
                       c.n_embd);
    }

    for (uint32_t l = 0; l < c.n_layers; ++l) run_layer(l, x, n, start_pos);
    n_cached_ = start_pos + n;

    // Final norm, then logits for every token.
    rms_norm(x, vector_of(f, weights_.output_norm), c.rms_eps, x);
    return linear(f, weights_.output, nullptr, x, n);
}

void ReferenceModel::run_layer(uint32_t l, std::span<float> x_span, uint32_t n, uint32_t start_pos) {
    const ModelConfig& c = config_;
    const GgufFile& f = *file_;
    const LayerWeights& w = weights_.layers[l];
    const size_t kv_dim = c.kv_dim(), q_dim = c.q_dim();

    // Attention input: RMSNorm, then Q/K/V projections (+ qwen2 biases).
    Floats xb(x_span.size());
    rms_norm(x_span, vector_of(f, w.attn_norm), c.rms_eps, xb);
    Floats q = linear(f, w.attn_q, w.attn_q_bias, xb, n);
    Floats k = linear(f, w.attn_k, w.attn_k_bias, xb, n);
    Floats v = linear(f, w.attn_v, w.attn_v_bias, xb, n);

    // qwen3: RMSNorm over each head of Q and K before RoPE.
    if (c.has_qk_norm) {
        rms_norm(q, vector_of(f, w.attn_q_norm), c.rms_eps, q);
        rms_norm(k, vector_of(f, w.attn_k_norm), c.rms_eps, k);
    }

    // RoPE at each token's absolute position.
    for (uint32_t t = 0; t < n; ++t) {
        rope(std::span(q).subspan(t * q_dim, q_dim), c.head_dim, start_pos + t, rope_, c.rope.style);
        rope(std::span(k).subspan(t * kv_dim, kv_dim), c.head_dim, start_pos + t, rope_, c.rope.style);
    }

    // Store K/V at positions start_pos.. as the cache types hold them (dropping anything cached after them).
    Floats& kc = k_cache_[l];
    Floats& vc = v_cache_[l];
    kc.resize(size_t(start_pos) * kv_dim);
    vc.resize(size_t(start_pos) * kv_dim);
    round_to_kv_cache_type(cache_types_.k, k);
    round_to_kv_cache_type(cache_types_.v, v);
    kc.insert(kc.end(), k.begin(), k.end());
    vc.insert(vc.end(), v.begin(), v.end());

    // Causal attention: token t sees positions 0..start_pos+t.
    Floats att(size_t(n) * q_dim);
    for (uint32_t t = 0; t < n; ++t)
        attention(std::span(q).subspan(t * q_dim, q_dim), kc.data(), vc.data(), start_pos + t + 1, c.n_heads,
                  c.n_kv_heads, c.head_dim, std::span(att).subspan(t * q_dim, q_dim));

    // Output projection and residual.
    Floats o = linear(f, w.attn_output, nullptr, att, n);
    for (size_t i = 0; i < x_span.size(); ++i) x_span[i] += o[i];

    // Feed-forward: RMSNorm, then SwiGLU and down projection (or the token's routed experts), residual.
    rms_norm(x_span, vector_of(f, w.ffn_norm), c.rms_eps, xb);
    const Floats down = c.is_moe() ? moe_ffn(f, w, c.moe, xb, n) : dense_ffn(f, w, xb, n);
    for (size_t i = 0; i < x_span.size(); ++i) x_span[i] += down[i];
}

} // namespace ponder::reference
