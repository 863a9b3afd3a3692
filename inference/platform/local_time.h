// The local calendar time of a moment, thread-safely (localtime_r on POSIX, localtime_s on Windows).
#pragma once

#include <ctime>

namespace ponder {

std::tm local_time(std::time_t when);

} // namespace ponder
