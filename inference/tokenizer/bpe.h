// Byte-level BPE (GPT-2 style): a word, already mapped to the byte-level alphabet, starts as one
// symbol per character; the adjacent pair with the best (lowest) merge rank is merged until none is left.
#pragma once

#include "error.h"
#include "tokenizer/token_lookup.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ponder {

class BpeMerges {
public:
    // `merges` are "left right" lines in priority order (validated by validate_tokenizer_vocab).
    explicit BpeMerges(const std::vector<std::string>& merges);

    // Rank of merging `left` with `right`; -1 when the pair never merges.
    int rank(std::string_view left, std::string_view right, std::string& scratch) const;

private:
    std::unordered_map<std::string, int> ranks_;  // key: left '\0' right
};

// Appends the tokens of one byte-level word to `out`. With `word_first`, a word that is itself a
// token is taken whole (Llama 3's ignore_merges). Symbols left outside the vocabulary fall back to
// single-byte tokens where those exist, as in llama.cpp.
void bpe_encode_word(std::string_view word, const TokenIds& ids, const BpeMerges& merges, bool word_first,
                     std::vector<int32_t>& out);

} // namespace ponder
