// The KV cache on the device: per layer, keys and values of every position ([n_ctx x kv_dim] each, in
// their cache types: f16, q8_0 or q4_0, layouts in shaders/kv_cache.glsl), plus how many leading
// positions hold valid entries.
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/kv_cache_type.h"
#include "vk/buffer.h"

#include <cstdint>
#include <vector>

namespace ponder {

class KvCache {
  public:
    // The cache of layers [0, n_layers) (fewer than the model's in a GPU/CPU split: the CPU backend keeps
    // the others').
    static Result<KvCache> create(const vk::Device& device, const ModelConfig& config, uint32_t n_ctx,
                                  const KvCacheTypes& types = {}, uint32_t n_layers = UINT32_MAX);
    // Bytes a cache of n_ctx positions takes.
    static uint64_t bytes_for(const ModelConfig& config, uint32_t n_ctx, const KvCacheTypes& types = {},
                              uint32_t n_layers = UINT32_MAX);

    uint32_t capacity() const { return n_ctx_; }
    uint32_t n_cached() const { return n_cached_; }
    // Keeps the first n positions (the longest common prefix of a new prompt); later writes overwrite the
    // rest.
    void truncate(uint32_t n) { n_cached_ = n < n_cached_ ? n : n_cached_; }
    void set_cached(uint32_t n) { n_cached_ = n; }

    const vk::Buffer& keys(uint32_t layer) const { return keys_[layer]; }
    const vk::Buffer& values(uint32_t layer) const { return values_[layer]; }

  private:
    std::vector<vk::Buffer> keys_, values_;
    uint32_t n_ctx_ = 0, n_cached_ = 0;
};

} // namespace ponder
