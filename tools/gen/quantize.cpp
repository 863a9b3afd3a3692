#include "gen/quantize.h"

#include "gen/quantize_blocks.h"

#include <cassert>
#include <cstring>

namespace ponder::gen {
namespace {

struct Quantizer {
    GgmlType type;
    blocks::BlockQuantizer quantize;
    blocks::BlockRandomScales random_scales = nullptr; // for the fast random fill, where written
};

constexpr Quantizer kQuantizers[] = {
    {GgmlType::Q8_0, blocks::q8_0, blocks::q8_0_random_scales},
    {GgmlType::Q4_0, blocks::q4_0, blocks::q4_0_random_scales},
    {GgmlType::Q4_1, blocks::q4_1},
    {GgmlType::Q5_0, blocks::q5_0},
    {GgmlType::Q5_1, blocks::q5_1},
    {GgmlType::Q2_K, blocks::q2_k},
    {GgmlType::Q3_K, blocks::q3_k},
    {GgmlType::Q4_K, blocks::q4_k, blocks::q4_k_random_scales},
    {GgmlType::Q5_K, blocks::q5_k, blocks::q5_k_random_scales},
    {GgmlType::Q6_K, blocks::q6_k, blocks::q6_k_random_scales},
    {GgmlType::IQ4_NL, blocks::iq4_nl},
    {GgmlType::IQ4_XS, blocks::iq4_xs},
    {GgmlType::IQ3_XXS, blocks::iq3_xxs},
    {GgmlType::IQ3_S, blocks::iq3_s},
    {GgmlType::IQ2_XXS, blocks::iq2_xxs},
    {GgmlType::IQ2_XS, blocks::iq2_xs},
    {GgmlType::IQ2_S, blocks::iq2_s},
};

const Quantizer* find_quantizer(GgmlType type) {
    for (const Quantizer& q : kQuantizers)
        if (q.type == type) return &q;
    return nullptr;
}

} // namespace

bool has_block_scales(GgmlType type) {
    const Quantizer* q = find_quantizer(type);
    return q && q->random_scales;
}

void set_random_block_scales(GgmlType type, float sigma, void* blocks, size_t n) {
    const Quantizer* q = find_quantizer(type);
    assert(q && q->random_scales && "set_random_block_scales: check has_block_scales");
    const auto traits = *ggml_type_traits(static_cast<uint32_t>(type));
    assert(n % traits.block_elems == 0);
    auto* out = static_cast<uint8_t*>(blocks);
    for (size_t i = 0; i < n / traits.block_elems; ++i)
        q->random_scales(sigma, out + i * traits.block_bytes);
}

bool can_quantize(GgmlType type) {
    return type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16 || find_quantizer(type);
}

void quantize_row(GgmlType type, const float* src, void* dst, size_t n) {
    switch (type) {
    case GgmlType::F32: std::memcpy(dst, src, n * sizeof(float)); return;
    case GgmlType::F16:
        for (size_t i = 0; i < n; ++i) static_cast<uint16_t*>(dst)[i] = reference::fp32_to_fp16(src[i]);
        return;
    case GgmlType::BF16:
        for (size_t i = 0; i < n; ++i) static_cast<uint16_t*>(dst)[i] = reference::fp32_to_bf16(src[i]);
        return;
    default: break;
    }
    const Quantizer* q = find_quantizer(type);
    assert(q && "quantize_row: unsupported type (check can_quantize)");
    const auto traits = *ggml_type_traits(static_cast<uint32_t>(type));
    assert(n % traits.block_elems == 0);
    auto* out = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < n / traits.block_elems; ++i)
        q->quantize(src + i * traits.block_elems, out + i * traits.block_bytes);
}

} // namespace ponder::gen
