#include "gen/quantize.h"

#include "gen/quantize_blocks.h"

#include <cassert>
#include <cstring>

namespace ponder::gen {
namespace {

struct Quantizer {
    GgmlType type;
    blocks::BlockQuantizer quantize;
};

constexpr Quantizer kQuantizers[] = {
    {GgmlType::Q8_0, blocks::q8_0}, {GgmlType::Q4_0, blocks::q4_0}, {GgmlType::Q4_1, blocks::q4_1},
    {GgmlType::Q5_0, blocks::q5_0}, {GgmlType::Q5_1, blocks::q5_1}, {GgmlType::Q2_K, blocks::q2_k},
    {GgmlType::Q3_K, blocks::q3_k}, {GgmlType::Q4_K, blocks::q4_k}, {GgmlType::Q5_K, blocks::q5_k},
    {GgmlType::Q6_K, blocks::q6_k}, {GgmlType::IQ4_NL, blocks::iq4_nl}, {GgmlType::IQ4_XS, blocks::iq4_xs},
    {GgmlType::IQ3_XXS, blocks::iq3_xxs}, {GgmlType::IQ3_S, blocks::iq3_s},
};

const Quantizer* find_quantizer(GgmlType type) {
    for (const Quantizer& q : kQuantizers)
        if (q.type == type) return &q;
    return nullptr;
}

template <class Block, class SetScales>
void set_scales(void* blocks, size_t n_blocks, SetScales set) {
    auto* b = static_cast<Block*>(blocks);
    for (size_t i = 0; i < n_blocks; ++i) set(b[i]);
}

} // namespace

bool has_block_scales(GgmlType type) {
    return type == GgmlType::Q8_0 || type == GgmlType::Q4_0 || type == GgmlType::Q4_K || type == GgmlType::Q5_K ||
           type == GgmlType::Q6_K;
}

// The spreads below are the standard deviations of a block's values over uniformly random quants and
// sub-block scales, per unit of d; K-quants' dmin is d times the mean quant, which centres them.
void set_random_block_scales(GgmlType type, float sigma, void* blocks, size_t n) {
    switch (type) {
    case GgmlType::Q8_0: // x = d q, q int8: sd 73.9 d
        return set_scales<BlockQ8_0>(blocks, n / QK8_0, [d = fp32_to_fp16(sigma / 73.9f)](BlockQ8_0& b) { b.d = d; });
    case GgmlType::Q4_0: // x = d (q - 8), q in 0..15: sd 4.61 d
        return set_scales<BlockQ4_0>(blocks, n / QK4_0, [d = fp32_to_fp16(sigma / 4.61f)](BlockQ4_0& b) { b.d = d; });
    case GgmlType::Q4_K: { // x = d sc q - dmin m, 6-bit sc and m, q in 0..15, dmin = 7.5 d: sd 258 d
        const float d = sigma / 258.3f;
        return set_scales<BlockQ4_K>(blocks, n / QK_K, [d = fp32_to_fp16(d), dmin = fp32_to_fp16(7.5f * d)](BlockQ4_K& b) {
            b.d = d;
            b.dmin = dmin;
        });
    }
    case GgmlType::Q5_K: { // as Q4_K with q in 0..31, dmin = 15.5 d: sd 527 d
        const float d = sigma / 526.9f;
        return set_scales<BlockQ5_K>(blocks, n / QK_K, [d = fp32_to_fp16(d), dmin = fp32_to_fp16(15.5f * d)](BlockQ5_K& b) {
            b.d = d;
            b.dmin = dmin;
        });
    }
    case GgmlType::Q6_K: // x = d sc (q - 32), sc int8, q in 0..63: sd 1366 d
        return set_scales<BlockQ6_K>(blocks, n / QK_K, [d = fp32_to_fp16(sigma / 1365.7f)](BlockQ6_K& b) { b.d = d; });
    default:
        assert(false && "set_random_block_scales: not a block type (check has_block_scales)");
    }
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
