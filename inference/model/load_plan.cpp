#include "model/load_plan.h"

#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "model/forward.h"
#include "model/kv_cache.h"
#include "model/vk_weights.h"
#include "model/weights.h"
#include "vk/buffer.h"
#include "vk/weight_kernels.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace ponder {
namespace {

uint64_t sum(const std::vector<uint64_t>& v, uint32_t first, uint32_t last) {
    return std::accumulate(v.begin() + first, v.begin() + last, uint64_t(0));
}

// The GPU's part of a plan with the first g layers there (see the layouts in load_plan.h).
uint64_t vram_for(const ModelFootprint& m, uint32_t g) {
    if (g == 0)
        return 0;
    uint64_t bytes = sum(m.layer_gpu_bytes, 0, g) + m.kv_bytes_per_layer * g + m.gpu_scratch_bytes;
    if (g == m.n_layers())
        bytes += m.embedding_gpu_bytes + m.output_gpu_bytes;
    return bytes;
}

// The CPU's part: the embedding table, layers [g, n), the output and the CPU scratch.
uint64_t ram_for(const ModelFootprint& m, uint32_t g) {
    const uint32_t n = m.n_layers();
    if (g == n)
        return 0;
    return m.embedding_cpu_bytes + sum(m.layer_cpu_bytes, g, n) + m.kv_bytes_per_layer * (n - g) +
           m.output_cpu_bytes + m.cpu_scratch_bytes;
}

// Seconds one decode step spends reading memory: the GPU layers from VRAM, then the CPU layers and the
// output from RAM (the parts run one after the other, so the times add).
double decode_seconds(const ModelFootprint& m, uint32_t g, double gpu_gb_per_s, double ram_gb_per_s) {
    const uint32_t n = m.n_layers();
    const double gpu_bytes = double(sum(m.layer_read_bytes, 0, g)) + (g == n ? double(m.output_read_bytes) : 0);
    const double cpu_bytes = double(sum(m.layer_read_bytes, g, n)) + (g == n ? 0 : double(m.output_read_bytes));
    double seconds = 0;
    if (gpu_bytes > 0)
        seconds += gpu_bytes / (gpu_gb_per_s * 1e9);
    if (cpu_bytes > 0)
        seconds += cpu_bytes / (ram_gb_per_s * 1e9);
    return seconds;
}

std::string sizes_of_cpu_part(const ModelFootprint& m, uint32_t g) {
    const uint32_t n = m.n_layers();
    return vk::format_bytes(ram_for(m, g)) + " of RAM (weights " +
           vk::format_bytes(m.embedding_cpu_bytes + sum(m.layer_cpu_bytes, g, n) + m.output_cpu_bytes) +
           ", KV cache for " + std::to_string(m.n_ctx) + " tokens " +
           vk::format_bytes(m.kv_bytes_per_layer * (n - g)) + " (" + kv_cache_type_name(m.cache_types.k) +
           " keys, " + kv_cache_type_name(m.cache_types.v) + " values), scratch " +
           vk::format_bytes(m.cpu_scratch_bytes) + ")";
}

constexpr const char* kSmaller = "choose a smaller context size, a q8_0 / q4_0 KV cache or a smaller quantization";

} // namespace

uint64_t ModelFootprint::weight_cpu_bytes() const {
    return embedding_cpu_bytes + sum(layer_cpu_bytes, 0, n_layers()) + output_cpu_bytes;
}

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
    // The CPU backend's activations per batch token (as inference/cpu/cpu_model.cpp allocates them: the
    // float activations, an int16 copy of the widest one) and the cos/sin table, plus the logits.
    const uint64_t per_token = 3ull * config.n_embd + 2ull * config.q_dim() + 2ull * config.kv_dim() + 2ull * config.n_ff;
    m.cpu_scratch_bytes = n_batch * (per_token * 4 + uint64_t(std::max(config.n_ff, config.q_dim())) * 3) +
                          uint64_t(m.n_ctx) * config.head_dim * 4 + uint64_t(n_batch) * config.n_vocab * 4;
    return m;
}

const char* verdict_name(PlanVerdict verdict) {
    switch (verdict) {
    case PlanVerdict::Gpu: return "fits on GPU";
    case PlanVerdict::Split: return "split";
    case PlanVerdict::Cpu: return "CPU only";
    case PlanVerdict::TooLarge: return "too large";
    }
    return "?";
}

Status LoadPlan::usable() const {
    if (verdict == PlanVerdict::TooLarge)
        return make_error(problem);
    return {};
}

std::string LoadPlan::summary() const {
    if (verdict == PlanVerdict::TooLarge)
        return "too large: " + problem;
    std::string s;
    const std::string layers = std::to_string(n_layers);
    if (verdict == PlanVerdict::Gpu)
        s = "all " + layers + " layers and the output on " + gpu_name + " (" + vk::format_bytes(vram_bytes) + " VRAM)";
    else if (verdict == PlanVerdict::Split)
        s = std::to_string(gpu_layers) + " of " + layers + " layers on " + gpu_name + " (" +
            vk::format_bytes(vram_bytes) + " VRAM), " + std::to_string(n_layers - gpu_layers) +
            " layers and the output on the CPU (" + vk::format_bytes(ram_bytes) + " RAM)";
    else
        s = "all " + layers + " layers on the CPU (" + vk::format_bytes(ram_bytes) + " RAM)";
    char speed[160];
    if (verdict == PlanVerdict::Cpu)
        std::snprintf(speed, sizeof speed, "; up to %.1f tokens/s (assuming %.0f GB/s RAM)", decode_tokens_per_s,
                      ram_bandwidth_gb_per_s);
    else if (verdict == PlanVerdict::Gpu)
        std::snprintf(speed, sizeof speed, "; up to %.1f tokens/s (assuming %.0f GB/s VRAM)", decode_tokens_per_s,
                      gpu_bandwidth_gb_per_s);
    else
        std::snprintf(speed, sizeof speed, "; up to %.1f tokens/s (assuming %.0f GB/s VRAM, %.0f GB/s RAM)",
                      decode_tokens_per_s, gpu_bandwidth_gb_per_s, ram_bandwidth_gb_per_s);
    return s + speed;
}

LoadPlan plan_load(const ModelFootprint& model, const MemoryBudgets& budgets, const PlanRequest& request) {
    const uint32_t n = model.n_layers();
    LoadPlan plan;
    plan.n_layers = n;
    plan.ram_bandwidth_gb_per_s = budgets.ram_bandwidth_gb_per_s;
    if (budgets.gpu) {
        plan.gpu_name = budgets.gpu->name;
        plan.gpu_bandwidth_gb_per_s = budgets.gpu->bandwidth_gb_per_s;
    }
    const uint64_t vram_free = budgets.gpu ? budgets.gpu->free_bytes : 0;

    uint32_t g = 0;
    if (request.gpu_layers < 0) {
        // As many as fit: VRAM grows with every layer, so the first count from the top that fits is the most.
        if (budgets.gpu)
            for (g = n; g > 0 && vram_for(model, g) > vram_free;)
                --g;
    } else {
        g = std::min<uint32_t>(uint32_t(request.gpu_layers), n);
        if (g > 0 && !budgets.gpu) {
            plan.problem = std::to_string(g) + " layers were asked for on the GPU, but there is no usable Vulkan "
                           "device; use --gpu-layers 0 (CPU only)";
            return plan;
        }
        if (vram_for(model, g) > vram_free) {
            uint32_t most = g;
            while (most > 0 && vram_for(model, most) > vram_free)
                --most;
            plan.gpu_layers = g;
            plan.problem = std::to_string(g) + " of " + std::to_string(n) + " layers on the GPU need " +
                           vk::format_bytes(vram_for(model, g)) + " of GPU memory but " + budgets.gpu->name +
                           " has " + vk::format_bytes(vram_free) + " free; at most " + std::to_string(most) +
                           " layers fit (or ask for -1: as many as fit)";
            return plan;
        }
    }
    plan.gpu_layers = g;
    plan.output_on_gpu = g == n && n > 0;
    plan.vram_bytes = vram_for(model, g);
    plan.ram_bytes = ram_for(model, g);
    if (plan.ram_bytes > budgets.free_ram_bytes) {
        plan.problem = "the model needs " + sizes_of_cpu_part(model, g) +
                       (g > 0 ? " beside the " + std::to_string(g) + " layers on " + plan.gpu_name + " (" +
                                    vk::format_bytes(plan.vram_bytes) + ")"
                              : std::string()) +
                       " but " + vk::format_bytes(budgets.free_ram_bytes) + " of RAM is free; " + kSmaller;
        return plan;
    }
    plan.verdict = g == n && n > 0 ? PlanVerdict::Gpu : g > 0 ? PlanVerdict::Split : PlanVerdict::Cpu;
    const double seconds = decode_seconds(model, g, plan.gpu_bandwidth_gb_per_s, plan.ram_bandwidth_gb_per_s);
    plan.decode_tokens_per_s = seconds > 0 ? 1 / seconds : 0;
    return plan;
}

} // namespace ponder
