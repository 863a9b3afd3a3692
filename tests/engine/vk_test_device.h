// A Vulkan device with the engine's runtime for kernel tests: float buffers in, float buffers out.
#pragma once

#include "vk/buffer.h"
#include "vk/device.h"
#include "vk/layer_kernels.h"
#include "vk/pipeline.h"
#include "vk/recorder.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ponder::vk::testing {

// The attention kernels a device profile can choose (vk/device_profile.h): lane per position, and tiled with the
// device's shared memory or with Vulkan's minimum of 16 KiB (the smallest tiles: the most tile boundaries).
enum class AttentionVariant { LanePerPosition, Tiled, TiledMinimum };

inline std::string attention_variant_name(AttentionVariant v) {
    switch (v) {
    case AttentionVariant::LanePerPosition:
        return "lane";
    case AttentionVariant::Tiled:
        return "tiled";
    case AttentionVariant::TiledMinimum:
        return "tiled16k";
    }
    return "?";
}

inline const auto kEveryAttentionVariant = ::testing::Values(
    AttentionVariant::LanePerPosition, AttentionVariant::Tiled, AttentionVariant::TiledMinimum);

class VkTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto created = Device::create();
        ASSERT_TRUE(created.ok()) << created.error().message;
        device = std::move(*created);
        auto opened = PipelineCache::open(*device, {});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        cache = std::move(*opened);
        auto made = LayerKernels::create(*device, cache);
        ASSERT_TRUE(made.ok()) << made.error().message;
        kernels = std::move(*made);
        auto rec = CommandRecorder::create(*device);
        ASSERT_TRUE(rec.ok()) << rec.error().message;
        recorder = std::move(*rec);
    }

    // Layer kernels for `types` whose attention is `variant`, whatever this device's profile chose.
    LayerKernels kernels_with(const KvCacheTypes& types, AttentionVariant variant) {
        DeviceProfile profile = device->profile();
        profile.attention =
            variant == AttentionVariant::LanePerPosition ? AttentionKernel::LanePerPosition : AttentionKernel::Tiled;
        profile.attention_tile_floats = attention_tile_floats(
            variant == AttentionVariant::TiledMinimum ? 16384 : device->info().max_shared_memory_bytes);
        auto made = LayerKernels::create(*device, cache, types, profile);
        EXPECT_TRUE(made.ok()) << made.error().message;
        return made.ok() ? std::move(*made) : LayerKernels{};
    }

    template <class T> Buffer upload(const std::vector<T>& data) {
        auto buffer = Buffer::create(*device, std::max<size_t>(data.size() * sizeof(T), 4),
                                     MemoryUse::DeviceLocal, "test");
        EXPECT_TRUE(buffer.ok());
        auto written = buffer->write(
            *device, 0, {reinterpret_cast<const uint8_t*>(data.data()), data.size() * sizeof(T)});
        EXPECT_TRUE(written.ok());
        return std::move(*buffer);
    }

    Buffer zeros(size_t n_floats) { return upload(std::vector<float>(n_floats, 0.0f)); }

    std::vector<float> download(const Buffer& buffer, size_t n_floats) {
        std::vector<float> out(n_floats);
        auto read =
            buffer.read(*device, 0, {reinterpret_cast<uint8_t*>(out.data()), n_floats * sizeof(float)});
        EXPECT_TRUE(read.ok());
        return out;
    }

    // Records `steps` into one command buffer, submits and waits.
    void run(const std::function<Status(CommandRecorder&)>& steps) {
        ASSERT_TRUE(recorder.begin().ok());
        auto recorded = steps(recorder);
        ASSERT_TRUE(recorded.ok()) << recorded.error().message;
        recorder.barrier_before_host_read();
        auto done = recorder.submit_and_wait();
        ASSERT_TRUE(done.ok()) << done.error().message;
    }

    std::vector<float> random_floats(size_t n, float scale = 1.0f) {
        std::normal_distribution<float> normal(0.0f, scale);
        std::vector<float> v(n);
        for (float& x : v)
            x = normal(rng);
        return v;
    }

    std::unique_ptr<Device> device;
    PipelineCache cache;
    LayerKernels kernels;
    CommandRecorder recorder;
    std::mt19937 rng{std::random_device{}()};
};

// sum (actual - expected)^2 / sum expected^2
inline double normalized_mse(const std::vector<float>& expected, const std::vector<float>& actual) {
    EXPECT_EQ(expected.size(), actual.size());
    double err = 0, norm = 0;
    for (size_t i = 0; i < expected.size() && i < actual.size(); ++i) {
        err += double(actual[i] - expected[i]) * (actual[i] - expected[i]);
        norm += double(expected[i]) * expected[i];
    }
    return norm > 0 ? err / norm : err;
}

} // namespace ponder::vk::testing
