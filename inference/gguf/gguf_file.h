// GGUF v2/v3 reader: memory-maps a model file and exposes its metadata and tensors.
// Every count, length, type, dimension, alignment, offset and size is validated against the file
// before it is trusted (overflow-checked arithmetic); any defect is an Error naming it.
#pragma once

#include "error.h"
#include "gguf/ggml_types.h"
#include "platform/mapped_file.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ponder {

enum class GgufType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, BOOL = 7,
    STRING = 8, ARRAY = 9, U64 = 10, I64 = 11, F64 = 12,
};

// "U32", "STRING", "ARRAY", ...; "unknown" for values outside the enum.
std::string_view gguf_type_name(GgufType type);

struct GgufArray {
    GgufType element_type;
    // Exactly one of these is filled, by element type: integers (incl. bool) widened to int64,
    // floats to double, strings as std::string.
    std::vector<int64_t> ints;
    std::vector<double> floats;
    std::vector<std::string> strings;
    size_t size() const;
};

struct GgufValue {
    GgufType type;
    std::variant<int64_t, uint64_t, double, bool, std::string, GgufArray> value;
};

struct GgufKeyValue {
    std::string key;
    GgufValue value;
};

struct TensorInfo {
    std::string name;
    std::vector<uint64_t> dims;  // ggml order: dims[0] is the contiguous (row) dimension
    GgmlType type;
    uint64_t offset;             // absolute byte offset in its file (data section start + relative)
    uint64_t n_elements;
    uint64_t n_bytes;
    uint32_t part = 0;           // the file of a split set that holds the data (0: the first, or only)
    uint64_t rows() const;       // product of dims[1..]
};

class GgufFile {
public:
    // Opens and validates `path`. The mappings live as long as the GgufFile. A part of a split set
    // (gguf_split.h) opens the whole set as one model: metadata from the first part, tensors from all;
    // a missing part, or one from a different set, is an Error that names it.
    static Result<GgufFile> open(const std::string& path);

    GgufFile(GgufFile&&) noexcept;
    GgufFile& operator=(GgufFile&&) noexcept;
    ~GgufFile();

    const std::string& path() const { return path_; }  // the first part of a split set
    // Every file of the model in order: one path, or each part of a split set.
    const std::vector<std::string>& part_paths() const { return part_paths_; }
    uint32_t version() const { return version_; }
    uint64_t file_size() const { return file_size_; }  // all parts together
    uint64_t alignment() const { return alignment_; }

    const std::vector<GgufKeyValue>& metadata() const { return metadata_; }
    const GgufValue* find(std::string_view key) const;

    // Typed lookups: nullopt when absent; an Error when present with an incompatible type.
    Result<std::optional<uint64_t>> get_uint(std::string_view key) const;   // any unsigned/signed>=0 integer
    Result<std::optional<double>> get_float(std::string_view key) const;    // F32/F64 (or integer)
    Result<std::optional<bool>> get_bool(std::string_view key) const;
    Result<std::optional<std::string>> get_string(std::string_view key) const;
    const GgufArray* get_array(std::string_view key) const;

    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find_tensor(std::string_view name) const;
    // Bytes of a tensor inside the mapping (validated to lie inside the file at open()).
    std::span<const uint8_t> tensor_data(const TensorInfo& t) const;

private:
    GgufFile() = default;
    static Result<GgufFile> open_part(const std::string& path);  // one file, split keys not followed
    Status parse();  // fills everything below from parts_[0]; errors without the path prefix
    // gguf_file_split.cpp: completes a first part with split.count > 1 by the parts named after it.
    Status join_parts(uint64_t count);
    Status append_part(GgufFile part, uint32_t index);

    std::vector<MappedFile> parts_;
    std::vector<std::string> part_paths_;
    std::string path_;
    uint32_t version_ = 0;
    uint64_t file_size_ = 0;
    uint64_t alignment_ = 32;
    std::vector<GgufKeyValue> metadata_;
    std::vector<TensorInfo> tensors_;
};

} // namespace ponder
