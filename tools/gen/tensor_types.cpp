#include "gen/tensor_types.h"

#include <array>

namespace ponder::gen {
namespace {

struct SchemeName {
    std::string_view name;
    GgmlType base;
    Mix mix;
    uint32_t file_type;  // llama.h LLAMA_FTYPE_*
};

constexpr std::array kSchemes = {
    SchemeName{"f32", GgmlType::F32, Mix::Pure, 0},      SchemeName{"f16", GgmlType::F16, Mix::Pure, 1},
    SchemeName{"bf16", GgmlType::BF16, Mix::Pure, 32},   SchemeName{"q8_0", GgmlType::Q8_0, Mix::Pure, 7},
    SchemeName{"q4_0", GgmlType::Q4_0, Mix::Pure, 2},    SchemeName{"q4_1", GgmlType::Q4_1, Mix::Pure, 3},
    SchemeName{"q5_0", GgmlType::Q5_0, Mix::Pure, 8},    SchemeName{"q5_1", GgmlType::Q5_1, Mix::Pure, 9},
    SchemeName{"q3_k", GgmlType::Q3_K, Mix::Pure, 11},   SchemeName{"q4_k", GgmlType::Q4_K, Mix::Pure, 14},
    SchemeName{"q5_k", GgmlType::Q5_K, Mix::Pure, 16},   SchemeName{"q6_k", GgmlType::Q6_K, Mix::Pure, 18},
    SchemeName{"iq4_nl", GgmlType::IQ4_NL, Mix::Pure, 25},
    SchemeName{"iq3_s", GgmlType::IQ3_S, Mix::Pure, 26}, SchemeName{"iq3_xxs", GgmlType::IQ3_XXS, Mix::Pure, 23},
    SchemeName{"iq2_s", GgmlType::IQ2_S, Mix::Pure, 28}, SchemeName{"iq2_xs", GgmlType::IQ2_XS, Mix::Pure, 20},
    SchemeName{"iq2_xxs", GgmlType::IQ2_XXS, Mix::Pure, 19},
    // llama.cpp's mixes, as llama-quantize makes them without an importance matrix.
    SchemeName{"q2_k", GgmlType::Q2_K, Mix::Q2_K, 10},   SchemeName{"q3_k_m", GgmlType::Q3_K, Mix::Q3_K_M, 12},
    SchemeName{"q4_k_m", GgmlType::Q4_K, Mix::Q4_K_M, 15}, SchemeName{"iq4_xs", GgmlType::IQ4_XS, Mix::IQ4_XS, 30},
};

// llama.cpp's use_more_bits: the first and last eighth of the layers, and every third between.
bool use_more_bits(uint32_t i, uint32_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

uint64_t block_elems(GgmlType type) { return ggml_type_traits(static_cast<uint32_t>(type))->block_elems; }

// llama.cpp's tensor_type_fallback (llama-quant.cpp) for rows that are not a whole number of blocks:
// each 256-block type has a 32-block stand-in, and F16 takes rows that 32 does not divide either.
GgmlType fit_row(GgmlType type, uint64_t row_length) {
    if (row_length % block_elems(type) == 0) return type;
    GgmlType fallback;
    switch (type) {
    case GgmlType::IQ2_XXS: case GgmlType::IQ2_XS: case GgmlType::IQ2_S: case GgmlType::IQ3_XXS:
    case GgmlType::IQ3_S: case GgmlType::IQ4_XS: fallback = GgmlType::IQ4_NL; break;
    case GgmlType::Q2_K: case GgmlType::Q3_K: fallback = GgmlType::Q4_0; break;
    case GgmlType::Q4_K: fallback = GgmlType::Q5_0; break;
    case GgmlType::Q5_K: fallback = GgmlType::Q5_1; break;
    case GgmlType::Q6_K: fallback = GgmlType::Q8_0; break;
    default: fallback = GgmlType::F16; break;
    }
    return row_length % block_elems(fallback) == 0 ? fallback : GgmlType::F16;
}

// llama.cpp's llama_tensor_get_type_impl for dense (non-MoE, non-Falcon) models, per mix.
GgmlType mix_type(const TypeScheme& s, const TensorPlace& p) {
    const bool is_output = p.role == TensorRole::Output || (p.role == TensorRole::TokenEmbd && p.tied_output);
    if (is_output) {
        // The output matrix (or the tied embedding) gets Q6_K; Q8_0 when its rows do not fill the blocks.
        if (p.row_length % block_elems(s.base) != 0) return GgmlType::Q8_0;
        return s.base == GgmlType::Q8_0 ? s.base : GgmlType::Q6_K;
    }
    const bool more_bits = use_more_bits(p.layer, p.n_layers);
    switch (s.mix) {
    case Mix::Pure: return s.base;
    case Mix::Q4_K_M:
        if ((p.role == TensorRole::AttnV || p.role == TensorRole::FfnDown) && more_bits) return GgmlType::Q6_K;
        return s.base;
    case Mix::Q3_K_M:
        if (p.role == TensorRole::AttnV) return p.layer < 2 ? GgmlType::Q5_K : GgmlType::Q4_K;
        if (p.role == TensorRole::FfnDown) return p.layer < p.n_layers / 16 ? GgmlType::Q5_K : GgmlType::Q4_K;
        if (p.role == TensorRole::AttnOutput) return GgmlType::Q4_K;
        return s.base;
    case Mix::Q2_K:
        if (p.role == TensorRole::AttnV) return p.gqa >= 4 ? GgmlType::Q4_K : GgmlType::Q3_K;
        if (p.role == TensorRole::FfnDown || p.role == TensorRole::AttnOutput) return GgmlType::Q3_K;
        return s.base;
    case Mix::IQ4_XS:
        if (p.role == TensorRole::AttnV && p.gqa >= 4) return GgmlType::Q5_K;
        if (p.role == TensorRole::FfnDown && p.layer < p.n_layers / 8) return GgmlType::Q5_K;
        return s.base;
    }
    return s.base;
}

} // namespace

Result<TypeScheme> parse_type_scheme(std::string_view name) {
    std::string known;
    for (const SchemeName& s : kSchemes) {
        if (s.name == name) return TypeScheme{std::string(name), s.base, s.mix, s.file_type};
        known += std::string(known.empty() ? "" : " ") + std::string(s.name);
    }
    return make_error("unknown tensor type '" + std::string(name) + "' (use one of: " + known + ")");
}

GgmlType choose_tensor_type(const TypeScheme& scheme, const TensorPlace& place) {
    if (scheme.mix == Mix::Pure) return fit_row(scheme.base, place.row_length);
    return fit_row(mix_type(scheme, place), place.row_length);
}

} // namespace ponder::gen
