#include "tokenizer/tokenizer.h"

#include "tokenizer/byte_level.h"
#include "tokenizer/spm.h"
#include "tokenizer/tokenizer_state.h"
#include "tokenizer/unicode.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace ponder {
namespace {

constexpr std::string_view kEscapedSpace = "\xE2\x96\x81";  // U+2581, SentencePiece's space

// Token texts that end a turn in the model families llama.cpp knows (llama-vocab.cpp).
constexpr std::array<std::string_view, 12> kEndOfTurnTexts = {
    "<|eot_id|>", "<|im_end|>",   "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>",
    "<EOT>",      "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<｜end▁of▁sentence｜>", "</s>",
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(s.size());
    size_t start = 0;
    for (size_t hit = s.find(from); hit != std::string::npos; hit = s.find(from, start)) {
        out.append(s, start, hit - start);
        out.append(to);
        start = hit + from.size();
    }
    out.append(s, start);
    s = std::move(out);
}

// Bytes of a normal token: byte-level BPE maps its alphabet back to bytes; SentencePiece unescapes spaces.
std::string normal_token_bytes(const TokenizerVocab& v, const std::string& text) {
    if (v.model == "llama") {
        std::string out = text;
        replace_all(out, kEscapedSpace, " ");
        return out;
    }
    std::string out;
    for (char32_t cp : unicode::decode_utf8(text)) {
        if (auto b = byte_level::decode_codepoint(cp)) out.push_back(static_cast<char>(*b));
        else unicode::append_utf8(out, cp);  // not in the alphabet: keep the character (llama.cpp marks it)
    }
    return out;
}

std::string piece_of(const TokenizerVocab& v, TokenType type, const std::string& text) {
    switch (type) {
        case TokenType::kNormal: return normal_token_bytes(v, text);
        case TokenType::kByte: {
            unsigned byte = 0;
            if (text.size() == 6 && std::sscanf(text.c_str(), "<0x%2X>", &byte) == 1) return std::string(1, char(byte));
            return text;
        }
        case TokenType::kControl:
        case TokenType::kUnknown:
        case TokenType::kUserDefined: return text;
        default: return {};
    }
}

} // namespace

Result<Tokenizer> Tokenizer::create(TokenizerVocab vocab) {
    PONDER_TRY(validate_tokenizer_vocab(vocab));
    auto s = std::make_shared<State>();
    s->vocab = std::move(vocab);
    const TokenizerVocab& v = s->vocab;
    const auto n = static_cast<int32_t>(v.tokens.size());

    s->ids.reserve(v.tokens.size());
    for (int32_t id = 0; id < n; ++id) s->ids.emplace(v.tokens[id], id);

    if (v.model == "gpt2") {
        auto pre = PreTokenizer::for_name(v.pre);
        if (!pre) return pre.error();
        s->pre = std::move(*pre);
        s->merges.emplace(v.merges);
    } else {
        for (int b = 0; b < 256; ++b) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "<0x%02X>", b);
            auto id = find_id(s->ids, hex);
            if (!id) id = find_id(s->ids, std::string(1, char(b)));
            s->byte_tokens[b] = id.value_or(v.unk_id);
        }
    }

    s->types = v.types;
    for (int32_t id : {v.eos_id, v.eot_id, v.eom_id})
        if (id != kNoToken) s->end_of_generation.insert(id);
    for (std::string_view text : kEndOfTurnTexts) {
        if (auto id = find_id(s->ids, text)) {
            s->end_of_generation.insert(*id);
            if (s->types[*id] != TokenType::kUserDefined) s->types[*id] = TokenType::kControl;
        }
    }

    for (int32_t id = 0; id < n; ++id) {
        const TokenType t = s->types[id];
        if ((t == TokenType::kControl || t == TokenType::kUserDefined || t == TokenType::kUnknown) &&
            !v.tokens[id].empty())
            s->special_by_length.push_back(id);
    }
    std::stable_sort(s->special_by_length.begin(), s->special_by_length.end(),
                     [&](int32_t a, int32_t b) { return v.tokens[a].size() > v.tokens[b].size(); });

    s->pieces.reserve(v.tokens.size());
    for (int32_t id = 0; id < n; ++id) s->pieces.push_back(piece_of(v, s->types[id], v.tokens[id]));
    return Tokenizer(std::move(s));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool parse_special) const {
    const State& s = *state_;
    std::vector<int32_t> out;
    bool after_special = true;  // SentencePiece prefixes a space at the start and after each special token
    for (const Fragment& f : partition_special_tokens(s, text, parse_special)) {
        if (f.token != kNoToken) {
            out.push_back(f.token);
            after_special = true;
            continue;
        }
        const std::string_view raw = text.substr(f.offset, f.length);
        if (s.pre) {
            for (const std::string& word : s.pre->split(raw))
                bpe_encode_word(byte_level::encode(word), s.ids, *s.merges, s.pre->words_are_tokens_first(), out);
        } else {
            std::string escaped = s.vocab.add_space_prefix && after_special ? " " : "";
            escaped.append(raw);
            replace_all(escaped, " ", kEscapedSpace);
            spm_encode(escaped, s.ids, s.vocab.scores, s.byte_tokens, out);
        }
        after_special = false;
    }
    return out;
}

std::string Tokenizer::token_bytes(int32_t id, bool render_special) const {
    const State& s = *state_;
    if (id < 0 || size_t(id) >= s.pieces.size()) return {};
    const TokenType t = s.types[id];
    if (!render_special && (t == TokenType::kControl || t == TokenType::kUnknown)) return {};
    return s.pieces[id];
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool render_special) const {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        std::string piece = token_bytes(ids[i], render_special);
        if (i == 0 && state_->vocab.add_space_prefix && !piece.empty() && piece.front() == ' ') piece.erase(0, 1);
        out += piece;
    }
    return out;
}

bool Tokenizer::is_end_of_generation(int32_t id) const { return state_->end_of_generation.count(id) > 0; }

std::optional<int32_t> Tokenizer::find_special_token(std::string_view text) const {
    auto id = find_id(state_->ids, text);
    if (!id) return std::nullopt;
    const TokenType t = state_->types[*id];
    if (t != TokenType::kControl && t != TokenType::kUserDefined) return std::nullopt;
    return id;
}

std::optional<int32_t> Tokenizer::find_token(std::string_view text) const { return find_id(state_->ids, text); }

const TokenizerVocab& Tokenizer::vocab() const { return state_->vocab; }

TokenType Tokenizer::type(int32_t id) const {
    return id >= 0 && size_t(id) < state_->types.size() ? state_->types[id] : TokenType::kUndefined;
}

} // namespace ponder
