// A model running on the CPU backend: weights read in place from the mapped GGUF file, a KV cache in
// host memory, and the forward pass (llama / qwen2 / qwen3). The engine (model/engine.h) owns one
// when loaded with Backend::Cpu.
#pragma once

#include "cpu/kv_store.h"
#include "cpu/matmul.h"
#include "cpu/ops.h"
#include "error.h"
#include "model/config.h"
#include "model/kv_cache_type.h"
#include "model/weights.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace ponder {
class GgufFile;
}

namespace ponder::cpu {

class CpuModel {
public:
    // Ok when the CPU backend can run the model: not a mixture of experts, even head sizes, kernels for
    // every matrix's type; otherwise an Error naming what it lacks.
    static Status check_supported(const ModelConfig& config, const ModelWeights& weights);
    // `file` and `weights` must outlive the model (their tensors are read in place). The model runs layers
    // [first_layer, n_layers) and keeps their KV cache; a GPU/CPU split runs the layers below on the GPU.
    static Result<std::unique_ptr<CpuModel>> create(const GgufFile& file, const ModelConfig& config,
                                                    const ModelWeights& weights, uint32_t n_ctx, uint32_t n_batch,
                                                    const KvCacheTypes& cache_types, Isa isa, unsigned n_threads,
                                                    uint32_t first_layer = 0);

    // Host memory the model allocates (KV cache and activations; the weights stay in the mapping).
    static uint64_t kv_bytes(const ModelConfig& config, uint32_t n_ctx, const KvCacheTypes& cache_types,
                             uint32_t first_layer = 0);
    static uint64_t scratch_bytes(const ModelConfig& config, uint32_t n_batch);

    // Runs `tokens` at positions start_pos.. (start_pos <= the cached tokens), writing their keys and
    // values into the cache; returns the logits of the last token, or of every token with all_logits.
    // The caller checks the arguments (model/engine.cpp). `cancelled` stops it between batches.
    Result<std::vector<float>> forward(std::span<const int32_t> tokens, uint32_t start_pos, bool all_logits,
                                       const std::atomic<bool>& cancelled);
    uint32_t cached_tokens() const { return n_cached_; }

    // forward()'s steps, for a GPU/CPU split (model/engine.cpp), which runs layers [0, first_layer) on the
    // GPU between embed() and run_layers(). hidden() is the residual stream of a batch, [n_batch x n_embd]:
    // what crosses between the backends.
    std::span<float> hidden() { return x_; }
    // hidden() rows = the tokens' embeddings (at most n_batch tokens).
    void embed(std::span<const int32_t> tokens);
    // Layers [first_layer, n_layers) over n hidden() rows at positions start_pos.., caching their keys and values.
    void run_layers(uint32_t n, uint32_t start_pos);
    // Logits of hidden() rows first.. first + rows - 1: the final norm, then the output matrix.
    void output(uint32_t first, uint32_t rows, float* logits);
    void truncate_cache(uint32_t n) { n_cached_ = std::min(n, n_cached_); }

    Isa isa() const { return compute_.isa(); }
    unsigned n_threads() const { return compute_.n_threads(); }
    uint32_t capacity() const { return cache_.capacity(); }

private:
    CpuModel(const GgufFile& file, const ModelConfig& config, const ModelWeights& weights, uint32_t n_ctx,
             uint32_t n_batch, const KvCacheTypes& cache_types, Isa isa, unsigned n_threads, uint32_t first_layer);
    // One batch of n tokens (their embeddings in x_) through every layer.
    void run_layer(uint32_t layer, uint32_t n, uint32_t start_pos);
    WeightMatrix matrix(const TensorInfo* t) const;
    const float* floats(const TensorInfo* t) const;  // a 1-D F32 tensor (norm weight, bias), in place
    void linear(const TensorInfo* w, const TensorInfo* bias, const Activations& x, float* y);

    const GgufFile& file_;
    const ModelConfig& config_;
    const ModelWeights& weights_;
    uint32_t n_batch_;
    uint32_t first_layer_;
    uint32_t n_cached_ = 0;
    Compute compute_;
    KvStore cache_;
    RopeTable rope_;
    Activations act_;
    // Per batch row: x, x_norm [n_embd]; q, attn [q_dim]; k, v [kv_dim]; gate, up [n_ff].
    std::vector<float> x_, x_norm_, q_, k_, v_, attn_, gate_, up_, delta_;
};

} // namespace ponder::cpu
