// A tokenizer vocabulary as GGUF stores it (tokenizer.ggml.* keys), independent of how it is used.
#pragma once

#include "error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ponder {

class GgufFile;

// tokenizer.ggml.token_type values (llama.cpp's llama_token_type).
enum class TokenType : int32_t {
    kUndefined = 0,
    kNormal = 1,
    kUnknown = 2,
    kControl = 3,       // <|im_end|>, <s>: only parsed from text when asked to, never rendered by default
    kUserDefined = 4,   // <think>: always parsed from text, rendered as text
    kUnused = 5,
    kByte = 6,          // <0x0A>: byte fallback of SentencePiece vocabularies
};

inline constexpr int32_t kNoToken = -1;

struct TokenizerVocab {
    std::string model;  // "gpt2" (byte-level BPE) or "llama" (SentencePiece)
    std::string pre;    // pre-tokenizer name for gpt2 models ("qwen2", "llama-bpe", ...); empty: default
    std::vector<std::string> tokens;
    std::vector<float> scores;       // SentencePiece merge priorities; empty or one per token
    std::vector<TokenType> types;    // one per token
    std::vector<std::string> merges; // BPE merges "left right", highest priority first
    int32_t bos_id = kNoToken;
    int32_t eos_id = kNoToken;
    int32_t eot_id = kNoToken;
    int32_t eom_id = kNoToken;
    int32_t pad_id = kNoToken;
    int32_t unk_id = kNoToken;
    bool add_bos = false;
    bool add_eos = false;
    bool add_space_prefix = false;   // SentencePiece: encode "Hi" as "▁Hi"
};

// Checks the invariants the tokenizer relies on: known model, one type (and score) per token,
// special ids in range, merges of the form "left right", no duplicate token texts.
Status validate_tokenizer_vocab(const TokenizerVocab& vocab);

// Reads tokenizer.ggml.* from a model file, with llama.cpp's defaults for absent keys, and validates it.
Result<TokenizerVocab> read_tokenizer_vocab(const GgufFile& file);

} // namespace ponder
