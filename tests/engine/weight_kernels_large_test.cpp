// A weight table larger than maxStorageBufferRange (128 MiB on lavapipe) is read through two row chunks:
// the embedding and the matvec must return the right rows on both sides of the chunk boundary.
#include "weight_kernels_gpu.h"

#include "reference/dequant.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

namespace ponder::vk {
namespace {

TEST(WeightKernelsLargeTensor, RowsAcrossTheChunkBoundaryOfAQ8_0TableOver128MiB) {
    testing::TestGpu gpu;
    auto kernels = gpu.weight_kernels();
    ASSERT_TRUE(kernels.ok()) << kernels.error().message;

    // 7800 rows x 17408 device bytes = 129.5 MiB; split where the device's range limit forces it.
    const uint32_t cols = 16384, rows = 7800;
    const uint64_t row_bytes = *device_row_bytes(GgmlType::Q8_0, cols);
    const uint64_t file_row_bytes = cols / 32 * 34;
    ASSERT_GT(rows * row_bytes, gpu.limits.maxStorageBufferRange);
    const uint32_t rows_per_chunk = static_cast<uint32_t>(
        std::min<uint64_t>(gpu.limits.maxStorageBufferRange, 128ull << 20) / row_bytes / 16 * 16);
    ASSERT_LT(rows_per_chunk, rows);

    std::mt19937 rng(11);
    std::vector<uint8_t> file(rows * file_row_bytes);
    for (size_t i = 0; i < file.size(); i += 4) {
        const uint32_t r = rng();
        std::memcpy(&file[i], &r, std::min<size_t>(4, file.size() - i));
    }
    for (size_t b = 0; b < file.size() / 34; ++b) {
        const uint16_t d = reference::fp32_to_fp16(0.001f + 0.01f * float(b % 97) / 97.0f);
        std::memcpy(&file[b * 34], &d, 2);
    }
    testing::HostBuffer& table = gpu.buffer(rows * row_bytes);
    ASSERT_TRUE(to_device_layout(GgmlType::Q8_0, cols, file, {table.as<uint8_t>(), table.bytes}).ok());
    const WeightChunk chunks[2] = {
        {table.buffer, 0, rows_per_chunk * row_bytes, 0, rows_per_chunk},
        {table.buffer, rows_per_chunk * row_bytes, (rows - rows_per_chunk) * row_bytes, rows_per_chunk,
         rows - rows_per_chunk},
    };
    const WeightView view{GgmlType::Q8_0, cols, rows, chunks};

    // Embedding of rows on both sides of the boundary and at both ends.
    const std::vector<uint32_t> ids = {rows_per_chunk - 1, rows_per_chunk, 0, rows - 1};
    testing::HostBuffer& id_buf = gpu.buffer(ids.size() * 4);
    std::memcpy(id_buf.data, ids.data(), ids.size() * 4);
    testing::HostBuffer& embedded = gpu.buffer(ids.size() * cols * 4);
    // Matvec over the whole table.
    testing::HostBuffer& x = gpu.buffer(cols * 4);
    testing::HostBuffer& y = gpu.buffer(rows * 4);
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    for (uint32_t i = 0; i < cols; ++i) x.as<float>()[i] = value(rng);
    gpu.run([&](VkCommandBuffer cmd) {
        ASSERT_TRUE(kernels->embedding(cmd, view, id_buf.view(), embedded.view(), uint32_t(ids.size())).ok());
        ASSERT_TRUE(kernels->matmul(cmd, view, x.view(), y.view(), 1).ok());
    });

    std::vector<float> row(cols);
    for (size_t i = 0; i < ids.size(); ++i) {
        reference::dequantize_row(GgmlType::Q8_0, &file[ids[i] * file_row_bytes], row.data(), cols);
        ASSERT_EQ(0, std::memcmp(embedded.as<float>() + i * cols, row.data(), cols * 4)) << "row " << ids[i];
    }
    double err = 0, norm = 0;
    for (uint32_t r = rows_per_chunk - 40; r < rows_per_chunk + 40; ++r) {
        reference::dequantize_row(GgmlType::Q8_0, &file[r * file_row_bytes], row.data(), cols);
        double dot = 0;
        for (uint32_t k = 0; k < cols; ++k) dot += double(row[k]) * x.as<float>()[k];
        err += (y.as<float>()[r] - dot) * (y.as<float>()[r] - dot);
        norm += dot * dot;
    }
    EXPECT_LE(err / norm, 1e-6);
}

} // namespace
} // namespace ponder::vk
