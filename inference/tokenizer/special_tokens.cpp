// Finding special tokens in text before the model's own tokenizer sees it.
#include "tokenizer/tokenizer_state.h"

namespace ponder {

std::vector<Fragment> partition_special_tokens(const Tokenizer::State& s, std::string_view text, bool parse_special) {
    std::vector<Fragment> fragments;
    if (text.empty()) return fragments;
    fragments.push_back({kNoToken, 0, text.size()});

    // Longest special tokens claim their text first, so "<|im_end|>" wins over a shorter prefix.
    for (int32_t id : s.special_by_length) {
        const TokenType type = s.types[id];
        if (!parse_special && (type == TokenType::kControl || type == TokenType::kUnknown)) continue;
        const std::string& special = s.vocab.tokens[id];

        std::vector<Fragment> next;
        next.reserve(fragments.size());
        for (const Fragment& f : fragments) {
            if (f.token != kNoToken) {
                next.push_back(f);
                continue;
            }
            const std::string_view raw = text.substr(f.offset, f.length);
            size_t start = 0;
            for (size_t hit = raw.find(special); hit != std::string_view::npos; hit = raw.find(special, start)) {
                if (hit > start) next.push_back({kNoToken, f.offset + start, hit - start});
                next.push_back({id, 0, 0});
                start = hit + special.size();
            }
            if (start < raw.size()) next.push_back({kNoToken, f.offset + start, raw.size() - start});
        }
        fragments = std::move(next);
    }
    return fragments;
}

} // namespace ponder
