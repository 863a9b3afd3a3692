#include "platform/local_time.h"

namespace ponder {

std::tm local_time(std::time_t when) {
    std::tm tm{};
#ifdef _WIN32
    localtime_s(&tm, &when);
#else
    localtime_r(&when, &tm);
#endif
    return tm;
}

} // namespace ponder
