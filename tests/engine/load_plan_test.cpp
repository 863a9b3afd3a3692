// The load planner against fake budgets: a model that fits goes on the GPU whole, one that does not is
// split with as many layers on the GPU as fit, no GPU means the CPU, and a model too large even for the
// RAM is refused with the sizes; the user's layer count overrides the choice. Then a real 32B file's
// footprint, which agrees with the engine's own memory estimate.
#include "cpu/cpu_model.h"
#include "gen/test_model.h"
#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "model/load_plan.h"
#include "platform/host_memory.h"
#include "reference_test_models.h"
#include "vk/instance.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace ponder {
namespace {

constexpr uint64_t GiB = 1ull << 30, MiB = 1ull << 20;

// Four layers of 100 MiB on the GPU (96 MiB in the file, all read per token), a 50 MiB embedding table
// and a 60 MiB output, 10 MiB of KV cache per layer, 20 MiB of GPU and 8 MiB of CPU scratch.
ModelFootprint four_layers() {
    ModelFootprint m;
    m.layer_gpu_bytes = {100 * MiB, 100 * MiB, 100 * MiB, 100 * MiB};
    m.layer_cpu_bytes = {96 * MiB, 96 * MiB, 96 * MiB, 96 * MiB};
    m.layer_read_bytes = m.layer_cpu_bytes;
    m.embedding_gpu_bytes = 50 * MiB;
    m.embedding_cpu_bytes = 48 * MiB;
    m.output_gpu_bytes = 60 * MiB;
    m.output_cpu_bytes = 56 * MiB;
    m.output_read_bytes = 56 * MiB;
    m.kv_bytes_per_layer = 10 * MiB;
    m.gpu_scratch_bytes = 20 * MiB;
    m.cpu_scratch_bytes = 8 * MiB;
    m.n_ctx = 4096;
    return m;
}
// Everything on the GPU: 4 x (100 + 10) + 50 + 60 + 20.
constexpr uint64_t kWholeModelVram = 570 * MiB;
// Everything on the CPU: 48 + 4 x (96 + 10) + 56 + 8.
constexpr uint64_t kWholeModelRam = 536 * MiB;

MemoryBudgets budgets(std::optional<uint64_t> vram, uint64_t ram = 64 * GiB) {
    MemoryBudgets b;
    if (vram)
        b.gpu = MemoryBudgets::Gpu{"Test GPU", *vram, 300};
    b.free_ram_bytes = ram;
    b.ram_bandwidth_gb_per_s = 30;
    return b;
}

TEST(LoadPlan, AModelThatFitsGoesOnTheGpuWhole) {
    const LoadPlan plan = plan_load(four_layers(), budgets(kWholeModelVram));
    EXPECT_EQ(plan.verdict, PlanVerdict::Gpu);
    EXPECT_EQ(plan.gpu_layers, 4u);
    EXPECT_TRUE(plan.output_on_gpu);
    EXPECT_EQ(plan.vram_bytes, kWholeModelVram);
    EXPECT_EQ(plan.ram_bytes, 0u);
    // Every layer and the output read once from 300 GB/s.
    EXPECT_NEAR(plan.decode_tokens_per_s, 300e9 / double(4 * 96 * MiB + 56 * MiB), 1e-6);
    EXPECT_TRUE(plan.usable().ok());
}

TEST(LoadPlan, AModelThatDoesNotFitIsSplitWithAsManyLayersAsFit) {
    // Three layers with their KV cache and the scratch take 3 x 110 + 20 = 350 MiB; all four and the output 570.
    const LoadPlan plan = plan_load(four_layers(), budgets(350 * MiB));
    EXPECT_EQ(plan.verdict, PlanVerdict::Split);
    EXPECT_EQ(plan.gpu_layers, 3u);
    EXPECT_FALSE(plan.output_on_gpu);
    EXPECT_EQ(plan.vram_bytes, (3 * 110 + 20) * MiB);
    // The embedding table, the last layer with its cache, the output and the CPU scratch.
    EXPECT_EQ(plan.ram_bytes, (48 + 106 + 56 + 8) * MiB);
    const double seconds = double(3 * 96 * MiB) / 300e9 + double((96 + 56) * MiB) / 30e9;
    EXPECT_NEAR(plan.decode_tokens_per_s, 1 / seconds, 1e-6);
    EXPECT_EQ(plan_load(four_layers(), budgets(350 * MiB - 1)).gpu_layers, 2u);
}

TEST(LoadPlan, AllLayersButNotTheOutputIsStillASplit) {
    // The four layers fit (460 MiB), the embedding and output on top (570 MiB) do not: the last layer
    // moves to the CPU with the output.
    const LoadPlan plan = plan_load(four_layers(), budgets(kWholeModelVram - 1));
    EXPECT_EQ(plan.verdict, PlanVerdict::Split);
    EXPECT_EQ(plan.gpu_layers, 3u);
}

TEST(LoadPlan, NoGpuOrNoRoomForALayerMeansTheCpu) {
    for (std::optional<uint64_t> vram : {std::optional<uint64_t>{}, std::optional<uint64_t>{100 * MiB}}) {
        const LoadPlan plan = plan_load(four_layers(), budgets(vram));
        EXPECT_EQ(plan.verdict, PlanVerdict::Cpu);
        EXPECT_EQ(plan.gpu_layers, 0u);
        EXPECT_EQ(plan.vram_bytes, 0u);
        EXPECT_EQ(plan.ram_bytes, kWholeModelRam);
        EXPECT_NEAR(plan.decode_tokens_per_s, 30e9 / double(4 * 96 * MiB + 56 * MiB), 1e-6);
    }
}

TEST(LoadPlan, AModelTooLargeEvenForTheRamIsRefusedWithTheSizes) {
    const LoadPlan plan = plan_load(four_layers(), budgets(std::nullopt, 500 * MiB));
    EXPECT_EQ(plan.verdict, PlanVerdict::TooLarge);
    auto usable = plan.usable();
    ASSERT_FALSE(usable.ok());
    const std::string& message = usable.error().message;
    EXPECT_NE(message.find("536.0 MiB of RAM"), std::string::npos) << message;
    EXPECT_NE(message.find("500.0 MiB of RAM is free"), std::string::npos) << message;
    EXPECT_NE(message.find("KV cache for 4096 tokens 40.0 MiB"), std::string::npos) << message;
    EXPECT_NE(message.find("smaller context"), std::string::npos) << message;

    // With a GPU taking three layers, the rest must still fit the RAM, and the message names both parts.
    const LoadPlan split = plan_load(four_layers(), budgets(350 * MiB, 200 * MiB));
    EXPECT_EQ(split.verdict, PlanVerdict::TooLarge);
    EXPECT_NE(split.problem.find("beside the 3 layers on Test GPU (350.0 MiB)"), std::string::npos) << split.problem;
}

TEST(LoadPlan, TheUsersLayerCountOverridesTheChoice) {
    const LoadPlan two = plan_load(four_layers(), budgets(kWholeModelVram), PlanRequest{2});
    EXPECT_EQ(two.verdict, PlanVerdict::Split);
    EXPECT_EQ(two.gpu_layers, 2u);
    EXPECT_EQ(two.vram_bytes, (2 * 110 + 20) * MiB);

    const LoadPlan none = plan_load(four_layers(), budgets(kWholeModelVram), PlanRequest{0});
    EXPECT_EQ(none.verdict, PlanVerdict::Cpu);
    EXPECT_EQ(none.ram_bytes, kWholeModelRam);

    const LoadPlan all = plan_load(four_layers(), budgets(kWholeModelVram), PlanRequest{-1});
    EXPECT_EQ(all.verdict, PlanVerdict::Gpu);
    // More layers than the model has means all of them (llama.cpp's -ngl 999).
    EXPECT_EQ(plan_load(four_layers(), budgets(kWholeModelVram), PlanRequest{999}).verdict, PlanVerdict::Gpu);
}

TEST(LoadPlan, AskingForMoreLayersThanFitIsRefusedWithWhatDoesFit) {
    const LoadPlan plan = plan_load(four_layers(), budgets(350 * MiB), PlanRequest{4});
    EXPECT_EQ(plan.verdict, PlanVerdict::TooLarge);
    EXPECT_NE(plan.problem.find("4 of 4 layers on the GPU need 570.0 MiB"), std::string::npos) << plan.problem;
    EXPECT_NE(plan.problem.find("Test GPU has 350.0 MiB free"), std::string::npos) << plan.problem;
    EXPECT_NE(plan.problem.find("at most 3 layers fit"), std::string::npos) << plan.problem;

    const LoadPlan no_gpu = plan_load(four_layers(), budgets(std::nullopt), PlanRequest{2});
    EXPECT_EQ(no_gpu.verdict, PlanVerdict::TooLarge);
    EXPECT_NE(no_gpu.problem.find("no usable Vulkan device"), std::string::npos) << no_gpu.problem;
}

TEST(LoadPlan, TheSummarySaysWhereTheLayersRunAndWhatSpeedToExpect) {
    const std::string split = plan_load(four_layers(), budgets(350 * MiB)).summary();
    EXPECT_NE(split.find("3 of 4 layers on Test GPU (350.0 MiB VRAM)"), std::string::npos) << split;
    EXPECT_NE(split.find("1 layers and the output on the CPU"), std::string::npos) << split;
    EXPECT_NE(split.find("assuming 300 GB/s VRAM, 30 GB/s RAM"), std::string::npos) << split;
}

TEST(ByteSize, ParsesBytesAndBinaryUnits) {
    EXPECT_EQ(*parse_byte_size("1048576", "x"), 1 * MiB);
    EXPECT_EQ(*parse_byte_size("512M", "x"), 512 * MiB);
    EXPECT_EQ(*parse_byte_size("1.5G", "x"), 3 * GiB / 2);
    EXPECT_EQ(*parse_byte_size("6GiB", "x"), 6 * GiB);
    EXPECT_EQ(*parse_byte_size("64k", "x"), 64 * 1024u);
    for (const char* bad : {"", "G", "-1G", "5X", "5GG", "lots"}) {
        auto parsed = parse_byte_size(bad, "PONDER_RAM_BUDGET");
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_NE(parsed.error().message.find("PONDER_RAM_BUDGET"), std::string::npos);
    }
}

TEST(MachineBudgets, TheEnvironmentCanShrinkTheRamAndAMalformedBudgetIsAnError) {
    ::setenv("PONDER_RAM_BUDGET", "3G", 1);
    auto budgets = machine_budgets(nullptr);
    ASSERT_TRUE(budgets.ok()) << budgets.error().message;
    EXPECT_EQ(budgets->free_ram_bytes, 3 * GiB);
    EXPECT_FALSE(budgets->gpu.has_value());
    ::setenv("PONDER_VRAM_BUDGET", "a lot", 1);
    auto bad = machine_budgets(nullptr);
    ::unsetenv("PONDER_VRAM_BUDGET");
    ::unsetenv("PONDER_RAM_BUDGET");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("PONDER_VRAM_BUDGET"), std::string::npos) << bad.error().message;
}

// PONDER_VRAM_BUDGET caps what the device reports free (the engine's fit check and the plan both see it),
// so that a model larger than the faked VRAM is planned as a split on lavapipe.
TEST(MachineBudgets, AFakedVramBudgetSplitsAModelOnTheRealDevice) {
    const std::string path = ponder::testing::tiny_model("qwen2", "q8_0");
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    auto config = read_model_config(*file);
    ASSERT_TRUE(config.ok()) << config.error().message;
    PlanOptions options;
    options.n_ctx = 256;
    auto whole = plan_model(*file, *config, options);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    ASSERT_EQ(whole->verdict, PlanVerdict::Gpu) << whole->summary();

    // Room for the scratch and one layer with its cache, not two.
    auto footprint = model_footprint(*file, *config, options.n_ctx, options.n_batch, {});
    ASSERT_TRUE(footprint.ok());
    const uint64_t one_layer = footprint->gpu_scratch_bytes + footprint->layer_gpu_bytes[0] + footprint->kv_bytes_per_layer;
    ::setenv("PONDER_VRAM_BUDGET", std::to_string(one_layer).c_str(), 1);
    auto instance = vk::Instance::create();
    ASSERT_TRUE(instance.ok());
    auto devices = instance->devices();
    ASSERT_TRUE(devices.ok());
    auto device = vk::choose_device(*devices, {});
    ASSERT_TRUE(device.ok());
    EXPECT_EQ(device->memory.model_heap_available(), one_layer);
    auto split = plan_model(*file, *config, options);
    ::unsetenv("PONDER_VRAM_BUDGET");
    ASSERT_TRUE(split.ok()) << split.error().message;
    EXPECT_EQ(split->verdict, PlanVerdict::Split) << split->summary();
    EXPECT_EQ(split->gpu_layers, 1u);
    EXPECT_EQ(split->vram_bytes, one_layer);
}

// QwQ-32B Q4_K_M from its header alone (the generator leaves the 19 GB of weights as a hole): the
// footprint on the GPU is the engine's memory estimate, and a 12 GiB card takes about half the layers.
TEST(LoadPlan, QwQ32BOnA12GiBCardIsSplitAndOnA24GiBCardFits) {
    gen::TestModelSpec spec;
    spec.shape = "qwq-32b";
    spec.type = "q4_k_m";
    spec.weights = gen::WeightFill::None;
    const std::string path = ponder::testing::make_test_model(spec, "qwq-32b-plan");
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    auto config = read_model_config(*file);
    ASSERT_TRUE(config.ok()) << config.error().message;
    auto footprint = model_footprint(*file, *config, 4096, EngineOptions{}.n_batch, {});
    ASSERT_TRUE(footprint.ok()) << footprint.error().message;
    auto estimate = estimate_memory(*file, *config, 4096, EngineOptions{}.n_batch);
    ASSERT_TRUE(estimate.ok()) << estimate.error().message;
    EXPECT_EQ(footprint->n_layers(), 64u);
    EXPECT_EQ(plan_load(*footprint, budgets(estimate->total())).vram_bytes, estimate->total());
    EXPECT_EQ(footprint->kv_bytes_per_layer * 64, estimate->kv_cache);
    EXPECT_EQ(footprint->weight_cpu_bytes(), [&] {
        uint64_t bytes = 0;
        for (const TensorInfo& t : file->tensors())
            bytes += t.n_bytes;
        return bytes;
    }());

    // On the CPU: the weights in place, and the cache and activations the CPU backend allocates.
    const LoadPlan cpu = plan_load(*footprint, budgets(24 * GiB), PlanRequest{0});
    EXPECT_EQ(cpu.ram_bytes, footprint->weight_cpu_bytes() + cpu::CpuModel::kv_bytes(*config, 4096, {}) +
                                 cpu::CpuModel::scratch_bytes(*config, EngineOptions{}.n_batch));

    EXPECT_EQ(plan_load(*footprint, budgets(24 * GiB)).verdict, PlanVerdict::Gpu);
    const LoadPlan twelve = plan_load(*footprint, budgets(12 * GiB));
    EXPECT_EQ(twelve.verdict, PlanVerdict::Split);
    EXPECT_EQ(twelve.gpu_layers, 40u); // about 290 MiB of weights and 16 MiB of KV cache each
    EXPECT_LE(twelve.vram_bytes, 12 * GiB);
    EXPECT_EQ(plan_load(*footprint, budgets(12 * GiB), PlanRequest{41}).verdict, PlanVerdict::TooLarge);
    EXPECT_GT(twelve.ram_bytes, 7 * GiB);
    std::filesystem::remove(path);
}

} // namespace
} // namespace ponder
