// Unicode helpers for the tokenizers: UTF-8 <-> code points and per-code-point category flags
// (letter, number, punctuation, ... , white space) as the pre-tokenizer regexes use them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::unicode {

// General-category bits (one per code point) plus properties. Out-of-range code points have 0.
enum CodepointFlag : uint16_t {
    kUndefined = 0x0001,    // Cn
    kNumber = 0x0002,       // \p{N}
    kLetter = 0x0004,       // \p{L}
    kSeparator = 0x0008,    // \p{Z}
    kMark = 0x0010,         // \p{M}
    kPunctuation = 0x0020,  // \p{P}
    kSymbol = 0x0040,       // \p{S}
    kControl = 0x0080,      // \p{C}
    kWhitespace = 0x0100,   // \s (White_Space property)
    kLowercase = 0x0200,    // Ll
    kUppercase = 0x0400,    // Lu
};
inline constexpr uint16_t kCategoryMask = 0x00FF;

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr char32_t kMaxCodepoint = 0x10FFFF;

uint16_t flags(char32_t cp);
inline bool is_letter(char32_t cp) { return flags(cp) & kLetter; }
inline bool is_number(char32_t cp) { return flags(cp) & kNumber; }
inline bool is_whitespace(char32_t cp) { return flags(cp) & kWhitespace; }
// Simple (one-to-one) lowercase mapping; the code point itself when it has none.
char32_t to_lower(char32_t cp);

// Byte length of the UTF-8 sequence a lead byte announces (1 for ASCII and stray bytes).
size_t utf8_sequence_length(uint8_t lead);
// Decodes UTF-8 leniently: each byte that does not start a well-formed sequence becomes U+FFFD.
std::vector<char32_t> decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::span<const char32_t> cps);

} // namespace ponder::unicode
