// A weight tensor on the device: whole rows in the weight kernels' device layout, split into
// row-range chunks so that each binding fits maxStorageBufferRange and each allocation fits
// maxMemoryAllocationSize.
#pragma once

#include "error.h"
#include "gguf/ggml_types.h"
#include "vk/buffer.h"
#include "vk/weight_kernels.h"

#include <functional>
#include <string>
#include <vector>

namespace ponder::vk {

class Device;

// Called as bytes arrive on the device (done, total); returning false cancels the upload.
using UploadProgress = std::function<bool(uint64_t done, uint64_t total)>;

// Writes rows [first_row, first_row + n_rows) in device layout into `dst` (n_rows * row_bytes).
using RowWriter = std::function<Status(uint32_t first_row, uint32_t n_rows, std::span<uint8_t> dst)>;

struct TensorShape {
    GgmlType type;
    uint32_t n_cols; // elements per row (ggml dims[0])
    uint32_t n_rows;
    uint64_t row_bytes; // bytes of one row in device layout
    uint32_t row_group = 1; // chunks hold whole groups of this many rows (a stack's expert matrices)
};

class DeviceTensor {
  public:
    // Uploads the rows `write_rows` produces. `max_chunk_bytes` (0 = the device's limits) lets
    // tests force small chunks.
    static Result<DeviceTensor> upload(const Device& device, const std::string& name,
                                       const TensorShape& shape, const RowWriter& write_rows,
                                       const UploadProgress& progress = {}, uint64_t max_chunk_bytes = 0);

    // A ggml weight (file layout `data`) converted to the kernels' device layout on the way; chunks keep
    // groups of `row_group` rows whole.
    static Result<DeviceTensor> upload_weight(const Device& device, const std::string& name, GgmlType type,
                                              uint32_t n_cols, uint32_t n_rows, std::span<const uint8_t> data,
                                              const UploadProgress& progress = {},
                                              uint64_t max_chunk_bytes = 0, uint32_t row_group = 1);

    DeviceTensor() = default;
    DeviceTensor(DeviceTensor&&) noexcept = default;
    DeviceTensor& operator=(DeviceTensor&&) noexcept = default;

    const std::string& name() const { return name_; }
    const TensorShape& shape() const { return shape_; }
    uint64_t bytes() const { return shape_.row_bytes * shape_.n_rows; }
    // What the weight kernels bind; valid as long as this tensor lives.
    WeightView view() const { return {shape_.type, shape_.n_cols, shape_.n_rows, chunks_}; }
    size_t n_chunks() const { return chunks_.size(); }
    // The buffer behind chunk i (rows chunks()[i].first_row..), e.g. to read it back.
    const Buffer& chunk_buffer(size_t i) const { return buffers_[i]; }
    std::span<const WeightChunk> chunks() const { return chunks_; }

  private:
    std::string name_;
    TensorShape shape_{};
    std::vector<Buffer> buffers_;     // one per chunk
    std::vector<WeightChunk> chunks_; // views of buffers_
};

} // namespace ponder::vk
