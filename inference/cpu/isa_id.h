// The CPU backend's instruction-set paths, alone in a header that pulls in nothing else: the
// per-instruction-set kernel files include it (see kernels.h for why they must stay lean).
#pragma once

namespace ponder::cpu {

enum class Isa {
    Scalar, // portable C++, any CPU
    Avx2,     // x86-64 AVX2 + FMA + F16C (Haswell, Zen 1 and later)
    Avx512Bw, // x86-64 AVX-512 F/BW/VL without VNNI (Skylake-SP/X): multiply-add in two instructions
    Avx512,   // x86-64 AVX-512 F/BW/VL + VNNI (Cascade Lake, Ice Lake, Zen 4 and later)
};

} // namespace ponder::cpu
