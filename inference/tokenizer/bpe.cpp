#include "tokenizer/bpe.h"

#include "tokenizer/unicode.h"

#include <algorithm>
#include <queue>

namespace ponder {
namespace {

struct Symbol {
    int prev, next;
    size_t offset, size;  // bytes of the word; size 0 once merged into its left neighbour
};

struct Bigram {
    int left, right;
    int rank;
    size_t size;  // left.size + right.size when queued: a mismatch later means the pair is stale
    // Lowest rank first; among equal ranks the leftmost pair.
    bool operator<(const Bigram& o) const { return rank > o.rank || (rank == o.rank && left > o.left); }
};

} // namespace

BpeMerges::BpeMerges(const std::vector<std::string>& merges) {
    ranks_.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        std::string key = merges[i];
        key[key.find(' ', 1)] = '\0';
        ranks_.emplace(std::move(key), static_cast<int>(i));
    }
}

int BpeMerges::rank(std::string_view left, std::string_view right, std::string& scratch) const {
    scratch.assign(left);
    scratch.push_back('\0');
    scratch.append(right);
    const auto it = ranks_.find(scratch);
    return it == ranks_.end() ? -1 : it->second;
}

void bpe_encode_word(std::string_view word, const TokenIds& ids, const BpeMerges& merges, bool word_first,
                     std::vector<int32_t>& out) {
    if (word.empty()) return;
    if (word_first) {
        if (auto id = find_id(ids, word)) {
            out.push_back(*id);
            return;
        }
    }
    std::vector<Symbol> symbols;
    for (size_t offset = 0; offset < word.size();) {
        const size_t len = std::min(word.size() - offset, unicode::utf8_sequence_length(uint8_t(word[offset])));
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({index - 1, offset + len == word.size() ? -1 : index + 1, offset, len});
        offset += len;
    }
    auto text = [&](const Symbol& s) { return word.substr(s.offset, s.size); };

    std::string scratch;
    std::priority_queue<Bigram> queue;
    auto try_add = [&](int left, int right) {
        if (left < 0 || right < 0) return;
        const int r = merges.rank(text(symbols[left]), text(symbols[right]), scratch);
        if (r >= 0) queue.push({left, right, r, symbols[left].size + symbols[right].size});
    };
    for (int i = 1; i < static_cast<int>(symbols.size()); ++i) try_add(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& left = symbols[b.left];
        Symbol& right = symbols[b.right];
        if (left.size == 0 || right.size == 0 || left.size + right.size != b.size || left.next != b.right) continue;
        left.size += right.size;
        right.size = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[right.next].prev = b.left;
        try_add(left.prev, b.left);
        try_add(b.left, left.next);
    }

    for (int i = 0; i != -1; i = symbols[i].next) {
        const std::string_view piece = text(symbols[i]);
        if (auto id = find_id(ids, piece)) {
            out.push_back(*id);
            continue;
        }
        for (size_t k = 0; k < piece.size(); ++k)
            if (auto id = find_id(ids, piece.substr(k, 1))) out.push_back(*id);
    }
}

} // namespace ponder
