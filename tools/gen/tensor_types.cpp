#include "gen/tensor_types.h"

#include <array>

namespace ponder::gen {
namespace {

struct SchemeName {
    std::string_view name;
    GgmlType base;
    bool k_mix;
    uint32_t file_type;  // llama.h LLAMA_FTYPE_*
};

constexpr std::array kSchemes = {
    SchemeName{"f32", GgmlType::F32, false, 0},    SchemeName{"f16", GgmlType::F16, false, 1},
    SchemeName{"bf16", GgmlType::BF16, false, 32}, SchemeName{"q8_0", GgmlType::Q8_0, false, 7},
    SchemeName{"q4_0", GgmlType::Q4_0, false, 2},  SchemeName{"q4_1", GgmlType::Q4_1, false, 3},
    SchemeName{"q5_0", GgmlType::Q5_0, false, 8},  SchemeName{"q5_1", GgmlType::Q5_1, false, 9},
    SchemeName{"q2_k", GgmlType::Q2_K, false, 10}, SchemeName{"q3_k", GgmlType::Q3_K, false, 11},
    SchemeName{"q4_k", GgmlType::Q4_K, false, 14}, SchemeName{"iq4_nl", GgmlType::IQ4_NL, false, 25},
    SchemeName{"iq4_xs", GgmlType::IQ4_XS, false, 30},
    SchemeName{"q5_k", GgmlType::Q5_K, false, 16}, SchemeName{"q6_k", GgmlType::Q6_K, false, 18},
    SchemeName{"q4_k_m", GgmlType::Q4_K, true, 15},
};

// llama.cpp's use_more_bits: the first and last eighth of the layers, and every third between.
bool use_more_bits(uint32_t i, uint32_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

uint64_t block_elems(GgmlType type) { return ggml_type_traits(static_cast<uint32_t>(type))->block_elems; }

// Our version of llama.cpp's fallback for rows that do not fill whole blocks.
GgmlType fit_row(GgmlType type, uint64_t row_length) {
    if (row_length % block_elems(type) == 0) return type;
    return row_length % QK8_0 == 0 ? GgmlType::Q8_0 : GgmlType::F16;
}

GgmlType mix_type(const TensorPlace& p) {
    const bool is_output = p.role == TensorRole::Output || (p.role == TensorRole::TokenEmbd && p.tied_output);
    if (is_output) return GgmlType::Q6_K;
    if (p.role == TensorRole::AttnV && use_more_bits(p.layer, p.n_layers)) return GgmlType::Q6_K;
    if (p.role == TensorRole::FfnDown && use_more_bits(p.layer, p.n_layers)) return GgmlType::Q6_K;
    return GgmlType::Q4_K;
}

} // namespace

Result<TypeScheme> parse_type_scheme(std::string_view name) {
    std::string known;
    for (const SchemeName& s : kSchemes) {
        if (s.name == name) return TypeScheme{std::string(name), s.base, s.k_mix, s.file_type};
        known += std::string(known.empty() ? "" : " ") + std::string(s.name);
    }
    return make_error("unknown tensor type '" + std::string(name) + "' (use one of: " + known + ")");
}

GgmlType choose_tensor_type(const TypeScheme& scheme, const TensorPlace& place) {
    return fit_row(scheme.k_mix ? mix_type(place) : scheme.base, place.row_length);
}

} // namespace ponder::gen
