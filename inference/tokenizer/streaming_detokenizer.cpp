#include "tokenizer/streaming_detokenizer.h"

#include "tokenizer/unicode.h"

namespace ponder {
namespace {

// Length of the well-formed UTF-8 sequence at s[i..], 0 if invalid, or SIZE_MAX if it is a valid
// beginning cut short by the end of the buffer.
constexpr size_t kIncomplete = static_cast<size_t>(-1);

size_t sequence_at(const std::string& s, size_t i) {
    const auto lead = static_cast<uint8_t>(s[i]);
    size_t len = 0;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) len = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) len = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) len = 4;
    else return 0;
    for (size_t k = 1; k < len; ++k) {
        if (i + k >= s.size()) return kIncomplete;
        const auto c = static_cast<uint8_t>(s[i + k]);
        // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
        uint8_t lo = 0x80, hi = 0xBF;
        if (k == 1) {
            if (lead == 0xE0) lo = 0xA0;
            else if (lead == 0xED) hi = 0x9F;
            else if (lead == 0xF0) lo = 0x90;
            else if (lead == 0xF4) hi = 0x8F;
        }
        if (c < lo || c > hi) return 0;
    }
    return len;
}

} // namespace

StreamingDetokenizer::StreamingDetokenizer(const Tokenizer& tokenizer, bool render_special)
    : tokenizer_(tokenizer), render_special_(render_special) {}

std::string StreamingDetokenizer::push(int32_t id) {
    std::string piece = tokenizer_.token_bytes(id, render_special_);
    if (first_ && tokenizer_.vocab().add_space_prefix && !piece.empty() && piece.front() == ' ') piece.erase(0, 1);
    first_ = false;
    pending_ += piece;

    std::string out;
    size_t i = 0;
    while (i < pending_.size()) {
        const size_t len = sequence_at(pending_, i);
        if (len == kIncomplete) break;
        if (len == 0) {
            unicode::append_utf8(out, unicode::kReplacementChar);
            i += 1;
            continue;
        }
        out.append(pending_, i, len);
        i += len;
    }
    pending_.erase(0, i);
    return out;
}

std::string StreamingDetokenizer::flush() {
    std::string out;
    for (size_t i = 0; i < pending_.size(); ++i) unicode::append_utf8(out, unicode::kReplacementChar);
    pending_.clear();
    first_ = true;
    return out;
}

} // namespace ponder
