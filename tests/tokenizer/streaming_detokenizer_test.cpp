// The streaming detokenizer never hands out part of a UTF-8 character.
#include "test_vocabs.h"
#include "tokenizer/streaming_detokenizer.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

int32_t byte_token(const Tokenizer& tok, const char* hex) { return *tok.find_token(std::string("<0x") + hex + ">"); }

TEST(StreamingDetokenizer, HoldsBackACharacterSplitAcrossByteTokens) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    StreamingDetokenizer d(*tok);
    // 🦙 = F0 9F A6 99
    EXPECT_EQ(d.push(byte_token(*tok, "F0")), "");
    EXPECT_EQ(d.push(byte_token(*tok, "9F")), "");
    EXPECT_EQ(d.push(byte_token(*tok, "A6")), "");
    EXPECT_EQ(d.push(byte_token(*tok, "99")), "🦙");
    EXPECT_EQ(d.flush(), "");
}

TEST(StreamingDetokenizer, StreamedPiecesJoinToTheDecodedText) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    const std::string text = "Hello 🦙 and Cửa Việt, 我想在apple工作";
    StreamingDetokenizer d(*tok);
    std::string streamed;
    for (int32_t id : tok->encode(text, false)) streamed += d.push(id);
    streamed += d.flush();
    EXPECT_EQ(streamed, text);  // including the dropped SentencePiece prefix space
}

TEST(StreamingDetokenizer, ByteThatCanNeverStartACharacterIsReplacedAtOnce) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    StreamingDetokenizer d(*tok);
    EXPECT_EQ(d.push(byte_token(*tok, "FF")), "\xEF\xBF\xBD");
    EXPECT_EQ(d.push(byte_token(*tok, "E2")), "");
    EXPECT_EQ(d.push(byte_token(*tok, "41")), "\xEF\xBF\xBD" "A");  // E2 cut short by a plain 'A'
}

TEST(StreamingDetokenizer, FlushReplacesAnUnfinishedCharacter) {
    const Tokenizer* tok = test::vocab_tokenizer("llama-spm");
    ASSERT_NE(tok, nullptr);
    StreamingDetokenizer d(*tok);
    EXPECT_EQ(d.push(byte_token(*tok, "F0")), "");
    EXPECT_EQ(d.push(byte_token(*tok, "9F")), "");
    EXPECT_EQ(d.flush(), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(StreamingDetokenizer, ByteLevelTokensSplittingACharacterAreJoined) {
    const Tokenizer* tok = test::vocab_tokenizer("qwen2");
    ASSERT_NE(tok, nullptr);
    const auto ids = tok->encode(" 🦙", false);  // llama.cpp: " 🦙" is split over two byte-level tokens
    ASSERT_GE(ids.size(), 2u);
    StreamingDetokenizer d(*tok);
    std::string first = d.push(ids[0]);
    std::string rest;
    for (size_t i = 1; i < ids.size(); ++i) rest += d.push(ids[i]);
    EXPECT_EQ(first + rest, " 🦙");
    EXPECT_TRUE(rest.find("🦙") != std::string::npos);
}

TEST(StreamingDetokenizer, ControlTokensAreSilentUnlessRendered) {
    const Tokenizer* tok = test::vocab_tokenizer("qwen2");
    ASSERT_NE(tok, nullptr);
    const int32_t im_end = *tok->find_special_token("<|im_end|>");
    EXPECT_EQ(StreamingDetokenizer(*tok).push(im_end), "");
    EXPECT_EQ(StreamingDetokenizer(*tok, true).push(im_end), "<|im_end|>");
}

} // namespace
} // namespace ponder
