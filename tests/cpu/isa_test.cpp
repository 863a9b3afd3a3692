#include "cpu/isa.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ponder::cpu {
namespace {

TEST(CpuIsa, ScalarIsAlwaysAvailableAndListedFirst) {
    const auto isas = available_isas();
    ASSERT_FALSE(isas.empty());
    EXPECT_EQ(isas.front(), Isa::Scalar);
}

TEST(CpuIsa, NamesRoundTripAndUnknownNamesAreErrors) {
    for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512Bw, Isa::Avx512}) EXPECT_EQ(*parse_isa(isa_name(isa)), isa);
    auto bad = parse_isa("sse9");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("scalar, avx2, avx512bw or avx512"), std::string::npos);
}

TEST(CpuIsa, EnvironmentForcesAPathTheCpuHas) {
    setenv("PONDER_CPU_ISA", "scalar", 1);
    EXPECT_EQ(*select_isa(), Isa::Scalar);
    unsetenv("PONDER_CPU_ISA");
    EXPECT_EQ(*select_isa(), available_isas().back());
}

} // namespace
} // namespace ponder::cpu
