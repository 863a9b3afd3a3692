// Turns generated token ids into displayable text as they arrive. Byte tokens can split a
// character across tokens (🦙 = <0xF0><0x9F><0xA6><0x99>), so bytes of an unfinished character are
// held back until it completes: every piece returned is whole, valid UTF-8.
#pragma once

#include "tokenizer/tokenizer.h"

#include <string>

namespace ponder {

class StreamingDetokenizer {
public:
    // With `render_special`, control tokens (<|im_end|>) appear as their text; otherwise as nothing.
    explicit StreamingDetokenizer(const Tokenizer& tokenizer, bool render_special = false);

    // Text completed by this token (possibly empty). Bytes that can never form a character
    // become U+FFFD right away; SentencePiece's prefix space is dropped from the first token.
    std::string push(int32_t id);
    // Whatever is still held back, each leftover byte as U+FFFD; then starts over.
    std::string flush();

private:
    const Tokenizer& tokenizer_;
    bool render_special_;
    bool first_ = true;
    std::string pending_;  // bytes of an unfinished UTF-8 character
};

} // namespace ponder
