// Block decoders behind reference::dequantize_row, one per ggml type, each a plain port of ggml's
// dequantize_row_* (ggml-quants.c): same loops, same float operations in the same order, so that the
// output is bit-identical. Internal to the reference module.
#pragma once

#include "reference/dequant.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ponder::reference::blocks {

inline uint16_t load_u16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

inline uint32_t load_u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

inline float load_fp16(const uint8_t* p) { return fp16_to_fp32(load_u16(p)); }

// Each decodes `n_blocks` consecutive blocks at `x` into n_blocks * block_elems floats at `y`.
using BlockDecoder = void (*)(const uint8_t* x, float* y, size_t n_blocks);

// 32-element blocks (dequant_legacy.cpp).
void q4_0(const uint8_t* x, float* y, size_t n_blocks);
void q4_1(const uint8_t* x, float* y, size_t n_blocks);
void q5_0(const uint8_t* x, float* y, size_t n_blocks);
void q5_1(const uint8_t* x, float* y, size_t n_blocks);
void q8_0(const uint8_t* x, float* y, size_t n_blocks);

// 256-element k-quant super-blocks (dequant_kquants.cpp).
void q2_k(const uint8_t* x, float* y, size_t n_blocks);
void q3_k(const uint8_t* x, float* y, size_t n_blocks);
void q4_k(const uint8_t* x, float* y, size_t n_blocks);
void q5_k(const uint8_t* x, float* y, size_t n_blocks);
void q6_k(const uint8_t* x, float* y, size_t n_blocks);

// i-quants (dequant_iquants.cpp).
void iq4_nl(const uint8_t* x, float* y, size_t n_blocks);
void iq4_xs(const uint8_t* x, float* y, size_t n_blocks);
void iq3_xxs(const uint8_t* x, float* y, size_t n_blocks);
void iq3_s(const uint8_t* x, float* y, size_t n_blocks);
void iq2_xxs(const uint8_t* x, float* y, size_t n_blocks);
void iq2_xs(const uint8_t* x, float* y, size_t n_blocks);
void iq2_s(const uint8_t* x, float* y, size_t n_blocks);

} // namespace ponder::reference::blocks
