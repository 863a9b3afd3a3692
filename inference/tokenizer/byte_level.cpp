#include "tokenizer/byte_level.h"

#include "tokenizer/unicode.h"

#include <array>

namespace ponder::byte_level {
namespace {

struct Alphabet {
    std::array<std::string, 256> byte_to_utf8;
    std::array<int16_t, 512> codepoint_to_byte;  // -1: not in the alphabet; all members are < 512
};

// Printable Latin-1 bytes stand for themselves; the other 68 bytes are mapped, in order, to
// U+0100 onwards (GPT-2's bytes_to_unicode()).
const Alphabet& alphabet() {
    static const Alphabet a = [] {
        Alphabet t;
        t.codepoint_to_byte.fill(-1);
        auto printable = [](int b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
        int next_extra = 0x100;
        for (int b = 0; b < 256; ++b) {
            const char32_t cp = printable(b) ? char32_t(b) : char32_t(next_extra++);
            unicode::append_utf8(t.byte_to_utf8[b], cp);
            t.codepoint_to_byte[cp] = int16_t(b);
        }
        return t;
    }();
    return a;
}

} // namespace

const std::string& encode_byte(uint8_t byte) { return alphabet().byte_to_utf8[byte]; }

std::string encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) out += encode_byte(static_cast<uint8_t>(c));
    return out;
}

std::optional<uint8_t> decode_codepoint(char32_t cp) {
    if (cp >= 512) return std::nullopt;
    const int16_t b = alphabet().codepoint_to_byte[cp];
    if (b < 0) return std::nullopt;
    return uint8_t(b);
}

} // namespace ponder::byte_level
