// SentencePiece BPE as llama.cpp runs it for "llama" vocabularies: text (spaces already escaped
// to U+2581) starts as one symbol per UTF-8 character; the adjacent pair forming the token with the
// highest score is merged until no pair forms a token. Leftover pieces fall back to byte tokens.
#pragma once

#include "tokenizer/token_lookup.h"

#include <span>
#include <string_view>
#include <vector>

namespace ponder {

void spm_encode(std::string_view text, const TokenIds& ids, std::span<const float> scores,
                const ByteTokens& byte_tokens, std::vector<int32_t>& out);

} // namespace ponder
