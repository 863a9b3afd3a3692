// physical_core_count on Linux (distinct "physical id" / "core id" pairs of /proc/cpuinfo) and macOS
// (sysctl hw.physicalcpu).
#ifndef _WIN32

#include "platform/cpu_cores.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>

#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif

namespace ponder {

unsigned physical_core_count() {
    const unsigned fallback = std::max(1u, std::thread::hardware_concurrency());
#if defined(__APPLE__)
    int cores = 0;
    size_t size = sizeof(cores);
    if (sysctlbyname("hw.physicalcpu", &cores, &size, nullptr, 0) == 0 && cores > 0) return unsigned(cores);
    return fallback;
#else
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::set<std::pair<int, int>> cores;  // (package, core)
    int package = 0;
    for (std::string line; std::getline(cpuinfo, line);) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        const int value = std::atoi(line.c_str() + colon + 1);
        if (key == "physical id") package = value;
        if (key == "core id") cores.insert({package, value});
    }
    return cores.empty() ? fallback : std::min<unsigned>(unsigned(cores.size()), fallback);
#endif
}

} // namespace ponder

#endif
