// Every case of llama.cpp's tokenizer test files (models/ggml-vocab-*.gguf.inp/.out) gives exactly
// the ids llama.cpp gives, and decoding those ids gives the text back.
#include "test_vocabs.h"

#include "gen/hf_tokenizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ponder {
namespace {

struct VocabCase {
    std::string text;
    std::vector<int32_t> ids;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// .inp: cases separated by "\n__ggml_vocab_test__\n"; .out: one line of ids per case.
std::vector<VocabCase> read_cases(const std::string& name) {
    const std::string base = test::testdata_path("vocab/ggml-vocab-" + name + ".gguf");
    const std::string inp = read_file(base + ".inp");
    const std::string separator = "\n__ggml_vocab_test__\n";
    std::vector<VocabCase> cases;
    for (size_t start = 0, hit; (hit = inp.find(separator, start)) != std::string::npos; start = hit + separator.size())
        cases.push_back({inp.substr(start, hit - start), {}});
    std::istringstream out(read_file(base + ".out"));
    std::string line;
    for (VocabCase& c : cases) {
        std::getline(out, line);
        std::istringstream ids(line);
        for (int32_t id; ids >> id;) c.ids.push_back(id);
    }
    return cases;
}

class VocabCases : public ::testing::TestWithParam<std::string> {};

TEST_P(VocabCases, EncodeGivesLlamaCppIds) {
    const Tokenizer* tok = test::vocab_tokenizer(GetParam());
    ASSERT_NE(tok, nullptr);
    const auto cases = read_cases(GetParam());
    ASSERT_EQ(cases.size(), 46u);
    for (const VocabCase& c : cases) EXPECT_EQ(tok->encode(c.text, true), c.ids) << "text: '" << c.text << "'";
}

TEST_P(VocabCases, DecodeRestoresTheText) {
    const Tokenizer* tok = test::vocab_tokenizer(GetParam());
    ASSERT_NE(tok, nullptr);
    for (const VocabCase& c : read_cases(GetParam())) EXPECT_EQ(tok->decode(tok->encode(c.text, false)), c.text);
}

INSTANTIATE_TEST_SUITE_P(AllVocabs, VocabCases,
                         ::testing::Values("qwen2", "llama-bpe", "llama-spm", "phi-3", "gpt-2", "deepseek-llm",
                                           "deepseek-coder"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

// Speed is measured by `ponder-cli bench`, not here: a timed test fails on a busy machine.
TEST(TokenizerScale, TenKilobytesOfMixedTextRoundTrip) {
    const Tokenizer* tok = test::vocab_tokenizer("qwen2");
    ASSERT_NE(tok, nullptr);
    std::string text;
    for (const VocabCase& c : read_cases("qwen2")) text += c.text + "\n";
    while (text.size() < 10 * 1024) text += text;
    const auto ids = tok->encode(text, false);
    EXPECT_LT(ids.size(), text.size());
    EXPECT_EQ(tok->decode(ids), text);
}

} // namespace
} // namespace ponder

namespace ponder {
namespace {

TEST(TokenizerScale, A150kTokenVocabBuildsAndTokenizes) {
    auto vocab = vocab_from_hf_tokenizer_json(test::testdata_path("tokenizers/qwen3-tokenizer.json"));
    ASSERT_TRUE(vocab) << vocab.error().message;
    ASSERT_GT(vocab->tokens.size(), 150000u);
    auto tok = Tokenizer::create(std::move(*vocab));
    ASSERT_TRUE(tok) << tok.error().message;
    const std::string text = "Hello world, 1234 <think>reasoning</think>";
    EXPECT_EQ(tok->decode(tok->encode(text, false)), text);
}

} // namespace
} // namespace ponder
