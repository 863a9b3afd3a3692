// The kernels one instruction set provides (kernels_scalar.cpp, kernels_avx2.cpp, kernels_avx512.cpp),
// as a table of plain function pointers. Internal to the CPU backend; matmul.h is the public face.
//
// Quantized weights are never expanded to floats. A row is decoded block by block into int16 values
// with each sub-block's integer scale folded in, one float scale per 32 values and, for types with
// minimums, one float offset per 16 values:   w[i] = d[i / 32] * q[i] + offset[i / 16].
// Activations are int16 per 32 values with one float scale (activations.h), so a row's dot product
// is sum_b d_w[b] d_a[b] (integer dot of block b) + sum_g offset[g] * (d_a * sum of activation group g).
// Every folded value fits int16 (largest: IQ4_XS and Q6_K, |q| <= 4096).
#pragma once

#include "cpu/isa_id.h"
#include "gguf/ggml_types.h"

#include <cstddef>
#include <cstdint>

namespace ponder::cpu {

// Decodes n_blocks blocks of one type into q [n_blocks * block_elems], d [.. / 32] and, for types
// with minimums, offset [.. / 16].
using DecodeFn = void (*)(const uint8_t* blocks, size_t n_blocks, int16_t* q, float* d, float* offset);

struct TypeDecoder {
    GgmlType type;
    bool has_offsets;
    DecodeFn decode;
};

// Integer dot products of one decoded weight row with n_tokens activation rows:
// out[t] = sum over the n_blocks 32-value blocks of wd[b] * a_d[t][b] * dot(wq block b, a_q[t] block b).
// a_q / a_d of token t start at a_q + t * q_stride and a_d + t * d_stride.
using DotQuantizedFn = void (*)(const int16_t* wq, const float* wd, size_t n_blocks, const int16_t* a_q,
                                const float* a_d, size_t q_stride, size_t d_stride, size_t n_tokens, float* out);

// The same product straight from a row of n_blocks of the type's blocks (Q8_0, Q5_0, Q4_0, Q6_K, Q4_K on the
// SIMD paths), each block widened in registers instead of decoded into an int16 row
// first, which writes and reads back two bytes per value. a_q / a_d as for DotQuantizedFn (32-value blocks).
// Types with minimums (Q4_K) also write the row's offsets, as their decoder would, for the caller's
// minimums term; the others leave `offset` alone.
using DotInPlaceFn = void (*)(const uint8_t* blocks, size_t n_blocks, const int16_t* a_q, const float* a_d,
                              size_t q_stride, size_t d_stride, size_t n_tokens, float* out, float* offset);

struct InPlaceDot {
    GgmlType type;
    DotInPlaceFn dot;
};

struct IsaKernels {
    Isa isa;
    const TypeDecoder* decoders; // every quantized type the backend runs
    size_t n_decoders;
    DotQuantizedFn dot_quantized;
    const InPlaceDot* in_place;  // the types dotted in place; the others are decoded, then dot_quantized
    size_t n_in_place;
    float (*dot_f32)(const float* w, const float* x, size_t n);
    float (*dot_f16)(const uint16_t* w, const float* x, size_t n);
    float (*dot_bf16)(const uint16_t* w, const float* x, size_t n);
    // y += a * x (attention's weighted sum of values)
    void (*axpy_f32)(float a, const float* x, float* y, size_t n);
    void (*axpy_f16)(float a, const uint16_t* x, float* y, size_t n);
};

// nullptr where the build or the target has no such path (see isa_available for the CPU's side).
const IsaKernels* scalar_kernels();
const IsaKernels* avx2_kernels();
const IsaKernels* avx512bw_kernels();
const IsaKernels* avx512_kernels();
const IsaKernels& kernels_for(Isa isa);

} // namespace ponder::cpu
