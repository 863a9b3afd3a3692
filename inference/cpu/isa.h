// Which instruction set the CPU backend's kernels use: the best the CPU (and OS) supports, or the
// one PONDER_CPU_ISA names (scalar | avx2 | avx512bw | avx512), so tests and benchmarks can compare paths.
#pragma once

#include "cpu/isa_id.h"
#include "error.h"

#include <string_view>
#include <vector>

namespace ponder::cpu {

const char* isa_name(Isa isa);
Result<Isa> parse_isa(std::string_view name);

// Every path this CPU can run, scalar first.
std::vector<Isa> available_isas();
bool isa_available(Isa isa);

// PONDER_CPU_ISA when set (an error when this CPU cannot run it), otherwise the best available.
Result<Isa> select_isa();

} // namespace ponder::cpu
