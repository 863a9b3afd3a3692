// How long this process has been running, counted from the kernel's record of its start (so
// dynamic linking and static initialisers are included, which a timer started in main() misses).
#pragma once

namespace ponder::app {

// Milliseconds since the process started; negative when /proc cannot be read.
double msSinceProcessStart();

} // namespace ponder::app
