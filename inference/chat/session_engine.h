// The parts of the Vulkan Engine a chat session uses, behind a header that does not pull in
// model/engine.h (its EngineMemory is the engine's own account; chat_session.h's MemoryEstimate
// is what the app shows): this header is the bridge between them.
#pragma once

#include "error.h"
#include "model/backend.h"
#include "model/config.h"
#include "model/kv_cache_type.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ponder {

class Engine;
class GgufFile;

struct DeviceMemoryNeeds {
    uint64_t weights = 0, kv_cache = 0, scratch = 0;
    uint64_t device_bytes = 0;  // free now on the chosen device (MemoryTable::model_heap_available)
    std::string device_name;
};

// What loading `path` with `n_ctx` positions (clamped to the usable context) and a KV cache of
// `cache_types` would take on the device `device_index` (-1: the best one), without loading anything.
Result<DeviceMemoryNeeds> estimate_device_memory(const std::string& path, int device_index, uint32_t n_ctx,
                                                 const KvCacheTypes& cache_types);
// The same needs without asking any device (device_bytes 0, no name): for listing many models.
Result<DeviceMemoryNeeds> estimate_model_needs(const std::string& path, uint32_t n_ctx,
                                               const KvCacheTypes& cache_types);
// Only the device part: what `device_index` (-1: the best one) has free for a model, and its name.
Result<DeviceMemoryNeeds> query_device_memory(int device_index);

class SessionEngine {
public:
    // on_progress gets the share of weights uploaded, in [0, 1]; returning false cancels the load.
    // Where to run: a backend, the Vulkan device (-1: the best one) or the CPU threads (0: one per core).
    struct Target {
        std::optional<Backend> backend;  // unset: the machine's default
        int device_index = -1;
        unsigned n_threads = 0;
    };
    static Result<SessionEngine> load(const std::string& path, const Target& target, uint32_t n_ctx,
                                      const KvCacheTypes& cache_types,
                                      const std::function<bool(float)>& on_progress);
    SessionEngine(SessionEngine&&) noexcept;
    SessionEngine& operator=(SessionEngine&&) noexcept;
    ~SessionEngine();

    const GgufFile& file() const;
    const ModelConfig& config() const;
    std::string device_name() const;
    uint32_t context_size() const;
    uint32_t cached_tokens() const;
    // Logits of the last token of `tokens`, run at positions start_pos...
    Result<std::vector<float>> forward(std::span<const int32_t> tokens, uint32_t start_pos);
    void truncate_cache(uint32_t n);

private:
    explicit SessionEngine(std::unique_ptr<Engine> engine);
    std::unique_ptr<Engine> engine_;
};

} // namespace ponder
