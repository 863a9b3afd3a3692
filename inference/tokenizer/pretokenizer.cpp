#include "tokenizer/pretokenizer.h"

#include "tokenizer/unicode.h"

#include <array>
#include <span>

namespace ponder {
namespace {

// Pattern texts exactly as llama.cpp (src/llama-vocab.cpp) passes them to its regex splitter.
constexpr std::string_view kGpt2Pattern =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
// Written with \u escapes where Unicode normalisation would silently change the character (U+1F7D, U+212A, ...).
constexpr std::string_view kDeepseekLlmLetters =
    "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\u1F7Dᾀ-ᾴᾶ-ᾼ\u1FBEῂ-ῄῆ-ῌῐ-\u1FD3ῖ-\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\u2126ℨ\u212A-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+";
constexpr std::string_view kDeepseekLlmPunctuation = "\\s?[!-/:-~！-／：-～‘-‟　-。]+";
constexpr std::string_view kCjkRun = "[一-龥ࠀ-一가-퟿]+";

enum class Family { kDefault, kGpt2, kLlama3, kQwen2, kDeepseekLlm, kDeepseekCoder, kDeepseekV3, kStarcoder, kFalcon };

struct NamedFamily {
    std::string_view name;
    Family family;
};

// tokenizer.ggml.pre values Ponder understands, grouped as llama.cpp groups them.
constexpr std::array kFamilies = {
    NamedFamily{"default", Family::kDefault},
    NamedFamily{"llama3", Family::kLlama3}, NamedFamily{"llama-v3", Family::kLlama3},
    NamedFamily{"llama-bpe", Family::kLlama3}, NamedFamily{"falcon3", Family::kLlama3},
    NamedFamily{"pixtral", Family::kLlama3}, NamedFamily{"dbrx", Family::kLlama3},
    NamedFamily{"smaug-bpe", Family::kLlama3},
    NamedFamily{"qwen2", Family::kQwen2}, NamedFamily{"deepseek-r1-qwen", Family::kQwen2},
    NamedFamily{"stablelm2", Family::kQwen2},
    NamedFamily{"deepseek-llm", Family::kDeepseekLlm}, NamedFamily{"deepseek-coder", Family::kDeepseekCoder},
    NamedFamily{"deepseek-v3", Family::kDeepseekV3},
    NamedFamily{"gpt-2", Family::kGpt2}, NamedFamily{"phi-2", Family::kGpt2}, NamedFamily{"mpt", Family::kGpt2},
    NamedFamily{"olmo", Family::kGpt2}, NamedFamily{"jina-es", Family::kGpt2}, NamedFamily{"jina-de", Family::kGpt2},
    NamedFamily{"starcoder", Family::kStarcoder}, NamedFamily{"smollm", Family::kStarcoder},
    NamedFamily{"refact", Family::kStarcoder}, NamedFamily{"command-r", Family::kStarcoder},
    NamedFamily{"falcon", Family::kFalcon},
};

std::vector<std::string_view> patterns_of(Family f) {
    switch (f) {
        case Family::kDefault: return {"[\\p{P}\\$\\+<=>\\^~\\|]+", kGpt2Pattern, "\\p{N}+", "[0-9][0-9][0-9]"};
        case Family::kDeepseekLlm:
            return {"[\r\n]", kDeepseekLlmLetters, kDeepseekLlmPunctuation, "\\s+$", kCjkRun, "\\p{N}+"};
        case Family::kDeepseekCoder: return {"[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", kCjkRun, "\\p{N}"};
        case Family::kDeepseekV3:
            return {"\\p{N}{1,3}", "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+|"
                    " ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"};
        case Family::kStarcoder: return {"\\p{N}", kGpt2Pattern};
        case Family::kFalcon: return {"[\\p{P}\\$\\+<=>\\^~\\|`]+", kGpt2Pattern, "[0-9][0-9][0-9]"};
        default: return {};
    }
}

// Walks one segment of code points; get(pos) is out-of-range-safe like llama.cpp's _get_cpt/_get_flags.
struct Segment {
    std::span<const char32_t> cps;
    size_t begin, end;
    static constexpr char32_t kOutOfRange = 0xFFFFFFFF;
    char32_t cp(size_t pos) const { return pos >= begin && pos < end ? cps[pos] : kOutOfRange; }
    uint16_t flags(size_t pos) const { return pos >= begin && pos < end ? unicode::flags(cps[pos]) : 0; }
};

// Emits word boundaries; lengths of empty words are dropped.
struct Emitter {
    std::vector<size_t>& out;
    size_t prev_end;
    size_t add(size_t end) {
        const size_t len = end - prev_end;
        if (len > 0) out.push_back(len);
        prev_end = end;
        return len;
    }
};

constexpr uint16_t kWordish = unicode::kWhitespace | unicode::kLetter | unicode::kNumber;

// Matches ', then s|t|re|ve|m|ll|d (case-folded when `fold`); returns the length or 0.
size_t contraction_length(const Segment& s, size_t pos, bool fold) {
    if (s.cp(pos) != '\'' || pos + 1 >= s.end) return 0;
    auto at = [&](size_t p) { return fold ? unicode::to_lower(s.cp(p)) : s.cp(p); };
    const char32_t c1 = at(pos + 1);
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (pos + 2 >= s.end) return 0;
    const char32_t c2 = at(pos + 2);
    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
    return 0;
}

// Shared tail of both splitters: \s*[\r\n]+ (only when `newline_runs`), \s+(?!\S), \s+, or one char.
void split_whitespace_or_char(const Segment& s, size_t& pos, Emitter& e, bool newline_runs) {
    size_t n = 0, last_newline_end = 0;
    while (s.flags(pos + n) & unicode::kWhitespace) {
        const char32_t c = s.cp(pos + n);
        if (c == '\r' || c == '\n') last_newline_end = pos + n + 1;
        ++n;
    }
    if (newline_runs && last_newline_end > 0) {
        pos = last_newline_end;
    } else if (n > 1 && s.cp(pos + n) != Segment::kOutOfRange) {
        pos += n - 1;  // leave the last space to prefix the next word
    } else if (n > 0) {
        pos += n;
    } else {
        pos += 1;
    }
    e.add(pos);
}

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
void split_gpt2(const Segment& s, std::vector<size_t>& out) {
    Emitter e{out, s.begin};
    for (size_t pos = s.begin; pos < s.end;) {
        if (const size_t n = contraction_length(s, pos, false)) {
            pos += e.add(pos + n);
            continue;
        }
        const char32_t cp = s.cp(pos);
        uint16_t f = cp == ' ' ? s.flags(pos + 1) : s.flags(pos);
        auto run = [&](auto in_class) {
            pos += (cp == ' ');
            while (in_class(f)) f = s.flags(++pos);
            e.add(pos);
        };
        auto is_letter = [](uint16_t x) { return (x & unicode::kLetter) != 0; };
        auto is_number = [](uint16_t x) { return (x & unicode::kNumber) != 0; };
        auto is_other = [](uint16_t x) { return !(x & kWordish) && x != 0; };
        if (is_letter(f)) run(is_letter);
        else if (is_number(f)) run(is_number);
        else if (is_other(f)) run(is_other);
        else split_whitespace_or_char(s, pos, e, false);
    }
}

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,max}| ?[^\s\p{L}\p{N}]+[\r\n]*|
// \s*[\r\n]+|\s+(?!\S)|\s+
void split_llama3(const Segment& s, size_t max_digits, std::vector<size_t>& out) {
    Emitter e{out, s.begin};
    for (size_t pos = s.begin; pos < s.end;) {
        if (const size_t n = contraction_length(s, pos, true)) {
            pos += e.add(pos + n);
            continue;
        }
        const char32_t cp = s.cp(pos);
        const uint16_t f = s.flags(pos);
        if (!(cp == '\r' || cp == '\n' || (f & unicode::kNumber)) &&
            ((f & unicode::kLetter) || (s.flags(pos + 1) & unicode::kLetter))) {
            ++pos;  // the letter itself, or the one-character prefix before letters
            while (s.flags(pos) & unicode::kLetter) ++pos;
            e.add(pos);
            continue;
        }
        if (f & unicode::kNumber) {
            size_t run_start = pos;
            while (s.flags(pos) & unicode::kNumber) {
                if (++pos - run_start >= max_digits) {
                    e.add(pos);
                    run_start = pos;
                }
            }
            e.add(pos);
            continue;
        }
        uint16_t f2 = cp == ' ' ? s.flags(pos + 1) : f;
        if (!(f2 & kWordish) && f != 0) {
            pos += (cp == ' ');
            while (!(f2 & kWordish) && f2 != 0) f2 = s.flags(++pos);
            while (s.cp(pos) == '\r' || s.cp(pos) == '\n') ++pos;
            e.add(pos);
            continue;
        }
        split_whitespace_or_char(s, pos, e, true);
    }
}

} // namespace

Result<PreTokenizer> PreTokenizer::for_name(std::string_view name) {
    if (name.empty()) name = "default";
    const NamedFamily* found = nullptr;
    for (const auto& nf : kFamilies)
        if (nf.name == name) found = &nf;
    if (!found) {
        std::string known;
        for (const auto& nf : kFamilies) known += (known.empty() ? "" : ", ") + std::string(nf.name);
        return make_error("unknown pre-tokenizer '" + std::string(name) +
                          "' (tokenizer.ggml.pre); Ponder knows: " + known);
    }
    PreTokenizer p;
    switch (found->family) {
        case Family::kGpt2: p.passes_.push_back(Gpt2Splitter{}); break;
        case Family::kLlama3:
            p.passes_.push_back(Llama3Splitter{3});
            p.ignore_merges_ = true;
            break;
        case Family::kQwen2: p.passes_.push_back(Llama3Splitter{1}); break;
        default:
            for (std::string_view pattern : patterns_of(found->family)) {
                if (pattern == kGpt2Pattern) {
                    p.passes_.push_back(Gpt2Splitter{});
                    continue;
                }
                auto compiled = SplitPattern::compile(pattern);
                if (!compiled) return compiled.error();
                p.passes_.push_back(std::move(*compiled));
            }
    }
    return p;
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const {
    const std::vector<char32_t> cps = unicode::decode_utf8(text);
    std::vector<size_t> segments{cps.size()};
    for (const Pass& pass : passes_) {
        std::vector<size_t> next;
        next.reserve(segments.size() * 2);
        if (const auto* pattern = std::get_if<SplitPattern>(&pass)) {
            next = pattern->split(cps, segments);
        } else {
            size_t begin = 0;
            for (size_t length : segments) {
                const Segment s{cps, begin, begin + length};
                if (const auto* l3 = std::get_if<Llama3Splitter>(&pass)) split_llama3(s, l3->max_digits, next);
                else split_gpt2(s, next);
                begin += length;
            }
        }
        segments = std::move(next);
    }
    std::vector<std::string> words;
    words.reserve(segments.size());
    size_t begin = 0;
    for (size_t length : segments) {
        words.push_back(unicode::encode_utf8(std::span(cps).subspan(begin, length)));
        begin += length;
    }
    return words;
}

} // namespace ponder
