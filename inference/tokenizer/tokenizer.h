// Text <-> token ids for a model's vocabulary: byte-level BPE ("gpt2") or SentencePiece ("llama"),
// matching llama.cpp token for token. Immutable once built; copies share state and every method is
// safe to call from several threads.
#pragma once

#include "error.h"
#include "tokenizer/vocab.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ponder {

class Tokenizer {
public:
    // Validates the vocabulary and prepares lookups (well under a second for 150k tokens).
    static Result<Tokenizer> create(TokenizerVocab vocab);

    // Token ids of `text`; BOS/EOS are never added (see vocab().add_bos). With `parse_special`,
    // control tokens written in the text (<|im_start|>) become their ids; without it they are
    // ordinary text. User-defined tokens (<think>) are matched either way.
    std::vector<int32_t> encode(std::string_view text, bool parse_special) const;

    // The bytes a token stands for. Control tokens give their text only with `render_special`.
    // Bytes may be a fragment of a UTF-8 character (byte tokens); see StreamingDetokenizer.
    std::string token_bytes(int32_t id, bool render_special) const;
    // token_bytes with control tokens rendered: the token as a person would read it.
    std::string token_text(int32_t id) const { return token_bytes(id, true); }
    // Concatenated token bytes; a SentencePiece vocabulary's prefix space is dropped from the first.
    std::string decode(std::span<const int32_t> ids, bool render_special = false) const;

    // True for tokens that end a reply: EOS, EOT, EOM and the end-of-turn tokens llama.cpp
    // recognises by text (<|im_end|>, <|eot_id|>, <｜end▁of▁sentence｜>, ...).
    bool is_end_of_generation(int32_t id) const;
    // Control or user-defined token written exactly as `text` ("<|im_end|>", "<think>").
    std::optional<int32_t> find_special_token(std::string_view text) const;
    // Any token whose stored text is `text`.
    std::optional<int32_t> find_token(std::string_view text) const;

    const TokenizerVocab& vocab() const;
    size_t size() const { return vocab().tokens.size(); }
    // Effective type: llama.cpp promotes end-of-turn tokens stored as normal ones to control.
    TokenType type(int32_t id) const;

    struct State;

private:
    explicit Tokenizer(std::shared_ptr<const State> state) : state_(std::move(state)) {}
    std::shared_ptr<const State> state_;
};

} // namespace ponder
