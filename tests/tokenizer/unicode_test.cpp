// Unicode tables (generated from UnicodeData.txt) and the pre-tokenizer's pattern engine.
#include "tokenizer/pretokenizer.h"
#include "tokenizer/split_pattern.h"
#include "tokenizer/unicode.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

using namespace unicode;

TEST(UnicodeTables, CategoriesComeFromTheUnicodeDatabase) {
    EXPECT_EQ(flags(U'A') & kCategoryMask, kLetter);
    EXPECT_TRUE(flags(U'A') & kUppercase);
    EXPECT_TRUE(flags(U'ж') & kLowercase);
    EXPECT_EQ(flags(U'٣') & kCategoryMask, kNumber);  // ARABIC-INDIC DIGIT THREE
    EXPECT_EQ(flags(U'½') & kCategoryMask, kNumber);
    EXPECT_EQ(flags(U'¿') & kCategoryMask, kPunctuation);
    EXPECT_EQ(flags(U'€') & kCategoryMask, kSymbol);
    EXPECT_EQ(flags(0x0301) & kCategoryMask, kMark);   // COMBINING ACUTE ACCENT
    EXPECT_EQ(flags(0x4E00) & kCategoryMask, kLetter); // CJK block given as a First/Last range
    EXPECT_EQ(flags(0x0378) & kCategoryMask, kUndefined);
    EXPECT_EQ(flags(0x110000), 0);
}

TEST(UnicodeTables, WhiteSpaceIsTheUnicodeProperty) {
    for (char32_t cp : {0x09, 0x0A, 0x0D, 0x20, 0x85, 0xA0, 0x2003, 0x3000}) EXPECT_TRUE(is_whitespace(cp)) << uint32_t(cp);
    for (char32_t cp : {0x200B, 0x41, 0xFEFF}) EXPECT_FALSE(is_whitespace(cp)) << uint32_t(cp);
}

TEST(UnicodeTables, LowercaseMapping) {
    EXPECT_EQ(to_lower(U'Ä'), U'ä');
    EXPECT_EQ(to_lower(U'S'), U's');
    EXPECT_EQ(to_lower(U's'), U's');
    EXPECT_EQ(to_lower(U'Ж'), U'ж');
}

TEST(Utf8, InvalidBytesDecodeToOneReplacementEach) {
    EXPECT_EQ(decode_utf8("a\xff" "b"), (std::vector<char32_t>{U'a', kReplacementChar, U'b'}));
    EXPECT_EQ(decode_utf8("\xE2\x82"), (std::vector<char32_t>{kReplacementChar, kReplacementChar}));
    EXPECT_EQ(decode_utf8("€"), (std::vector<char32_t>{U'€'}));
    const std::vector<char32_t> cps = {U'a', U'ж', U'€', U'🦙'};
    EXPECT_EQ(encode_utf8(cps), "aж€🦙");
}

std::vector<std::string> split(std::string_view pattern, std::string_view text) {
    auto p = SplitPattern::compile(pattern);
    EXPECT_TRUE(p) << p.error().message;
    if (!p) return {};
    const auto cps = decode_utf8(text);
    const size_t all[] = {cps.size()};
    std::vector<std::string> words;
    size_t begin = 0;
    for (size_t n : p->split(cps, all)) {
        words.push_back(encode_utf8(std::span(cps).subspan(begin, n)));
        begin += n;
    }
    return words;
}

TEST(SplitPattern, MatchesAndGapsBothBecomeWords) {
    EXPECT_EQ(split("\\p{N}+", "ab12c3"), (std::vector<std::string>{"ab", "12", "c", "3"}));
    EXPECT_EQ(split("[0-9][0-9][0-9]", "12345"), (std::vector<std::string>{"123", "45"}));
}

TEST(SplitPattern, EndAnchorAndLookahead) {
    EXPECT_EQ(split("\\s+$", "a  b  "), (std::vector<std::string>{"a  b", "  "}));
    // The last space is left over by (?!\S) and taken by the second alternative on its own.
    EXPECT_EQ(split("\\s+(?!\\S)|\\s+", "a   b"), (std::vector<std::string>{"a", "  ", " ", "b"}));
}

TEST(SplitPattern, CategoriesSeeNonAsciiThroughTheCollapsedText) {
    EXPECT_EQ(split("\\s?\\p{L}+", "x Привет!"), (std::vector<std::string>{"x", " Привет", "!"}));
    EXPECT_EQ(split("[一-龥]+", "ab中文c"), (std::vector<std::string>{"ab", "中文", "c"}));
}

TEST(SplitPattern, RejectsWhatItCannotRunFaithfully) {
    EXPECT_FALSE(SplitPattern::compile("(a|b)"));
    EXPECT_FALSE(SplitPattern::compile("[abc"));
    EXPECT_FALSE(SplitPattern::compile("\\p{L}[中]"));  // categories plus non-ASCII: llama.cpp refuses too
}

TEST(PreTokenizer, UnknownNameIsAnErrorNamingIt) {
    auto p = PreTokenizer::for_name("no-such-pre");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("no-such-pre"), std::string::npos);
    EXPECT_TRUE(PreTokenizer::for_name(""));  // missing tokenizer.ggml.pre means "default"
}

TEST(PreTokenizer, Qwen2SplitsDigitsOneByOneAndLlama3ByThree) {
    auto qwen = PreTokenizer::for_name("qwen2");
    auto llama = PreTokenizer::for_name("llama-bpe");
    ASSERT_TRUE(qwen && llama);
    EXPECT_EQ(qwen->split("1234"), (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(llama->split("1234"), (std::vector<std::string>{"123", "4"}));
    EXPECT_EQ(llama->split("I'M here\n\n  x"), (std::vector<std::string>{"I", "'M", " here", "\n\n", " ", " x"}));
}

} // namespace
} // namespace ponder
