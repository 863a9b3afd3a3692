#include "model/kv_cache.h"

#include "vk/device.h"

#include <algorithm>

namespace ponder {

uint64_t KvCache::bytes_for(const ModelConfig& config, uint32_t n_ctx, const KvCacheTypes& types,
                            uint32_t n_layers) {
    const uint64_t row = kv_cache_row_bytes(types.k, config.kv_dim()) + kv_cache_row_bytes(types.v, config.kv_dim());
    return row * n_ctx * std::min(n_layers, config.n_layers);
}

Result<KvCache> KvCache::create(const vk::Device& device, const ModelConfig& config, uint32_t n_ctx,
                                const KvCacheTypes& types, uint32_t n_layers) {
    PONDER_TRY(check_kv_cache_types(types, config));
    const uint64_t k_bytes = uint64_t(n_ctx) * kv_cache_row_bytes(types.k, config.kv_dim());
    const uint64_t v_bytes = uint64_t(n_ctx) * kv_cache_row_bytes(types.v, config.kv_dim());
    if (std::max(k_bytes, v_bytes) > device.info().max_storage_buffer_range)
        return make_error("a context of " + std::to_string(n_ctx) + " tokens needs " +
                          vk::format_bytes(std::max(k_bytes, v_bytes)) + " of keys or values per layer, more than " +
                          device.info().name + " can bind (" +
                          vk::format_bytes(device.info().max_storage_buffer_range) +
                          "); choose a smaller context size or a q8_0 / q4_0 KV cache");
    KvCache cache;
    cache.n_ctx_ = n_ctx;
    for (uint32_t layer = 0; layer < std::min(n_layers, config.n_layers); ++layer) {
        auto k = vk::Buffer::create(device, k_bytes, vk::MemoryUse::DeviceLocal, "KV cache keys");
        PONDER_TRY(k);
        auto v = vk::Buffer::create(device, v_bytes, vk::MemoryUse::DeviceLocal, "KV cache values");
        PONDER_TRY(v);
        cache.keys_.push_back(std::move(*k));
        cache.values_.push_back(std::move(*v));
    }
    return cache;
}

} // namespace ponder
