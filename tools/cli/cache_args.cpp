#include "cache_args.h"

namespace ponder::cli {

Result<KvCacheTypes> take_cache_types(Args& args) {
    KvCacheTypes types;
    for (auto [flag, type] : {std::pair{"--cache-type-k", &types.k}, std::pair{"--cache-type-v", &types.v}}) {
        const auto name = args.take({flag});
        if (!name) continue;
        auto parsed = parse_kv_cache_type(*name);
        if (!parsed) return make_error(std::string(flag) + ": " + parsed.error().message);
        *type = *parsed;
    }
    return types;
}

} // namespace ponder::cli
