// The ggml type table: block geometry exactly as ggml-common.h defines it, and which types Ponder runs.
#include "gguf/ggml_types.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace ponder;

namespace {

GgmlTypeTraits traits(GgmlType type) {
    auto t = ggml_type_traits(static_cast<uint32_t>(type));
    EXPECT_TRUE(t.has_value()) << static_cast<uint32_t>(type);
    return t.value_or(GgmlTypeTraits{});
}

void expect_block(GgmlType type, std::string_view name, uint32_t elems, uint32_t bytes) {
    GgmlTypeTraits t = traits(type);
    EXPECT_EQ(t.name, name);
    EXPECT_EQ(t.block_elems, elems) << name;
    EXPECT_EQ(t.block_bytes, bytes) << name;
}

} // namespace

TEST(GgmlTypes, SupportedTypesHaveGgmlBlockGeometry) {
    expect_block(GgmlType::F32, "F32", 1, 4);
    expect_block(GgmlType::F16, "F16", 1, 2);
    expect_block(GgmlType::BF16, "BF16", 1, 2);
    expect_block(GgmlType::Q8_0, "Q8_0", 32, 2 + 32);          // f16 d + 32 int8
    expect_block(GgmlType::Q4_0, "Q4_0", 32, 2 + 16);          // f16 d + 32 nibbles
    expect_block(GgmlType::Q4_K, "Q4_K", 256, 4 + 12 + 128);   // d, dmin, scales, nibbles
    expect_block(GgmlType::Q5_K, "Q5_K", 256, 4 + 12 + 32 + 128);
    expect_block(GgmlType::Q6_K, "Q6_K", 256, 128 + 64 + 16 + 2);
}

TEST(GgmlTypes, OtherTypesHaveGgmlBlockGeometry) {
    expect_block(GgmlType::Q4_1, "Q4_1", 32, 20);
    expect_block(GgmlType::Q5_0, "Q5_0", 32, 22);
    expect_block(GgmlType::Q5_1, "Q5_1", 32, 24);
    expect_block(GgmlType::Q8_1, "Q8_1", 32, 36);
    expect_block(GgmlType::Q2_K, "Q2_K", 256, 16 + 64 + 4);
    expect_block(GgmlType::Q3_K, "Q3_K", 256, 32 + 64 + 12 + 2);
    expect_block(GgmlType::Q8_K, "Q8_K", 256, 4 + 256 + 32);
    expect_block(GgmlType::IQ2_XXS, "IQ2_XXS", 256, 2 + 64);
    expect_block(GgmlType::IQ2_XS, "IQ2_XS", 256, 2 + 64 + 8);
    expect_block(GgmlType::IQ3_XXS, "IQ3_XXS", 256, 2 + 96);
    expect_block(GgmlType::IQ1_S, "IQ1_S", 256, 2 + 32 + 16);
    expect_block(GgmlType::IQ4_NL, "IQ4_NL", 32, 2 + 16);
    expect_block(GgmlType::IQ3_S, "IQ3_S", 256, 2 + 64 + 8 + 32 + 4);
    expect_block(GgmlType::IQ2_S, "IQ2_S", 256, 2 + 64 + 8 + 8);
    expect_block(GgmlType::IQ4_XS, "IQ4_XS", 256, 2 + 2 + 4 + 128);
    expect_block(GgmlType::IQ1_M, "IQ1_M", 256, 32 + 16 + 8);
    expect_block(GgmlType::TQ1_0, "TQ1_0", 256, 48 + 4 + 2);
    expect_block(GgmlType::TQ2_0, "TQ2_0", 256, 64 + 2);
    expect_block(GgmlType::I8, "I8", 1, 1);
    expect_block(GgmlType::I16, "I16", 1, 2);
    expect_block(GgmlType::I32, "I32", 1, 4);
    expect_block(GgmlType::I64, "I64", 1, 8);
    expect_block(GgmlType::F64, "F64", 1, 8);
}

TEST(GgmlTypes, PonderSupportsExactlyTheTypesItHasKernelsFor) {
    std::set<std::string> supported;
    for (uint32_t id = 0; id < 64; ++id) {
        auto t = ggml_type_traits(id);
        if (t && t->supported) supported.insert(std::string(t->name));
    }
    EXPECT_EQ(supported, (std::set<std::string>{"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "IQ4_NL", "IQ4_XS",
                                                "IQ3_XXS", "IQ3_S", "IQ2_XXS", "IQ2_XS", "IQ2_S",
                                                "Q5_K", "Q6_K"}));
}

TEST(GgmlTypes, IdsGgmlRetiredOrNeverDefinedAreUnknown) {
    for (uint32_t id : {4u, 5u, 31u, 32u, 33u, 36u, 1000u, 0xffffffffu})
        EXPECT_FALSE(ggml_type_traits(id).has_value()) << id;
}
