// AVX-512 kernels (F, BW, VL and VNNI: vpdpwssd multiplies the int16 pairs and accumulates in one
// instruction). Compiled with those flags (CMakeLists.txt) and only called when the CPU has them
// (isa.h). As in kernels_avx2.cpp: nothing with external inline linkage may be included here.
// kernels_avx512bw.cpp compiles this file again with PONDER_AVX512_VNNI 0 for CPUs without VNNI.
#include "cpu/kernels.h"

#if !defined(PONDER_AVX512_VNNI)
#define PONDER_AVX512_VNNI 1
#endif

#if defined(PONDER_CPU_X86)

#include "gguf/ggml_iq_tables.h"

#include <cstring>
#include <immintrin.h>

#if PONDER_AVX512_VNNI
namespace ponder::cpu::avx512_isa {
#else
namespace ponder::cpu::avx512bw_isa {
#endif
namespace {

#include "cpu/decode_blocks_avx2.inl"
#include "cpu/decode_blocks.inl"

// The int32 lanes of one 32-value block's products (each lane sums two of them).
__m512i block_products(__m512i w, const int16_t* a) {
#if PONDER_AVX512_VNNI
    return _mm512_dpwssd_epi32(_mm512_setzero_si512(), w, _mm512_loadu_si512(a));
#else
    return _mm512_madd_epi16(w, _mm512_loadu_si512(a));
#endif
}

// Four tokens at a time share each weight block's load.
void dot_quantized(const int16_t* wq, const float* wd, size_t n_blocks, const int16_t* a_q, const float* a_d,
                   size_t q_stride, size_t d_stride, size_t n_tokens, float* out) {
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        const int16_t* aq[4] = {a_q + t * q_stride, a_q + (t + 1) * q_stride, a_q + (t + 2) * q_stride,
                                a_q + (t + 3) * q_stride};
        const float* ad[4] = {a_d + t * d_stride, a_d + (t + 1) * d_stride, a_d + (t + 2) * d_stride,
                              a_d + (t + 3) * d_stride};
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (size_t b = 0; b < n_blocks; ++b) {
            const __m512i w = _mm512_loadu_si512(wq + 32 * b);
            for (int k = 0; k < 4; ++k) {
                const __m512i p = block_products(w, aq[k] + 32 * b);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_set1_ps(wd[b] * ad[k][b]), acc[k]);
            }
        }
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq = a_q + t * q_stride;
        const float* ad = a_d + t * d_stride;
        __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
        size_t b = 0;
        for (; b + 2 <= n_blocks; b += 2) {
            const __m512i p0 = block_products(_mm512_loadu_si512(wq + 32 * b), aq + 32 * b);
            const __m512i p1 = block_products(_mm512_loadu_si512(wq + 32 * b + 32), aq + 32 * b + 32);
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p0), _mm512_set1_ps(wd[b] * ad[b]), acc0);
            acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p1), _mm512_set1_ps(wd[b + 1] * ad[b + 1]), acc1);
        }
        for (; b < n_blocks; ++b) {
            const __m512i p = block_products(_mm512_loadu_si512(wq + 32 * b), aq + 32 * b);
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_set1_ps(wd[b] * ad[b]), acc0);
        }
        out[t] = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    }
}

// One block's 32 values widened to int16 in one register.
template <class Blocks>
__m512i wide_block(const uint8_t* block) {
    return _mm512_cvtepi8_epi16(Blocks::values(block));
}

// dot_quantized over blocks read in place; four tokens at a time share each block's widening.
template <class Blocks>
void dot_in_place(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d, size_t q_stride,
                  size_t d_stride, size_t n_tokens, float* out, float*) {
    constexpr size_t kBytes = Blocks::bytes;
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (size_t b = 0; b < n_blocks; ++b) {
            const uint8_t* x = blocks + kBytes * b;
            const __m512i w = wide_block<Blocks>(x);
            const float wd = load_half_simd(x);
            for (int k = 0; k < 4; ++k) {
                const size_t tk = t + size_t(k);
                const __m512i p = block_products(w, a_q + tk * q_stride + 32 * b);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_set1_ps(wd * a_d[tk * d_stride + b]), acc[k]);
            }
        }
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq = a_q + t * q_stride;
        const float* ad = a_d + t * d_stride;
        __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
        size_t b = 0;
        for (; b + 2 <= n_blocks; b += 2) {
            const uint8_t* x = blocks + kBytes * b;
            const __m512i p0 = block_products(wide_block<Blocks>(x), aq + 32 * b);
            const __m512i p1 = block_products(wide_block<Blocks>(x + kBytes), aq + 32 * b + 32);
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p0), _mm512_set1_ps(load_half_simd(x) * ad[b]), acc0);
            acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p1), _mm512_set1_ps(load_half_simd(x + kBytes) * ad[b + 1]), acc1);
        }
        for (; b < n_blocks; ++b) {
            const uint8_t* x = blocks + kBytes * b;
            const __m512i p = block_products(wide_block<Blocks>(x), aq + 32 * b);
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_set1_ps(load_half_simd(x) * ad[b]), acc0);
        }
        out[t] = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    }
}

// Q6_K read in place: per 128 values, four 32-value planes assembled as decode_q6_k_simd assembles them
// (6-bit values stored + 32), each widened to int16 and multiplied by its two 16-value scales in
// registers. tile tokens (1 or 4) share each plane; ad / aq index 32-value activation blocks.
template <int kTile>
void q6_k_super_block(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m512* acc) {
    const __m256i nibble = _mm256_set1_epi8(0x0f), two_bits = _mm256_set1_epi8(0x03), bias = _mm256_set1_epi8(32);
    const float dd = load_half_simd(x + 208);
    for (int half = 0; half < 2; ++half) {
        const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 64 * half));
        const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 64 * half + 32));
        const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 128 + 32 * half));
        const int8_t* sc = reinterpret_cast<const int8_t*>(x + 192) + 8 * half;
        auto high = [&](int shift) {  // bits shift, shift+1 of each qh byte, moved to bits 4-5
            return _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, shift), two_bits), 4);
        };
        const __m256i planes[4] = {
            _mm256_or_si256(_mm256_and_si256(ql0, nibble), high(0)),
            _mm256_or_si256(_mm256_and_si256(ql1, nibble), high(2)),
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), nibble), high(4)),
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), nibble), high(6)),
        };
        for (int p = 0; p < 4; ++p) {
            const size_t b = sb * 8 + size_t(half) * 4 + size_t(p);  // the 32-value block
            const __m512i scales = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi16(sc[2 * p])),
                                                      _mm256_set1_epi16(sc[2 * p + 1]), 1);
            const __m512i w = _mm512_mullo_epi16(_mm512_cvtepi8_epi16(_mm256_sub_epi8(planes[p], bias)), scales);
            for (int k = 0; k < kTile; ++k) {
                const __m512i prod = block_products(w, aq[k] + 32 * b);
                acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(prod), _mm512_set1_ps(dd * ad[k][b]), acc[k]);
            }
        }
    }
}

void dot_q6_k(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d, size_t q_stride,
              size_t d_stride, size_t n_tokens, float* out, float*) {
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        const int16_t* aq[4] = {a_q + t * q_stride, a_q + (t + 1) * q_stride, a_q + (t + 2) * q_stride,
                                a_q + (t + 3) * q_stride};
        const float* ad[4] = {a_d + t * d_stride, a_d + (t + 1) * d_stride, a_d + (t + 2) * d_stride,
                              a_d + (t + 3) * d_stride};
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) q6_k_super_block<4>(blocks + 210 * sb, sb, aq, ad, acc);
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq[1] = {a_q + t * q_stride};
        const float* ad[1] = {a_d + t * d_stride};
        __m512 acc[1] = {_mm512_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) q6_k_super_block<1>(blocks + 210 * sb, sb, aq, ad, acc);
        out[t] = _mm512_reduce_add_ps(acc[0]);
    }
}

// Q4_K read in place: each 32-value sub-block's nibbles (low for even sub-blocks, high for odd) widened
// to int16 and multiplied by its 6-bit scale in registers, as decode_q4_k folds them; the minimums go to
// `offset` (per 16 values, -dmin * min) for the caller's term.
template <int kTile>
void q4_k_super_block(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m512* acc,
                      float* offset) {
    const float dd = load_half_simd(x), dmin = load_half_simd(x + 2);
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    for (int j = 0; j < 8; ++j) {
        int sc, m;
        scale_min_k4(j, x + 4, &sc, &m);
        const size_t b = sb * 8 + size_t(j);  // the 32-value block
        offset[2 * b] = offset[2 * b + 1] = -dmin * float(m);
        const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 16 + 32 * (j / 2)));
        const __m256i values = _mm256_and_si256(j & 1 ? _mm256_srli_epi16(bytes, 4) : bytes, nibble);
        const __m512i w = _mm512_mullo_epi16(_mm512_cvtepu8_epi16(values), _mm512_set1_epi16(int16_t(sc)));
        for (int k = 0; k < kTile; ++k) {
            const __m512i prod = block_products(w, aq[k] + 32 * b);
            acc[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(prod), _mm512_set1_ps(dd * ad[k][b]), acc[k]);
        }
    }
}

void dot_q4_k(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d, size_t q_stride,
              size_t d_stride, size_t n_tokens, float* out, float* offset) {
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        const int16_t* aq[4] = {a_q + t * q_stride, a_q + (t + 1) * q_stride, a_q + (t + 2) * q_stride,
                                a_q + (t + 3) * q_stride};
        const float* ad[4] = {a_d + t * d_stride, a_d + (t + 1) * d_stride, a_d + (t + 2) * d_stride,
                              a_d + (t + 3) * d_stride};
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) q4_k_super_block<4>(blocks + 144 * sb, sb, aq, ad, acc, offset);
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = _mm512_reduce_add_ps(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq[1] = {a_q + t * q_stride};
        const float* ad[1] = {a_d + t * d_stride};
        __m512 acc[1] = {_mm512_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) q4_k_super_block<1>(blocks + 144 * sb, sb, aq, ad, acc, offset);
        out[t] = _mm512_reduce_add_ps(acc[0]);
    }
}

constexpr InPlaceDot kInPlace[] = {{GgmlType::Q8_0, dot_in_place<Q8_0Blocks>},
                                   {GgmlType::Q5_0, dot_in_place<Q5_0Blocks>},
                                   {GgmlType::Q4_0, dot_in_place<Q4_0Blocks>},
                                   {GgmlType::Q6_K, dot_q6_k},
                                   {GgmlType::Q4_K, dot_q4_k}};

// The remaining n < 16 elements as a masked load (zeros beyond n).
__mmask16 tail_mask(size_t n) { return __mmask16((1u << n) - 1); }

float dot_f32(const float* w, const float* x, size_t n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(x + i), acc0);
        acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 16), _mm512_loadu_ps(x + i + 16), acc1);
    }
    for (; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : tail_mask(n - i);
        acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, w + i), _mm512_maskz_loadu_ps(m, x + i), acc0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

float dot_f16(const uint16_t* w, const float* x, size_t n) {
    __m512 acc = _mm512_setzero_ps();
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : tail_mask(n - i);
        const __m512 wf = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, w + i));
        acc = _mm512_fmadd_ps(wf, _mm512_maskz_loadu_ps(m, x + i), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

float dot_bf16(const uint16_t* w, const float* x, size_t n) {
    __m512 acc = _mm512_setzero_ps();
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : tail_mask(n - i);
        const __m512i wide = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, w + i));
        acc = _mm512_fmadd_ps(_mm512_castsi512_ps(_mm512_slli_epi32(wide, 16)), _mm512_maskz_loadu_ps(m, x + i),
                              acc);
    }
    return _mm512_reduce_add_ps(acc);
}

void axpy_f32(float a, const float* x, float* y, size_t n) {
    const __m512 va = _mm512_set1_ps(a);
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : tail_mask(n - i);
        _mm512_mask_storeu_ps(y + i, m, _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i)));
    }
}

void axpy_f16(float a, const uint16_t* x, float* y, size_t n) {
    const __m512 va = _mm512_set1_ps(a);
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : tail_mask(n - i);
        const __m512 xf = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, x + i));
        _mm512_mask_storeu_ps(y + i, m, _mm512_fmadd_ps(va, xf, _mm512_maskz_loadu_ps(m, y + i)));
    }
}

#if PONDER_AVX512_VNNI
constexpr Isa kIsa = Isa::Avx512;
#else
constexpr Isa kIsa = Isa::Avx512Bw;
#endif
constexpr IsaKernels kKernels{kIsa, kDecoders, sizeof(kDecoders) / sizeof(kDecoders[0]),
                              dot_quantized, kInPlace, sizeof(kInPlace) / sizeof(kInPlace[0]), dot_f32, dot_f16, dot_bf16, axpy_f32, axpy_f16};

} // namespace
} // namespace

namespace ponder::cpu {
#if PONDER_AVX512_VNNI
const IsaKernels* avx512_kernels() { return &avx512_isa::kKernels; }
#else
const IsaKernels* avx512bw_kernels() { return &avx512bw_isa::kKernels; }
#endif
} // namespace ponder::cpu

#else

namespace ponder::cpu {
#if PONDER_AVX512_VNNI
const IsaKernels* avx512_kernels() { return nullptr; }
#else
const IsaKernels* avx512bw_kernels() { return nullptr; }
#endif
} // namespace ponder::cpu

#endif
