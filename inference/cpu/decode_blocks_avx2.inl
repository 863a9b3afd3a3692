// Hand-vectorized decoders for the 32-value types whose plain loops GCC vectorizes badly (nibble
// pairs and a bit plane); AVX2, so both kernels_avx2.cpp and kernels_avx512.cpp use them. Included
// like decode_blocks.inl (inside an anonymous namespace), before it, which then lists them.

void decode_q4_0_simd(const uint8_t* __restrict, size_t, int16_t* __restrict, float* __restrict, float* __restrict);
void decode_q4_1_simd(const uint8_t* __restrict, size_t, int16_t* __restrict, float* __restrict, float* __restrict);
void decode_q5_0_simd(const uint8_t* __restrict, size_t, int16_t* __restrict, float* __restrict, float* __restrict);
void decode_q5_1_simd(const uint8_t* __restrict, size_t, int16_t* __restrict, float* __restrict, float* __restrict);
void decode_q6_k_simd(const uint8_t* __restrict, size_t, int16_t* __restrict, float* __restrict, float* __restrict);
#define PONDER_DECODE_Q6_K decode_q6_k_simd
#define PONDER_DECODE_Q4_0 decode_q4_0_simd
#define PONDER_DECODE_Q4_1 decode_q4_1_simd
#define PONDER_DECODE_Q5_0 decode_q5_0_simd
#define PONDER_DECODE_Q5_1 decode_q5_1_simd

// 16 bytes of nibble pairs -> 32 bytes: the low nibbles (values 0-15), then the high ones (16-31).
__m256i unpack_nibbles(const uint8_t* qs) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i low = _mm_and_si128(bytes, _mm_set1_epi8(0x0f));
    const __m128i high = _mm_and_si128(_mm_srli_epi16(bytes, 4), _mm_set1_epi8(0x0f));
    return _mm256_set_m128i(high, low);
}

// Bit e of qh -> byte e = 0x10 (set) or 0 (clear).
__m256i spread_bits_to_16s(uint32_t qh) {
    // Byte e takes byte e / 8 of qh, then tests its bit e % 8.
    const __m256i shuffle = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0);
    const __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32(int(qh)), shuffle);
    const __m256i bit = _mm256_set1_epi64x(int64_t(0x8040201008040201));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, bit), bit);
    return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

// 32 unsigned bytes minus `bias` as int16 into q[0..31].
void store_as_int16(__m256i bytes, int bias, int16_t* q) {
    const __m256i b = _mm256_set1_epi16(int16_t(bias));
    const __m256i lo = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(bytes)), b);
    const __m256i hi = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(bytes, 1)), b);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), lo);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + 16), hi);
}

float load_half_simd(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

uint32_t load_u32_simd(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// One block's 32 values as signed bytes, for the dot products that read blocks in place (kernels.h's
// InPlaceDot); the scale is the f16 at the block's start.
template <size_t kBytes, __m256i (*kValues)(const uint8_t*)>
struct InPlaceBlocks {
    static constexpr size_t bytes = kBytes;
    static __m256i values(const uint8_t* x) { return kValues(x); }
};
__m256i q8_0_values(const uint8_t* x) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 2)); }
__m256i q4_0_values(const uint8_t* x) { return _mm256_sub_epi8(unpack_nibbles(x + 2), _mm256_set1_epi8(8)); }
__m256i q5_0_values(const uint8_t* x) {
    const __m256i unsigned_values = _mm256_or_si256(unpack_nibbles(x + 6), spread_bits_to_16s(load_u32_simd(x + 2)));
    return _mm256_sub_epi8(unsigned_values, _mm256_set1_epi8(16));
}
using Q8_0Blocks = InPlaceBlocks<34, q8_0_values>;
using Q4_0Blocks = InPlaceBlocks<18, q4_0_values>;
using Q5_0Blocks = InPlaceBlocks<22, q5_0_values>;

void decode_q4_0_simd(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d,
                      float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 18, q += 32) {
        d[b] = load_half_simd(x);
        store_as_int16(unpack_nibbles(x + 2), 8, q);
    }
}

void decode_q4_1_simd(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d,
                      float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 20, q += 32) {
        d[b] = load_half_simd(x);
        offset[2 * b] = offset[2 * b + 1] = load_half_simd(x + 2);
        store_as_int16(unpack_nibbles(x + 4), 0, q);
    }
}

void decode_q5_0_simd(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d,
                      float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 22, q += 32) {
        d[b] = load_half_simd(x);
        store_as_int16(_mm256_or_si256(unpack_nibbles(x + 6), spread_bits_to_16s(load_u32_simd(x + 2))), 16, q);
    }
}

void decode_q5_1_simd(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d,
                      float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 24, q += 32) {
        d[b] = load_half_simd(x);
        offset[2 * b] = offset[2 * b + 1] = load_half_simd(x + 2);
        store_as_int16(_mm256_or_si256(unpack_nibbles(x + 8), spread_bits_to_16s(load_u32_simd(x + 4))), 0, q);
    }
}

// 32 unsigned bytes minus 32, times scale s0 (first 16) and s1 (last 16), as int16 into q[0..31].
void store_scaled_int16(__m256i bytes, int s0, int s1, int16_t* q) {
    const __m256i bias = _mm256_set1_epi16(32);
    const __m256i lo = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(bytes)), bias);
    const __m256i hi = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(bytes, 1)), bias);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), _mm256_mullo_epi16(lo, _mm256_set1_epi16(int16_t(s0))));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + 16), _mm256_mullo_epi16(hi, _mm256_set1_epi16(int16_t(s1))));
}

// Q6_K: per 128 values, four planes of 32: low or high nibbles of ql[0..31] / ql[32..63], each with
// two bits of qh[0..31] on top (bits 0-1, 2-3, 4-5, 6-7), 6-bit values stored + 32.
void decode_q6_k_simd(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d,
                      float* __restrict) {
    const __m256i nibble = _mm256_set1_epi8(0x0f), two_bits = _mm256_set1_epi8(0x03);
    for (size_t b = 0; b < n_blocks; ++b, x += 210) {
        const float dd = load_half_simd(x + 208);
        for (int i = 0; i < 8; ++i) d[i] = dd;
        d += 8;
        for (int half = 0; half < 2; ++half, q += 128) {
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 64 * half));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 64 * half + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 128 + 32 * half));
            const int8_t* sc = reinterpret_cast<const int8_t*>(x + 192) + 8 * half;
            auto high = [&](int shift) {  // bits shift, shift+1 of each qh byte, moved to bits 4-5
                return _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, shift), two_bits), 4);
            };
            const __m256i v0 = _mm256_or_si256(_mm256_and_si256(ql0, nibble), high(0));
            const __m256i v1 = _mm256_or_si256(_mm256_and_si256(ql1, nibble), high(2));
            const __m256i v2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), nibble), high(4));
            const __m256i v3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), nibble), high(6));
            store_scaled_int16(v0, sc[0], sc[1], q);
            store_scaled_int16(v1, sc[2], sc[3], q + 32);
            store_scaled_int16(v2, sc[4], sc[5], q + 64);
            store_scaled_int16(v3, sc[6], sc[7], q + 96);
        }
    }
}
