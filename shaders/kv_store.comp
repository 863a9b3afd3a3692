// kv_store: writes the keys (or values) of tokens t < n_tokens into one layer's KV cache at row start_pos + t,
// in the cache's storage type KV_TYPE (layouts in kv_cache.glsl). f16 rounds to nearest even; q8_0 / q4_0 round
// exactly as ggml's quantize_row_q8_0_ref / quantize_row_q4_0_ref (reference/kv_quantize.h), bit for bit: the
// divisions are done in integers (Vulkan lets a float division be 2.5 ulp off) and products are `precise`.
// Bindings: 0 = source (float bits, uint [n_tokens x kv_dim]), 1 = cache (uint words).
// Push: kv_dim, start_pos. Dispatch: ceil(units / KV_STORE_GROUP) x n_tokens x 1, one invocation per unit:
// a pair of values (f16) or a pair of 32-value blocks (q8_0, q4_0).
#version 450
#extension GL_GOOGLE_include_directive : require
#include "shader_constants.h"
#include "kv_cache.glsl"

layout(local_size_x = KV_STORE_GROUP) in;

layout(std430, binding = 0) readonly buffer Source { uint src[]; };
layout(std430, binding = 1) writeonly buffer Cache { uint cache[]; };

layout(push_constant) uniform Push { uint kv_dim; uint start_pos; } pc;

// f32 -> f16 bits, rounded to nearest even (reference::fp32_to_fp16): integer steps, so no device's
// conversion rounding or denormal flushing can differ.
uint f16_bits(uint bits) {
    const uint sign = (bits >> 16) & 0x8000u;
    const uint a = bits & 0x7fffffffu;
    if (a > 0x7f800000u) return sign | 0x7e00u;   // nan
    if (a >= 0x477ff000u) return sign | 0x7c00u;  // rounds to >= 65520: inf
    if (a < 0x38800000u) {                        // subnormal half (or zero)
        if (a < 0x33000000u) return sign;
        const uint shift = 126u - (a >> 23);
        const uint mantissa = (a & 0x7fffffu) | 0x800000u;
        uint h = mantissa >> shift;
        const uint rest = mantissa & ((1u << shift) - 1u), midpoint = 1u << (shift - 1u);
        if (rest > midpoint || (rest == midpoint && (h & 1u) != 0u)) h += 1u;
        return sign | h;
    }
    const uint rebased = a - (112u << 23);
    return sign | ((rebased + 0xfffu + ((rebased >> 13) & 1u)) >> 13);
}

// a / b for positive normal floats, correctly rounded (nearest even) by long division of the significands.
// Quotients below the normal range give 0 (blocks of values under ~1e-36 are not bit-exact with ggml).
float div_rn(float a, float b) {
    const uint ba = floatBitsToUint(a), bb = floatBitsToUint(b);
    int e = int(ba >> 23) - int(bb >> 23);
    uint ma = (ba & 0x7fffffu) | 0x800000u;
    const uint mb = (bb & 0x7fffffu) | 0x800000u;
    if (ma < mb) {
        ma <<= 1;
        e -= 1;
    }
    uint q = 0u, r = ma;  // 25 quotient bits: 24 of significand and one to round with
    for (int i = 0; i < 25; ++i) {
        q <<= 1;
        if (r >= mb) {
            r -= mb;
            q |= 1u;
        }
        r <<= 1;
    }
    uint significand = q >> 1;
    if ((q & 1u) != 0u && (r != 0u || (significand & 1u) != 0u)) significand += 1u;
    if (significand == 0x1000000u) {
        significand >>= 1;
        e += 1;
    }
    const int biased = e + 127;
    if (biased <= 0) return 0.0;
    if (biased >= 255) return uintBitsToFloat(0x7f800000u);
    return uintBitsToFloat(uint(biased) << 23 | (significand & 0x7fffffu));
}

// C's roundf: halves away from zero (x - trunc(x) is exact).
float round_half_away(float x) {
    const float t = trunc(x);
    return abs(x - t) >= 0.5 ? t + sign(x) : t;
}

// Quantizes the 32 values at src[first..] into the f16 bits of their scale and 8 words of codes.
uint quantize_block(uint first, out uint codes[8]) {
#if KV_TYPE == KV_Q8_0
    uint amax_bits = 0u;  // |x| compared as bits: exact, and no float flushing of denormals
    for (uint j = 0u; j < 32u; ++j) amax_bits = max(amax_bits, src[first + j] & 0x7fffffffu);
    const float d = amax_bits == 0u ? 0.0 : div_rn(uintBitsToFloat(amax_bits), 127.0);
    const float id = d != 0.0 ? div_rn(1.0, d) : 0.0;
    for (uint w = 0u; w < 8u; ++w) {
        uint word = 0u;
        for (uint b = 0u; b < 4u; ++b) {
            precise float x0 = uintBitsToFloat(src[first + 4u * w + b]) * id;
            word |= (uint(int(round_half_away(x0))) & 0xffu) << (8u * b);
        }
        codes[w] = word;
    }
    return f16_bits(floatBitsToUint(d));
#else
    // The value of largest magnitude (the first, on ties) maps to -8: its sign is the scale's.
    uint amax_bits = 0u, max_bits = 0u;
    for (uint j = 0u; j < 32u; ++j) {
        const uint x = src[first + j];
        if ((x & 0x7fffffffu) > amax_bits) {
            amax_bits = x & 0x7fffffffu;
            max_bits = x;
        }
    }
    precise float d = uintBitsToFloat(max_bits) * -0.125;  // max / -8, exact
    const float id = d != 0.0 ? sign(d) * div_rn(1.0, abs(d)) : 0.0;  // 1 / d, correctly rounded
    for (uint w = 0u; w < 4u; ++w) {
        uint word = 0u;
        for (uint b = 0u; b < 4u; ++b) {
            const uint j = 4u * w + b;
            precise float x0 = uintBitsToFloat(src[first + j]) * id;
            precise float x1 = uintBitsToFloat(src[first + 16u + j]) * id;
            precise float s0 = x0 + 8.5, s1 = x1 + 8.5;
            const uint q0 = min(15u, uint(int(s0))), q1 = min(15u, uint(int(s1)));
            word |= (q0 | q1 << 4) << (8u * b);
        }
        codes[w] = word;
    }
    codes[4] = codes[5] = codes[6] = codes[7] = 0u;
    return f16_bits(floatBitsToUint(d));
#endif
}

void main() {
    const uint unit = gl_GlobalInvocationID.x, token = gl_WorkGroupID.y;
#if KV_TYPE == KV_F16
    const uint pairs = pc.kv_dim / 2u;
    if (unit >= pairs) return;
    const uint s = token * pc.kv_dim + 2u * unit;
    cache[(pc.start_pos + token) * pairs + unit] = f16_bits(src[s]) | f16_bits(src[s + 1u]) << 16;
#else
    const uint block_pairs = pc.kv_dim / KV_BLOCK_PAIR;
    if (unit >= block_pairs) return;
    const uint first = token * pc.kv_dim + unit * KV_BLOCK_PAIR;
#if KV_TYPE == KV_Q8_0
    const uint words = KV_Q8_0_WORDS, code_words = 8u;
#else
    const uint words = KV_Q4_0_WORDS, code_words = 4u;
#endif
    const uint base = ((pc.start_pos + token) * block_pairs + unit) * words;
    uint codes0[8], codes1[8];
    const uint d0 = quantize_block(first, codes0), d1 = quantize_block(first + 32u, codes1);
    cache[base] = d0 | d1 << 16;
    for (uint w = 0u; w < code_words; ++w) {
        cache[base + 1u + w] = codes0[w];
        cache[base + 1u + code_words + w] = codes1[w];
    }
#endif
}
