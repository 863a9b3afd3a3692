#include "tokenizer/unicode.h"

#include "tokenizer/unicode_tables.h"

#include <algorithm>

namespace ponder::unicode {
namespace {

// One flags word per code point (2.2 MB), expanded once from the generated runs: the
// pre-tokenizer asks for flags of every input character, so lookup must be a plain index.
const std::vector<uint16_t>& flag_table() {
    static const std::vector<uint16_t> table = [] {
        using unicode_tables::kCategoryRuns, unicode_tables::kCategoryRunCount;
        using unicode_tables::kWhiteSpace, unicode_tables::kWhiteSpaceCount;
        std::vector<uint16_t> t(kMaxCodepoint + 1, kUndefined);
        for (size_t i = 0; i < kCategoryRunCount; ++i) {
            const char32_t end = i + 1 < kCategoryRunCount ? kCategoryRuns[i + 1].first : kMaxCodepoint + 1;
            std::fill(t.begin() + kCategoryRuns[i].first, t.begin() + end, kCategoryRuns[i].flags);
        }
        for (size_t i = 0; i < kWhiteSpaceCount; ++i) t[kWhiteSpace[i]] |= kWhitespace;
        return t;
    }();
    return table;
}

} // namespace

uint16_t flags(char32_t cp) {
    const auto& table = flag_table();
    return cp < table.size() ? table[cp] : 0;
}

char32_t to_lower(char32_t cp) {
    using unicode_tables::CaseMapping;
    const CaseMapping* begin = unicode_tables::kLowercaseMappings;
    const CaseMapping* end = begin + unicode_tables::kLowercaseMappingCount;
    const CaseMapping* it =
        std::lower_bound(begin, end, cp, [](const CaseMapping& m, char32_t v) { return m.from < v; });
    return it != end && it->from == cp ? it->to : cp;
}

size_t utf8_sequence_length(uint8_t lead) {
    static constexpr uint8_t kLengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return kLengths[lead >> 4];
}

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> cps;
    cps.reserve(text.size());
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const uint8_t lead = s[i];
        size_t len = 0;
        char32_t cp = 0;
        if (lead < 0x80) {
            len = 1, cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            len = 2, cp = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            len = 3, cp = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            len = 4, cp = lead & 0x07;
        }
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        ok = ok && cp <= kMaxCodepoint;
        if (ok) {
            cps.push_back(cp);
            i += len;
        } else {
            // Same recovery as llama.cpp: the bad byte alone becomes U+FFFD, decoding resumes after it.
            cps.push_back(kReplacementChar);
            i += 1;
        }
    }
    return cps;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp <= kMaxCodepoint) {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        append_utf8(out, kReplacementChar);
    }
}

std::string encode_utf8(std::span<const char32_t> cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t cp : cps) append_utf8(out, cp);
    return out;
}

} // namespace ponder::unicode
