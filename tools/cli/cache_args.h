// --cache-type-k / --cache-type-v, shared by every ponder-cli command that loads a model.
#pragma once

#include "args.h"
#include "error.h"
#include "model/kv_cache_type.h"

namespace ponder::cli {

// The KV cache types asked for (f16 when absent); an error names an unknown type.
Result<KvCacheTypes> take_cache_types(Args& args);

} // namespace ponder::cli
