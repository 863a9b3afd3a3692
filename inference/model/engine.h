// A model loaded onto a Vulkan device, ready to run: weights, KV cache, kernels and scratch buffers.
// forward() runs prompt batches (prefill) and single tokens (decode) against the KV cache.
#pragma once

#include "error.h"
#include "model/backend.h"
#include "model/config.h"
#include "model/kv_cache_type.h"
#include "model/load_plan.h"
#include "vk/device_tensor.h"
#include "vk/instance.h"
#include "vk/recorder.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ponder {

class GgufFile;
struct ModelWeights;
namespace cpu {
class CpuModel;
}

struct EngineOptions {
    // Unset: the machine's default (model/default_backend.h): the CPU backend unless a GPU is there.
    std::optional<Backend> backend;
    vk::DeviceChoice device;     // Vulkan only; naming a device by number chooses Vulkan
    // Vulkan only: the first gpu_layers transformer layers run on the device, the rest, the embedding and the
    // output on the CPU backend (model/load_plan.h decides how many fit); -1 all of them, 0 none (CPU only).
    int gpu_layers = -1;
    unsigned n_threads = 0;      // CPU only: worker threads, 0 = one per physical core
    uint32_t n_ctx = 4096;       // KV cache positions (clamped to the model's usable context, n_ctx_max)
    uint32_t n_batch = kDefaultBatchTokens; // most prompt tokens per command buffer
    KvCacheTypes cache_types;    // how the KV cache stores keys and values (f16 unless asked)
    vk::UploadProgress progress; // weight upload progress; false cancels loading
};

// What a model needs on the device, for the "won't fit" message and the UI.
struct EngineMemory {
    uint64_t weights, kv_cache, scratch;
    uint64_t total() const { return weights + kv_cache + scratch; }
};

class Engine {
  public:
    static Result<std::unique_ptr<Engine>> load(const std::string& path, const EngineOptions& options = {});
    ~Engine();

    const ModelConfig& config() const;
    const GgufFile& file() const;
    // Vulkan when any layer runs on the device (all, or the first gpu_layers() of a split).
    Backend backend() const;
    uint32_t gpu_layers() const;
    // The Vulkan device (Vulkan backend only).
    const vk::DeviceInfo& device_info() const;
    // What runs the model, for people: the device's name, or "CPU (avx512, 2 threads)".
    std::string device_name() const;
    const EngineMemory& memory() const;
    // Device-local memory the engine's buffers hold now (what memory() estimated, as allocated).
    uint64_t device_bytes_allocated() const;
    uint32_t context_size() const;

    // Runs `tokens` at positions start_pos.. (start_pos <= cached_tokens(); a smaller value rewinds),
    // writing their keys/values into the cache. Returns the logits of the last token
    // ([n_vocab]) or, with all_logits, of every token ([n_tokens x n_vocab]).
    Result<std::vector<float>> forward(std::span<const int32_t> tokens, uint32_t start_pos,
                                       bool all_logits = false);
    // The same run, for greedy sampling: the most likely next token (the argmax of the last token's logits,
    // the first on ties), found on the GPU so that only its id comes back, not n_vocab logits.
    Result<int32_t> forward_argmax(std::span<const int32_t> tokens, uint32_t start_pos);

    uint32_t cached_tokens() const;

    // Bytes one decode step at position n_past reads from device memory, the bound on decode speed:
    // every weight except the embedding table (one row of it, unless it is also the output matrix) and,
    // in a MoE model, the experts a token is not routed to, plus the keys and values of the n_past + 1
    // positions attention sees.
    uint64_t decode_read_bytes(uint32_t n_past) const;
    // Keeps the first n cached positions (the prefix shared with the next prompt).
    void truncate_cache(uint32_t n);

    // Stops a running forward() between batches (it returns an Error "cancelled"); thread-safe.
    void cancel() { cancelled_ = true; }

    // Where the host's time went in the last forward() call, summed over its batches.
    struct HostTimes {
        double record_ms = 0;   // recording the command buffer (descriptor sets, dispatches)
        double gpu_wait_ms = 0; // from submission until the fence signals (the GPU's work and its latency)
        double readback_ms = 0; // copying logits out of mapped memory
    };
    const HostTimes& last_host_times() const { return host_times_; }

    // GPU time per pass (embedding, each layer, output) of the last command buffer; with
    // profile_steps, per step instead ("norm", "qkv", "attention", ... once per layer).
    std::vector<vk::PassTime> last_pass_times() const;
    void set_profile_steps(bool on);

    struct State;

  private:
    // What a run brings back after its last batch: the last token's logits, every token's, or the argmax.
    enum class Readout { LastLogits, AllLogits, Argmax };
    // Runs tokens in batches; `logits` receives the logits (LastLogits, AllLogits), `token` the argmax.
    Status run(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout, std::vector<float>* logits,
               int32_t* token);
    Status run_cpu(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout, std::vector<float>* logits,
                   int32_t* token);
    Status run_split(std::span<const int32_t> tokens, uint32_t start_pos, Readout readout, std::vector<float>* logits,
                     int32_t* token);
    static Result<std::unique_ptr<cpu::CpuModel>> create_cpu_model(const State& state, const EngineOptions& options,
                                                                   uint32_t n_ctx, uint32_t n_batch,
                                                                   uint32_t first_layer);

    explicit Engine(std::unique_ptr<State> state);
    static Result<std::unique_ptr<Engine>> load_cpu(const std::string& path, std::unique_ptr<State> state,
                                                    const EngineOptions& options);
    std::unique_ptr<State> state_;
    std::atomic<bool> cancelled_{false};
    HostTimes host_times_;
};

// The context a load for `requested` positions gets: at least 1, at most config.n_ctx_max.
uint32_t clamp_context(const ModelConfig& config, uint32_t requested);

// Weights + KV cache + scratch for `options`, without touching a device.
Result<EngineMemory> estimate_memory(const GgufFile& file, const ModelConfig& config, uint32_t n_ctx,
                                       uint32_t n_batch, const KvCacheTypes& cache_types = {});

// The device's part of a GPU/CPU split with the first gpu_layers layers there (weights, their KV cache, scratch).
Result<EngineMemory> estimate_split_memory(const GgufFile& file, const ModelConfig& config, const ModelWeights& weights,
                                           uint32_t gpu_layers, uint32_t n_ctx, uint32_t n_batch,
                                           const KvCacheTypes& cache_types = {});

// Ok when `needs` fits in what `device` has free now in the heap models go to
// (MemoryTable::model_heap_available); otherwise an Error that says what to change.
Status check_memory_fits(const EngineMemory& needs, const vk::DeviceInfo& device, uint32_t n_ctx,
                         const KvCacheTypes& cache_types = {});

} // namespace ponder
