// The CPU backend's forward pass against the CPU reference: generated tiny llama / qwen2 / qwen3 models in
// representative weight types, on every instruction-set path this machine has; logits of a 64-token prompt
// must match (mean KL <= 1e-4). Also: decoding equals prefill, a truncated cache equals recomputation,
// quantized KV caches, and what the CPU backend refuses.
#include "cpu/isa.h"
#include "model/engine.h"
#include "reference/forward.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace ponder {
namespace {

using testing::mean_kl;
using testing::random_prompt;
using testing::tiny_model;

// Loads on the CPU backend with the kernels of `isa` (PONDER_CPU_ISA, as a user would force them).
std::unique_ptr<Engine> load_cpu(const std::string& path, cpu::Isa isa, KvCacheTypes cache_types = {},
                                 uint32_t n_batch = 256) {
    setenv("PONDER_CPU_ISA", cpu::isa_name(isa), 1);
    EngineOptions options;
    options.backend = Backend::Cpu;
    options.n_threads = 2;
    options.n_ctx = 256;
    options.n_batch = n_batch;
    options.cache_types = cache_types;
    auto engine = Engine::load(path, options);
    unsetenv("PONDER_CPU_ISA");
    EXPECT_TRUE(engine.ok()) << (engine ? "" : engine.error().message);
    return engine ? std::move(*engine) : nullptr;
}

std::vector<float> run(Engine& engine, std::span<const int32_t> tokens, uint32_t start, bool all = true) {
    auto logits = engine.forward(tokens, start, all);
    EXPECT_TRUE(logits.ok()) << (logits ? "" : logits.error().message);
    return logits ? std::move(*logits) : std::vector<float>{};
}

struct Case {
    cpu::Isa isa;
    std::string arch, type;
};

class CpuForward : public ::testing::TestWithParam<Case> {};

TEST_P(CpuForward, LogitsOfAPromptMatchTheReference) {
    const auto& [isa, arch, type] = GetParam();
    const std::string path = tiny_model(arch, type);
    auto reference = reference::ReferenceModel::load(path);
    ASSERT_TRUE(reference.ok()) << reference.error().message;
    auto engine = load_cpu(path, isa);
    ASSERT_TRUE(engine);
    EXPECT_EQ(engine->backend(), Backend::Cpu);
    EXPECT_NE(engine->device_name().find(cpu::isa_name(isa)), std::string::npos) << engine->device_name();
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(64, n_vocab, 7);
    auto expected = reference->forward(prompt, 0);
    ASSERT_TRUE(expected.ok()) << expected.error().message;
    const double kl = mean_kl(*expected, run(*engine, prompt, 0), n_vocab);
    std::printf("%s %s %s: CPU backend vs reference mean KL %.2e\n", cpu::isa_name(isa), arch.c_str(), type.c_str(),
                kl);
    EXPECT_LE(kl, 1e-4);
}

std::vector<Case> all_cases() {
    std::vector<Case> cases;
    for (cpu::Isa isa : cpu::available_isas())
        for (const char* arch : {"llama", "qwen2", "qwen3"})
            for (const char* type : {"f16", "q8_0", "q4_k_m", "iq4_xs", "iq2_xs"}) cases.push_back({isa, arch, type});
    return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return std::string(cpu::isa_name(info.param.isa)) + "_" + info.param.arch + "_" + info.param.type;
}

INSTANTIATE_TEST_SUITE_P(EveryPathArchAndType, CpuForward, ::testing::ValuesIn(all_cases()), case_name);

cpu::Isa best_isa() { return cpu::available_isas().back(); }

TEST(CpuForwardCache, PrefillThenDecodeEqualsOneLongPrefill) {
    auto engine = load_cpu(tiny_model("qwen2", "q8_0"), best_isa());
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(40, n_vocab, 3);
    const std::vector<float> whole = run(*engine, prompt, 0);
    std::vector<float> stepwise = run(*engine, std::span(prompt).first(32), 0);
    for (uint32_t i = 32; i < prompt.size(); ++i) {
        const std::vector<float> row = run(*engine, std::span(prompt).subspan(i, 1), i);
        stepwise.insert(stepwise.end(), row.begin(), row.end());
    }
    EXPECT_LE(mean_kl(whole, stepwise, n_vocab), 1e-6);
    EXPECT_EQ(engine->cached_tokens(), prompt.size());
}

TEST(CpuForwardCache, SmallBatchesEqualOneBatch) {
    const std::string path = tiny_model("llama", "q4_k_m");
    auto one = load_cpu(path, best_isa());
    auto small = load_cpu(path, best_isa(), {}, 7);
    ASSERT_TRUE(one && small);
    const std::vector<int32_t> prompt = random_prompt(30, one->config().n_vocab, 5);
    EXPECT_LE(mean_kl(run(*one, prompt, 0), run(*small, prompt, 0), one->config().n_vocab), 1e-6);
}

TEST(CpuForwardCache, TruncatingToAPrefixEqualsRecomputingFromScratch) {
    auto engine = load_cpu(tiny_model("qwen3", "f16"), best_isa());
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    std::vector<int32_t> second = random_prompt(48, n_vocab, 11);
    run(*engine, second, 0);
    const std::vector<int32_t> tail = random_prompt(16, n_vocab, 12);
    std::copy(tail.begin(), tail.end(), second.begin() + 32);
    engine->truncate_cache(32);
    EXPECT_EQ(engine->cached_tokens(), 32u);
    const std::vector<float> reused = run(*engine, std::span(second).subspan(32), 32);
    const std::vector<float> fresh = run(*engine, second, 0);
    const std::vector<float> fresh_tail(fresh.end() - reused.size(), fresh.end());
    EXPECT_LE(mean_kl(fresh_tail, reused, n_vocab), 1e-6);
}

TEST(CpuForwardCache, QuantizedKvCachesMatchTheReferenceRoundingTheSameWay) {
    const std::string path = tiny_model("qwen2", "q8_0");
    for (KvCacheType type : {KvCacheType::Q8_0, KvCacheType::Q4_0}) {
        const KvCacheTypes types{type, type};
        auto reference = reference::ReferenceModel::load(path, types);
        ASSERT_TRUE(reference.ok());
        auto engine = load_cpu(path, best_isa(), types);
        ASSERT_TRUE(engine);
        const std::vector<int32_t> prompt = random_prompt(64, engine->config().n_vocab, 9);
        auto expected = reference->forward(prompt, 0);
        ASSERT_TRUE(expected.ok());
        EXPECT_LE(mean_kl(*expected, run(*engine, prompt, 0), engine->config().n_vocab), 1e-4)
            << kv_cache_type_name(type);
    }
}

// Greedy decoding on the CPU backend returns the argmax of the last token's logits: what the reference's
// logits pick (the test prompt's logits have no near ties), after a prefill and after each decode step.
TEST(CpuGreedy, ArgmaxIsTheReferencesMostLikelyToken) {
    const std::string path = tiny_model("qwen2", "q8_0");
    auto reference = reference::ReferenceModel::load(path);
    ASSERT_TRUE(reference.ok()) << reference.error().message;
    auto engine = load_cpu(path, best_isa());
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    std::vector<int32_t> tokens = random_prompt(20, n_vocab, 23);
    auto first = engine->forward_argmax(tokens, 0);
    ASSERT_TRUE(first.ok()) << first.error().message;
    std::vector<int32_t> greedy{*first};
    for (int i = 0; i < 8; ++i) {
        tokens.push_back(greedy.back());
        auto next = engine->forward_argmax(std::span(&tokens.back(), 1), uint32_t(tokens.size() - 1));
        ASSERT_TRUE(next.ok()) << next.error().message;
        greedy.push_back(*next);
    }
    auto expected = reference->forward(tokens, 0);
    ASSERT_TRUE(expected.ok()) << expected.error().message;
    for (size_t i = 0; i < greedy.size(); ++i) {
        const float* row = expected->data() + (19 + i) * n_vocab;
        EXPECT_EQ(greedy[i], std::max_element(row, row + n_vocab) - row) << "step " << i;
    }
}

TEST(CpuForwardErrors, AForcedInstructionSetTheCpuLacksIsAnError) {
    setenv("PONDER_CPU_ISA", "neon", 1);
    EngineOptions options;
    options.backend = Backend::Cpu;
    auto engine = Engine::load(tiny_model("llama", "q8_0"), options);
    unsetenv("PONDER_CPU_ISA");
    ASSERT_FALSE(engine.ok());
    EXPECT_NE(engine.error().message.find("neon"), std::string::npos) << engine.error().message;
}

TEST(CpuForwardErrors, UnknownBackendNamesAreErrors) {
    EXPECT_EQ(*parse_backend("cpu"), Backend::Cpu);
    EXPECT_EQ(*parse_backend("vulkan"), Backend::Vulkan);
    auto bad = parse_backend("gpu");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("vulkan or cpu"), std::string::npos);
}

} // namespace
} // namespace ponder
