#include "chat_test_model.h"

#include "chat/chat_template.h"
#include "gguf/gguf_file.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ponder::testing {

const std::string& qwq_test_model() {
    static const std::string path = [] {
        gen::TestModelSpec spec;
        spec.arch = "qwen2";
        spec.shape = "tiny";
        spec.type = "q8_0";  // keeps the 151k-token embedding small
        spec.tokenizer = std::string(PONDER_TESTDATA_DIR) + "/tokenizers/qwen3-tokenizer.json";
        spec.chat_template_path = std::string(PONDER_TESTDATA_DIR) + "/templates/Qwen-QwQ-32B.jinja";
        return make_test_model(spec, "chat-qwq");
    }();
    return path;
}

std::string qwq_template_source() {
    std::ifstream in(std::string(PONDER_TESTDATA_DIR) + "/templates/Qwen-QwQ-32B.jinja");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::unique_ptr<ChatSession> load_qwq_session(uint32_t context_length) {
    LoadOptions options;
    options.context_length = context_length;
    auto session = ChatSession::load(qwq_test_model(), options);
    EXPECT_TRUE(session.ok()) << (session ? "" : session.error().message);
    return session ? std::move(*session) : nullptr;
}

const Tokenizer& qwq_tokenizer() {
    static const Tokenizer tokenizer = [] {
        auto file = GgufFile::open(qwq_test_model());
        EXPECT_TRUE(file.ok());
        auto vocab = read_tokenizer_vocab(*file);
        EXPECT_TRUE(vocab.ok());
        auto created = Tokenizer::create(std::move(*vocab));
        EXPECT_TRUE(created.ok());
        return std::move(*created);
    }();
    return tokenizer;
}

std::vector<int32_t> plain_prompt_tokens(const std::vector<ChatMessage>& messages) {
    auto text = render_chat_template(qwq_template_source(), chat_template_context(messages, true, "", "<|im_end|>"));
    EXPECT_TRUE(text.ok()) << (text ? "" : text.error().message);
    std::vector<int32_t> tokens;
    const TokenizerVocab& vocab = qwq_tokenizer().vocab();
    if (vocab.add_bos && vocab.bos_id != kNoToken)
        tokens.push_back(vocab.bos_id);
    const auto body = qwq_tokenizer().encode(*text, /*parse_special=*/true);
    tokens.insert(tokens.end(), body.begin(), body.end());
    return tokens;
}

} // namespace ponder::testing
