// Internal state behind Tokenizer, shared by tokenizer.cpp and special_tokens.cpp.
#pragma once

#include "tokenizer/bpe.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/token_lookup.h"
#include "tokenizer/tokenizer.h"

#include <optional>
#include <unordered_set>

namespace ponder {

struct Tokenizer::State {
    TokenizerVocab vocab;
    std::vector<TokenType> types;            // vocab.types with end-of-turn tokens promoted to control
    TokenIds ids;                            // views into vocab.tokens
    std::optional<PreTokenizer> pre;         // gpt2 models
    std::optional<BpeMerges> merges;         // gpt2 models
    ByteTokens byte_tokens{};                // llama models: <0xXX>
    std::vector<int32_t> special_by_length;  // control, user-defined and unknown tokens, longest text first
    std::unordered_set<int32_t> end_of_generation;
    std::vector<std::string> pieces;         // token_bytes(id, true) for every id
};

// A stretch of the input: raw text still to tokenize, or a special token already recognised.
struct Fragment {
    int32_t token = kNoToken;  // kNoToken: raw text [offset, offset + length)
    size_t offset = 0, length = 0;
};

// Splits `text` around the special tokens it contains (llama.cpp's tokenizer_st_partition).
std::vector<Fragment> partition_special_tokens(const Tokenizer::State& s, std::string_view text, bool parse_special);

} // namespace ponder
