// Vocabulary validation, Hugging Face import and the GGUF round trip.
#include "test_vocabs.h"

#include "gen/hf_tokenizer.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ponder {
namespace {

TokenizerVocab tiny_bpe_vocab() {
    TokenizerVocab v;
    v.model = "gpt2";
    v.pre = "gpt-2";
    v.tokens = {"a", "b", "ab", "<|end|>"};
    v.types = {TokenType::kNormal, TokenType::kNormal, TokenType::kNormal, TokenType::kControl};
    v.merges = {"a b"};
    v.eos_id = 3;
    return v;
}

TEST(VocabValidation, AcceptsAConsistentVocab) {
    auto tok = Tokenizer::create(tiny_bpe_vocab());
    ASSERT_TRUE(tok) << tok.error().message;
    // "abab" is one word; "a b" merges twice and nothing merges "ab ab".
    EXPECT_EQ(tok->encode("abab", false), (std::vector<int32_t>{2, 2}));
    EXPECT_EQ(tok->encode("ba", false), (std::vector<int32_t>{1, 0}));
    EXPECT_TRUE(tok->is_end_of_generation(3));
}

TEST(VocabValidation, RejectsInconsistentVocabsWithAReason) {
    auto expect_error = [](TokenizerVocab v, std::string_view needle) {
        const Status s = validate_tokenizer_vocab(v);
        ASSERT_FALSE(s);
        EXPECT_NE(s.error().message.find(needle), std::string::npos) << s.error().message;
    };
    TokenizerVocab v = tiny_bpe_vocab();
    v.types.pop_back();
    expect_error(v, "token types");
    v = tiny_bpe_vocab();
    v.eos_id = 4;
    expect_error(v, "outside the vocabulary");
    v = tiny_bpe_vocab();
    v.merges = {"ab"};
    expect_error(v, "left right");
    v = tiny_bpe_vocab();
    v.tokens[1] = "a";
    expect_error(v, "twice");
    v = tiny_bpe_vocab();
    v.model = "t5";
    expect_error(v, "not supported");
    v = tiny_bpe_vocab();
    v.pre = "mystery";
    EXPECT_FALSE(Tokenizer::create(v));
}

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() /
               ("ponder-tokenizer-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir);
    return dir;
}

TEST(HfTokenizerJson, MergesAsStringsOrPairsGiveTheSameVocab) {
    const auto dir = temp_dir();
    const std::string head = R"({"added_tokens":[{"id":3,"content":"<|im_end|>","special":true},
        {"id":4,"content":"<think>","special":false}],
        "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"use_regex":true},
        "model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":)";
    std::ofstream(dir / "strings-tokenizer.json") << head << R"(["a b"]}})";
    std::ofstream(dir / "pairs-tokenizer.json") << head << R"([["a","b"]]}})";
    auto from_strings = vocab_from_hf_tokenizer_json((dir / "strings-tokenizer.json").string());
    auto from_pairs = vocab_from_hf_tokenizer_json((dir / "pairs-tokenizer.json").string());
    ASSERT_TRUE(from_strings) << from_strings.error().message;
    ASSERT_TRUE(from_pairs) << from_pairs.error().message;
    EXPECT_EQ(from_strings->merges, std::vector<std::string>{"a b"});
    EXPECT_EQ(from_pairs->merges, from_strings->merges);
    EXPECT_EQ(from_pairs->pre, "gpt-2");
    EXPECT_EQ(from_pairs->types[3], TokenType::kControl);
    EXPECT_EQ(from_pairs->types[4], TokenType::kUserDefined);
    std::filesystem::remove_all(dir);
}

TEST(HfTokenizerJson, UnreadableInputIsAnErrorNamingTheFile) {
    auto missing = vocab_from_hf_tokenizer_json("/nonexistent/tokenizer.json");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("/nonexistent/tokenizer.json"), std::string::npos);
}

TEST(HfTokenizerJson, QwenGetsTheQwen2PreTokenizerAndItsEndOfTurn) {
    const Tokenizer* tok = test::vocab_tokenizer("qwen2");
    ASSERT_NE(tok, nullptr);
    EXPECT_EQ(tok->vocab().pre, "qwen2");
    EXPECT_EQ(tok->vocab().eos_id, *tok->find_special_token("<|im_end|>"));
    EXPECT_FALSE(tok->vocab().add_bos);
}

TEST(GgufRoundTrip, WrittenMetadataReadsBackAsTheSameVocab) {
    TokenizerVocab v = tiny_bpe_vocab();
    v.add_bos = false;
    GgufWriter writer;
    write_tokenizer_metadata(writer, v);
    const auto path = (temp_dir() / "vocab.gguf").string();
    ASSERT_TRUE(writer.write(path));
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file) << file.error().message;
    auto back = read_tokenizer_vocab(*file);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->tokens, v.tokens);
    EXPECT_EQ(back->types, v.types);
    EXPECT_EQ(back->merges, v.merges);
    EXPECT_EQ(back->eos_id, v.eos_id);
    EXPECT_EQ(back->pre, v.pre);
    std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

TEST(GgufVocab, ReadsTheLlamaSentencePieceDefaults) {
    auto file = GgufFile::open(test::testdata_path("vocab/ggml-vocab-llama-spm.gguf"));
    ASSERT_TRUE(file) << file.error().message;
    auto v = read_tokenizer_vocab(*file);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->model, "llama");
    EXPECT_EQ(v->bos_id, 1);
    EXPECT_EQ(v->eos_id, 2);
    EXPECT_TRUE(v->add_space_prefix);
    EXPECT_EQ(v->scores.size(), v->tokens.size());
}

} // namespace
} // namespace ponder
