#include "model/kv_cache.h"

#include "vk/device.h"

namespace ponder {

uint64_t KvCache::bytes_for(const ModelConfig& config, uint32_t n_ctx) {
    return uint64_t(2) * config.n_layers * n_ctx * config.kv_dim() * sizeof(uint16_t);
}

Result<KvCache> KvCache::create(const vk::Device& device, const ModelConfig& config, uint32_t n_ctx) {
    const uint64_t layer_bytes = uint64_t(n_ctx) * config.kv_dim() * sizeof(uint16_t);
    if (layer_bytes > device.info().max_storage_buffer_range)
        return make_error(
            "a context of " + std::to_string(n_ctx) + " tokens needs " + vk::format_bytes(layer_bytes) +
            " of keys per layer, more than " + device.info().name + " can bind (" +
            vk::format_bytes(device.info().max_storage_buffer_range) + "); choose a smaller context size");
    KvCache cache;
    cache.n_ctx_ = n_ctx;
    for (uint32_t layer = 0; layer < config.n_layers; ++layer) {
        auto k = vk::Buffer::create(device, layer_bytes, vk::MemoryUse::DeviceLocal, "KV cache keys");
        PONDER_TRY(k);
        auto v = vk::Buffer::create(device, layer_bytes, vk::MemoryUse::DeviceLocal, "KV cache values");
        PONDER_TRY(v);
        cache.keys_.push_back(std::move(*k));
        cache.values_.push_back(std::move(*v));
    }
    return cache;
}

} // namespace ponder
