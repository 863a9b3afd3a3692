// A GPU/CPU layer split: the first layers on a Vulkan device (lavapipe here), the rest, the embedding and
// the output on the CPU backend, one hand-off of the hidden state each way per batch. Its logits must equal
// the all-CPU run's (mean KL <= 1e-4) in prefill and decode, greedy decoding included, and each side keeps
// the KV cache of its own layers only.
#include "model/engine.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ponder {
namespace {

using testing::mean_kl;
using testing::random_prompt;
using testing::tiny_model;

std::unique_ptr<Engine> load(const std::string& path, Backend backend, int gpu_layers = -1) {
    EngineOptions options;
    options.backend = backend;
    options.gpu_layers = gpu_layers;
    options.n_threads = 2;
    options.n_ctx = 256;
    options.n_batch = 16;  // prompts of several batches: the hand-off happens per batch
    auto engine = Engine::load(path, options);
    EXPECT_TRUE(engine.ok()) << (engine ? "" : engine.error().message);
    return engine ? std::move(*engine) : nullptr;
}

std::vector<float> run(Engine& engine, std::span<const int32_t> tokens, uint32_t start) {
    auto logits = engine.forward(tokens, start, /*all_logits=*/true);
    EXPECT_TRUE(logits.ok()) << (logits ? "" : logits.error().message);
    return logits ? std::move(*logits) : std::vector<float>{};
}

struct Case {
    std::string arch, type;
};

class LayerSplit : public ::testing::TestWithParam<Case> {};

TEST_P(LayerSplit, HalfTheLayersOnTheGpuGiveTheLogitsOfTheAllCpuRun) {
    const auto& [arch, type] = GetParam();
    const std::string path = tiny_model(arch, type);
    auto cpu = load(path, Backend::Cpu);
    ASSERT_TRUE(cpu);
    const uint32_t n_layers = cpu->config().n_layers, n_vocab = cpu->config().n_vocab;
    auto split = load(path, Backend::Vulkan, int(n_layers / 2));
    ASSERT_TRUE(split);
    EXPECT_EQ(split->backend(), Backend::Vulkan);
    EXPECT_EQ(split->gpu_layers(), n_layers / 2);
    EXPECT_NE(split->device_name().find("CPU"), std::string::npos) << split->device_name();

    // Prefill over several batches, then decode token by token.
    const std::vector<int32_t> prompt = random_prompt(40, n_vocab, 7);
    const std::vector<float> expected = run(*cpu, prompt, 0);
    const double prefill_kl = mean_kl(expected, run(*split, prompt, 0), n_vocab);
    EXPECT_LE(prefill_kl, 1e-4);
    std::vector<int32_t> tokens = prompt;
    for (int i = 0; i < 6; ++i) {
        auto next_cpu = cpu->forward_argmax(std::span(tokens).last(1), uint32_t(tokens.size() - 1));
        ASSERT_TRUE(next_cpu.ok()) << next_cpu.error().message;
        tokens.push_back(*next_cpu);
        const auto at = uint32_t(tokens.size() - 1);
        const std::vector<float> cpu_row = run(*cpu, std::span(tokens).last(1), at);
        const std::vector<float> split_row = run(*split, std::span(tokens).last(1), at);
        EXPECT_LE(mean_kl(cpu_row, split_row, n_vocab), 1e-4) << "decode step " << i;
    }
    EXPECT_EQ(split->cached_tokens(), tokens.size());
    std::printf("%s %s: split vs CPU prefill mean KL %.3g\n", arch.c_str(), type.c_str(), prefill_kl);
}

INSTANTIATE_TEST_SUITE_P(Archs, LayerSplit,
                         ::testing::Values(Case{"llama", "q8_0"}, Case{"qwen2", "q4_k_m"}, Case{"qwen3", "f16"}),
                         [](const auto& info) { return info.param.arch + "_" + info.param.type; });

TEST(LayerSplitDecode, GreedyTokensAndATruncatedCacheMatchTheAllCpuRun) {
    const std::string path = tiny_model("qwen2", "q8_0");
    auto cpu = load(path, Backend::Cpu);
    auto split = load(path, Backend::Vulkan, 1);
    ASSERT_TRUE(cpu && split);
    const uint32_t n_vocab = cpu->config().n_vocab;
    std::vector<int32_t> tokens = random_prompt(20, n_vocab, 31);
    for (int i = 0; i < 8; ++i) {
        const uint32_t start = i == 0 ? 0 : uint32_t(tokens.size() - 1);
        const auto input = i == 0 ? std::span<const int32_t>(tokens) : std::span<const int32_t>(tokens).last(1);
        auto a = cpu->forward_argmax(input, start);
        auto b = split->forward_argmax(input, start);
        ASSERT_TRUE(a.ok() && b.ok());
        EXPECT_EQ(*a, *b) << "step " << i;
        tokens.push_back(*a);
    }
    // Rewind both to a shared prefix and continue differently: each side's cache keeps only the prefix.
    split->truncate_cache(12);
    cpu->truncate_cache(12);
    const std::vector<int32_t> tail = random_prompt(10, n_vocab, 32);
    EXPECT_LE(mean_kl(run(*cpu, tail, 12), run(*split, tail, 12), n_vocab), 1e-4);
}

TEST(LayerSplitMemory, TheDeviceHoldsOnlyItsLayersAndTheirCache) {
    const std::string path = tiny_model("llama", "q8_0");
    auto all = load(path, Backend::Vulkan);
    auto split = load(path, Backend::Vulkan, 1);
    ASSERT_TRUE(all && split);
    EXPECT_EQ(all->gpu_layers(), all->config().n_layers);
    EXPECT_EQ(all->device_name().find("CPU"), std::string::npos) << all->device_name();
    EXPECT_LT(split->memory().weights, all->memory().weights);
    EXPECT_EQ(split->memory().kv_cache * all->config().n_layers, all->memory().kv_cache * split->gpu_layers());
    EXPECT_LT(split->device_bytes_allocated(), all->device_bytes_allocated());
}

TEST(LayerSplitErrors, ZeroGpuLayersRunsOnTheCpuAndAMixtureOfExpertsCannotSplit) {
    auto none = load(tiny_model("llama", "q8_0"), Backend::Vulkan, 0);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->backend(), Backend::Cpu);
    EXPECT_EQ(none->gpu_layers(), 0u);

    EngineOptions options;
    options.backend = Backend::Vulkan;
    options.gpu_layers = 1;
    auto moe = Engine::load(tiny_model("qwen3moe", "q8_0"), options);
    ASSERT_FALSE(moe.ok());
    EXPECT_NE(moe.error().message.find("mixture of experts"), std::string::npos) << moe.error().message;
}

} // namespace
} // namespace ponder
