// Where a model runs: how many of its layers live on the GPU, the rest (and the output) on the CPU
// backend, decided from what each part of the model needs and what the GPU and the host have free.
// One plan serves the model dialog, the library's fit verdict, ponder-cli and the load.
//
// The layouts a plan describes (gpu_layers = G of n layers):
//   G == n   on the GPU: every weight, the whole KV cache and the GPU scratch in VRAM;
//   0 < G < n split: layers [0, G) with their KV cache and the GPU scratch in VRAM; the token embedding
//            table, layers [G, n) with their KV cache, the output norm and matrix and the CPU scratch in
//            RAM (CPU weights are used in place from the mapped file). The hidden state crosses once
//            per step each way;
//   G == 0   CPU only: everything in RAM.
// The expected decode speed is the bandwidth bound: one token reads every weight it uses once (and the
// KV cache it attends over), each part from the memory it lives in, one part after the other.
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/kv_cache_type.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ponder {

class GgufFile;

// What each part of a model needs for one context size, KV cache type and batch, computed from the file's
// header: the planner's only view of the model.
struct ModelFootprint {
    std::vector<uint64_t> layer_gpu_bytes;  // per layer: its weights as stored on the GPU (padded rows)
    std::vector<uint64_t> layer_cpu_bytes;  // per layer: its weights as stored in the file
    std::vector<uint64_t> layer_read_bytes; // per layer: what one decode step reads of them (MoE: routed experts)
    uint64_t embedding_gpu_bytes = 0, embedding_cpu_bytes = 0; // token_embd (a step reads one row of it)
    // Output norm and matrix; when the output is tied to the embedding table, only the norm (the table
    // is counted once, with the embedding, and a step then reads it whole).
    uint64_t output_gpu_bytes = 0, output_cpu_bytes = 0;
    uint64_t output_read_bytes = 0;         // what a step reads for the logits (the whole matrix)
    uint64_t kv_bytes_per_layer = 0;        // keys and values of n_ctx positions in one layer
    uint64_t gpu_scratch_bytes = 0;         // activations and the weight kernels' tables on the GPU
    uint64_t cpu_scratch_bytes = 0;         // activations of the CPU backend
    uint32_t n_ctx = 0;                     // the context the KV figures are for (after clamping)
    KvCacheTypes cache_types;

    uint32_t n_layers() const { return static_cast<uint32_t>(layer_gpu_bytes.size()); }
    uint64_t weight_cpu_bytes() const; // every weight, as stored in the file
    uint64_t weight_gpu_bytes() const; // every weight, as stored on the GPU
    uint64_t kv_bytes() const { return kv_bytes_per_layer * n_layers(); }
};

// The footprint of `file` for a context of `n_ctx` positions (clamped as a load clamps it), batches of
// `n_batch` prompt tokens and KV cache `cache_types`; an Error for a file the engine cannot run.
Result<ModelFootprint> model_footprint(const GgufFile& file, const ModelConfig& config, uint32_t n_ctx,
                                       uint32_t n_batch, const KvCacheTypes& cache_types);

// What the machine has free for a model. The bandwidths are assumptions unless measured, and the plan
// states which it used.
struct MemoryBudgets {
    struct Gpu {
        std::string name;
        uint64_t free_bytes = 0;       // what the model heap has free now (VK_EXT_memory_budget, else its size)
        double bandwidth_gb_per_s = 0; // device memory read bandwidth
    };
    std::optional<Gpu> gpu;            // none: no usable Vulkan device
    uint64_t free_ram_bytes = 0;       // host memory available without swapping
    double ram_bandwidth_gb_per_s = 0; // host memory read bandwidth (all cores)
};

// Assumed bandwidths when nothing was measured: a mid-range discrete card (RTX 3060: 360 GB/s, RX 6600:
// 224 GB/s) and dual-channel DDR4-3200 as decode reaches it (51 GB/s peak, about 60 % in practice).
// An integrated GPU or a CPU implementation (lavapipe) reads host memory.
inline constexpr double kAssumedDiscreteGpuGbPerS = 300;
inline constexpr double kAssumedRamGbPerS = 30;

enum class PlanVerdict {
    Gpu,      // every layer and the output on the GPU
    Split,    // some layers on the GPU, the rest and the output on the CPU
    Cpu,      // everything on the CPU
    TooLarge, // does not fit even on the CPU, or not with the layers the user asked for on the GPU
};

// "fits on GPU", "split", "CPU only", "too large".
const char* verdict_name(PlanVerdict verdict);

struct LoadPlan {
    PlanVerdict verdict = PlanVerdict::TooLarge;
    uint32_t gpu_layers = 0; // the first gpu_layers layers run on the GPU
    uint32_t n_layers = 0;
    bool output_on_gpu = false; // the output norm and matrix (only when every layer is there)
    uint64_t vram_bytes = 0;    // what the GPU part allocates
    uint64_t ram_bytes = 0;     // what the CPU part uses: its weights (mapped), KV cache and scratch
    double decode_tokens_per_s = 0; // bandwidth bound at an empty context
    double gpu_bandwidth_gb_per_s = 0, ram_bandwidth_gb_per_s = 0; // what that figure assumed
    std::string gpu_name;       // empty: no GPU
    std::string problem;        // TooLarge: what does not fit where, with the sizes, and what to change

    // Ok, or the problem as an Error.
    Status usable() const;
    // One line for people: "24 of 64 layers on NVIDIA ... (9.1 GiB VRAM), 40 layers and the output on the
    // CPU (12.0 GiB RAM); up to 3.1 tokens/s (assuming 300 GB/s VRAM, 30 GB/s RAM)".
    std::string summary() const;
};

// How many layers go on the GPU: -1 as many as fit, 0 none, N the first N (at most n_layers).
struct PlanRequest {
    int gpu_layers = -1;
};

// The plan for `model` on `budgets`: with gpu_layers -1, the most layers whose VRAM fits the GPU's free
// memory (all of them and the output when everything fits), the rest on the CPU; with an explicit count,
// exactly that, TooLarge when it does not fit. TooLarge too when the CPU part exceeds the free RAM.
LoadPlan plan_load(const ModelFootprint& model, const MemoryBudgets& budgets, const PlanRequest& request = {});

} // namespace ponder

namespace ponder::vk {
struct DeviceInfo;
}

namespace ponder {

// This machine's budgets: `gpu` (nullptr: none) with what its model heap has free and the bandwidth
// assumed for its kind (an integrated GPU or a CPU implementation reads host memory), and the free RAM.
// An Error when PONDER_VRAM_BUDGET or PONDER_RAM_BUDGET is malformed.
Result<MemoryBudgets> machine_budgets(const vk::DeviceInfo* gpu);

// machine_budgets for the Vulkan device a load would use (device_index; -1: the best one). No loader, no
// driver or no device: budgets without a GPU. A device_index that names no device is an Error.
Result<MemoryBudgets> query_machine_budgets(int device_index);

// Prompt tokens the engine runs per batch unless told otherwise (EngineOptions::n_batch).
inline constexpr uint32_t kDefaultBatchTokens = 256;

// What a plan for a file on this machine depends on.
struct PlanOptions {
    uint32_t n_ctx = 4096;     // clamped to the model's usable context
    uint32_t n_batch = kDefaultBatchTokens;
    KvCacheTypes cache_types;
    int gpu_layers = -1;       // PlanRequest::gpu_layers
    int device_index = -1;     // the Vulkan device; -1: the one a load would choose
    bool use_gpu = true;       // false: plan for the CPU backend alone (no device is asked)
};

// The plan for the model in `file`: its footprint against this machine's budgets. No usable Vulkan device
// (no loader, no driver, no device) plans for the CPU alone. Errors: a file the engine cannot run, a
// bad budget override, a device_index that names no device.
Result<LoadPlan> plan_model(const GgufFile& file, const ModelConfig& config, const PlanOptions& options);

} // namespace ponder
