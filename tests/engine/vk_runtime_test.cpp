// The Vulkan runtime: device choice, buffers, weight tensors split into bindable chunks (a real one over
// 128 MiB), upload cancellation, the on-disk pipeline cache and timestamps.
#include "vk/device_tensor.h"
#include "vk_test_device.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ponder::vk::testing {
namespace {

DeviceInfo fake_device(uint32_t index, DeviceKind kind, const std::string& name) {
    DeviceInfo d{};
    d.index = index;
    d.kind = kind;
    d.name = name;
    d.api_version = VK_API_VERSION_1_3;
    d.compute_queue_family = 0;
    return d;
}

TEST(DeviceChoice, PrefersDiscreteThenIntegratedThenVirtualThenCpu) {
    unsetenv("PONDER_VK_DEVICE");
    std::vector<DeviceInfo> devices = {
        fake_device(0, DeviceKind::Cpu, "llvmpipe"), fake_device(1, DeviceKind::Integrated, "igpu"),
        fake_device(2, DeviceKind::Discrete, "dgpu"), fake_device(3, DeviceKind::Virtual, "vgpu")};
    EXPECT_EQ(choose_device(devices, {})->name, "dgpu");
    devices.erase(devices.begin() + 2);
    EXPECT_EQ(choose_device(devices, {})->name, "igpu");
    devices.erase(devices.begin() + 1);
    EXPECT_EQ(choose_device(devices, {})->name, "vgpu");
    devices.erase(devices.begin() + 1);
    EXPECT_EQ(choose_device(devices, {})->name, "llvmpipe");
}

TEST(DeviceChoice, AmongDevicesOfOneKindTheMostVramWins) {
    unsetenv("PONDER_VK_DEVICE");
    auto with_vram = [](DeviceInfo d, uint64_t gib) {
        d.memory.heaps = {{gib << 30, gib << 30, true}, {64ull << 30, 64ull << 30, false}};
        return d;
    };
    const std::vector<DeviceInfo> devices = {
        with_vram(fake_device(0, DeviceKind::Integrated, "igpu"), 32),
        with_vram(fake_device(1, DeviceKind::Discrete, "8 GiB card"), 8),
        with_vram(fake_device(2, DeviceKind::Discrete, "24 GiB card"), 24),
        with_vram(fake_device(3, DeviceKind::Discrete, "12 GiB card"), 12)};
    EXPECT_EQ(choose_device(devices, {})->name, "24 GiB card");
    EXPECT_EQ(choose_device(devices, {1})->name, "8 GiB card");
}

TEST(DeviceChoice, SkipsDevicesThatCannotCompute) {
    std::vector<DeviceInfo> devices = {fake_device(0, DeviceKind::Cpu, "llvmpipe"),
                                       fake_device(1, DeviceKind::Discrete, "display only")};
    devices[1].compute_queue_family = UINT32_MAX;
    EXPECT_EQ(choose_device(devices, {})->name, "llvmpipe");
}

TEST(DeviceChoice, AnIndexOrTheEnvironmentOverridesThePreference) {
    const std::vector<DeviceInfo> devices = {fake_device(0, DeviceKind::Cpu, "llvmpipe"),
                                             fake_device(1, DeviceKind::Discrete, "dgpu")};
    EXPECT_EQ(choose_device(devices, {0})->name, "llvmpipe");
    setenv("PONDER_VK_DEVICE", "0", 1);
    EXPECT_EQ(choose_device(devices, {})->name, "llvmpipe");
    setenv("PONDER_VK_DEVICE", "seven", 1);
    EXPECT_FALSE(choose_device(devices, {}).ok());
    unsetenv("PONDER_VK_DEVICE");
}

TEST(DeviceChoice, AMissingIndexNamesTheDevicesThereAre) {
    const std::vector<DeviceInfo> devices = {fake_device(0, DeviceKind::Cpu, "llvmpipe")};
    auto chosen = choose_device(devices, {5});
    ASSERT_FALSE(chosen.ok());
    EXPECT_NE(chosen.error().message.find("0: llvmpipe"), std::string::npos) << chosen.error().message;
    EXPECT_FALSE(choose_device({}, {}).ok());
}

using RuntimeTest = VkTest;

TEST_F(RuntimeTest, DeviceReportsTheLimitsTheEngineReliesOn) {
    const DeviceInfo& info = device->info();
    EXPECT_FALSE(info.name.empty());
    EXPECT_GE(info.subgroup_size, 1u);
    EXPECT_GT(info.max_storage_buffer_range, 0u);
    EXPECT_GT(info.max_allocation_bytes, 0u);
    EXPECT_GT(info.memory.model_heap_available(), 0u);
}

TEST_F(RuntimeTest, BuffersRoundTripBytesAndRefuseImpossibleSizes) {
    const std::vector<float> data = random_floats(1001);
    Buffer buffer = upload(data);
    EXPECT_EQ(download(buffer, data.size()), data);
    auto huge =
        Buffer::create(*device, device->info().max_allocation_bytes + 1, MemoryUse::DeviceLocal, "huge test");
    ASSERT_FALSE(huge.ok());
    EXPECT_NE(huge.error().message.find("out of GPU memory: huge test"), std::string::npos)
        << huge.error().message;
}

// Rows of n_cols floats whose values encode (row, column).
Status write_pattern(uint32_t n_cols, uint32_t first, uint32_t n, std::span<uint8_t> dst) {
    auto* out = reinterpret_cast<float*>(dst.data());
    for (uint32_t r = 0; r < n; ++r)
        for (uint32_t c = 0; c < n_cols; c += 512)
            out[size_t(r) * n_cols + c] = float(first + r) + c * 1e-4f;
    return {};
}

TEST_F(RuntimeTest, TensorsSplitIntoWholeRowChunksWithinTheLimit) {
    const uint32_t n_cols = 1024, n_rows = 37;
    const TensorShape shape{GgmlType::F32, n_cols, n_rows, n_cols * 4u};
    auto tensor = DeviceTensor::upload(
        *device, "test", shape,
        [&](uint32_t f, uint32_t n, std::span<uint8_t> d) { return write_pattern(n_cols, f, n, d); }, {},
        /*max_chunk_bytes=*/10 * n_cols * 4);
    ASSERT_TRUE(tensor.ok()) << tensor.error().message;
    ASSERT_EQ(tensor->n_chunks(), 4u); // 10 + 10 + 10 + 7 rows
    uint32_t next_row = 0;
    for (size_t i = 0; i < tensor->n_chunks(); ++i) {
        const WeightChunk& chunk = tensor->chunks()[i];
        EXPECT_EQ(chunk.first_row, next_row);
        EXPECT_EQ(chunk.bytes, chunk.n_rows * shape.row_bytes);
        const std::vector<float> back = download(tensor->chunk_buffer(i), chunk.n_rows * n_cols);
        EXPECT_EQ(back[0], float(chunk.first_row));
        EXPECT_EQ(back[(chunk.n_rows - 1) * n_cols + 512],
                  float(chunk.first_row + chunk.n_rows - 1) + 512 * 1e-4f);
        next_row += chunk.n_rows;
    }
    EXPECT_EQ(next_row, n_rows);
}

TEST_F(RuntimeTest, ATensorOverTheStorageBufferRangeIsSplit) {
    const uint64_t range = device->info().max_storage_buffer_range;
    if (range > (256ull << 20))
        GTEST_SKIP() << "the device binds " << format_bytes(range) << "; test sized for 128 MiB";
    const uint32_t n_cols = 4096;
    const uint32_t n_rows = static_cast<uint32_t>(range / (n_cols * 4) + 100); // just over the limit
    const TensorShape shape{GgmlType::F32, n_cols, n_rows, n_cols * 4u};
    auto tensor =
        DeviceTensor::upload(*device, "big", shape, [&](uint32_t f, uint32_t n, std::span<uint8_t> d) {
            return write_pattern(n_cols, f, n, d);
        });
    ASSERT_TRUE(tensor.ok()) << tensor.error().message;
    ASSERT_EQ(tensor->n_chunks(), 2u);
    EXPECT_LE(tensor->chunks()[0].bytes, range);
    EXPECT_EQ(tensor->chunks()[1].n_rows, 100u);
    const std::vector<float> tail = download(tensor->chunk_buffer(1), 100 * n_cols);
    EXPECT_EQ(tail[99 * n_cols], float(n_rows - 1));
}

TEST_F(RuntimeTest, UploadsReportProgressAndStopWhenCancelled) {
    const TensorShape shape{GgmlType::F32, 256, 64, 1024};
    uint64_t last_done = 0, calls = 0;
    auto progress = [&](uint64_t done, uint64_t total) {
        EXPECT_EQ(total, 64u * 1024u);
        EXPECT_GT(done, last_done);
        last_done = done;
        return ++calls < 2; // cancel on the second report
    };
    auto tensor = DeviceTensor::upload(
        *device, "cancelled", shape, [](uint32_t, uint32_t, std::span<uint8_t>) { return Status{}; },
        progress, 16 * 1024);
    ASSERT_FALSE(tensor.ok());
    EXPECT_NE(tensor.error().message.find("cancelled"), std::string::npos);
    EXPECT_EQ(calls, 2u);
}

TEST_F(RuntimeTest, PipelineCacheIsWrittenToDiskAndReadBack) {
    const std::filesystem::path path =
        std::filesystem::path(::testing::TempDir()) / ("ponder-vk-runtime-" + std::to_string(::getpid())) / "cache.bin";
    std::filesystem::remove(path);
    {
        auto cache_on_disk = PipelineCache::open(*device, path);
        ASSERT_TRUE(cache_on_disk.ok()) << cache_on_disk.error().message;
        auto made = LayerKernels::create(*device, *cache_on_disk);
        ASSERT_TRUE(made.ok());
        ASSERT_TRUE(cache_on_disk->save().ok());
    }
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_GT(std::filesystem::file_size(path), 0u);
    auto reopened = PipelineCache::open(*device, path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    std::filesystem::remove_all(path.parent_path());
}

// A recorder that keeps its bindings writes each distinct set of buffers once: recording the same step again
// (a decode's next token) allocates and writes no descriptor set, and still computes; other buffers get their own
// set. Without keep_bindings every recording writes its sets anew.
TEST_F(RuntimeTest, KeptBindingsAreWrittenOnceAndReusedByLaterRecordings) {
    auto kept = CommandRecorder::create(*device, 64, 0, /*keep_bindings=*/true);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    const uint32_t n = 300;
    Buffer a = upload(random_floats(n)), b = upload(random_floats(n)), y = zeros(n), other = zeros(n);
    auto record = [&](CommandRecorder& rec, const Buffer& out) {
        ASSERT_TRUE(rec.begin().ok());
        ASSERT_TRUE(kernels.add(rec, a.view(), b.view(), out.view(), n).ok());
        rec.barrier_before_host_read();
        ASSERT_TRUE(rec.submit_and_wait().ok());
    };
    record(*kept, y);
    EXPECT_EQ(kept->descriptor_writes(), 1u);
    record(*kept, y);
    record(*kept, y);
    EXPECT_EQ(kept->descriptor_writes(), 1u);
    record(*kept, other);
    EXPECT_EQ(kept->descriptor_writes(), 2u);
    const std::vector<float> sum = download(y, n), sum_other = download(other, n);
    EXPECT_EQ(sum, sum_other);
    EXPECT_NE(sum[0], 0.0f);

    record(recorder, y);
    record(recorder, y);
    EXPECT_EQ(recorder.descriptor_writes(), 2u);
}

TEST_F(RuntimeTest, TimestampsMeasureEachLabelledPass) {
    if (!device->info().timestamps)
        GTEST_SKIP() << "no timestamp queries on this device";
    const std::vector<float> data = random_floats(1 << 16);
    Buffer a = upload(data), b = upload(data);
    run([&](CommandRecorder& rec) -> Status {
        rec.timestamp("start");
        PONDER_TRY(kernels.add(rec, a.view(), b.view(), a.view(), 1 << 16));
        rec.barrier_between_steps();
        rec.timestamp("first add");
        PONDER_TRY(kernels.add(rec, a.view(), b.view(), a.view(), 1 << 16));
        rec.timestamp("second add");
        return {};
    });
    const std::vector<PassTime> times = recorder.pass_times();
    ASSERT_EQ(times.size(), 2u);
    EXPECT_EQ(times[0].label, "first add");
    EXPECT_GE(times[0].ms, 0.0);
    EXPECT_EQ(download(a, 4)[3], data[3] * 3);
}

} // namespace
} // namespace ponder::vk::testing
