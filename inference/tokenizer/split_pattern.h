// A small regex engine for the pre-tokenizer patterns that llama.cpp runs through std::regex,
// reproducing its results exactly. Supported: alternation `|`, classes `[...]`/`[^...]` with
// ranges, `\s \S \r \n \t \p{L|N|P|M|S}`, escaped punctuation, literals, quantifiers `? * + {m} {m,n}`,
// the end anchor `$` and `(?!atom)`. Matching is leftmost, first alternative, greedy with backtracking.
//
// Like llama.cpp, a pattern that uses \p{..} runs over a "collapsed" text in which every non-ASCII
// code point becomes one marker per category (and white space becomes \v); other patterns see the
// code points themselves, with non-ASCII white space folded to \v.
#pragma once

#include "error.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace ponder {

class SplitPattern {
public:
    static Result<SplitPattern> compile(std::string_view pattern);

    // Splits each segment of `text` (consecutive lengths in `segments`, summing to text.size())
    // into matches and the unmatched gaps between them, as llama.cpp's unicode_regex_split does.
    std::vector<size_t> split(std::span<const char32_t> text, std::span<const size_t> segments) const;

    struct CharClass {
        std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive
        bool negated = false;
        bool contains(char32_t c) const;
    };
    struct Item {
        enum Kind { kChars, kEnd, kNotFollowedBy } kind = kChars;
        CharClass chars;
        uint32_t min = 1, max = 1;
    };
    using Alternative = std::vector<Item>;

private:
    size_t match_at(std::span<const char32_t> text, size_t pos, size_t end) const;

    bool collapsed_ = false;
    std::vector<Alternative> alternatives_;
};

} // namespace ponder
