#include "model/kv_cache_type.h"

namespace ponder {

uint64_t kv_cache_row_bytes(KvCacheType type, uint32_t kv_dim) {
    switch (type) {
    case KvCacheType::F16: return uint64_t(kv_dim) * 2;
    case KvCacheType::Q8_0: return uint64_t(kv_dim) / 32 * 34;
    case KvCacheType::Q4_0: return uint64_t(kv_dim) / 32 * 18;
    }
    return 0;
}

Status check_kv_cache_types(const KvCacheTypes& types, const ModelConfig& c) {
    for (KvCacheType type : {types.k, types.v})
        if (type != KvCacheType::F16 && c.kv_dim() % 64 != 0)
            return make_error(std::string("a ") + kv_cache_type_name(type) +
                              " KV cache needs key/value rows of a multiple of 64 values; this model's have " +
                              std::to_string(c.kv_dim()) + " (use the f16 cache)");
    return {};
}

} // namespace ponder
