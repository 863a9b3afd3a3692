// AVX-512 kernels for CPUs without VNNI (Skylake-SP/X): kernels_avx512.cpp compiled again with
// vpmaddwd in place of vpdpwssd (the multiply-add of int16 pairs then takes two instructions, not one).
// Compiled with F/BW/VL but not VNNI (CMakeLists.txt); isa.h calls it only on such CPUs.
#define PONDER_AVX512_VNNI 0
#include "kernels_avx512.cpp"
