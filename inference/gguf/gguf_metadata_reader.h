// Reads the GGUF key/value section: typed scalars, strings and (non-nested) arrays.
#pragma once

#include "gguf/gguf_byte_reader.h"
#include "gguf/gguf_file.h"

#include <vector>

namespace ponder::gguf_detail {

// Reads `n_kv` pairs. Rejects unknown value types, nested arrays, empty or duplicate keys, booleans
// other than 0/1, and any count or length that the remaining bytes cannot hold.
Result<std::vector<GgufKeyValue>> read_metadata(ByteReader& in, uint64_t n_kv);

} // namespace ponder::gguf_detail
