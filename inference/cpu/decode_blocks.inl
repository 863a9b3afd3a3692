// The block decoders of kernels.h, written once as plain loops and compiled into each instruction
// set's file (the compiler vectorizes them with that file's flags). Include inside an anonymous
// namespace of that file's own namespace: nothing here may have external linkage, or the linker
// could hand one set's code to another. Layouts: ggml-common.h, as reference/dequant_*.cpp decode them.
//
// Each decoder writes, per block: q (sub-block integer scale folded in), d per 32 values and, for
// types with minimums, offset per 16 values, so that w[i] = d[i / 32] * q[i] + offset[i / 16].

float half_to_float(uint16_t h) {
#if defined(__F16C__)
    return _cvtsh_ss(h);
#endif
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1f;
    const uint32_t mantissa = h & 0x3ff;
    uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000 | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else {
        const float magnitude = float(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

uint16_t load_u16(const uint8_t* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

uint32_t load_u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

float load_half(const uint8_t* p) { return half_to_float(load_u16(p)); }

// ---- 32-value blocks: one f16 scale d (and for _1 types an f16 minimum m) ----

// Q4_0 (18 bytes): d | qs[16]; byte j holds value j (low nibble) and j + 16 (high), stored + 8.
[[maybe_unused]] void decode_q4_0(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 18, q += 32) {
        d[b] = load_half(x);
        for (int j = 0; j < 16; ++j) q[j] = int16_t((x[2 + j] & 0x0f) - 8);
        for (int j = 0; j < 16; ++j) q[j + 16] = int16_t((x[2 + j] >> 4) - 8);
    }
}

// Q4_1 (20 bytes): d | m | qs[16]; w = d * q + m.
[[maybe_unused]] void decode_q4_1(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 20, q += 32) {
        d[b] = load_half(x);
        offset[2 * b] = offset[2 * b + 1] = load_half(x + 2);
        for (int j = 0; j < 16; ++j) q[j] = int16_t(x[4 + j] & 0x0f);
        for (int j = 0; j < 16; ++j) q[j + 16] = int16_t(x[4 + j] >> 4);
    }
}

// Q5_0 / Q5_1 store each value's fifth bit as bit e of a 32-bit word. A table spreads each byte of it
// to eight bytes of 0 or 16, so the value loops below are plain byte arithmetic (which vectorizes;
// per-bit shifts of the word did not).
struct FifthBitTable {
    uint64_t bytes[256];
};
constexpr FifthBitTable make_fifth_bit_table() {
    FifthBitTable t{};
    for (int b = 0; b < 256; ++b)
        for (int j = 0; j < 8; ++j)
            if ((b >> j) & 1) t.bytes[b] |= uint64_t(0x10) << (8 * j);
    return t;
}
constexpr FifthBitTable kFifthBits = make_fifth_bit_table();

void spread_fifth_bits(uint32_t qh, uint8_t* out) {
    for (int k = 0; k < 4; ++k) std::memcpy(out + 8 * k, &kFifthBits.bytes[(qh >> (8 * k)) & 0xff], 8);
}

// Q5_0 (22 bytes): d | qh (bit e = fifth bit of value e) | qs[16]; stored + 16.
[[maybe_unused]] void decode_q5_0(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 22, q += 32) {
        d[b] = load_half(x);
        uint8_t high[32];
        spread_fifth_bits(load_u32(x + 2), high);
        for (int j = 0; j < 16; ++j) q[j] = int16_t(((x[6 + j] & 0x0f) | high[j]) - 16);
        for (int j = 0; j < 16; ++j) q[j + 16] = int16_t(((x[6 + j] >> 4) | high[j + 16]) - 16);
    }
}

// Q5_1 (24 bytes): d | m | qh | qs[16]; w = d * q + m.
[[maybe_unused]] void decode_q5_1(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 24, q += 32) {
        d[b] = load_half(x);
        offset[2 * b] = offset[2 * b + 1] = load_half(x + 2);
        uint8_t high[32];
        spread_fifth_bits(load_u32(x + 4), high);
        for (int j = 0; j < 16; ++j) q[j] = int16_t((x[8 + j] & 0x0f) | high[j]);
        for (int j = 0; j < 16; ++j) q[j + 16] = int16_t((x[8 + j] >> 4) | high[j + 16]);
    }
}

// Q8_0 (34 bytes): d | int8 qs[32].
void decode_q8_0(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 34, q += 32) {
        d[b] = load_half(x);
        const int8_t* qs = reinterpret_cast<const int8_t*>(x + 2);
        for (int j = 0; j < 32; ++j) q[j] = qs[j];
    }
}

// ---- k-quants: 256-value super-blocks with quantized sub-block scales ----

// Q2_K (84 bytes): scales[16] (low nibble scale, high nibble min per 16 values) | qs[64] | d | dmin.
void decode_q2_k(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 84) {
        const uint8_t* scales = x;
        const float dd = load_half(x + 80), dmin = load_half(x + 82);
        for (int i = 0; i < 8; ++i) d[i] = dd;
        d += 8;
        int g = 0;
        for (int half = 0; half < 2; ++half) {
            const uint8_t* qs = x + 16 + 32 * half;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; ++part, ++g) {
                    const int sc = scales[g] & 0x0f;
                    offset[g] = -dmin * float(scales[g] >> 4);
                    for (int l = 0; l < 16; ++l) *q++ = int16_t(sc * ((qs[l + 16 * part] >> shift) & 3));
                }
            }
        }
        offset += 16;
    }
}

// Q3_K (110 bytes): hmask[32] | qs[64] | scales[12] (sixteen 6-bit scales, biased by 32) | d.
void decode_q3_k(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
    for (size_t b = 0; b < n_blocks; ++b, x += 110) {
        const uint8_t* hm = x;
        const float dd = load_half(x + 108);
        for (int i = 0; i < 8; ++i) d[i] = dd;
        d += 8;
        uint32_t aux[4];
        std::memcpy(aux, x + 96, 12);
        const uint32_t tmp = aux[2];
        aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
        aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
        aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
        aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
        int8_t scales[16];
        std::memcpy(scales, aux, 16);
        int g = 0;
        uint8_t m = 1;
        for (int half = 0; half < 2; ++half) {
            const uint8_t* qs = x + 32 + 32 * half;
            for (int shift = 0; shift < 8; shift += 2, m <<= 1) {
                for (int part = 0; part < 2; ++part, ++g) {
                    const int sc = scales[g] - 32;
                    for (int l = 0; l < 16; ++l) {
                        const int k = l + 16 * part;
                        *q++ = int16_t(sc * (((qs[k] >> shift) & 3) - ((hm[k] & m) ? 0 : 4)));
                    }
                }
            }
        }
    }
}

// The 12 scale bytes of Q4_K / Q5_K: eight 6-bit (scale, min) pairs.
void scale_min_k4(int j, const uint8_t* s, int* sc, int* m) {
    if (j < 4) {
        *sc = s[j] & 63;
        *m = s[j + 4] & 63;
    } else {
        *sc = (s[j + 4] & 0x0f) | ((s[j - 4] >> 6) << 4);
        *m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

// Q4_K (144 bytes): d | dmin | scales[12] | qs[128]; per 64 values, 32 low nibbles then 32 high.
void decode_q4_k(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 144) {
        const float dd = load_half(x), dmin = load_half(x + 2);
        const uint8_t* qs = x + 16;
        for (int j = 0; j < 8; ++j, q += 32, offset += 2) {
            int sc, m;
            scale_min_k4(j, x + 4, &sc, &m);
            d[j] = dd;
            offset[0] = offset[1] = -dmin * float(m);
            const int shift = (j & 1) * 4;
            for (int l = 0; l < 32; ++l) q[l] = int16_t(sc * ((qs[32 * (j / 2) + l] >> shift) & 0x0f));
        }
        d += 8;
    }
}

// Q5_K (176 bytes): d | dmin | scales[12] | qh[32] | qs[128]; bit j of qh[l] is the fifth bit of
// value l of the j-th 32.
void decode_q5_k(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict offset) {
    for (size_t b = 0; b < n_blocks; ++b, x += 176) {
        const float dd = load_half(x), dmin = load_half(x + 2);
        const uint8_t* qh = x + 16;
        const uint8_t* qs = x + 48;
        for (int j = 0; j < 8; ++j, q += 32, offset += 2) {
            int sc, m;
            scale_min_k4(j, x + 4, &sc, &m);
            d[j] = dd;
            offset[0] = offset[1] = -dmin * float(m);
            const int shift = (j & 1) * 4;
            for (int l = 0; l < 32; ++l) {
                const int v = ((qs[32 * (j / 2) + l] >> shift) & 0x0f) | (((qh[l] >> j) & 1) << 4);
                q[l] = int16_t(sc * v);
            }
        }
        d += 8;
    }
}

// Q6_K (210 bytes): ql[128] | qh[64] | int8 scales[16] | d; 6-bit values stored + 32.
[[maybe_unused]] void decode_q6_k(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 210) {
        const float dd = load_half(x + 208);
        for (int i = 0; i < 8; ++i) d[i] = dd;
        d += 8;
        for (int half = 0; half < 2; ++half, q += 128) {
            const uint8_t* ql = x + 64 * half;
            const uint8_t* qh = x + 128 + 32 * half;
            const int8_t* sc = reinterpret_cast<const int8_t*>(x + 192) + 8 * half;
            // Four planes of 32 values; the scale changes every 16 values.
            for (int l = 0; l < 32; ++l)
                q[l + 0] = int16_t(sc[l / 16 + 0] * (((ql[l] & 0x0f) | (((qh[l] >> 0) & 3) << 4)) - 32));
            for (int l = 0; l < 32; ++l)
                q[l + 32] = int16_t(sc[l / 16 + 2] * (((ql[l + 32] & 0x0f) | (((qh[l] >> 2) & 3) << 4)) - 32));
            for (int l = 0; l < 32; ++l)
                q[l + 64] = int16_t(sc[l / 16 + 4] * (((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32));
            for (int l = 0; l < 32; ++l)
                q[l + 96] = int16_t(sc[l / 16 + 6] * (((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32));
        }
    }
}

// ---- i-quants: non-linear levels and lattice codebooks (gguf/ggml_iq_tables.h) ----

using namespace ggml_tables;

// IQ4_NL (18 bytes): d | qs[16], nibbles index the 16 levels.
void decode_iq4_nl(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 18, q += 32) {
        d[b] = load_half(x);
        for (int j = 0; j < 16; ++j) q[j] = kvalues_iq4nl[x[2 + j] & 0x0f];
        for (int j = 0; j < 16; ++j) q[j + 16] = kvalues_iq4nl[x[2 + j] >> 4];
    }
}

// IQ4_XS (136 bytes): d | scales_h (u16) | scales_l[4] | qs[128]; 6-bit scales biased by 32.
void decode_iq4_xs(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 136) {
        const float dd = load_half(x);
        const uint16_t scales_h = load_u16(x + 2);
        for (int ib = 0; ib < 8; ++ib, q += 32) {
            const int ls = ((x[4 + ib / 2] >> 4 * (ib % 2)) & 0x0f) | (((scales_h >> 2 * ib) & 3) << 4);
            const int sc = ls - 32;
            const uint8_t* qs = x + 8 + 16 * ib;
            d[ib] = dd;
            for (int j = 0; j < 16; ++j) q[j] = int16_t(sc * kvalues_iq4nl[qs[j] & 0x0f]);
            for (int j = 0; j < 16; ++j) q[j + 16] = int16_t(sc * kvalues_iq4nl[qs[j] >> 4]);
        }
        d += 8;
    }
}

// Eight magnitudes (the low `count` bytes of `grid`, a group of 4 or 8) times `scale`, negated where
// the bit of `signs` is set.
void put_grid(uint64_t grid, int count, uint8_t signs, int first_sign_bit, int scale, int16_t* q) {
    for (int j = 0; j < count; ++j) {
        const int magnitude = int((grid >> (8 * j)) & 0xff) * scale;
        q[j] = int16_t((signs >> (first_sign_bit + j)) & 1 ? -magnitude : magnitude);
    }
}

// IQ3_XXS (98 bytes): d | qs[64] grid indices | per 32 values a u32: four 7-bit sign groups and a
// 4-bit scale s; w = d * (s + 0.5) / 2 * grid = d/4 * (2s + 1) * grid.
void decode_iq3_xxs(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 98) {
        const float dd = load_half(x) * 0.25f;
        const uint8_t* qs = x + 2;
        for (int ib = 0; ib < 8; ++ib, qs += 8) {
            const uint32_t aux = load_u32(x + 66 + 4 * ib);
            const int scale = 2 * int(aux >> 28) + 1;
            d[ib] = dd;
            for (int l = 0; l < 4; ++l, q += 8) {
                const uint8_t signs = ksigns_iq2xs[(aux >> 7 * l) & 127];
                put_grid(iq3xxs_grid[qs[2 * l]], 4, signs, 0, scale, q);
                put_grid(iq3xxs_grid[qs[2 * l + 1]], 4, signs, 4, scale, q + 4);
            }
        }
        d += 8;
    }
}

// IQ3_S (110 bytes): d | qs[64] | qh[8] (ninth index bits) | signs[32] | scales[4] (4-bit s per 32);
// w = d * (2s + 1) * grid.
void decode_iq3_s(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 110) {
        const float dd = load_half(x);
        for (int ib = 0; ib < 8; ++ib) {
            const uint8_t* qs = x + 2 + 8 * ib;
            const uint8_t qh = x[66 + ib];
            const uint8_t* signs = x + 74 + 4 * ib;
            const int scale = 1 + 2 * ((x[106 + ib / 2] >> 4 * (ib % 2)) & 0x0f);
            d[ib] = dd;
            for (int l = 0; l < 4; ++l, q += 8) {
                put_grid(iq3s_grid[qs[2 * l] | ((qh << (8 - 2 * l)) & 256)], 4, signs[l], 0, scale, q);
                put_grid(iq3s_grid[qs[2 * l + 1] | ((qh << (7 - 2 * l)) & 256)], 4, signs[l], 4, scale, q + 4);
            }
        }
        d += 8;
    }
}

// IQ2_XXS (66 bytes): d | per 32 values 4 grid indices and a u32 of four 7-bit sign groups and a
// 4-bit scale s; w = d * (s + 0.5) / 4 * grid = d/8 * (2s + 1) * grid.
void decode_iq2_xxs(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 66) {
        const float dd = load_half(x) * 0.125f;
        for (int ib = 0; ib < 8; ++ib) {
            const uint8_t* indices = x + 2 + 8 * ib;
            const uint32_t aux = load_u32(indices + 4);
            const int scale = 2 * int(aux >> 28) + 1;
            d[ib] = dd;
            for (int l = 0; l < 4; ++l, q += 8)
                put_grid(iq2xxs_grid[indices[l]], 8, ksigns_iq2xs[(aux >> 7 * l) & 127], 0, scale, q);
        }
        d += 8;
    }
}

// IQ2_XS (74 bytes): d | u16 qs[32] (9-bit grid index, 7 sign bits) | scales[8] (4 bits per 16 values).
void decode_iq2_xs(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 74) {
        const float dd = load_half(x) * 0.125f;
        for (int ib = 0; ib < 8; ++ib) {
            const uint8_t s = x[66 + ib];
            const int scales[2] = {2 * (s & 0x0f) + 1, 2 * (s >> 4) + 1};
            d[ib] = dd;
            for (int l = 0; l < 4; ++l, q += 8) {
                const uint16_t v = load_u16(x + 2 + 2 * (4 * ib + l));
                put_grid(iq2xs_grid[v & 511], 8, ksigns_iq2xs[v >> 9], 0, scales[l / 2], q);
            }
        }
        d += 8;
    }
}

// IQ2_S (82 bytes): d | qs[32] | signs[32] | qh[8] (index bits 8-9) | scales[8] (4 bits per 16 values).
void decode_iq2_s(const uint8_t* __restrict x, size_t n_blocks, int16_t* __restrict q, float* __restrict d, float* __restrict) {
    for (size_t b = 0; b < n_blocks; ++b, x += 82) {
        const float dd = load_half(x) * 0.125f;
        for (int ib = 0; ib < 8; ++ib) {
            const uint8_t* qs = x + 2 + 4 * ib;
            const uint8_t* signs = x + 34 + 4 * ib;
            const uint8_t qh = x[66 + ib];
            const uint8_t s = x[74 + ib];
            const int scales[2] = {2 * (s & 0x0f) + 1, 2 * (s >> 4) + 1};
            d[ib] = dd;
            for (int l = 0; l < 4; ++l, q += 8)
                put_grid(iq2s_grid[qs[l] | ((qh << (8 - 2 * l)) & 0x300)], 8, signs[l], 0, scales[l / 2], q);
        }
        d += 8;
    }
}

// An instruction-set file may replace a decoder with its own (declared before including this file;
// the replaced ones are [[maybe_unused]] there).
#ifndef PONDER_DECODE_Q4_0
#define PONDER_DECODE_Q4_0 decode_q4_0
#endif
#ifndef PONDER_DECODE_Q4_1
#define PONDER_DECODE_Q4_1 decode_q4_1
#endif
#ifndef PONDER_DECODE_Q5_0
#define PONDER_DECODE_Q5_0 decode_q5_0
#endif
#ifndef PONDER_DECODE_Q5_1
#define PONDER_DECODE_Q5_1 decode_q5_1
#endif
#ifndef PONDER_DECODE_Q6_K
#define PONDER_DECODE_Q6_K decode_q6_k
#endif

constexpr TypeDecoder kDecoders[] = {
    {GgmlType::Q4_0, false, PONDER_DECODE_Q4_0},  {GgmlType::Q4_1, true, PONDER_DECODE_Q4_1},
    {GgmlType::Q5_0, false, PONDER_DECODE_Q5_0},  {GgmlType::Q5_1, true, PONDER_DECODE_Q5_1},
    {GgmlType::Q8_0, false, decode_q8_0},         {GgmlType::Q2_K, true, decode_q2_k},
    {GgmlType::Q3_K, false, decode_q3_k},         {GgmlType::Q4_K, true, decode_q4_k},
    {GgmlType::Q5_K, true, decode_q5_k},          {GgmlType::Q6_K, false, PONDER_DECODE_Q6_K},
    {GgmlType::IQ4_NL, false, decode_iq4_nl},     {GgmlType::IQ4_XS, false, decode_iq4_xs},
    {GgmlType::IQ3_XXS, false, decode_iq3_xxs},   {GgmlType::IQ3_S, false, decode_iq3_s},
    {GgmlType::IQ2_XXS, false, decode_iq2_xxs},   {GgmlType::IQ2_XS, false, decode_iq2_xs},
    {GgmlType::IQ2_S, false, decode_iq2_s},
};
