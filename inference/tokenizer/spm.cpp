#include "tokenizer/spm.h"

#include "tokenizer/unicode.h"

#include <algorithm>
#include <queue>

namespace ponder {
namespace {

struct Symbol {
    int prev, next;
    size_t offset, size;  // size 0 once merged into its left neighbour
};

struct Bigram {
    int left, right;
    float score;
    size_t size;
    // Highest score first; among equal scores the leftmost pair.
    bool operator<(const Bigram& o) const { return score < o.score || (score == o.score && left > o.left); }
};

class Session {
public:
    Session(std::string_view text, const TokenIds& ids, std::span<const float> scores, const ByteTokens& bytes)
        : text_(text), ids_(ids), scores_(scores), bytes_(bytes) {}

    void encode(std::vector<int32_t>& out) {
        for (size_t offset = 0; offset < text_.size();) {
            const size_t len = std::min(text_.size() - offset, unicode::utf8_sequence_length(uint8_t(text_[offset])));
            const int index = static_cast<int>(symbols_.size());
            symbols_.push_back({index - 1, offset + len == text_.size() ? -1 : index + 1, offset, len});
            offset += len;
        }
        if (symbols_.empty()) return;
        for (int i = 1; i < static_cast<int>(symbols_.size()); ++i) try_add(i - 1, i);

        while (!queue_.empty()) {
            const Bigram b = queue_.top();
            queue_.pop();
            Symbol& left = symbols_[b.left];
            Symbol& right = symbols_[b.right];
            if (left.size == 0 || right.size == 0 || left.size + right.size != b.size) continue;
            left.size += right.size;
            right.size = 0;
            left.next = right.next;
            if (right.next >= 0) symbols_[right.next].prev = b.left;
            try_add(left.prev, b.left);
            try_add(b.left, left.next);
        }
        for (int i = 0; i != -1; i = symbols_[i].next) resegment(symbols_[i], out);
    }

private:
    std::string_view text(const Symbol& s) const { return text_.substr(s.offset, s.size); }

    void try_add(int left, int right) {
        if (left < 0 || right < 0) return;
        const std::string_view joined = text_.substr(symbols_[left].offset, symbols_[left].size + symbols_[right].size);
        const auto id = find_id(ids_, joined);
        if (!id) return;
        const float score = size_t(*id) < scores_.size() ? scores_[*id] : 0.0f;
        queue_.push({left, right, score, joined.size()});
    }

    // Merged symbols are tokens by construction; a single character outside the vocabulary
    // becomes its bytes (<0xE2><0x96><0x81>).
    void resegment(const Symbol& s, std::vector<int32_t>& out) const {
        const std::string_view piece = text(s);
        if (auto id = find_id(ids_, piece)) {
            out.push_back(*id);
            return;
        }
        for (char c : piece)
            if (const int32_t id = bytes_[uint8_t(c)]; id >= 0) out.push_back(id);
    }

    std::string_view text_;
    const TokenIds& ids_;
    std::span<const float> scores_;
    const ByteTokens& bytes_;
    std::vector<Symbol> symbols_;
    std::priority_queue<Bigram> queue_;
};

} // namespace

void spm_encode(std::string_view text, const TokenIds& ids, std::span<const float> scores,
                const ByteTokens& byte_tokens, std::vector<int32_t>& out) {
    Session(text, ids, scores, byte_tokens).encode(out);
}

} // namespace ponder
