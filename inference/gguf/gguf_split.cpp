#include "gguf/gguf_split.h"

#include <cstdio>

namespace ponder {
namespace {

constexpr std::string_view kSuffix = ".gguf";
constexpr size_t kDigits = 5;

std::optional<uint32_t> parse_digits(std::string_view text) {
    if (text.size() != kDigits) return std::nullopt;
    uint32_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + uint32_t(c - '0');
    }
    return n;
}

} // namespace

std::optional<SplitName> parse_split_name(std::string_view path) {
    // "-NNNNN-of-MMMMM.gguf" is 20 characters.
    constexpr size_t kTail = 1 + kDigits + 4 + kDigits + kSuffix.size();
    if (path.size() <= kTail || !path.ends_with(kSuffix)) return std::nullopt;
    std::string_view tail = path.substr(path.size() - kTail);
    if (tail[0] != '-' || tail.substr(1 + kDigits, 4) != "-of-") return std::nullopt;
    auto number = parse_digits(tail.substr(1, kDigits));
    auto count = parse_digits(tail.substr(1 + kDigits + 4, kDigits));
    if (!number || !count || *number < 1 || *number > *count) return std::nullopt;
    return SplitName{std::string(path.substr(0, path.size() - kTail)), *number, *count};
}

std::string split_path(std::string_view prefix, uint32_t number, uint32_t count) {
    char tail[32];
    std::snprintf(tail, sizeof tail, "-%05u-of-%05u.gguf", number, count);
    return std::string(prefix) + tail;
}

} // namespace ponder
