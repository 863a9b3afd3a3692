// Byte counts for people: "512 B", "18.0 MiB", "19.8 GiB" (binary units, one decimal). Header-only,
// so that the load planner's library and the Vulkan runtime share it without linking each other.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace ponder {

inline std::string format_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

} // namespace ponder
