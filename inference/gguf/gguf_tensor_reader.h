// Reads the GGUF tensor-info section and checks that every tensor's bytes fit the data section.
#pragma once

#include "gguf/gguf_byte_reader.h"
#include "gguf/gguf_file.h"

#include <vector>

namespace ponder::gguf_detail {

// GGML_MAX_NAME is 64 including the terminating NUL.
inline constexpr uint64_t kMaxTensorNameBytes = 63;
inline constexpr uint32_t kMaxDims = 4;

// Reads `n_tensors` infos: names (non-empty, <= 63 bytes, unique), 1..4 dims each >= 1 with a product
// that fits int64, a known type whose block divides dims[0], and a type Ponder supports (one error
// names every unsupported type in the file).
// Offsets are left relative to the data section.
Result<std::vector<TensorInfo>> read_tensor_infos(ByteReader& in, uint64_t n_tensors);

// Checks offsets against `alignment` and the file, and that no two tensors overlap; then makes the
// offsets absolute by adding `data_start`.
Status place_tensors(std::vector<TensorInfo>& tensors, uint64_t data_start, uint64_t alignment, uint64_t file_size);

// "F32 F16 BF16 Q8_0 Q6_K ...": the supported types of the type table, most precise first.
std::string supported_type_names();

} // namespace ponder::gguf_detail
