// Text -> id lookup shared by the BPE and SentencePiece encoders. Keys view the vocabulary's
// own strings, so the map must not outlive the TokenizerVocab it was built from.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace ponder {

using TokenIds = std::unordered_map<std::string_view, int32_t>;

inline std::optional<int32_t> find_id(const TokenIds& ids, std::string_view text) {
    const auto it = ids.find(text);
    if (it == ids.end()) return std::nullopt;
    return it->second;
}

// Token for each raw byte when a SentencePiece piece is not in the vocabulary (-1: none).
using ByteTokens = std::array<int32_t, 256>;

} // namespace ponder
