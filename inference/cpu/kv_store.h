// The CPU backend's KV cache: per layer, keys and values of up to `capacity` positions, each row of
// kv_dim values stored as the cache type says (f16, or ggml q8_0 / q4_0 blocks of 32, as
// model/kv_cache_type.h defines and reference/kv_quantize.h rounds).
#pragma once

#include "model/config.h"
#include "model/kv_cache_type.h"

#include <cstdint>
#include <vector>

namespace ponder::cpu {

class KvStore {
public:
    KvStore() = default;
    // Holds layers [first_layer, n_layers): with a GPU/CPU split the GPU keeps the others' keys and values.
    KvStore(const ModelConfig& config, uint32_t capacity, const KvCacheTypes& types, uint32_t first_layer = 0);

    uint32_t capacity() const { return capacity_; }
    uint64_t bytes() const;
    static uint64_t bytes_for(const ModelConfig& config, uint32_t capacity, const KvCacheTypes& types,
                              uint32_t first_layer = 0);

    // Stores one position's keys or values (kv_dim floats) in the cache type.
    void store_key(uint32_t layer, uint32_t pos, const float* k);
    void store_value(uint32_t layer, uint32_t pos, const float* v);

    // Head `head` (head_dim values) of one cached position, as floats.
    void load_key(uint32_t layer, uint32_t pos, uint32_t head, float* out) const;
    void load_value(uint32_t layer, uint32_t pos, uint32_t head, float* out) const;

    KvCacheType key_type() const { return k_.type; }
    KvCacheType value_type() const { return v_.type; }
    // Head `head` of a cached position as stored, for f16 caches (read in place by the f16 kernels).
    const uint16_t* key_f16(uint32_t layer, uint32_t pos, uint32_t head) const { return f16_head(k_, layer, pos, head); }
    const uint16_t* value_f16(uint32_t layer, uint32_t pos, uint32_t head) const { return f16_head(v_, layer, pos, head); }

private:
    struct Plane {
        KvCacheType type = KvCacheType::F16;
        uint64_t row_bytes = 0;
        std::vector<std::vector<uint8_t>> layers;  // [layer][capacity x row_bytes]; empty below first_layer
    };
    void store(Plane& plane, uint32_t layer, uint32_t pos, const float* x);
    const uint16_t* f16_head(const Plane& plane, uint32_t layer, uint32_t pos, uint32_t head) const {
        return reinterpret_cast<const uint16_t*>(plane.layers[layer].data() + uint64_t(pos) * plane.row_bytes) +
               head * head_dim_;
    }
    void load(const Plane& plane, uint32_t layer, uint32_t pos, uint32_t head, float* out) const;

    uint32_t capacity_ = 0, kv_dim_ = 0, head_dim_ = 0;
    Plane k_, v_;
};

} // namespace ponder::cpu
