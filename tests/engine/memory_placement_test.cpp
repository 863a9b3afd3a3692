// Memory placement on the memory tables of real devices (as vulkaninfo prints them): weights, KV cache
// and scratch go to the big VRAM heap and never to the 256 MiB BAR window, staging stays in host
// memory, readbacks get cached host memory, and the fit check counts what the budget says is free;
// a 32B model's memory plan on a 24 GB card.
#include "gen/test_model.h"
#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "reference_test_models.h"
#include "vk/memory_types.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace ponder::vk {
namespace {

constexpr uint64_t GiB = 1ull << 30, MiB = 1ull << 20;
constexpr VkMemoryPropertyFlags DL = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
                                HV = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT,
                                HC = VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                                CACHED = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;

// An NVIDIA card without Resizable BAR: 24 GiB of VRAM (22 GiB free), system RAM, and the 256 MiB of
// VRAM the CPU can map, listed last.
MemoryTable nvidia_without_rebar() {
    return {{{24 * GiB, 22 * GiB, true}, {64 * GiB, 60 * GiB, false}, {256 * MiB, 250 * MiB, true}},
            {{0, 1}, {DL, 0}, {HV | HC, 1}, {HV | HC | CACHED, 1}, {DL | HV | HC, 2}}};
}

// The same card with Resizable BAR: all of VRAM is host-visible, in the same heap.
MemoryTable nvidia_with_rebar() {
    return {{{24 * GiB, 22 * GiB, true}, {64 * GiB, 60 * GiB, false}},
            {{0, 1}, {DL, 0}, {HV | HC, 1}, {HV | HC | CACHED, 1}, {DL | HV | HC, 0}}};
}

// RADV on a 16 GiB card without Resizable BAR: the BAR window is its own device-local heap, listed
// before the host heap's cached type.
MemoryTable amd_without_rebar() {
    return {
        {{16 * GiB - 256 * MiB, 15 * GiB, true}, {32 * GiB, 30 * GiB, false}, {256 * MiB, 256 * MiB, true}},
        {{DL, 0}, {HV | HC, 1}, {DL | HV | HC, 2}, {HV | HC | CACHED, 1}}};
}

// An integrated GPU (Intel ANV): one heap, the system RAM, which every type lives in.
MemoryTable integrated_one_heap() {
    return {{{16 * GiB, 12 * GiB, true}}, {{DL, 0}, {DL | HV | HC, 0}, {DL | HV | HC | CACHED, 0}}};
}

// lavapipe: one heap, one type that is everything at once.
MemoryTable lavapipe() {
    return {{{23 * GiB, 23 * GiB, true}}, {{DL | HV | HC | CACHED, 0}}};
}

uint32_t type_for(const MemoryTable& table, MemoryUse use, uint32_t allowed = ~0u) {
    const std::optional<uint32_t> type = choose_memory_type(table, use, allowed);
    EXPECT_TRUE(type.has_value());
    return type.value_or(UINT32_MAX);
}

TEST(MemoryPlacement, WithoutResizableBarNothingLandsInTheBarHeap) {
    for (const MemoryTable& table : {nvidia_without_rebar(), amd_without_rebar()}) {
        const uint32_t bar_heap = 2;
        EXPECT_EQ(table.model_heap(), 0u);
        for (MemoryUse use : {MemoryUse::DeviceLocal, MemoryUse::Upload, MemoryUse::Readback})
            EXPECT_NE(table.types[type_for(table, use)].heap, bar_heap) << int(use);
        // Large data gets plain VRAM: uploads go through staging, not through a mapping.
        const VkMemoryPropertyFlags flags = table.types[type_for(table, MemoryUse::DeviceLocal)].flags;
        EXPECT_TRUE(flags & DL);
        EXPECT_FALSE(flags & HV);
    }
    EXPECT_EQ(type_for(nvidia_without_rebar(), MemoryUse::DeviceLocal), 1u);
    EXPECT_EQ(type_for(amd_without_rebar(), MemoryUse::DeviceLocal), 0u);
}

TEST(MemoryPlacement, WithResizableBarVramStaysUnmappedAndStagingStaysInHostMemory) {
    const MemoryTable table = nvidia_with_rebar();
    EXPECT_EQ(type_for(table, MemoryUse::DeviceLocal), 1u);
    EXPECT_EQ(type_for(table, MemoryUse::Upload), 2u);
}

TEST(MemoryPlacement, ReadbacksGetCachedHostMemory) {
    EXPECT_EQ(type_for(nvidia_without_rebar(), MemoryUse::Readback), 3u);
    EXPECT_EQ(type_for(amd_without_rebar(), MemoryUse::Readback), 3u);
    EXPECT_EQ(type_for(integrated_one_heap(), MemoryUse::Readback), 2u);
}

TEST(MemoryPlacement, ReadbacksFallBackToCoherentMemoryWhenNothingIsCached) {
    const uint32_t without_cached_type = ~(1u << 3);
    EXPECT_EQ(type_for(nvidia_without_rebar(), MemoryUse::Readback, without_cached_type), 2u);
    // A cached type that is not coherent still wins (the buffer invalidates before reading).
    const MemoryTable mobile{{{8 * GiB, 8 * GiB, true}}, {{DL, 0}, {DL | HV | HC, 0}, {DL | HV | CACHED, 0}}};
    EXPECT_EQ(type_for(mobile, MemoryUse::Readback), 2u);
}

TEST(MemoryPlacement, UnifiedMemoryIsMappedSoUploadsNeedNoStaging) {
    const MemoryTable igpu = integrated_one_heap();
    EXPECT_TRUE(igpu.unified());
    EXPECT_EQ(type_for(igpu, MemoryUse::DeviceLocal), 1u); // coherent; the first such type
    EXPECT_FALSE(nvidia_with_rebar().unified());
    const MemoryTable cpu = lavapipe();
    for (MemoryUse use : {MemoryUse::DeviceLocal, MemoryUse::Upload, MemoryUse::Readback})
        EXPECT_EQ(type_for(cpu, use), 0u);
}

TEST(MemoryPlacement, AvailableMemoryIsWhatTheModelHeapHasFreeNow) {
    EXPECT_EQ(nvidia_without_rebar().model_heap_available(), 22 * GiB); // not 24 + 0.25 GiB
    EXPECT_EQ(integrated_one_heap().model_heap_available(), 12 * GiB);
    EXPECT_EQ(MemoryTable{}.model_heap_available(), 0u);
}

TEST(MemoryPlacement, TheFitCheckComparesTheEstimateWithTheFreeMemory) {
    DeviceInfo device{};
    device.name = "NVIDIA GeForce RTX 4090";
    device.memory = nvidia_without_rebar();
    EXPECT_TRUE(check_memory_fits({20 * GiB, 1 * GiB, 512 * MiB}, device, 4096).ok());
    auto too_big = check_memory_fits({20 * GiB, 2 * GiB, 512 * MiB}, device, 8192);
    ASSERT_FALSE(too_big.ok());
    EXPECT_NE(too_big.error().message.find("22.0 GiB free"), std::string::npos) << too_big.error().message;
    EXPECT_NE(too_big.error().message.find("smaller context"), std::string::npos) << too_big.error().message;
}

// The memory plan of a real QwQ-32B Q4_K_M file, from its header alone (the generator writes the
// real shape and tensor types and leaves the 19 GB of weights as a hole): it fits a 24 GB card at a
// 4k context, and a context the card cannot hold is refused before anything is allocated.
TEST(MemoryPlan, QwQ32BQ4KMFitsA24GBCardAt4kContext) {
    gen::TestModelSpec spec;
    spec.shape = "qwq-32b";
    spec.type = "q4_k_m";
    spec.weights = gen::WeightFill::None;
    const std::string path = ponder::testing::make_test_model(spec, "qwq-32b-header");
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_GT(file->file_size(), 19'000'000'000u); // as big as the real file
    auto config = read_model_config(*file);
    ASSERT_TRUE(config.ok()) << config.error().message;

    DeviceInfo card{};
    card.name = "24 GB card";
    card.memory = {
        {{24 * GiB, 24'000'000'000, true}, {64 * GiB, 60 * GiB, false}, {256 * MiB, 250 * MiB, true}},
        {{DL, 0}, {HV | HC, 1}, {HV | HC | CACHED, 1}, {DL | HV | HC, 2}}};
    const uint32_t n_batch = EngineOptions{}.n_batch;
    auto at_4k = estimate_memory(*file, *config, 4096, n_batch);
    ASSERT_TRUE(at_4k.ok()) << at_4k.error().message;
    EXPECT_GT(at_4k->weights, 18 * GiB);
    EXPECT_EQ(at_4k->kv_cache, 1 * GiB); // 64 layers x 2 x 4096 positions x 8 heads x 128 x f16
    auto fits = check_memory_fits(*at_4k, card, 4096);
    EXPECT_TRUE(fits.ok()) << fits.error().message;

    auto at_32k = estimate_memory(*file, *config, 32768, n_batch);
    ASSERT_TRUE(at_32k.ok()) << at_32k.error().message;
    EXPECT_FALSE(check_memory_fits(*at_32k, card, 32768).ok());
    std::filesystem::remove(path);
}

} // namespace
} // namespace ponder::vk
