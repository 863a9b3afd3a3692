#include "startup_clock.h"

#include <cstdio>
#include <ctime>
#include <string>
#include <unistd.h>

namespace ponder::app {

double msSinceProcessStart() {
    std::FILE* file = std::fopen("/proc/self/stat", "r");
    if (!file)
        return -1;
    char buffer[1024] = {};
    const size_t read = std::fread(buffer, 1, sizeof buffer - 1, file);
    std::fclose(file);
    // Field 22 (starttime, in clock ticks since boot) counts from the ')' closing the command
    // name, which may itself contain spaces.
    const std::string stat(buffer, read);
    const size_t nameEnd = stat.rfind(')');
    if (nameEnd == std::string::npos)
        return -1;
    unsigned long long startTicks = 0;
    if (std::sscanf(stat.c_str() + nameEnd + 2,
                    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                    &startTicks) != 1)
        return -1;
    timespec now = {};
    clock_gettime(CLOCK_BOOTTIME, &now); // the clock starttime is measured on
    const double nowMs = double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    return nowMs - double(startTicks) * 1e3 / double(sysconf(_SC_CLK_TCK));
}

} // namespace ponder::app
