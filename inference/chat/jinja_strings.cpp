// Python string semantics on UTF-8: whitespace, splitting and case rules as CPython applies them.
#include "chat/jinja_strings.h"

#include "chat/jinja_value.h"

#include <algorithm>
#include <cctype>

namespace ponder::jinja {
namespace {

// str.isspace() for the ASCII range, which is what Python strips and splits on there.
bool is_py_space(std::string_view cp) {
    if (cp.size() != 1) return cp == "\u00a0" || cp == "\u3000" || cp == "\u2028" || cp == "\u2029" || cp == "\u0085";
    unsigned char c = static_cast<unsigned char>(cp[0]);
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

bool is_ascii_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

} // namespace

std::string py_strip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right) {
    std::vector<std::string> cps = utf8_code_points(s);
    std::vector<std::string> set = chars ? utf8_code_points(*chars) : std::vector<std::string>{};
    auto strip_it = [&](const std::string& cp) {
        return chars ? std::find(set.begin(), set.end(), cp) != set.end() : is_py_space(cp);
    };
    size_t begin = 0, end = cps.size();
    if (left)
        while (begin < end && strip_it(cps[begin])) ++begin;
    if (right)
        while (end > begin && strip_it(cps[end - 1])) --end;
    std::string out;
    for (size_t i = begin; i < end; ++i) out += cps[i];
    return out;
}

std::vector<std::string> py_split(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit) {
    std::vector<std::string> parts;
    if (sep) {
        if (sep->empty()) throw TemplateError("empty separator");
        size_t start = 0;
        while (maxsplit < 0 || static_cast<int64_t>(parts.size()) < maxsplit) {
            size_t hit = s.find(*sep, start);
            if (hit == std::string_view::npos) break;
            parts.emplace_back(s.substr(start, hit - start));
            start = hit + sep->size();
        }
        parts.emplace_back(s.substr(start));
        return parts;
    }
    std::vector<std::string> cps = utf8_code_points(s);
    size_t i = 0;
    while (true) {
        while (i < cps.size() && is_py_space(cps[i])) ++i;
        if (i == cps.size()) break;
        std::string word;
        if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) == maxsplit) {
            size_t end = cps.size();  // the rest, without trailing whitespace
            while (end > i && is_py_space(cps[end - 1])) --end;
            for (; i < end; ++i) word += cps[i];
            parts.push_back(word);
            break;
        }
        while (i < cps.size() && !is_py_space(cps[i])) word += cps[i++];
        parts.push_back(word);
    }
    return parts;
}

std::vector<std::string> py_rsplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit) {
    if (maxsplit < 0 || !sep) return py_split(s, sep, maxsplit);
    if (sep->empty()) throw TemplateError("empty separator");
    std::vector<std::string> parts;
    size_t end = s.size();
    while (static_cast<int64_t>(parts.size()) < maxsplit) {
        if (end < sep->size()) break;
        size_t hit = s.rfind(*sep, end - sep->size());
        if (hit == std::string_view::npos) break;
        parts.emplace_back(s.substr(hit + sep->size(), end - hit - sep->size()));
        end = hit;
    }
    parts.emplace_back(s.substr(0, end));
    std::reverse(parts.begin(), parts.end());
    return parts;
}

std::string py_replace(std::string_view s, std::string_view old, std::string_view replacement, int64_t count) {
    std::string out;
    if (old.empty()) {  // Python inserts the replacement between every code point
        std::vector<std::string> cps = utf8_code_points(s);
        int64_t done = 0;
        for (const std::string& cp : cps) {
            if (count < 0 || done++ < count) out += replacement;
            out += cp;
        }
        if (count < 0 || done < count) out += replacement;
        return out;
    }
    size_t start = 0;
    for (int64_t done = 0; count < 0 || done < count; ++done) {
        size_t hit = s.find(old, start);
        if (hit == std::string_view::npos) break;
        out += s.substr(start, hit - start);
        out += replacement;
        start = hit + old.size();
    }
    out += s.substr(start);
    return out;
}

std::string py_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string py_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string py_capitalize(std::string_view s) {
    std::string out = py_lower(s);
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string py_title(std::string_view s) {
    std::string out(s);
    bool previous_cased = false;
    for (char& c : out) {
        if (is_ascii_alpha(c)) {
            c = static_cast<char>(previous_cased ? std::tolower(static_cast<unsigned char>(c))
                                                 : std::toupper(static_cast<unsigned char>(c)));
            previous_cased = true;
        } else {
            previous_cased = false;
        }
    }
    return out;
}

} // namespace ponder::jinja
