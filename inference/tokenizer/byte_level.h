// GPT-2's byte-level alphabet: every byte 0..255 is written as one printable code point so that
// byte-level BPE vocabularies can be stored as text ("Ġ" is the byte 0x20).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ponder::byte_level {

// UTF-8 of the code point standing for `byte`.
const std::string& encode_byte(uint8_t byte);
// Encodes every byte of `bytes` (the form BPE merges operate on).
std::string encode(std::string_view bytes);
// The byte a code point stands for; nullopt for code points outside the alphabet.
std::optional<uint8_t> decode_codepoint(char32_t cp);

} // namespace ponder::byte_level
