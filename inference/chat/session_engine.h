// The parts of the Vulkan Engine a chat session uses, behind a header that does not pull in
// model/engine.h and its Vulkan headers.
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

class SessionEngine {
public:
    // on_progress gets the share of weights uploaded, in [0, 1]; returning false cancels the load.
    // Where to run: a backend, the Vulkan device (-1: the best one) or the CPU threads (0: one per core).
    struct Target {
        std::optional<Backend> backend;  // unset: the machine's default
        int device_index = -1;
        unsigned n_threads = 0;
        int gpu_layers = -1;  // Vulkan: the first gpu_layers layers on the device, the rest on the CPU; -1 all
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
