// AVX2 + FMA + F16C kernels. Compiled with -mavx2 -mfma -mf16c (CMakeLists.txt) and only called when
// the CPU has them (isa.h). Include nothing that defines inline functions with external linkage
// (no std containers or algorithms): the linker could pick this file's copy for the scalar path.
#include "cpu/kernels.h"

#if defined(PONDER_CPU_X86)

#include "gguf/ggml_iq_tables.h"

#include <cstring>
#include <immintrin.h>

namespace ponder::cpu::avx2_isa {
namespace {

#include "cpu/decode_blocks_avx2.inl"
#include "cpu/decode_blocks.inl"

float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// The int32 lanes of one 32-value block's products (each lane sums four of them).
__m256i block_products(const int16_t* w, const int16_t* a) {
    const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
    const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 16));
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 16));
    return _mm256_add_epi32(_mm256_madd_epi16(w0, a0), _mm256_madd_epi16(w1, a1));
}

// Four tokens at a time share each weight block's loads (from L1 after the first).
void dot_quantized(const int16_t* wq, const float* wd, size_t n_blocks, const int16_t* a_q, const float* a_d,
                   size_t q_stride, size_t d_stride, size_t n_tokens, float* out) {
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        for (size_t b = 0; b < n_blocks; ++b) {
            for (int k = 0; k < 4; ++k) {
                const size_t tk = t + size_t(k);
                const __m256i p = block_products(wq + 32 * b, a_q + tk * q_stride + 32 * b);
                const __m256 scale = _mm256_set1_ps(wd[b] * a_d[tk * d_stride + b]);
                acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), scale, acc[k]);
            }
        }
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = horizontal_sum(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq = a_q + t * q_stride;
        const float* ad = a_d + t * d_stride;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        size_t b = 0;
        for (; b + 2 <= n_blocks; b += 2) {
            const __m256i p0 = block_products(wq + 32 * b, aq + 32 * b);
            const __m256i p1 = block_products(wq + 32 * b + 32, aq + 32 * b + 32);
            acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p0), _mm256_set1_ps(wd[b] * ad[b]), acc0);
            acc1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p1), _mm256_set1_ps(wd[b + 1] * ad[b + 1]), acc1);
        }
        for (; b < n_blocks; ++b) {
            const __m256i p = block_products(wq + 32 * b, aq + 32 * b);
            acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(wd[b] * ad[b]), acc0);
        }
        out[t] = horizontal_sum(_mm256_add_ps(acc0, acc1));
    }
}

// One block's 32 values widened to int16, as block_products reads them from a decoded row.
template <class Blocks>
struct WideBlock {
    __m256i w0, w1;
    float d;
    explicit WideBlock(const uint8_t* block) : d(load_half_simd(block)) {
        const __m256i v = Blocks::values(block);
        w0 = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(v));
        w1 = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(v, 1));
    }
    __m256i products(const int16_t* a) const {
        const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a));
        const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 16));
        return _mm256_add_epi32(_mm256_madd_epi16(w0, a0), _mm256_madd_epi16(w1, a1));
    }
};

// dot_quantized over blocks read in place; four tokens at a time share each block's widening.
template <class Blocks>
void dot_in_place(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d, size_t q_stride,
                  size_t d_stride, size_t n_tokens, float* out, float*) {
    constexpr size_t kBytes = Blocks::bytes;
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        for (size_t b = 0; b < n_blocks; ++b) {
            const WideBlock<Blocks> w(blocks + kBytes * b);
            for (int k = 0; k < 4; ++k) {
                const size_t tk = t + size_t(k);
                const __m256i p = w.products(a_q + tk * q_stride + 32 * b);
                acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(w.d * a_d[tk * d_stride + b]), acc[k]);
            }
        }
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = horizontal_sum(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq = a_q + t * q_stride;
        const float* ad = a_d + t * d_stride;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        size_t b = 0;
        for (; b + 2 <= n_blocks; b += 2) {
            const WideBlock<Blocks> w0(blocks + kBytes * b), w1(blocks + kBytes * (b + 1));
            acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(w0.products(aq + 32 * b)), _mm256_set1_ps(w0.d * ad[b]), acc0);
            acc1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(w1.products(aq + 32 * b + 32)), _mm256_set1_ps(w1.d * ad[b + 1]),
                                   acc1);
        }
        for (; b < n_blocks; ++b) {
            const WideBlock<Blocks> w(blocks + kBytes * b);
            acc0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(w.products(aq + 32 * b)), _mm256_set1_ps(w.d * ad[b]), acc0);
        }
        out[t] = horizontal_sum(_mm256_add_ps(acc0, acc1));
    }
}

// The int32 lanes of 32 products: weights as two halves of 16 int16 values, activations a[0..31].
__m256i half_products(__m256i w0, __m256i w1, const int16_t* a) {
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 16));
    return _mm256_add_epi32(_mm256_madd_epi16(w0, a0), _mm256_madd_epi16(w1, a1));
}

// Q6_K and Q4_K read in place, as in kernels_avx512.cpp: each 32-value plane or sub-block assembled,
// widened and scaled in registers, then dotted with kTile tokens' activations.
template <int kTile>
void q6_k_super_block(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m256* acc,
                      float*) {
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
            const __m256i v = _mm256_sub_epi8(planes[p], bias);
            const __m256i w0 = _mm256_mullo_epi16(_mm256_cvtepi8_epi16(_mm256_castsi256_si128(v)),
                                                  _mm256_set1_epi16(sc[2 * p]));
            const __m256i w1 = _mm256_mullo_epi16(_mm256_cvtepi8_epi16(_mm256_extracti128_si256(v, 1)),
                                                  _mm256_set1_epi16(sc[2 * p + 1]));
            for (int k = 0; k < kTile; ++k) {
                const __m256i prod = half_products(w0, w1, aq[k] + 32 * b);
                acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(prod), _mm256_set1_ps(dd * ad[k][b]), acc[k]);
            }
        }
    }
}

// The minimums go to `offset` (per 16 values, -dmin * min) for the caller's term.
template <int kTile>
void q4_k_super_block(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m256* acc,
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
        const __m256i scale = _mm256_set1_epi16(int16_t(sc));
        const __m256i w0 = _mm256_mullo_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(values)), scale);
        const __m256i w1 = _mm256_mullo_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(values, 1)), scale);
        for (int k = 0; k < kTile; ++k) {
            const __m256i prod = half_products(w0, w1, aq[k] + 32 * b);
            acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(prod), _mm256_set1_ps(dd * ad[k][b]), acc[k]);
        }
    }
}

// A row of K-quant super-blocks (kBytes each) through SuperBlock<tile>, four tokens at a time.
template <size_t kBytes, template <int> class SuperBlock>
void dot_super_blocks(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d, size_t q_stride,
                      size_t d_stride, size_t n_tokens, float* out, float* offset) {
    size_t t = 0;
    for (; t + 4 <= n_tokens; t += 4) {
        const int16_t* aq[4] = {a_q + t * q_stride, a_q + (t + 1) * q_stride, a_q + (t + 2) * q_stride,
                                a_q + (t + 3) * q_stride};
        const float* ad[4] = {a_d + t * d_stride, a_d + (t + 1) * d_stride, a_d + (t + 2) * d_stride,
                              a_d + (t + 3) * d_stride};
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) SuperBlock<4>::run(blocks + kBytes * sb, sb, aq, ad, acc, offset);
        for (int k = 0; k < 4; ++k) out[t + size_t(k)] = horizontal_sum(acc[k]);
    }
    for (; t < n_tokens; ++t) {
        const int16_t* aq[1] = {a_q + t * q_stride};
        const float* ad[1] = {a_d + t * d_stride};
        __m256 acc[1] = {_mm256_setzero_ps()};
        for (size_t sb = 0; sb < n_blocks; ++sb) SuperBlock<1>::run(blocks + kBytes * sb, sb, aq, ad, acc, offset);
        out[t] = horizontal_sum(acc[0]);
    }
}
template <int kTile> struct Q6KSuperBlock {
    static void run(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m256* acc,
                    float* offset) { q6_k_super_block<kTile>(x, sb, aq, ad, acc, offset); }
};
template <int kTile> struct Q4KSuperBlock {
    static void run(const uint8_t* x, size_t sb, const int16_t* const* aq, const float* const* ad, __m256* acc,
                    float* offset) { q4_k_super_block<kTile>(x, sb, aq, ad, acc, offset); }
};

constexpr InPlaceDot kInPlace[] = {{GgmlType::Q8_0, dot_in_place<Q8_0Blocks>},
                                   {GgmlType::Q5_0, dot_in_place<Q5_0Blocks>},
                                   {GgmlType::Q4_0, dot_in_place<Q4_0Blocks>},
                                   {GgmlType::Q6_K, dot_super_blocks<210, Q6KSuperBlock>},
                                   {GgmlType::Q4_K, dot_super_blocks<144, Q4KSuperBlock>}};

float dot_f32(const float* w, const float* x, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), acc1);
    }
    float sum = horizontal_sum(_mm256_add_ps(acc0, acc1));
    for (; i < n; ++i) sum += w[i] * x[i];
    return sum;
}

float dot_f16(const uint16_t* w, const float* x, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + i)));
        const __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + i + 8)));
        acc0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + i), acc0);
        acc1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + i + 8), acc1);
    }
    float sum = horizontal_sum(_mm256_add_ps(acc0, acc1));
    for (; i < n; ++i) sum += half_to_float(w[i]) * x[i];
    return sum;
}

float dot_bf16(const uint16_t* w, const float* x, size_t n) {
    __m256 acc = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + i)));
        acc = _mm256_fmadd_ps(_mm256_castsi256_ps(_mm256_slli_epi32(wide, 16)), _mm256_loadu_ps(x + i), acc);
    }
    float sum = horizontal_sum(acc);
    for (; i < n; ++i) {
        const uint32_t bits = uint32_t(w[i]) << 16;
        float f;
        std::memcpy(&f, &bits, 4);
        sum += f * x[i];
    }
    return sum;
}

void axpy_f32(float a, const float* x, float* y, size_t n) {
    const __m256 va = _mm256_set1_ps(a);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i) y[i] += a * x[i];
}

void axpy_f16(float a, const uint16_t* x, float* y, size_t n) {
    const __m256 va = _mm256_set1_ps(a);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 xf = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i)));
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, xf, _mm256_loadu_ps(y + i)));
    }
    for (; i < n; ++i) y[i] += a * half_to_float(x[i]);
}

constexpr IsaKernels kKernels{Isa::Avx2, kDecoders, sizeof(kDecoders) / sizeof(kDecoders[0]),
                              dot_quantized, kInPlace, sizeof(kInPlace) / sizeof(kInPlace[0]), dot_f32, dot_f16, dot_bf16, axpy_f32, axpy_f16};

} // namespace
} // namespace ponder::cpu::avx2_isa

namespace ponder::cpu {
const IsaKernels* avx2_kernels() { return &avx2_isa::kKernels; }
} // namespace ponder::cpu

#else

namespace ponder::cpu {
const IsaKernels* avx2_kernels() { return nullptr; }
} // namespace ponder::cpu

#endif
