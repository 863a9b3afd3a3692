// dequant.glsl: decodes ggml weight blocks (device layout, see weight_kernels.h) into 32-weight chunks.
// The including shader defines exactly one WTYPE_<T> (a type of shaders/variants.cmake) and declares
// the weight buffer twice (aliased at one binding): `weights` as uint64_t[] (WK_INT64=1) or uvec2[] (WK_INT64=0),
// and `weights_wide` as u64vec4[] (WK_INT64=1) or uvec4[] (WK_INT64=0) for 32-byte loads, and defines
// WK_GRID_BINDING: where the i-quants (IQ2_*, IQ3_*, IQ4_*) find ggml's grids and levels (shader_constants.h).
// Every chunk decodes to codes c(e) and per-half scale/offset: w[e] = scale[e/16] * (c(e) - BIAS) + offset[e/16],
// rounded exactly as ggml's dequantize_row_* rounds it (precise: no fused multiply-add), so decoding is bit-exact.
#ifndef PONDER_DEQUANT_GLSL
#define PONDER_DEQUANT_GLSL

// Elements per block and 64-bit words per device block (blocks of 2-byte aligned types are padded to 8 bytes).
#if defined(WTYPE_F32)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 16
#define WK_CODE_WORDS 32
#elif defined(WTYPE_F16) || defined(WTYPE_BF16)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 8
#define WK_CODE_WORDS 16
#elif defined(WTYPE_Q8_0)
#define WK_BLOCK_ELEMS 32
#define WK_SPLIT_ROW 1     // row = qs[32] of every block, then every block's f16 d (padded to 32 bytes)
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q4_0)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 3   // d(2) pad(6) qs[16]
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q4_1)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 3   // d(2) m(2) pad(4) qs[16]
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q5_0) || defined(WTYPE_Q5_1)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 3   // d(2) m(2) qh[4] qs[16]; Q5_0 has padding where Q5_1 has m
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q2_K)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 11  // scales[16] qs[64] d dmin pad(4)
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q3_K)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 14  // hmask[32] qs[64] scales[12] d pad(2)
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q4_K)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 18  // d dmin scales[12] qs[128]
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q5_K)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 22  // d dmin scales[12] qh[32] qs[128]
#define WK_CODE_WORDS 8
#elif defined(WTYPE_Q6_K)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 27  // ql[128] qh[64] scales[16] d pad(6)
#define WK_CODE_WORDS 8
#elif defined(WTYPE_IQ4_NL)
#define WK_BLOCK_ELEMS 32
#define WK_BLOCK_WORDS 3   // d(2) pad(6) qs[16]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ4_XS)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 17  // d scales_h scales_l[4] qs[128]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ2_XXS)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 9   // d pad(6) qs[64]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ2_XS)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 10  // d pad(6) qs[32] (u16) scales[8]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ2_S)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 11  // d pad(6) qs[32] signs[32] qh[8] scales[8]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ3_XXS)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 13  // d pad(6) qs[64] scales_and_signs[32]
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#elif defined(WTYPE_IQ3_S)
#define WK_BLOCK_ELEMS 256
#define WK_BLOCK_WORDS 15  // d pad(6) qs[64] qh[8] signs[32] scales[4] pad(4)
#define WK_CODE_WORDS 8
#define WK_IQ_TABLE 1
#else
#error "dequant.glsl: define one WTYPE_<type>"
#endif
#define WK_CHUNKS (WK_BLOCK_ELEMS / 32)

// Codes are unsigned bytes; signed types store code = q + BIAS.
#if defined(WTYPE_Q8_0) || defined(WK_IQ_TABLE)
#define WK_CODE_BIAS 128.0
#elif defined(WTYPE_Q4_0)
#define WK_CODE_BIAS 8.0
#elif defined(WTYPE_Q5_0)
#define WK_CODE_BIAS 16.0
#elif defined(WTYPE_Q3_K)
#define WK_CODE_BIAS 4.0
#elif defined(WTYPE_Q6_K)
#define WK_CODE_BIAS 32.0
#else
#define WK_CODE_BIAS 0.0
#endif

#ifdef WK_IQ_TABLE
#include "shader_constants.h"
// ggml's grids and IQ4 levels (shader_constants.h IQ_GRID_*): read from a storage buffer, not compiled in as
// constant arrays (which CPU drivers compile slowly), as 32-bit words (IQ3 points), word pairs (IQ2 points,
// low magnitudes first) and word quads (the IQ4 levels).
layout(std430, binding = WK_GRID_BINDING) readonly buffer GridWords { uint grid_words[]; };
layout(std430, binding = WK_GRID_BINDING) readonly buffer GridPairs { uvec2 grid_pairs[]; };
layout(std430, binding = WK_GRID_BINDING) readonly buffer GridQuads { uvec4 grid_quads[]; };
#endif

#if WK_INT64
uvec2 load_word(uint i) { return unpackUint2x32(weights[i]); }
#else
uvec2 load_word(uint i) { return weights[i]; }
#endif

// 32 bytes at byte offset 32 * i as eight 32-bit words, with as few load instructions as the device allows
// (on lavapipe each load instruction is a loop over the lanes, so one wide load beats four narrow ones).
void load_32_bytes(uint i, out uint words[8]) {
#if WK_INT64
    const u64vec4 v = weights_wide[i];
    [[unroll]] for (uint n = 0; n < 4; ++n) {
        const uvec2 w = unpackUint2x32(v[n]);
        words[2 * n] = w.x;
        words[2 * n + 1] = w.y;
    }
#else
    const uvec4 lo = weights_wide[2 * i], hi = weights_wide[2 * i + 1];
    words = uint[8](lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w);
#endif
}

// One 32-weight chunk: codes packed in 32-bit words (bytes for quantized types, raw bits for floats).
struct WeightChunk {
    uint code[WK_CODE_WORDS];
    vec2 scale;   // for elements 0-15 and 16-31
    vec2 offset;
};

uint byte_of(uint word, uint k) { return (word >> (8 * k)) & 0xFFu; }

// Four bits (bits 0-3 of `bits`) spread to bit 0 of bytes 0-3: the shifted copies h, h<<7, h<<14, h<<21
// occupy disjoint bit ranges, so the product has no carries.
uint bits_to_bytes(uint bits) { return ((bits & 0xFu) * 0x00204081u) & 0x01010101u; }

// Two 32-bit codes words from 64-bit weight word i: code[2n], code[2n+1].
#define LOAD_CODES(ch, n, i, transform)             \
    {                                               \
        const uvec2 v_ = load_word(i);              \
        ch.code[2 * (n)] = transform(v_.x);         \
        ch.code[2 * (n) + 1] = transform(v_.y);     \
    }
#define AS_IS(v) (v)

// Elements 0-15 are the low nibbles of the 16 bytes at 64-bit words w, w+1; elements 16-31 the high nibbles.
void load_nibbles(inout WeightChunk ch, uint w) {
    [[unroll]] for (uint n = 0; n < 2; ++n) {
        const uvec2 q = load_word(w + n);
        ch.code[2 * n] = q.x & 0x0F0F0F0Fu;
        ch.code[2 * n + 1] = q.y & 0x0F0F0F0Fu;
        ch.code[2 * n + 4] = (q.x >> 4) & 0x0F0F0F0Fu;
        ch.code[2 * n + 5] = (q.y >> 4) & 0x0F0F0F0Fu;
    }
}

#if defined(WTYPE_IQ4_NL) || defined(WTYPE_IQ4_XS)
// Replaces each nibble (one per byte) by its non-linear level + 128: byte nibble % 4 of word nibble / 4 of
// the table's IQ4 levels.
void iq4_levels(inout WeightChunk ch) {
    const uvec4 levels = grid_quads[IQ_GRID_IQ4_LEVELS / 4];
    [[unroll]] for (uint n = 0; n < 8; ++n) {
        uint codes = 0u;
        [[unroll]] for (uint k = 0; k < 4; ++k) {
            const uint nibble = byte_of(ch.code[n], k);
            codes |= byte_of(levels[nibble >> 2], nibble & 3u) << (8 * k);
        }
        ch.code[n] = codes;
    }
}
#endif

#ifdef WK_IQ_TABLE
// Four magnitudes (bytes of `magnitudes`) as codes 128 + m, or 128 - m where bit k of `signs` is set: no
// byte carries or borrows since every magnitude is below 128.
uint signed_codes(uint magnitudes, uint signs) {
    const uint negative = bits_to_bytes(signs) * 0xFFu;
    return ((0x80808080u + magnitudes) & ~negative) | ((0x80808080u - magnitudes) & negative);
}

// Eight signs from 7 stored bits: the eighth makes the count of negatives even (ggml's ksigns_iq2xs).
uint parity_signs(uint seven) { return seven | ((uint(bitCount(seven)) & 1u) << 7); }

// The group of eight elements 8l .. 8l+7: IQ2 grid point `point` (word offset of the pair), signs bits 0-7.
void put_iq2_group(inout WeightChunk ch, uint l, uint point, uint signs) {
    const uvec2 m = grid_pairs[point / 2];
    ch.code[2 * l] = signed_codes(m.x, signs);
    ch.code[2 * l + 1] = signed_codes(m.y, signs >> 4);
}

// An IQ2 4-bit scale: d * (0.5 + s) * 0.25, rounded as ggml rounds it.
float iq2_scale(float d, uint s) {
    precise float db = d * (0.5 + float(s)) * 0.25;
    return db;
}
#endif

// Loads and decodes chunk g (elements 32g .. 32g+31) of the row whose first 64-bit word is `row_word`;
// rows hold n_in elements. Reads only the words that chunk needs; g need not be a compile-time constant.
WeightChunk load_chunk(uint row_word, uint g, uint n_in) {
    WeightChunk ch;
    ch.scale = vec2(1.0);
    ch.offset = vec2(0.0);
#if defined(WTYPE_Q8_0)
    // int8 codes biased to unsigned (x ^ 0x80 = x + 128) so every type extracts bytes the same way.
    load_32_bytes(row_word / 4 + g, ch.code);
    [[unroll]] for (uint n = 0; n < 8; ++n) ch.code[n] ^= 0x80808080u;
    const uvec2 d4 = load_word(row_word + (n_in / 32) * 4 + g / 4);  // d of blocks 4(g/4) .. +3
    ch.scale = vec2(unpackHalf2x16(((g & 2u) != 0u ? d4.y : d4.x) >> (16 * (g & 1u))).x);
#else
    const uint block_word = row_word + (g / WK_CHUNKS) * WK_BLOCK_WORDS, c = g % WK_CHUNKS;
#endif
#if defined(WTYPE_F32) || defined(WTYPE_F16) || defined(WTYPE_BF16)
    [[unroll]] for (uint n = 0; n < WK_BLOCK_WORDS; ++n) LOAD_CODES(ch, n, block_word + n, AS_IS)
#elif defined(WTYPE_Q4_0) || defined(WTYPE_Q4_1) || defined(WTYPE_Q5_0) || defined(WTYPE_Q5_1)
    // Elements 0-15 are the low nibbles of qs[0..15], elements 16-31 the high nibbles; the Q5 types add
    // bit e of the 32-bit qh as the fifth bit (16) of element e.
    const uvec2 head = load_word(block_word);
    load_nibbles(ch, block_word + 1);
#if defined(WTYPE_Q5_0) || defined(WTYPE_Q5_1)
    [[unroll]] for (uint n = 0; n < 8; ++n) ch.code[n] |= bits_to_bytes(head.y >> (4 * n)) << 4;
#endif
    const vec2 dm = unpackHalf2x16(head.x);
    ch.scale = vec2(dm.x);
#if defined(WTYPE_Q4_1) || defined(WTYPE_Q5_1)
    ch.offset = vec2(dm.y);
#endif
#elif defined(WTYPE_IQ4_NL)
    load_nibbles(ch, block_word + 1);
    iq4_levels(ch);
    ch.scale = vec2(unpackHalf2x16(load_word(block_word).x).x);
#elif defined(WTYPE_IQ4_XS)
    // Sub-block c: qs[16c .. 16c+15] as nibbles; its 6-bit scale (stored + 32) has the low 4 bits at bit
    // 4c of scales_l (head.y) and the top 2 bits at bit 2c of scales_h (head.x >> 16).
    const uvec2 head = load_word(block_word);
    load_nibbles(ch, block_word + 1 + 2 * c);
    iq4_levels(ch);
    const uint ls = ((head.y >> (4 * c)) & 0xFu) | (((head.x >> (16 + 2 * c)) & 3u) << 4);
    ch.scale = vec2(unpackHalf2x16(head.x).x * float(int(ls) - 32));
#elif defined(WTYPE_Q2_K) || defined(WTYPE_Q3_K)
    // Half h = c/4 of the block; j = c%4 picks bits 2j..2j+1 of qs[32h + l] for element l; the two
    // 16-element halves use scales 2c and 2c+1. Q3_K adds bit 4h+j of hmask[l] as the third bit (4).
    const uint h = c / 4, j = c % 4;
#if defined(WTYPE_Q2_K)
    const uint qs_word = block_word + 2 + 4 * h;
#else
    const uint qs_word = block_word + 4 + 4 * h;
#endif
    [[unroll]] for (uint n = 0; n < 4; ++n) {
        uvec2 q = (load_word(qs_word + n) >> (2 * j)) & 0x03030303u;
#if defined(WTYPE_Q3_K)
        q |= ((load_word(block_word + n) >> (4 * h + j)) & 0x01010101u) << 2;
#endif
        ch.code[2 * n] = q.x;
        ch.code[2 * n + 1] = q.y;
    }
#if defined(WTYPE_Q2_K)
    // scales[2c] and scales[2c+1]: the low nibble scales d, the high nibble scales dmin.
    const uvec2 sw = load_word(block_word + h);
    const uint sc = ((j < 2) ? sw.x : sw.y) >> (16 * (j & 1));
    const vec2 dm = unpackHalf2x16(load_word(block_word + 10).x);
    ch.scale = vec2(dm.x * float(sc & 0xFu), dm.x * float((sc >> 8) & 0xFu));
    ch.offset = vec2(-(dm.y * float((sc >> 4) & 0xFu)), -(dm.y * float((sc >> 12) & 0xFu)));
#else
    // 6-bit scale s = 2c + i (i = 0, 1), stored + 32: its low 4 bits are nibble h of byte s%8, its top
    // 2 bits are bits 2(s/4)..2(s/4)+1 of byte 8 + s%4 (bytes 0-7: word 12, bytes 8-11 and d: word 13).
    const uvec2 lo_word = load_word(block_word + 12), tail = load_word(block_word + 13);
    const uint lo = ((j < 2) ? lo_word.x : lo_word.y) >> (16 * (j & 1) + 4 * h);
    const uint hi = tail.x >> (8 * (2 * j % 4) + 2 * (2 * h + j / 2));
    const float d = unpackHalf2x16(tail.y).x;
    ch.scale = vec2(d * float(int((lo & 0xFu) | ((hi & 3u) << 4)) - 32),
                    d * float(int(((lo >> 8) & 0xFu) | (((hi >> 8) & 3u) << 4)) - 32));
#endif
#elif defined(WTYPE_Q4_K) || defined(WTYPE_Q5_K)
    // Sub-block c uses the low (c even) or high (c odd) nibbles of qs[32*(c/2) .. +31]; Q5_K adds bit c of qh[l].
#if defined(WTYPE_Q4_K)
    const uint qs_word = block_word + 2 + 4 * (c / 2);
#else
    const uint qs_word = block_word + 6 + 4 * (c / 2);
#endif
    const uint shift = 4 * (c & 1);
    [[unroll]] for (uint n = 0; n < 4; ++n) {
        uvec2 q = (load_word(qs_word + n) >> shift) & 0x0F0F0F0Fu;
#if defined(WTYPE_Q5_K)
        q |= ((load_word(block_word + 2 + n) >> c) & 0x01010101u) << 4;
#endif
        ch.code[2 * n] = q.x;
        ch.code[2 * n + 1] = q.y;
    }
    // ggml get_scale_min_k4 over scales[0..11] = head0.y (0-3), head1.x (4-7), head1.y (8-11).
    const uvec2 head0 = load_word(block_word), head1 = load_word(block_word + 1);
    const uint j = c & 3;
    const uint s_lo = byte_of(head0.y, j), s_mid = byte_of(head1.x, j), s_hi = byte_of(head1.y, j);
    const uint sc = (c < 4) ? (s_lo & 63u) : ((s_hi & 0xFu) | ((s_lo >> 6) << 4));
    const uint mn = (c < 4) ? (s_mid & 63u) : ((s_hi >> 4) | ((s_mid >> 6) << 4));
    const vec2 dm = unpackHalf2x16(head0.x);
    ch.scale = vec2(dm.x * float(sc));
    ch.offset = vec2(-(dm.y * float(mn)));
#elif defined(WTYPE_Q6_K)
    // Half h = c/4 of the block; quarter k = c%4 picks ql[l] or ql[l+32], its nibble, and 2 bits of qh[l].
    const uint h = c / 4, k = c % 4;
    const uint ql_word = block_word + 8 * h + 4 * (k & 1), qh_word = block_word + 16 + 4 * h;
    [[unroll]] for (uint n = 0; n < 4; ++n) {
        const uvec2 lo = (load_word(ql_word + n) >> (4 * (k >> 1))) & 0x0F0F0F0Fu;
        const uvec2 hi = (load_word(qh_word + n) >> (2 * k)) & 0x03030303u;
        ch.code[2 * n] = lo.x | (hi.x << 4);
        ch.code[2 * n + 1] = lo.y | (hi.y << 4);
    }
    const uvec2 sc_word = load_word(block_word + 24 + h);  // scales[8h .. 8h+7] (int8)
    const uint sc_pair = ((k < 2) ? sc_word.x : sc_word.y) >> (16 * (k & 1));
    const vec2 sc = vec2(float(bitfieldExtract(int(sc_pair), 0, 8)), float(bitfieldExtract(int(sc_pair), 8, 8)));
    ch.scale = unpackHalf2x16(load_word(block_word + 26).x).x * sc;
#elif defined(WTYPE_IQ2_XXS)
    // Sub-block c is word 1 + c: four 8-bit grid indices (.x), then four 7-bit sign groups and the 4-bit
    // scale in bits 28-31 (.y).
    const float d = unpackHalf2x16(load_word(block_word).x).x;
    const uvec2 q = load_word(block_word + 1 + c);
    [[unroll]] for (uint l = 0; l < 4; ++l)
        put_iq2_group(ch, l, IQ_GRID_IQ2_XXS + 2 * byte_of(q.x, l), parity_signs((q.y >> (7 * l)) & 127u));
    ch.scale = vec2(iq2_scale(d, q.y >> 28));
#elif defined(WTYPE_IQ2_XS)
    // Sub-block c is word 1 + c: four u16, each a 9-bit grid index with 7 sign bits above; scales[c]
    // (byte c of word 9) holds the scales of elements 0-15 (low nibble) and 16-31.
    const float d = unpackHalf2x16(load_word(block_word).x).x;
    const uvec2 q = load_word(block_word + 1 + c), scale_word = load_word(block_word + 9);
    [[unroll]] for (uint l = 0; l < 4; ++l) {
        const uint v = ((l < 2) ? q.x : q.y) >> (16 * (l & 1));
        put_iq2_group(ch, l, IQ_GRID_IQ2_XS + 2 * (v & 511u), parity_signs((v >> 9) & 127u));
    }
    const uint sc = byte_of((c < 4) ? scale_word.x : scale_word.y, c % 4);
    ch.scale = vec2(iq2_scale(d, sc & 15u), iq2_scale(d, sc >> 4));
#elif defined(WTYPE_IQ2_S)
    // Sub-block c: grid index low bytes qs[4c .. 4c+3] and sign bytes signs[4c .. 4c+3] (half c%2 of words
    // 1 + c/2 and 5 + c/2); qh[c] (word 9) gives index bits 8-9 of group l at bits 2l, 2l+1; scales[c]
    // (word 10) as IQ2_XS.
    const float d = unpackHalf2x16(load_word(block_word).x).x;
    const uvec2 qs_pair = load_word(block_word + 1 + c / 2), sign_pair = load_word(block_word + 5 + c / 2);
    const uvec2 qh_word = load_word(block_word + 9), scale_word = load_word(block_word + 10);
    const uint qs = (c & 1u) != 0u ? qs_pair.y : qs_pair.x, signs = (c & 1u) != 0u ? sign_pair.y : sign_pair.x;
    const uint qh = byte_of((c < 4) ? qh_word.x : qh_word.y, c % 4);
    [[unroll]] for (uint l = 0; l < 4; ++l)
        put_iq2_group(ch, l, IQ_GRID_IQ2_S + 2 * (byte_of(qs, l) | (((qh >> (2 * l)) & 3u) << 8)), byte_of(signs, l));
    const uint sc = byte_of((c < 4) ? scale_word.x : scale_word.y, c % 4);
    ch.scale = vec2(iq2_scale(d, sc & 15u), iq2_scale(d, sc >> 4));
#elif defined(WTYPE_IQ3_XXS)
    // Sub-block c: eight grid indices (word 1 + c), one per 4 elements; the u32 scales_and_signs[c] (half
    // c%2 of word 9 + c/2): four 7-bit sign groups of 8 elements, the 4-bit scale in bits 28-31;
    // db = d * (0.5 + s) * 0.5.
    const float d = unpackHalf2x16(load_word(block_word).x).x;
    const uvec2 q = load_word(block_word + 1 + c), aux_pair = load_word(block_word + 9 + c / 2);
    const uint aux = (c & 1u) != 0u ? aux_pair.y : aux_pair.x;
    [[unroll]] for (uint k = 0; k < 8; ++k) {
        const uint signs = parity_signs((aux >> (7 * (k / 2))) & 127u) >> (4 * (k & 1));
        ch.code[k] = signed_codes(grid_words[IQ_GRID_IQ3_XXS + byte_of((k < 4) ? q.x : q.y, k % 4)], signs);
    }
    precise float db = d * (0.5 + float(aux >> 28)) * 0.5;
    ch.scale = vec2(db);
#elif defined(WTYPE_IQ3_S)
    // Sub-block c: grid index low bytes (word 1 + c) with bit 8 of index k at bit k of qh[c] (word 9); sign
    // bytes signs[4c .. 4c+3] (half c%2 of word 10 + c/2); the 4-bit scale is nibble c of scales (word 14);
    // db = d * (1 + 2s).
    const float d = unpackHalf2x16(load_word(block_word).x).x;
    const uvec2 q = load_word(block_word + 1 + c), qh_word = load_word(block_word + 9);
    const uvec2 sign_pair = load_word(block_word + 10 + c / 2);
    const uint qh = byte_of((c < 4) ? qh_word.x : qh_word.y, c % 4);
    const uint signs = (c & 1u) != 0u ? sign_pair.y : sign_pair.x;
    [[unroll]] for (uint k = 0; k < 8; ++k) {
        const uint index = byte_of((k < 4) ? q.x : q.y, k % 4) | (((qh >> k) & 1u) << 8);
        ch.code[k] = signed_codes(grid_words[IQ_GRID_IQ3_S + index], byte_of(signs, k / 2) >> (4 * (k & 1)));
    }
    precise float db = d * float(1u + 2u * ((load_word(block_word + 14).x >> (4 * c)) & 15u));
    ch.scale = vec2(db);
#endif
    return ch;
}

// Weight e (0..31) of a decoded chunk; e is a compile-time constant in unrolled loops.
float chunk_weight(WeightChunk ch, uint e) {
#if defined(WTYPE_F32)
    return uintBitsToFloat(ch.code[e]);
#elif defined(WTYPE_F16)
    return unpackHalf2x16(ch.code[e / 2] >> (16 * (e % 2))).x;
#elif defined(WTYPE_BF16)
    return uintBitsToFloat(((ch.code[e / 2] >> (16 * (e % 2))) & 0xFFFFu) << 16);
#else
    precise float w = ch.scale[e / 16] * (float(byte_of(ch.code[e / 4], e % 4)) - WK_CODE_BIAS);
    precise float shifted = w + ch.offset[e / 16];
    return shifted;
#endif
}

#endif
