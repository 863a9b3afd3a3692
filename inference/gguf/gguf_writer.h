// GGUF v3 writer: metadata of every value type and tensors, written in one pass to a file.
// Tensor bytes come from a fill callback called once per tensor while writing, so at most one
// tensor's data is in memory at a time (a 400 MB model is never held twice).
#pragma once

#include "error.h"
#include "gguf/gguf_file.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ponder {

class GgufWriter {
public:
    // Writes exactly `bytes.size()` bytes of tensor data (size given by dims and type).
    using FillTensor = std::function<Status(std::span<uint8_t> bytes)>;

    explicit GgufWriter(uint32_t alignment = 32);

    void add_uint8(std::string key, uint8_t v);
    void add_int8(std::string key, int8_t v);
    void add_uint16(std::string key, uint16_t v);
    void add_int16(std::string key, int16_t v);
    void add_uint32(std::string key, uint32_t v);
    void add_int32(std::string key, int32_t v);
    void add_uint64(std::string key, uint64_t v);
    void add_int64(std::string key, int64_t v);
    void add_float32(std::string key, float v);
    void add_float64(std::string key, double v);
    void add_bool(std::string key, bool v);
    void add_string(std::string key, std::string v);
    void add_string_array(std::string key, std::vector<std::string> v);
    void add_int32_array(std::string key, std::span<const int32_t> v);
    void add_float32_array(std::string key, std::span<const float> v);
    // Any value as the reader returns it (e.g. copied from another file); its type is kept.
    void add_value(std::string key, GgufValue value);

    // Declares a tensor; `dims` in ggml order (dims[0] contiguous). An Error when the row
    // length is not a whole number of blocks of `type` or the name repeats. Without `fill` the
    // tensor is zeros; zeros at the end of the file are left as a hole (a sparse file).
    Status add_tensor(std::string name, std::vector<uint64_t> dims, GgmlType type, FillTensor fill);
    // Convenience: a tensor whose bytes are already in memory.
    Status add_tensor_bytes(std::string name, std::vector<uint64_t> dims, GgmlType type,
                            std::vector<uint8_t> bytes);

    // Metadata added so far, in order.
    const std::vector<GgufKeyValue>& metadata() const { return metadata_; }

    // Writes the header, metadata, tensor infos and data (each tensor aligned) to `path`.
    Status write(const std::string& path) const;

    // Writes a split set of `n_parts` files named split_path(prefix, 1..n_parts, n_parts), as llama.cpp's
    // gguf-split lays them out (gguf_split.h): the first part holds every metadata key, every part the
    // split keys and its share of the tensors (in order, as even by count as they divide). Returns the
    // paths. An Error when there are fewer tensors than parts.
    Result<std::vector<std::string>> write_split(const std::string& prefix, uint32_t n_parts) const;

private:
    struct Tensor {
        std::string name;
        std::vector<uint64_t> dims;
        GgmlType type;
        uint64_t n_bytes;
        FillTensor fill;
    };
    Status write_file(const std::string& path, const std::vector<GgufKeyValue>& metadata,
                      std::span<const Tensor> tensors) const;
    uint32_t alignment_;
    std::vector<GgufKeyValue> metadata_;
    std::vector<Tensor> tensors_;
};

// Bytes of a tensor of `type` with `n_elements` (a whole number of blocks); 0 for unknown types.
uint64_t ggml_tensor_bytes(GgmlType type, uint64_t n_elements);

} // namespace ponder
