// kv_cache.glsl: how the KV cache stores keys and values, and how attention kernels read them. Before
// including, define K_CACHE_TYPE and V_CACHE_TYPE (KV_F16, KV_Q8_0 or KV_Q4_0, shader_constants.h) and
// declare the caches as `uint k_cache[]` and `uint v_cache[]`. Then
//     vec2 k_pair(uint e), vec2 v_pair(uint e)
// return cached values e and e + 1, where e (even) indexes one layer's [position x kv_dim] values.
// Layouts (sizes per value exactly ggml's; the CPU mirror is reference/kv_quantize.h's blocks):
//   f16:  word e / 2 = packHalf2x16(x[e], x[e + 1])
//   q8_0: 17 words per 64 values, two ggml q8_0 blocks of 32: word 0 = d0 | d1 << 16 (f16), words 1-8
//         block 0's int8 qs[32], words 9-16 block 1's; x = qs * d
//   q4_0: 9 words per 64 values: word 0 = d0 | d1 << 16, words 1-4 block 0's 16 bytes, words 5-8 block
//         1's; byte j of a block holds q[j] in its low and q[j + 16] in its high nibble; x = (q - 8) * d
// Quantized caches need kv_dim to be a multiple of 64, so that a row holds whole block pairs.
// kv_store.comp writes these layouts (and includes this file without K/V_CACHE_TYPE, for the constants).
#ifndef PONDER_KV_CACHE_GLSL
#define PONDER_KV_CACHE_GLSL

#define KV_Q8_0_WORDS 17u
#define KV_Q4_0_WORDS 9u

// The scale of the block holding value e, from its pair's scale word.
float kv_block_scale(uint scales, uint e) { return unpackHalf2x16(scales)[(e >> 5) & 1u]; }

vec2 kv_pair_q8_0(uint scales, uint codes, uint e) {
    const int shift = int(e & 3u) * 8;
    const ivec2 q = ivec2(bitfieldExtract(int(codes), shift, 8), bitfieldExtract(int(codes), shift + 8, 8));
    return vec2(q) * kv_block_scale(scales, e);
}

vec2 kv_pair_q4_0(uint scales, uint codes, uint e) {
    const uint j = e & 31u;  // value j of its block: byte j % 16, high nibble from j = 16 on
    const int shift = int(j & 3u) * 8 + (j >= 16u ? 4 : 0);
    const ivec2 q = ivec2(bitfieldExtract(codes, shift, 4), bitfieldExtract(codes, shift + 8, 4)) - 8;
    return vec2(q) * kv_block_scale(scales, e);
}

// Word of the block pair holding value e, and the word of its codes holding values e and e + 1.
#define KV_PAIR_BASE(e, words) (((e) / KV_BLOCK_PAIR) * (words))
#define KV_Q8_0_CODES(e) (KV_PAIR_BASE(e, KV_Q8_0_WORDS) + 1u + ((e) % KV_BLOCK_PAIR) / 4u)
#define KV_Q4_0_CODES(e) (KV_PAIR_BASE(e, KV_Q4_0_WORDS) + 1u + (((e) >> 5) & 1u) * 4u + ((e) & 15u) / 4u)

#if defined(K_CACHE_TYPE) && defined(V_CACHE_TYPE)  // attention kernels; kv_store.comp takes only the layout
// Defines `vec2 name(uint e)` reading `cache` stored as `type` (a constant: the other branches fold away).
#define KV_DEFINE_PAIR_READER(name, cache, type)                                                        \
    vec2 name(uint e) {                                                                                 \
        if (type == KV_Q8_0) return kv_pair_q8_0(cache[KV_PAIR_BASE(e, KV_Q8_0_WORDS)], cache[KV_Q8_0_CODES(e)], e); \
        if (type == KV_Q4_0) return kv_pair_q4_0(cache[KV_PAIR_BASE(e, KV_Q4_0_WORDS)], cache[KV_Q4_0_CODES(e)], e); \
        return unpackHalf2x16(cache[e / 2u]);                                                           \
    }

KV_DEFINE_PAIR_READER(k_pair, k_cache, K_CACHE_TYPE)
KV_DEFINE_PAIR_READER(v_pair, v_cache, V_CACHE_TYPE)
#endif

#endif
