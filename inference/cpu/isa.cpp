#include "cpu/isa.h"

#include <cstdlib>
#include <string>

namespace ponder::cpu {
namespace {
// Every path, worst to best: the best available one is the last available.
constexpr Isa kAllIsas[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512Bw, Isa::Avx512};
} // namespace

const char* isa_name(Isa isa) {
    switch (isa) {
    case Isa::Scalar: return "scalar";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512Bw: return "avx512bw";
    case Isa::Avx512: return "avx512";
    }
    return "?";
}

Result<Isa> parse_isa(std::string_view name) {
    for (Isa isa : kAllIsas)
        if (name == isa_name(isa)) return isa;
    return make_error("unknown CPU instruction set '" + std::string(name) +
                      "' (use scalar, avx2, avx512bw or avx512)");
}

bool isa_available(Isa isa) {
    switch (isa) {
    case Isa::Scalar: return true;
#if defined(PONDER_CPU_X86)
    // libgcc's checks include the OS's support for the wider registers (XCR0).
    case Isa::Avx2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    case Isa::Avx512Bw:
        return isa_available(Isa::Avx2) && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
    case Isa::Avx512:
        return isa_available(Isa::Avx512Bw) && __builtin_cpu_supports("avx512vnni");
#else
    case Isa::Avx2:
    case Isa::Avx512Bw:
    case Isa::Avx512: return false;
#endif
    }
    return false;
}

std::vector<Isa> available_isas() {
    std::vector<Isa> isas;
    for (Isa isa : kAllIsas)
        if (isa_available(isa)) isas.push_back(isa);
    return isas;
}

Result<Isa> select_isa() {
    if (const char* forced = std::getenv("PONDER_CPU_ISA"); forced && *forced) {
        auto isa = parse_isa(forced);
        PONDER_TRY(isa);
        if (!isa_available(*isa))
            return make_error(std::string("PONDER_CPU_ISA=") + forced + ": this CPU cannot run the " + forced +
                              " kernels (it has: " + isa_name(available_isas().back()) + ")");
        return *isa;
    }
    return available_isas().back();
}

} // namespace ponder::cpu
