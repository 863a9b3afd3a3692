// Python str methods over UTF-8 text, shared by the str methods templates call and the filters.
// Case mapping covers ASCII only; other characters are left as they are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::jinja {

// str.strip/lstrip/rstrip: `chars` is a set of code points; nullopt strips whitespace.
std::string py_strip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right);
// str.split: no separator splits on runs of whitespace; maxsplit < 0 means no limit.
std::vector<std::string> py_split(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit);
std::vector<std::string> py_rsplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit);
// str.replace: count < 0 replaces every occurrence.
std::string py_replace(std::string_view s, std::string_view old, std::string_view replacement, int64_t count);
std::string py_upper(std::string_view s);
std::string py_lower(std::string_view s);
std::string py_capitalize(std::string_view s);  // first character upper, the rest lower
std::string py_title(std::string_view s);       // str.title(): every run of letters capitalised

} // namespace ponder::jinja
