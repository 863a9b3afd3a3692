#include "tokenizer/split_pattern.h"

#include "tokenizer/unicode.h"

#include <cctype>
#include <limits>
#include <string>

namespace ponder {
namespace {

using CharClass = SplitPattern::CharClass;
using Item = SplitPattern::Item;

constexpr size_t kNoMatch = std::numeric_limits<size_t>::max();
constexpr char32_t kVerticalTab = 0x0B;  // stands for non-ASCII white space, which std::regex \s misses

// Markers of the collapsed text, one per category (llama.cpp's k_ucat_cpt).
constexpr char32_t kOtherMarker = 0xD0;
constexpr char32_t kNumberMarker = 0xD1;
constexpr char32_t kLetterMarker = 0xD2;
constexpr char32_t kPunctuationMarker = 0xD3;
constexpr char32_t kMarkMarker = 0xD4;
constexpr char32_t kSymbolMarker = 0xD5;

char32_t collapse(char32_t cp) {
    if (cp < 0x80) return cp;
    const uint16_t f = unicode::flags(cp);
    if (f & unicode::kWhitespace) return kVerticalTab;
    switch (f & unicode::kCategoryMask) {
        case unicode::kNumber: return kNumberMarker;
        case unicode::kLetter: return kLetterMarker;
        case unicode::kPunctuation: return kPunctuationMarker;
        case unicode::kMark: return kMarkMarker;
        case unicode::kSymbol: return kSymbolMarker;
        default: return kOtherMarker;
    }
}

char32_t fold_whitespace(char32_t cp) {
    return cp >= 0x80 && unicode::is_whitespace(cp) ? kVerticalTab : cp;
}

void add_whitespace(CharClass& c) {
    c.ranges.push_back({0x09, 0x0D});
    c.ranges.push_back({0x20, 0x20});
}

// \p{X} over the collapsed text: its marker plus the ASCII members of the category.
bool add_category(CharClass& c, char32_t name) {
    switch (name) {
        case 'N':
            c.ranges.insert(c.ranges.end(), {{kNumberMarker, kNumberMarker}, {'0', '9'}});
            return true;
        case 'L':
            c.ranges.insert(c.ranges.end(), {{kLetterMarker, kLetterMarker}, {'A', 'Z'}, {'a', 'z'}});
            return true;
        case 'P':
            c.ranges.insert(c.ranges.end(), {{kPunctuationMarker, kPunctuationMarker}, {0x21, 0x23}, {0x25, 0x2A},
                                             {0x2C, 0x2F}, {0x3A, 0x3B}, {0x3F, 0x40}, {0x5B, 0x5D}, {0x5F, 0x5F},
                                             {0x7B, 0x7B}, {0x7D, 0x7D}});
            return true;
        case 'M':
            c.ranges.push_back({kMarkMarker, kMarkMarker});
            return true;
        case 'S':
            c.ranges.insert(c.ranges.end(), {{kSymbolMarker, kSymbolMarker}, {0x24, 0x24}, {0x2B, 0x2B},
                                             {0x3C, 0x3E}, {0x5E, 0x5E}, {0x60, 0x60}, {0x7C, 0x7C}});
            return true;
        default: return false;
    }
}

class Parser {
public:
    explicit Parser(std::span<const char32_t> p) : p_(p) {}

    Result<std::vector<SplitPattern::Alternative>> parse() {
        std::vector<SplitPattern::Alternative> alternatives(1);
        while (i_ < p_.size()) {
            const char32_t c = p_[i_];
            if (c == '|') {
                ++i_;
                alternatives.emplace_back();
                continue;
            }
            Item item;
            if (c == '$') {
                ++i_;
                item.kind = Item::kEnd;
                alternatives.back().push_back(item);
                continue;
            }
            if (starts_with(U"(?!")) {
                i_ += 3;
                item.kind = Item::kNotFollowedBy;
                PONDER_TRY(parse_atom(item.chars));
                if (i_ >= p_.size() || p_[i_] != ')') return fail("unclosed (?!");
                ++i_;
                alternatives.back().push_back(item);
                continue;
            }
            PONDER_TRY(parse_atom(item.chars));
            PONDER_TRY(parse_quantifier(item));
            alternatives.back().push_back(std::move(item));
        }
        for (const auto& a : alternatives)
            if (a.empty()) return fail("empty alternative");
        return alternatives;
    }

private:
    bool starts_with(std::u32string_view s) const {
        return p_.size() - i_ >= s.size() && std::u32string_view(p_.data() + i_, s.size()) == s;
    }

    Error fail(const std::string& what) const {
        return make_error("pre-tokenizer pattern: " + what + " at position " + std::to_string(i_));
    }

    // One escape after '\': a class shorthand, a category, or a literal.
    Status parse_escape(CharClass& c, bool in_class, char32_t* literal) {
        if (i_ >= p_.size()) return fail("dangling backslash");
        const char32_t e = p_[i_++];
        *literal = 0;
        switch (e) {
            case 's': add_whitespace(c); return {};
            case 'S':
                if (in_class) return fail("\\S inside a class");
                add_whitespace(c);
                c.negated = true;
                return {};
            case 'p': {
                if (i_ + 2 >= p_.size() || p_[i_] != '{' || p_[i_ + 2] != '}' || !add_category(c, p_[i_ + 1]))
                    return fail("unsupported \\p{...}");
                i_ += 3;
                return {};
            }
            case 'r': *literal = '\r'; return {};
            case 'n': *literal = '\n'; return {};
            case 't': *literal = '\t'; return {};
            default:
                if (e < 0x80 && !std::isalnum(int(e))) {
                    *literal = e;
                    return {};
                }
                return fail("unsupported escape");
        }
    }

    Status parse_atom(CharClass& c) {
        const char32_t ch = p_[i_++];
        if (ch == '[') return parse_class(c);
        if (ch == '\\') {
            char32_t literal = 0;
            PONDER_TRY(parse_escape(c, false, &literal));
            if (literal) c.ranges.push_back({literal, literal});
            return {};
        }
        if (ch == '(' || ch == ')' || ch == '*' || ch == '+' || ch == '?' || ch == '{' || ch == '.')
            return fail("unsupported syntax");
        c.ranges.push_back({ch, ch});
        return {};
    }

    Status parse_class(CharClass& c) {
        if (i_ < p_.size() && p_[i_] == '^') {
            c.negated = true;
            ++i_;
        }
        while (true) {
            if (i_ >= p_.size()) return fail("unclosed [");
            char32_t lo = p_[i_++];
            if (lo == ']') return {};
            if (lo == '\\') {
                PONDER_TRY(parse_escape(c, true, &lo));
                if (!lo) continue;  // a shorthand or category, already added
            }
            char32_t hi = lo;
            if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
                ++i_;
                hi = p_[i_++];
                if (hi == '\\') PONDER_TRY(parse_escape(c, true, &hi));
                if (hi < lo) return fail("reversed range");
            }
            c.ranges.push_back({lo, hi});
        }
    }

    Status parse_quantifier(Item& item) {
        if (i_ >= p_.size()) return {};
        constexpr uint32_t kMany = std::numeric_limits<uint32_t>::max();
        switch (p_[i_]) {
            case '?': item.min = 0, item.max = 1; break;
            case '*': item.min = 0, item.max = kMany; break;
            case '+': item.min = 1, item.max = kMany; break;
            case '{': {
                size_t j = i_ + 1;
                auto number = [&](uint32_t& out) {
                    const size_t start = j;
                    out = 0;
                    while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') out = out * 10 + (p_[j++] - '0');
                    return j > start;
                };
                if (!number(item.min)) return fail("bad {m,n}");
                item.max = item.min;
                if (j < p_.size() && p_[j] == ',' && (++j, !number(item.max))) return fail("bad {m,n}");
                if (j >= p_.size() || p_[j] != '}' || item.max < item.min) return fail("bad {m,n}");
                i_ = j;
                break;
            }
            default: return {};
        }
        ++i_;
        return {};
    }

    std::span<const char32_t> p_;
    size_t i_ = 0;
};

size_t match_items(std::span<const Item> items, std::span<const char32_t> text, size_t pos, size_t end) {
    if (items.empty()) return pos;
    const Item& item = items.front();
    const auto rest = items.subspan(1);
    switch (item.kind) {
        case Item::kEnd: return pos == end ? match_items(rest, text, pos, end) : kNoMatch;
        case Item::kNotFollowedBy:
            return pos < end && item.chars.contains(text[pos]) ? kNoMatch : match_items(rest, text, pos, end);
        case Item::kChars: break;
    }
    size_t n = 0;
    while (n < item.max && pos + n < end && item.chars.contains(text[pos + n])) ++n;
    if (n < item.min) return kNoMatch;
    // Greedy; a run followed by `$` can only succeed at its longest, so skip the backtracking.
    const bool anchored = !rest.empty() && rest.front().kind == Item::kEnd;
    for (size_t k = n;; --k) {
        const size_t r = match_items(rest, text, pos + k, end);
        if (r != kNoMatch || anchored || k == item.min) return r;
    }
}

} // namespace

bool SplitPattern::CharClass::contains(char32_t c) const {
    bool in = false;
    for (const auto& [lo, hi] : ranges) {
        if (c >= lo && c <= hi) {
            in = true;
            break;
        }
    }
    return in != negated;
}

Result<SplitPattern> SplitPattern::compile(std::string_view pattern) {
    const std::vector<char32_t> cps = unicode::decode_utf8(pattern);
    SplitPattern sp;
    sp.collapsed_ = pattern.find("\\p{") != std::string_view::npos;
    if (sp.collapsed_) {
        for (char32_t cp : cps)
            if (cp >= 0x80) return make_error("pre-tokenizer pattern mixes \\p{..} with non-ASCII characters");
    }
    auto alternatives = Parser(cps).parse();
    if (!alternatives) return alternatives.error();
    sp.alternatives_ = std::move(*alternatives);
    return sp;
}

size_t SplitPattern::match_at(std::span<const char32_t> text, size_t pos, size_t end) const {
    for (const Alternative& a : alternatives_) {
        const size_t r = match_items(a, text, pos, end);
        if (r != kNoMatch && r > pos) return r;
    }
    return kNoMatch;
}

std::vector<size_t> SplitPattern::split(std::span<const char32_t> text, std::span<const size_t> segments) const {
    std::vector<char32_t> mapped(text.size());
    for (size_t i = 0; i < text.size(); ++i) mapped[i] = collapsed_ ? collapse(text[i]) : fold_whitespace(text[i]);

    std::vector<size_t> out;
    out.reserve(segments.size());
    size_t start = 0;
    for (size_t length : segments) {
        const size_t end = start + length;
        size_t gap_start = start;
        for (size_t pos = start; pos < end;) {
            const size_t match_end = match_at(mapped, pos, end);
            if (match_end == kNoMatch) {
                ++pos;
                continue;
            }
            if (pos > gap_start) out.push_back(pos - gap_start);
            out.push_back(match_end - pos);
            pos = gap_start = match_end;
        }
        if (end > gap_start) out.push_back(end - gap_start);
        start = end;
    }
    return out;
}

} // namespace ponder
