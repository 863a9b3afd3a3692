// Opening a model: metadata without the device, memory estimates, template fallback, cancelled loads.
#include "chat_test_model.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace ponder {
namespace {

TEST(ChatSessionLoad, InspectModelReadsMetadataOnly) {
    auto info = inspect_model(testing::qwq_test_model());
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->architecture, "qwen2");
    EXPECT_EQ(info->quantization, "Q8_0");
    EXPECT_EQ(info->n_layers, 2u);
    EXPECT_EQ(info->n_ctx_max, 4096u);
    EXPECT_TRUE(info->has_chat_template);
    EXPECT_GT(info->n_params, 151000u * 256u);  // at least the embedding
    EXPECT_GT(info->file_size, info->n_params);   // Q8_0: a little over a byte per weight
}

TEST(ChatSessionLoad, InspectingAMissingFileIsAnErrorNamingIt) {
    auto info = inspect_model("/nonexistent/model.gguf");
    ASSERT_FALSE(info.ok());
    EXPECT_NE(info.error().message.find("/nonexistent/model.gguf"), std::string::npos);
}

TEST(ChatSessionLoad, MemoryEstimateGrowsWithTheContextUpToTheTrainedOne) {
    LoadOptions small, large, beyond;
    small.context_length = 256;
    large.context_length = 4096;
    beyond.context_length = 1 << 20;  // clamped to the trained 4096
    auto a = estimate_memory(testing::qwq_test_model(), small);
    auto b = estimate_memory(testing::qwq_test_model(), large);
    auto c = estimate_memory(testing::qwq_test_model(), beyond);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->weights_bytes, b->weights_bytes);
    EXPECT_EQ(b->kv_cache_bytes, 16 * a->kv_cache_bytes);
    EXPECT_EQ(c->kv_cache_bytes, b->kv_cache_bytes);
    EXPECT_TRUE(a->fits);
    EXPECT_NE(a->plan.verdict, PlanVerdict::TooLarge);
}

// The estimate carries the engine's load plan: on lavapipe the small model fits whole; with the VRAM
// faked below the whole model (PONDER_VRAM_BUDGET) it is planned as a split, which loads and answers.
TEST(ChatSessionLoad, TheEstimateCarriesTheLoadPlanForThisMachine) {
    LoadOptions options;
    options.backend = Backend::Vulkan;
    options.context_length = 256;
    auto whole = estimate_memory(testing::qwq_test_model(), options);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    EXPECT_EQ(whole->plan.verdict, PlanVerdict::Gpu) << whole->plan.summary();
    EXPECT_EQ(whole->plan.vram_bytes, whole->weights_bytes + whole->kv_cache_bytes + whole->scratch_bytes);
    EXPECT_GT(whole->plan.decode_tokens_per_s, 0);

    const uint64_t all_but_output = whole->plan.vram_bytes - 1;
    ::setenv("PONDER_VRAM_BUDGET", std::to_string(all_but_output).c_str(), 1);
    auto split = estimate_memory(testing::qwq_test_model(), options);
    ::unsetenv("PONDER_VRAM_BUDGET");
    ASSERT_TRUE(split.ok()) << split.error().message;
    EXPECT_EQ(split->device_bytes, all_but_output);
    EXPECT_EQ(split->plan.verdict, PlanVerdict::Split) << split->plan.summary();
    EXPECT_EQ(split->plan.gpu_layers, 1u);  // of 2
    EXPECT_GT(split->plan.ram_bytes, 0u);
    EXPECT_TRUE(split->fits);
    ::setenv("PONDER_VRAM_BUDGET", std::to_string(all_but_output).c_str(), 1);
    auto loaded = ChatSession::load(testing::qwq_test_model(), options);
    ::unsetenv("PONDER_VRAM_BUDGET");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;  // split, not refused
    EXPECT_EQ((*loaded)->context_length(), 256u);

    // On the CPU backend the plan is all layers in RAM, which fits.
    options.backend = Backend::Cpu;
    auto cpu = estimate_memory(testing::qwq_test_model(), options);
    ASSERT_TRUE(cpu.ok()) << cpu.error().message;
    EXPECT_EQ(cpu->plan.verdict, PlanVerdict::Cpu) << cpu->plan.summary();
    EXPECT_EQ(cpu->plan.vram_bytes, 0u);
    EXPECT_TRUE(cpu->fits);
}

TEST(ChatSessionLoad, ContextIsClampedToTheTrainedContextAndProgressReachesOne) {
    LoadOptions options;
    options.context_length = 100000;
    float last = -1;
    options.on_progress = [&last](float p) {
        EXPECT_GE(p, last);
        last = p;
        return true;
    };
    auto session = ChatSession::load(testing::qwq_test_model(), options);
    ASSERT_TRUE(session.ok()) << session.error().message;
    EXPECT_EQ((*session)->context_length(), 4096u);
    EXPECT_EQ((*session)->context_used(), 0u);
    EXPECT_EQ(last, 1.0f);
}

TEST(ChatSessionLoad, ProgressReturningFalseCancelsTheLoad) {
    LoadOptions options;
    options.context_length = 256;
    options.on_progress = [](float) { return false; };
    EXPECT_FALSE(ChatSession::load(testing::qwq_test_model(), options).ok());
}

TEST(ChatSessionLoad, BrokenTemplateFallsBackToChatMLWithAWarning) {
    const std::string broken = ::testing::TempDir() + "ponder-broken-template-" + std::to_string(::getpid()) + ".jinja";
    std::ofstream(broken) << "{% for message in messages %}{{ message.content | no_such_filter }}{% endfor %}";
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.type = "q8_0";
    spec.tokenizer = std::string(PONDER_TESTDATA_DIR) + "/tokenizers/qwen3-tokenizer.json";
    spec.chat_template_path = broken;
    LoadOptions options;
    options.context_length = 256;
    auto session = ChatSession::load(testing::make_test_model(spec, "chat-broken-template"), options);
    ASSERT_TRUE(session.ok()) << session.error().message;
    EXPECT_NE((*session)->template_warning().find("ChatML"), std::string::npos);

    SamplingParams sampling;
    sampling.max_tokens = 2;
    auto stats = (*session)->generate({{"user", "hi"}}, sampling, [](const ChatSession::Delta&) { return true; });
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    // ChatML: <|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n
    EXPECT_EQ(stats->prompt_tokens, static_cast<int>(testing::qwq_tokenizer()
                                                         .encode("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", true)
                                                         .size()));
}

} // namespace
} // namespace ponder
