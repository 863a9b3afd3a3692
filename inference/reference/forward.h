// The CPU reference transformer (llama / qwen2 / qwen3 / qwen3moe): slow, simple, and the oracle for the
// Vulkan engine. Weights stay quantized in the mapped file and are dequantized row by row as used.
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/kv_cache_type.h"
#include "model/rope.h"
#include "model/weights.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ponder {
class GgufFile;
}

namespace ponder::reference {

class ReferenceModel {
public:
    // Opens a GGUF model, reads its config and binds its weights; keys and values are cached rounded
    // to `cache_types` as the engine's KV cache stores them.
    static Result<ReferenceModel> load(const std::string& path, const KvCacheTypes& cache_types = {});

    ReferenceModel(ReferenceModel&&) noexcept;
    ReferenceModel& operator=(ReferenceModel&&) noexcept;
    ~ReferenceModel();

    const ModelConfig& config() const { return config_; }
    const GgufFile& file() const { return *file_; }

    // Runs `tokens` at positions start_pos.. and returns their logits, [n_tokens x n_vocab].
    // Keys/values of positions >= start_pos are (re)computed; earlier ones come from the cache,
    // so start_pos may be at most cached_tokens() (a smaller value rewinds the conversation).
    Result<std::vector<float>> forward(std::span<const int32_t> tokens, uint32_t start_pos);

    uint32_t cached_tokens() const { return n_cached_; }

private:
    ReferenceModel() = default;
    void run_layer(uint32_t layer, std::span<float> x, uint32_t n_tokens, uint32_t start_pos);

    std::unique_ptr<GgufFile> file_;
    ModelConfig config_{};
    ModelWeights weights_;
    RopeFrequencies rope_;
    KvCacheTypes cache_types_;
    // Per layer: [position x kv_dim], values rounded to the cache types as the GPU stores them.
    std::vector<std::vector<float>> k_cache_, v_cache_;
    uint32_t n_cached_ = 0;
};

} // namespace ponder::reference
