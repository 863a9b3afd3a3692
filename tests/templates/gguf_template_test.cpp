// A model's chat template and BOS/EOS texts come from its GGUF metadata.
#include "chat/chat_template.h"
#include "gen/test_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ponder {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(GgufChatTemplate, ReadsTheTemplateAndSpecialTokenTexts) {
    gen::TestModelSpec spec;
    spec.arch = "llama";
    spec.tokenizer = gen::testdata_vocab("ggml-vocab-llama-spm.gguf");
    spec.chat_template_path = std::string(PONDER_TESTDATA_DIR) + "/templates/microsoft-Phi-3.5-mini-instruct.jinja";
    const std::string path = std::string(PONDER_BINARY_DIR) + "/tests/templates/with_template.gguf";
    Status written = gen::write_test_model(spec, path);
    ASSERT_TRUE(written.ok()) << written.error().message;

    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    auto source = chat_template_from_gguf(*file);
    ASSERT_TRUE(source.ok()) << source.error().message;
    ASSERT_TRUE(source->has_value());
    EXPECT_EQ(**source, read_file(spec.chat_template_path));

    auto tokens = special_token_texts_from_gguf(*file);
    ASSERT_TRUE(tokens.ok()) << tokens.error().message;
    EXPECT_EQ(tokens->bos, "<s>");
    EXPECT_EQ(tokens->eos, "</s>");
}

TEST(GgufChatTemplate, AModelWithoutTemplateHasNone) {
    gen::TestModelSpec spec;
    spec.arch = "llama";
    spec.tokenizer = gen::testdata_vocab("ggml-vocab-llama-spm.gguf");
    const std::string path = std::string(PONDER_BINARY_DIR) + "/tests/templates/without_template.gguf";
    Status written = gen::write_test_model(spec, path);
    ASSERT_TRUE(written.ok()) << written.error().message;
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    auto source = chat_template_from_gguf(*file);
    ASSERT_TRUE(source.ok()) << source.error().message;
    EXPECT_FALSE(source->has_value());
}

} // namespace
} // namespace ponder
