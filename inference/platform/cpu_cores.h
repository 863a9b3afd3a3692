// How many physical cores the machine has (not hardware threads: two threads of one core share its
// SIMD units, so compute-bound kernels gain nothing from the second). Falls back to the number of
// hardware threads where the OS does not say.
#pragma once

namespace ponder {

unsigned physical_core_count();

} // namespace ponder
