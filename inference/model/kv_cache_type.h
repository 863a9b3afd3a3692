// How the KV cache stores keys and values: f16 (default), or ggml's q8_0 / q4_0 blocks of 32 along each
// row (8.5 and 4.5 bits per value), chosen separately for keys and values like llama.cpp's
// --cache-type-k / --cache-type-v. The Vulkan layout is in shaders/kv_cache.glsl.
#pragma once

#include "error.h"
#include "model/config.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ponder {

enum class KvCacheType { F16, Q8_0, Q4_0 };

struct KvCacheTypes {
    KvCacheType k = KvCacheType::F16;
    KvCacheType v = KvCacheType::F16;
};

// "f16", "q8_0", "q4_0". Inline (like parse_kv_cache_type) so the app's settings can use them
// without linking the engine.
inline const char* kv_cache_type_name(KvCacheType type) {
    switch (type) {
    case KvCacheType::F16: return "f16";
    case KvCacheType::Q8_0: return "q8_0";
    case KvCacheType::Q4_0: return "q4_0";
    }
    return "?";
}

// "f16" / "q8_0" / "q4_0"; anything else is an error listing them.
inline Result<KvCacheType> parse_kv_cache_type(std::string_view name) {
    for (KvCacheType type : {KvCacheType::F16, KvCacheType::Q8_0, KvCacheType::Q4_0})
        if (name == kv_cache_type_name(type)) return type;
    return make_error("unknown KV cache type '" + std::string(name) + "' (use f16, q8_0 or q4_0)");
}

// Bytes of one cache row of kv_dim values: f16 2 per value; q8_0 34 and q4_0 18 per block of 32.
uint64_t kv_cache_row_bytes(KvCacheType type, uint32_t kv_dim);

// Quantized caches store whole pairs of blocks per row: kv_dim must be a multiple of 64.
Status check_kv_cache_types(const KvCacheTypes& types, const ModelConfig& config);

} // namespace ponder
