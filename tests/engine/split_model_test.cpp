// A model stored as a split set (-00001-of-00003.gguf ...) is the same model as one file: the Vulkan
// engine and the CPU reference give bit-identical logits for both, and a missing part fails the load
// with an error naming it.
#include "gguf/gguf_split.h"
#include "model/engine.h"
#include "reference/forward.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace ponder {
namespace {

gen::TestModelSpec tiny_spec(uint32_t split_parts) {
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.type = "q4_k_m";  // several tensor types, so parts hold different kinds of blocks
    spec.n_vocab = 512;
    spec.split_parts = split_parts;
    return spec;
}

const std::vector<int32_t> kPrompt = {1, 17, 300, 42, 5, 511, 99, 256, 3, 77, 8, 400};

std::vector<float> engine_logits(const std::string& path) {
    EngineOptions options;
    options.n_ctx = 64;
    auto engine = Engine::load(path, options);
    EXPECT_TRUE(engine) << (engine ? "" : engine.error().message);
    if (!engine) return {};
    auto logits = (*engine)->forward(kPrompt, 0, true);
    EXPECT_TRUE(logits) << (logits ? "" : logits.error().message);
    return logits ? *logits : std::vector<float>{};
}

std::vector<float> reference_logits(const std::string& path) {
    auto model = reference::ReferenceModel::load(path);
    EXPECT_TRUE(model) << (model ? "" : model.error().message);
    if (!model) return {};
    auto logits = model->forward(kPrompt, 0);
    EXPECT_TRUE(logits) << (logits ? "" : logits.error().message);
    return logits ? *logits : std::vector<float>{};
}

TEST(SplitModel, TheEngineGivesTheSameLogitsForThreePartsAsForOneFile) {
    const std::string whole = testing::make_test_model(tiny_spec(1), "split-whole");
    const std::string first = testing::make_test_model(tiny_spec(3), "split-parts");
    ASSERT_TRUE(parse_split_name(first));
    const std::vector<float> expected = engine_logits(whole);
    ASSERT_EQ(expected.size(), kPrompt.size() * 512);
    EXPECT_EQ(engine_logits(first), expected);
}

TEST(SplitModel, TheReferenceGivesTheSameLogitsForThreePartsAsForOneFile) {
    const std::string whole = testing::make_test_model(tiny_spec(1), "split-whole");
    const std::string first = testing::make_test_model(tiny_spec(3), "split-parts");
    const std::vector<float> expected = reference_logits(whole);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(reference_logits(first), expected);
}

TEST(SplitModel, LoadingWithAPartMissingNamesThePart) {
    const std::string first = testing::make_test_model(tiny_spec(3), "split-missing");
    const std::string second = split_path(parse_split_name(first)->prefix, 2, 3);
    std::filesystem::remove(second);
    auto engine = Engine::load(first);
    ASSERT_FALSE(engine);
    EXPECT_NE(engine.error().message.find("part 2 of 3"), std::string::npos) << engine.error().message;
    EXPECT_NE(engine.error().message.find(second), std::string::npos) << engine.error().message;
}

} // namespace
} // namespace ponder
