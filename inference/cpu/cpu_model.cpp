#include "cpu/cpu_model.h"

#include "gguf/gguf_file.h"

#include <algorithm>

namespace ponder::cpu {

Status CpuModel::check_supported(const ModelConfig& config, const ModelWeights& weights) {
    if (config.is_moe())
        return make_error(config.arch_name + " (mixture of experts) runs on the Vulkan backend only; load it with "
                                             "--backend vulkan");
    if (config.head_dim % 2 != 0)
        return make_error("heads of " + std::to_string(config.head_dim) + " dimensions: RoPE needs an even size");
    for (const LayerWeights& l : weights.layers)
        for (const TensorInfo* t : l.matrices())
            if (!supports_type(t->type))
                return make_error("the CPU backend has no kernels for " + t->name + " (" +
                                  std::string(ggml_type_traits(uint32_t(t->type))->name) + ")");
    for (const TensorInfo* t : {weights.token_embd, weights.output})
        if (!supports_type(t->type))
            return make_error("the CPU backend has no kernels for " + t->name);
    return {};
}

Result<std::unique_ptr<CpuModel>> CpuModel::create(const GgufFile& file, const ModelConfig& config,
                                                   const ModelWeights& weights, uint32_t n_ctx, uint32_t n_batch,
                                                   const KvCacheTypes& cache_types, Isa isa, unsigned n_threads,
                                                   uint32_t first_layer) {
    PONDER_TRY(check_supported(config, weights));
    return std::unique_ptr<CpuModel>(
        new CpuModel(file, config, weights, n_ctx, n_batch, cache_types, isa, n_threads, first_layer));
}

uint64_t CpuModel::kv_bytes(const ModelConfig& config, uint32_t n_ctx, const KvCacheTypes& cache_types,
                            uint32_t first_layer) {
    return KvStore::bytes_for(config, n_ctx, cache_types, first_layer);
}

uint64_t CpuModel::scratch_bytes(const ModelConfig& c, uint32_t n_batch) {
    const uint64_t per_token = 3ull * c.n_embd + 2ull * c.q_dim() + 2ull * c.kv_dim() + 2ull * c.n_ff;
    // Floats per token, the int16 copy of the widest activation, and the cos/sin table.
    return n_batch * (per_token * 4 + uint64_t(std::max(c.n_ff, c.q_dim())) * 3) +
           uint64_t(c.n_ctx_max) * c.head_dim * 4;
}

CpuModel::CpuModel(const GgufFile& file, const ModelConfig& config, const ModelWeights& weights, uint32_t n_ctx,
                   uint32_t n_batch, const KvCacheTypes& cache_types, Isa isa, unsigned n_threads,
                   uint32_t first_layer)
    : file_(file), config_(config), weights_(weights), n_batch_(n_batch), first_layer_(first_layer),
      compute_(isa, n_threads), cache_(config, n_ctx, cache_types, first_layer),
      rope_(config.rope, config.head_dim, n_ctx) {
    const ModelConfig& c = config;
    x_.resize(size_t(n_batch) * c.n_embd);
    x_norm_.resize(x_.size());
    delta_.resize(x_.size());
    q_.resize(size_t(n_batch) * c.q_dim());
    attn_.resize(q_.size());
    k_.resize(size_t(n_batch) * c.kv_dim());
    v_.resize(k_.size());
    gate_.resize(size_t(n_batch) * c.n_ff);
    up_.resize(gate_.size());
}

WeightMatrix CpuModel::matrix(const TensorInfo* t) const {
    return {t->type, file_.tensor_data(*t).data(), size_t(t->dims[0]), size_t(t->rows())};
}

const float* CpuModel::floats(const TensorInfo* t) const {
    return reinterpret_cast<const float*>(file_.tensor_data(*t).data());
}

// y = x W (+ bias)
void CpuModel::linear(const TensorInfo* w, const TensorInfo* bias, const Activations& x, float* y) {
    const WeightMatrix m = matrix(w);
    compute_.matmul(m, x, y);
    if (!bias) return;
    const float* b = floats(bias);
    for (size_t t = 0; t < x.n_tokens; ++t)
        for (size_t i = 0; i < m.rows; ++i) y[t * m.rows + i] += b[i];
}

Result<std::vector<float>> CpuModel::forward(std::span<const int32_t> tokens, uint32_t start_pos, bool all_logits,
                                             const std::atomic<bool>& cancelled) {
    const ModelConfig& c = config_;
    n_cached_ = std::min(n_cached_, start_pos);
    std::vector<float> logits(size_t(all_logits ? tokens.size() : 1) * c.n_vocab);
    for (size_t done = 0; done < tokens.size();) {
        if (cancelled)
            return make_error("cancelled");
        const uint32_t n = uint32_t(std::min<size_t>(n_batch_, tokens.size() - done));
        embed(tokens.subspan(done, n));
        run_layers(n, start_pos + uint32_t(done));
        // Logits of the rows asked for: every token, or the very last.
        if (all_logits)
            output(0, n, logits.data() + done * c.n_vocab);
        else if (done + n == tokens.size())
            output(n - 1, 1, logits.data());
        done += n;
    }
    return logits;
}

void CpuModel::embed(std::span<const int32_t> tokens) {
    // Row `token` of token_embd.
    const WeightMatrix embd = matrix(weights_.token_embd);
    for (size_t t = 0; t < tokens.size(); ++t)
        compute_.row_to_floats(embd, size_t(tokens[t]), &x_[t * config_.n_embd]);
}

void CpuModel::run_layers(uint32_t n, uint32_t start_pos) {
    for (uint32_t l = first_layer_; l < config_.n_layers; ++l) run_layer(l, n, start_pos);
    n_cached_ = start_pos + n;
}

void CpuModel::output(uint32_t first, uint32_t rows, float* logits) {
    const ModelConfig& c = config_;
    rms_norm(&x_[size_t(first) * c.n_embd], floats(weights_.output_norm), c.n_embd, rows, c.rms_eps, x_norm_.data());
    act_.set(x_norm_.data(), rows, c.n_embd);
    compute_.matmul(matrix(weights_.output), act_, logits);
}

void CpuModel::run_layer(uint32_t l, uint32_t n, uint32_t start_pos) {
    const ModelConfig& c = config_;
    const LayerWeights& w = weights_.layers[l];
    const size_t q_dim = c.q_dim(), kv_dim = c.kv_dim();

    // Attention input: RMSNorm, then the Q/K/V projections of one quantized copy (+ qwen2 biases).
    rms_norm(x_.data(), floats(w.attn_norm), c.n_embd, n, c.rms_eps, x_norm_.data());
    act_.set(x_norm_.data(), n, c.n_embd);
    linear(w.attn_q, w.attn_q_bias, act_, q_.data());
    linear(w.attn_k, w.attn_k_bias, act_, k_.data());
    linear(w.attn_v, w.attn_v_bias, act_, v_.data());

    // qwen3: RMSNorm over each head of Q and K; then RoPE at each token's position.
    if (c.has_qk_norm) {
        rms_norm(q_.data(), floats(w.attn_q_norm), c.head_dim, size_t(n) * c.n_heads, c.rms_eps, q_.data());
        rms_norm(k_.data(), floats(w.attn_k_norm), c.head_dim, size_t(n) * c.n_kv_heads, c.rms_eps, k_.data());
    }
    for (uint32_t t = 0; t < n; ++t) {
        rope_.apply(&q_[t * q_dim], q_dim, start_pos + t);
        rope_.apply(&k_[t * kv_dim], kv_dim, start_pos + t);
        cache_.store_key(l, start_pos + t, &k_[t * kv_dim]);
        cache_.store_value(l, start_pos + t, &v_[t * kv_dim]);
    }

    // Causal attention over the cache, output projection, residual.
    attention(compute_, cache_, l, c, q_.data(), n, start_pos, attn_.data());
    act_.set(attn_.data(), n, q_dim);
    linear(w.attn_output, nullptr, act_, delta_.data());
    for (size_t i = 0; i < size_t(n) * c.n_embd; ++i) x_[i] += delta_[i];

    // Feed-forward: RMSNorm, SwiGLU, down projection, residual.
    rms_norm(x_.data(), floats(w.ffn_norm), c.n_embd, n, c.rms_eps, x_norm_.data());
    act_.set(x_norm_.data(), n, c.n_embd);
    linear(w.ffn_gate, nullptr, act_, gate_.data());
    linear(w.ffn_up, nullptr, act_, up_.data());
    swiglu(gate_.data(), up_.data(), size_t(n) * c.n_ff);
    act_.set(gate_.data(), n, c.n_ff);
    linear(w.ffn_down, nullptr, act_, delta_.data());
    for (size_t i = 0; i < size_t(n) * c.n_embd; ++i) x_[i] += delta_[i];
}

} // namespace ponder::cpu
