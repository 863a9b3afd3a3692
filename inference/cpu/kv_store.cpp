#include "cpu/kv_store.h"

#include "reference/dequant.h"
#include "reference/kv_quantize.h"

#include <algorithm>
#include <cstring>

namespace ponder::cpu {

KvStore::KvStore(const ModelConfig& config, uint32_t capacity, const KvCacheTypes& types, uint32_t first_layer)
    : capacity_(capacity), kv_dim_(config.kv_dim()), head_dim_(config.head_dim) {
    for (auto [plane, type] : {std::pair{&k_, types.k}, std::pair{&v_, types.v}}) {
        plane->type = type;
        plane->row_bytes = kv_cache_row_bytes(type, kv_dim_);
        plane->layers.resize(config.n_layers);
        for (uint32_t l = first_layer; l < config.n_layers; ++l)
            plane->layers[l].resize(capacity * plane->row_bytes);
    }
}

uint64_t KvStore::bytes_for(const ModelConfig& config, uint32_t capacity, const KvCacheTypes& types,
                            uint32_t first_layer) {
    return uint64_t(config.n_layers - std::min(first_layer, config.n_layers)) * capacity *
           (kv_cache_row_bytes(types.k, config.kv_dim()) + kv_cache_row_bytes(types.v, config.kv_dim()));
}

uint64_t KvStore::bytes() const {
    uint64_t total = 0;
    for (size_t l = 0; l < k_.layers.size(); ++l)
        total += k_.layers[l].size() + v_.layers[l].size();
    return total;
}

void KvStore::store_key(uint32_t layer, uint32_t pos, const float* k) { store(k_, layer, pos, k); }
void KvStore::store_value(uint32_t layer, uint32_t pos, const float* v) { store(v_, layer, pos, v); }
void KvStore::load_key(uint32_t layer, uint32_t pos, uint32_t head, float* out) const {
    load(k_, layer, pos, head, out);
}
void KvStore::load_value(uint32_t layer, uint32_t pos, uint32_t head, float* out) const {
    load(v_, layer, pos, head, out);
}

void KvStore::store(Plane& plane, uint32_t layer, uint32_t pos, const float* x) {
    uint8_t* row = plane.layers[layer].data() + uint64_t(pos) * plane.row_bytes;
    switch (plane.type) {
    case KvCacheType::F16:
        for (uint32_t i = 0; i < kv_dim_; ++i) {
            const uint16_t h = reference::fp32_to_fp16(x[i]);
            std::memcpy(row + 2 * i, &h, 2);
        }
        return;
    case KvCacheType::Q8_0: reference::quantize_row_q8_0(x, row, kv_dim_); return;
    case KvCacheType::Q4_0: reference::quantize_row_q4_0(x, row, kv_dim_); return;
    }
}

void KvStore::load(const Plane& plane, uint32_t layer, uint32_t pos, uint32_t head, float* out) const {
    const uint8_t* row = plane.layers[layer].data() + uint64_t(pos) * plane.row_bytes;
    const uint32_t first = head * head_dim_;
    switch (plane.type) {
    case KvCacheType::F16:
        reference::dequantize_row(GgmlType::F16, row + 2 * first, out, head_dim_);
        return;
    case KvCacheType::Q8_0:
    case KvCacheType::Q4_0: {
        // Heads may start inside a block of 32 (head_dim 16 or 48): decode the covering blocks.
        const GgmlType type = plane.type == KvCacheType::Q8_0 ? GgmlType::Q8_0 : GgmlType::Q4_0;
        const uint32_t block_bytes = plane.type == KvCacheType::Q8_0 ? 34 : 18;
        const uint32_t b0 = first / 32, b1 = (first + head_dim_ + 31) / 32;
        float blocks[32 * 16];
        if (b1 - b0 > 16) {
            std::vector<float> wide(32 * (b1 - b0));
            reference::dequantize_row(type, row + b0 * block_bytes, wide.data(), wide.size());
            std::memcpy(out, wide.data() + (first - 32 * b0), head_dim_ * sizeof(float));
            return;
        }
        reference::dequantize_row(type, row + b0 * block_bytes, blocks, 32 * (b1 - b0));
        std::memcpy(out, blocks + (first - 32 * b0), head_dim_ * sizeof(float));
        return;
    }
    }
}

} // namespace ponder::cpu
