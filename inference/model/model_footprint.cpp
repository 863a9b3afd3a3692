// A model's footprint from its file: what each layer, the embedding, the output, the KV cache and the
// scratch take on the GPU and in RAM (the load planner's input, model/load_plan.h).
#include "model/load_plan.h"

#include "cpu/cpu_model.h"
#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "model/forward.h"
#include "model/kv_cache.h"
#include "model/vk_weights.h"
#include "model/weights.h"
#include "vk/weight_kernels.h"

#include <algorithm>
#include <optional>

namespace ponder {

Result<ModelFootprint> model_footprint(const GgufFile& file, const ModelConfig& config, uint32_t n_ctx,
                                       uint32_t n_batch, const KvCacheTypes& cache_types) {
    PONDER_TRY(check_kv_cache_types(cache_types, config));
    auto weights = bind_weights(file, config);
    PONDER_TRY(weights);
    ModelFootprint m;
    m.n_ctx = clamp_context(config, n_ctx);
    n_batch = std::clamp(n_batch, 1u, m.n_ctx);
    m.cache_types = cache_types;
    std::optional<Error> error;
    auto gpu_bytes = [&](const TensorInfo* t) -> uint64_t {
        if (!t || error)
            return 0;
        auto bytes = tensor_device_bytes(*t);
        if (!bytes) {
            error = bytes.error();
            return 0;
        }
        return *bytes;
    };
    auto cpu_bytes = [](const TensorInfo* t) -> uint64_t { return t ? t->n_bytes : 0; };

    const bool tied = weights->output == weights->token_embd;
    m.embedding_gpu_bytes = gpu_bytes(weights->token_embd);
    m.embedding_cpu_bytes = cpu_bytes(weights->token_embd);
    m.output_gpu_bytes = gpu_bytes(weights->output_norm) + (tied ? 0 : gpu_bytes(weights->output));
    m.output_cpu_bytes = cpu_bytes(weights->output_norm) + (tied ? 0 : cpu_bytes(weights->output));
    m.output_read_bytes = cpu_bytes(weights->output_norm) + cpu_bytes(weights->output);
    for (const LayerWeights& l : weights->layers) {
        uint64_t gpu = 0, cpu = 0, read = 0;
        for (const TensorInfo* t : {l.attn_norm, l.attn_q_bias, l.attn_k_bias, l.attn_v_bias, l.attn_q_norm,
                                    l.attn_k_norm, l.ffn_norm})
            gpu += gpu_bytes(t), cpu += cpu_bytes(t), read += cpu_bytes(t);
        for (const TensorInfo* t : l.matrices()) {
            gpu += gpu_bytes(t), cpu += cpu_bytes(t);
            // Of a stack of experts, a token reads only the n_expert_used it is routed to.
            const bool experts = t == l.ffn_gate_exps || t == l.ffn_up_exps || t == l.ffn_down_exps;
            read += experts ? cpu_bytes(t) / config.moe.n_expert * config.moe.n_expert_used : cpu_bytes(t);
        }
        m.layer_gpu_bytes.push_back(gpu);
        m.layer_cpu_bytes.push_back(cpu);
        m.layer_read_bytes.push_back(read);
    }
    if (error)
        return *error;
    m.kv_bytes_per_layer = KvCache::bytes_for(config, m.n_ctx, cache_types) / std::max(1u, config.n_layers);
    // The weight kernels read every i-quant through a grid table that lives beside the activations.
    m.gpu_scratch_bytes = ForwardBuffers::bytes_for(config, n_batch, m.n_ctx) + vk::grid_table_words().size_bytes();
    m.cpu_scratch_bytes = cpu::CpuModel::scratch_bytes(config, n_batch);
    return m;
}

} // namespace ponder
