#include "vk/device_tensor.h"

#include "vk/device.h"

#include <algorithm>
#include <vector>

namespace ponder::vk {

namespace {
constexpr uint64_t kStagingBytes = 64ull << 20; // staging copies go in pieces of this size
}

Result<DeviceTensor> DeviceTensor::upload(const Device& device, const std::string& name,
                                          const TensorShape& shape, const RowWriter& write_rows,
                                          const UploadProgress& progress, uint64_t max_chunk_bytes) {
    const DeviceInfo& info = device.info();
    uint64_t limit = std::min(info.max_storage_buffer_range, info.max_allocation_bytes);
    if (max_chunk_bytes)
        limit = std::min(limit, max_chunk_bytes);
    const uint64_t group_bytes = shape.row_bytes * shape.row_group;
    const uint64_t rows_per_chunk = limit / group_bytes * shape.row_group;
    if (rows_per_chunk == 0)
        return make_error(name + ": " + (shape.row_group > 1 ? "one expert's matrix (" : "one row (") +
                          format_bytes(group_bytes) + ") is larger than " + info.name + " can bind (" +
                          format_bytes(limit) + ")");
    DeviceTensor tensor;
    tensor.name_ = name;
    tensor.shape_ = shape;
    const uint64_t total = shape.row_bytes * shape.n_rows;
    uint64_t done = 0;
    std::vector<uint8_t> staging; // host copy for devices without host-visible VRAM
    for (uint32_t first = 0; first < shape.n_rows;) {
        const uint32_t n_rows =
            static_cast<uint32_t>(std::min<uint64_t>(rows_per_chunk, shape.n_rows - first));
        auto buffer =
            Buffer::create(device, n_rows * shape.row_bytes, MemoryUse::DeviceLocal, "weight " + name);
        PONDER_TRY(buffer);
        // Rows go over in pieces so that progress is reported and cancellation is prompt.
        const uint32_t rows_per_piece =
            static_cast<uint32_t>(std::max<uint64_t>(1, kStagingBytes / shape.row_bytes));
        for (uint32_t row = 0; row < n_rows;) {
            const uint32_t n = std::min(rows_per_piece, n_rows - row);
            const uint64_t offset = row * shape.row_bytes, bytes = n * shape.row_bytes;
            if (buffer->mapped()) {
                PONDER_TRY(write_rows(first + row, n, {buffer->mapped() + offset, bytes}));
            } else {
                staging.resize(bytes);
                PONDER_TRY(write_rows(first + row, n, staging));
                PONDER_TRY(buffer->write(device, offset, staging));
            }
            row += n;
            done += bytes;
            if (progress && !progress(done, total))
                return make_error("loading cancelled");
        }
        tensor.chunks_.push_back({buffer->handle(), 0, buffer->size(), first, n_rows});
        tensor.buffers_.push_back(std::move(*buffer));
        first += n_rows;
    }
    return tensor;
}

Result<DeviceTensor> DeviceTensor::upload_weight(const Device& device, const std::string& name, GgmlType type,
                                                 uint32_t n_cols, uint32_t n_rows,
                                                 std::span<const uint8_t> data,
                                                 const UploadProgress& progress, uint64_t max_chunk_bytes,
                                                 uint32_t row_group) {
    auto row_bytes = device_row_bytes(type, n_cols);
    if (!row_bytes)
        return make_error(name + ": " + row_bytes.error().message);
    const uint64_t file_row_bytes = data.size() / n_rows;
    if (file_row_bytes * n_rows != data.size())
        return make_error(name + ": " + std::to_string(data.size()) + " bytes do not make " +
                          std::to_string(n_rows) + " rows");
    const TensorShape shape{type, n_cols, n_rows, *row_bytes, row_group};
    auto write_rows = [&](uint32_t first, uint32_t n, std::span<uint8_t> dst) {
        return to_device_layout(type, n_cols, data.subspan(first * file_row_bytes, n * file_row_bytes), dst);
    };
    return upload(device, name, shape, write_rows, progress, max_chunk_bytes);
}

} // namespace ponder::vk
