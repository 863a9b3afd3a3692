#include "model/load_plan.h"

#include "format_bytes.h"

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
    return format_bytes(ram_for(m, g)) + " of RAM (weights " +
           format_bytes(m.embedding_cpu_bytes + sum(m.layer_cpu_bytes, g, n) + m.output_cpu_bytes) +
           ", KV cache for " + std::to_string(m.n_ctx) + " tokens " +
           format_bytes(m.kv_bytes_per_layer * (n - g)) + " (" + kv_cache_type_name(m.cache_types.k) +
           " keys, " + kv_cache_type_name(m.cache_types.v) + " values), scratch " +
           format_bytes(m.cpu_scratch_bytes) + ")";
}

constexpr const char* kSmaller = "choose a smaller context size, a q8_0 / q4_0 KV cache or a smaller quantization";

} // namespace

uint64_t ModelFootprint::weight_cpu_bytes() const {
    return embedding_cpu_bytes + sum(layer_cpu_bytes, 0, n_layers()) + output_cpu_bytes;
}

uint64_t ModelFootprint::weight_gpu_bytes() const {
    return embedding_gpu_bytes + sum(layer_gpu_bytes, 0, n_layers()) + output_gpu_bytes;
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
        s = "all " + layers + " layers and the output on " + gpu_name + " (" + format_bytes(vram_bytes) + " VRAM)";
    else if (verdict == PlanVerdict::Split)
        s = std::to_string(gpu_layers) + " of " + layers + " layers on " + gpu_name + " (" +
            format_bytes(vram_bytes) + " VRAM), " + std::to_string(n_layers - gpu_layers) +
            " layers and the output on the CPU (" + format_bytes(ram_bytes) + " RAM)";
    else
        s = "all " + layers + " layers on the CPU (" + format_bytes(ram_bytes) + " RAM)";
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
                           format_bytes(vram_for(model, g)) + " of GPU memory but " + budgets.gpu->name +
                           " has " + format_bytes(vram_free) + " free; at most " + std::to_string(most) +
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
                                    format_bytes(plan.vram_bytes) + ")"
                              : std::string()) +
                       " but " + format_bytes(budgets.free_ram_bytes) + " of RAM is free; " + kSmaller;
        return plan;
    }
    plan.verdict = g == n && n > 0 ? PlanVerdict::Gpu : g > 0 ? PlanVerdict::Split : PlanVerdict::Cpu;
    const double seconds = decode_seconds(model, g, plan.gpu_bandwidth_gb_per_s, plan.ram_bandwidth_gb_per_s);
    plan.decode_tokens_per_s = seconds > 0 ? 1 / seconds : 0;
    return plan;
}

} // namespace ponder
