#include "platform/host_memory.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace ponder {

uint64_t os_available_host_memory(); // host_memory_posix.cpp, host_memory_win32.cpp

uint64_t available_host_memory() {
    // A malformed PONDER_RAM_BUDGET is reported where it is parsed for the plan; here it is ignored.
    if (auto budget = byte_size_from_environment("PONDER_RAM_BUDGET"); budget && *budget)
        return **budget;
    return os_available_host_memory();
}

Result<uint64_t> parse_byte_size(std::string_view text, std::string_view what) {
    auto bad = [&] {
        return make_error(std::string(what) + ": '" + std::string(text) +
                          "' is not a size (use bytes or a number with k, M, G or T, e.g. 6G)");
    };
    const std::string s(text);
    char* end = nullptr;
    const double number = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(number) || number < 0)
        return bad();
    std::string unit(end);
    if (unit.size() >= 2 && unit.substr(unit.size() - 2) == "iB")
        unit.resize(unit.size() - 2);
    else if (!unit.empty() && unit.back() == 'B')
        unit.pop_back();
    double scale = 1;
    if (unit.size() > 1)
        return bad();
    if (unit.size() == 1) {
        switch (std::toupper(static_cast<unsigned char>(unit[0]))) {
        case 'K': scale = 1024.0; break;
        case 'M': scale = 1024.0 * 1024; break;
        case 'G': scale = 1024.0 * 1024 * 1024; break;
        case 'T': scale = 1024.0 * 1024 * 1024 * 1024; break;
        default: return bad();
        }
    }
    const double bytes = number * scale;
    if (bytes >= 1.8e19)
        return bad();
    return static_cast<uint64_t>(bytes);
}

Result<std::optional<uint64_t>> byte_size_from_environment(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::optional<uint64_t>{};
    auto bytes = parse_byte_size(value, name);
    PONDER_TRY(bytes);
    return std::optional<uint64_t>{*bytes};
}

} // namespace ponder
