// The generator's per-type block quantizers (see quantize.h), shared helpers and ggml block layouts.
#pragma once

#include "reference/dequant.h"

#include <cmath>
#include <cstdint>

namespace ponder::gen::blocks {

inline int nearest(float x) { return int(std::lround(x)); }

// f16 round trip: quantize against the scale the decoder will actually see.
inline float as_f16(float x) { return reference::fp16_to_fp32(reference::fp32_to_fp16(x)); }

// Each encodes one block of the type's block_elems floats at `x` into its ggml block at `out`.
using BlockQuantizer = void (*)(const float* x, uint8_t* out);
// Each turns one block of random bytes into a valid block with values of mean ~0 and standard
// deviation ~sigma by setting only its f16 scales (see set_random_block_scales).
using BlockRandomScales = void (*)(float sigma, uint8_t* block);

// quantize_legacy.cpp
void q8_0(const float* x, uint8_t* out);
void q4_0(const float* x, uint8_t* out);
void q4_1(const float* x, uint8_t* out);
void q5_0(const float* x, uint8_t* out);
void q5_1(const float* x, uint8_t* out);
void q8_0_random_scales(float sigma, uint8_t* block);
void q4_0_random_scales(float sigma, uint8_t* block);

// quantize_kquants.cpp
void q2_k(const float* x, uint8_t* out);
void q3_k(const float* x, uint8_t* out);
void q4_k(const float* x, uint8_t* out);
void q5_k(const float* x, uint8_t* out);
void q6_k(const float* x, uint8_t* out);
void q4_k_random_scales(float sigma, uint8_t* block);
void q5_k_random_scales(float sigma, uint8_t* block);
void q6_k_random_scales(float sigma, uint8_t* block);

// quantize_iquants.cpp
void iq4_nl(const float* x, uint8_t* out);
void iq4_xs(const float* x, uint8_t* out);
void iq3_xxs(const float* x, uint8_t* out);
void iq3_s(const float* x, uint8_t* out);
void iq2_xxs(const float* x, uint8_t* out);
void iq2_xs(const float* x, uint8_t* out);
void iq2_s(const float* x, uint8_t* out);

} // namespace ponder::gen::blocks
