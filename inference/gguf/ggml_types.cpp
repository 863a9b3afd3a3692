#include "gguf/ggml_types.h"

#include <array>

namespace ponder {
namespace {

struct TypeRow {
    GgmlType id;
    GgmlTypeTraits traits;
};

// Block sizes from ggml's type_traits table; bytes are sizeof(block_*) in ggml-common.h.
constexpr std::array kTypes = {
    TypeRow{GgmlType::F32, {"F32", 1, 4, true}},
    TypeRow{GgmlType::F16, {"F16", 1, 2, true}},
    TypeRow{GgmlType::Q4_0, {"Q4_0", 32, 18, true}},     // f16 d + 16 bytes of nibbles
    TypeRow{GgmlType::Q4_1, {"Q4_1", 32, 20, true}},     // f16 d, f16 m + 16 bytes of nibbles
    TypeRow{GgmlType::Q5_0, {"Q5_0", 32, 22, true}},     // f16 d, 32 fifth bits, 16 bytes of nibbles
    TypeRow{GgmlType::Q5_1, {"Q5_1", 32, 24, true}},     // as Q5_0 plus an f16 minimum
    TypeRow{GgmlType::Q8_0, {"Q8_0", 32, 34, true}},     // f16 d + 32 int8
    TypeRow{GgmlType::Q8_1, {"Q8_1", 32, 36, false}},
    TypeRow{GgmlType::Q2_K, {"Q2_K", 256, 84, true}},    // 16 scale/min nibble pairs, 2-bit quants, d, dmin
    TypeRow{GgmlType::Q3_K, {"Q3_K", 256, 110, true}},   // high-bit mask, 2-bit quants, 6-bit scales, d
    TypeRow{GgmlType::Q4_K, {"Q4_K", 256, 144, true}},   // d, dmin, 12 scale bytes, 128 nibble bytes
    TypeRow{GgmlType::Q5_K, {"Q5_K", 256, 176, true}},   // as Q4_K plus 32 bytes of high bits
    TypeRow{GgmlType::Q6_K, {"Q6_K", 256, 210, true}},   // 128 ql, 64 qh, 16 int8 scales, f16 d
    TypeRow{GgmlType::Q8_K, {"Q8_K", 256, 292, false}},
    TypeRow{GgmlType::IQ2_XXS, {"IQ2_XXS", 256, 66, true}},
    TypeRow{GgmlType::IQ2_XS, {"IQ2_XS", 256, 74, true}},
    TypeRow{GgmlType::IQ3_XXS, {"IQ3_XXS", 256, 98, true}},
    TypeRow{GgmlType::IQ1_S, {"IQ1_S", 256, 50, false}},
    TypeRow{GgmlType::IQ4_NL, {"IQ4_NL", 32, 18, true}},  // f16 d + 16 bytes of non-linear level indices
    TypeRow{GgmlType::IQ3_S, {"IQ3_S", 256, 110, true}},
    TypeRow{GgmlType::IQ2_S, {"IQ2_S", 256, 82, true}},
    TypeRow{GgmlType::IQ4_XS, {"IQ4_XS", 256, 136, true}},  // d, 6-bit scales per 32, IQ4_NL levels
    TypeRow{GgmlType::I8, {"I8", 1, 1, false}},
    TypeRow{GgmlType::I16, {"I16", 1, 2, false}},
    TypeRow{GgmlType::I32, {"I32", 1, 4, false}},
    TypeRow{GgmlType::I64, {"I64", 1, 8, false}},
    TypeRow{GgmlType::F64, {"F64", 1, 8, false}},
    TypeRow{GgmlType::IQ1_M, {"IQ1_M", 256, 56, false}},
    TypeRow{GgmlType::BF16, {"BF16", 1, 2, true}},
    TypeRow{GgmlType::TQ1_0, {"TQ1_0", 256, 54, false}},
    TypeRow{GgmlType::TQ2_0, {"TQ2_0", 256, 66, false}},
};

} // namespace

std::optional<GgmlTypeTraits> ggml_type_traits(uint32_t type_id) {
    for (const TypeRow& row : kTypes)
        if (static_cast<uint32_t>(row.id) == type_id) return row.traits;
    return std::nullopt;
}

} // namespace ponder
