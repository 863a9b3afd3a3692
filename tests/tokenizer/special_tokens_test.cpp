// Special tokens: control tokens are parsed from text only when asked; user-defined ones always.
#include "test_vocabs.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ponder {
namespace {

bool contains(const std::vector<int32_t>& ids, int32_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

class QwenSpecialTokens : public ::testing::Test {
protected:
    void SetUp() override {
        tok = test::vocab_tokenizer("qwen2");
        ASSERT_NE(tok, nullptr);
        auto end = tok->find_special_token("<|im_end|>");
        auto think = tok->find_special_token("<think>");
        ASSERT_TRUE(end && think);
        im_end = *end, think_id = *think;
    }
    const Tokenizer* tok = nullptr;
    int32_t im_end = -1, think_id = -1;
};

TEST_F(QwenSpecialTokens, ControlTokenInTextBecomesItsIdOnlyWhenParsingSpecials) {
    EXPECT_EQ(tok->encode("<|im_end|>", true), std::vector<int32_t>{im_end});
    EXPECT_EQ(tok->encode("Hi<|im_end|>\n", true).at(1), im_end);
}

TEST_F(QwenSpecialTokens, ControlTokenTypedByAUserStaysText) {
    const auto ids = tok->encode("<|im_end|>", false);
    EXPECT_GT(ids.size(), 1u);
    EXPECT_FALSE(contains(ids, im_end));
    EXPECT_EQ(tok->decode(ids), "<|im_end|>");
}

TEST_F(QwenSpecialTokens, UserDefinedTokenMatchesEitherWay) {
    EXPECT_EQ(tok->type(think_id), TokenType::kUserDefined);
    for (bool parse_special : {false, true}) {
        const auto ids = tok->encode("<think>\nhmm</think>", parse_special);
        ASSERT_FALSE(ids.empty());
        EXPECT_EQ(ids.front(), think_id);
        EXPECT_EQ(tok->decode(ids), "<think>\nhmm</think>");
    }
}

TEST_F(QwenSpecialTokens, EndOfTurnTokensEndGeneration) {
    EXPECT_TRUE(tok->is_end_of_generation(im_end));
    EXPECT_TRUE(tok->is_end_of_generation(*tok->find_special_token("<|endoftext|>")));
    EXPECT_FALSE(tok->is_end_of_generation(think_id));
    EXPECT_FALSE(tok->is_end_of_generation(tok->encode("Hello", false).at(0)));
}

TEST_F(QwenSpecialTokens, ControlTokensRenderOnlyWhenAsked) {
    const std::vector<int32_t> ids = {im_end};
    EXPECT_EQ(tok->decode(ids), "");
    EXPECT_EQ(tok->decode(ids, true), "<|im_end|>");
    EXPECT_EQ(tok->token_text(im_end), "<|im_end|>");
}

TEST_F(QwenSpecialTokens, NormalTokenIsNotFoundAsSpecial) {
    EXPECT_TRUE(tok->find_token("Hello"));
    EXPECT_FALSE(tok->find_special_token("Hello"));
}

TEST(Llama3SpecialTokens, EotEndsGenerationAndBosIsAddedByTheModel) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-bpe");
    ASSERT_NE(tok, nullptr);
    auto eot = tok->find_special_token("<|eot_id|>");
    ASSERT_TRUE(eot);
    EXPECT_TRUE(tok->is_end_of_generation(*eot));
    EXPECT_EQ(tok->vocab().bos_id, *tok->find_special_token("<|begin_of_text|>"));
    EXPECT_TRUE(tok->vocab().add_bos);
}

TEST(InvalidUtf8, BytePairVocabEncodesBadBytesAsReplacementCharacters) {
    const Tokenizer* tok = test::vocab_tokenizer("qwen2");
    ASSERT_NE(tok, nullptr);
    EXPECT_EQ(tok->encode("a\xff" "b", false), tok->encode("a\xEF\xBF\xBD" "b", false));
    EXPECT_EQ(tok->encode("\xE2\x82", false), tok->encode("\xEF\xBF\xBD\xEF\xBF\xBD", false));
}

TEST(InvalidUtf8, SentencePieceVocabFallsBackToByteTokens) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    const auto ids = tok->encode("\xff", false);
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(ids.back(), *tok->find_token("<0xFF>"));
    EXPECT_EQ(tok->decode(ids), "\xff");
}

TEST(SentencePiece, SpecialTokenResetsThePrefixSpace) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    const int32_t eos = tok->vocab().eos_id;
    const auto ids = tok->encode("Hello</s>Hello", true);
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(ids[0], ids[2]);  // "▁Hello" both times
    EXPECT_EQ(ids[1], eos);
    EXPECT_TRUE(tok->is_end_of_generation(eos));
}

} // namespace
} // namespace ponder
