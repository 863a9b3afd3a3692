// Every chat template in the shared test data, over a set of conversations and variables, must
// render byte for byte as HF transformers renders it (jinja2 run by jinja2_oracle.py), and must
// fail exactly where it fails (gemma-2 rejects a system message).
#include "jinja2_oracle.h"

#include "chat/chat_template.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ponder {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> template_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PONDER_TESTDATA_DIR) + "/templates"))
        if (entry.path().extension() == ".jinja") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

struct NamedCase {
    std::string label;
    testing::OracleCase oracle_case;
};

// conversations x add_generation_prompt x enable_thinking (absent, true, false)
std::vector<NamedCase> cases_for(const std::string& source) {
    auto conversations = nlohmann::ordered_json::parse(read_file(std::string(PONDER_TEMPLATE_TESTS_DIR) + "/conversations.json"));
    std::vector<NamedCase> cases;
    for (const auto& [name, messages] : conversations.items()) {
        for (bool add_generation_prompt : {false, true}) {
            for (int thinking : {-1, 1, 0}) {
                nlohmann::ordered_json context = {{"messages", messages},
                                                  {"add_generation_prompt", add_generation_prompt},
                                                  {"bos_token", "<s>"},
                                                  {"eos_token", "</s>"}};
                if (thinking >= 0) context["enable_thinking"] = thinking == 1;
                std::string label = name + (add_generation_prompt ? " +generation_prompt" : "") +
                                    (thinking < 0 ? "" : thinking ? " enable_thinking=true" : " enable_thinking=false");
                cases.push_back({label, {source, context}});
            }
        }
    }
    return cases;
}

class TemplateMatchesTransformers : public ::testing::TestWithParam<std::string> {};

TEST_P(TemplateMatchesTransformers, ForEveryConversation) {
    std::string source = read_file(std::string(PONDER_TESTDATA_DIR) + "/templates/" + GetParam() + ".jinja");
    ASSERT_FALSE(source.empty());
    std::vector<NamedCase> cases = cases_for(source);
    std::vector<testing::OracleCase> batch;
    for (const NamedCase& c : cases) batch.push_back(c.oracle_case);
    std::vector<testing::OracleResult> expected = testing::run_jinja2_oracle(batch, "template_" + GetParam());

    int failures_expected = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        SCOPED_TRACE(cases[i].label);
        Result<std::string> rendered = render_chat_template(source, cases[i].oracle_case.context);
        if (!expected[i].ok) {
            ++failures_expected;
            EXPECT_FALSE(rendered.ok()) << "jinja2 failed with \"" << expected[i].output << "\" but Ponder rendered:\n"
                                        << (rendered ? *rendered : "");
            continue;
        }
        ASSERT_TRUE(rendered.ok()) << rendered.error().message;
        EXPECT_EQ(*rendered, expected[i].output);
    }
    // Every template renders most conversations; the raising ones are the exception.
    EXPECT_LT(failures_expected, static_cast<int>(cases.size()) / 2);
}

INSTANTIATE_TEST_SUITE_P(SharedTemplates, TemplateMatchesTransformers, ::testing::ValuesIn(template_names()),
                         [](const auto& info) {
                             std::string name = info.param;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(ChatTemplate, Gemma2RejectsASystemMessageWithTheTemplatesOwnMessage) {
    std::string source = read_file(std::string(PONDER_TESTDATA_DIR) + "/templates/google-gemma-2-2b-it.jinja");
    nlohmann::ordered_json context = {{"messages", {{{"role", "system"}, {"content", "x"}}, {{"role", "user"}, {"content", "y"}}}},
                                      {"add_generation_prompt", true}, {"bos_token", "<bos>"}};
    Result<std::string> rendered = render_chat_template(source, context);
    ASSERT_FALSE(rendered.ok());
    EXPECT_NE(rendered.error().message.find("System role not supported"), std::string::npos) << rendered.error().message;
    EXPECT_NE(rendered.error().message.find("line 1, column"), std::string::npos) << rendered.error().message;
}

TEST(ChatTemplate, BuiltInChatMLRendersTheConversationAndGenerationPrompt) {
    std::vector<ChatMessage> messages = {{"system", "Be brief.", ""}, {"user", "Hi", ""}};
    Result<std::string> rendered = render_chat_template(kChatMLTemplate, chat_template_context(messages, true, "", ""));
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    EXPECT_EQ(*rendered, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
}

TEST(ChatTemplate, ContextCarriesAssistantReasoningAsReasoningContent) {
    std::vector<ChatMessage> messages = {{"user", "q", ""}, {"assistant", "a", "thought"}};
    nlohmann::ordered_json context = chat_template_context(messages, false, "<s>", "</s>");
    EXPECT_EQ(context["messages"][1]["reasoning_content"], "thought");
    EXPECT_FALSE(context["messages"][0].contains("reasoning_content"));
    EXPECT_EQ(context["bos_token"], "<s>");
    std::string qwen3 = read_file(std::string(PONDER_TESTDATA_DIR) + "/templates/Qwen-Qwen3-0.6B.jinja");
    messages.push_back({"user", "q2", ""});
    Result<std::string> rendered = render_chat_template(qwen3, chat_template_context(messages, true, "", ""));
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    EXPECT_NE(rendered->find("<|im_start|>assistant\na<|im_end|>"), std::string::npos) << *rendered;
}

} // namespace
} // namespace ponder
