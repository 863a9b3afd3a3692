// The portable kernels: plain C++ for any CPU, and the baseline the SIMD paths are tested against.
#include "cpu/kernels.h"

#include "gguf/ggml_iq_tables.h"

#include <cstring>

namespace ponder::cpu::scalar_isa {
namespace {

#include "cpu/decode_blocks.inl"

void dot_quantized(const int16_t* wq, const float* wd, size_t n_blocks, const int16_t* a_q, const float* a_d,
                   size_t q_stride, size_t d_stride, size_t n_tokens, float* out) {
    for (size_t t = 0; t < n_tokens; ++t) {
        const int16_t* aq = a_q + t * q_stride;
        const float* ad = a_d + t * d_stride;
        float sum = 0;
        for (size_t b = 0; b < n_blocks; ++b) {
            int64_t block = 0;  // 32 products of up to 4096 * 32767 need more than 32 bits
            for (int i = 0; i < 32; ++i) block += int32_t(wq[32 * b + i]) * aq[32 * b + i];
            sum += wd[b] * ad[b] * float(block);
        }
        out[t] = sum;
    }
}

float dot_f32(const float* w, const float* x, size_t n) {
    float sum = 0;
    for (size_t i = 0; i < n; ++i) sum += w[i] * x[i];
    return sum;
}

float dot_f16(const uint16_t* w, const float* x, size_t n) {
    float sum = 0;
    for (size_t i = 0; i < n; ++i) sum += half_to_float(w[i]) * x[i];
    return sum;
}

float dot_bf16(const uint16_t* w, const float* x, size_t n) {
    float sum = 0;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t bits = uint32_t(w[i]) << 16;
        float f;
        std::memcpy(&f, &bits, 4);
        sum += f * x[i];
    }
    return sum;
}

void axpy_f32(float a, const float* x, float* y, size_t n) {
    for (size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

void axpy_f16(float a, const uint16_t* x, float* y, size_t n) {
    for (size_t i = 0; i < n; ++i) y[i] += a * half_to_float(x[i]);
}

constexpr IsaKernels kKernels{Isa::Scalar, kDecoders, sizeof(kDecoders) / sizeof(kDecoders[0]),
                              dot_quantized, nullptr, 0, dot_f32, dot_f16, dot_bf16, axpy_f32, axpy_f16};

} // namespace
} // namespace ponder::cpu::scalar_isa

namespace ponder::cpu {

const IsaKernels* scalar_kernels() { return &scalar_isa::kKernels; }

const IsaKernels& kernels_for(Isa isa) {
    const IsaKernels* kernels = nullptr;
    switch (isa) {
    case Isa::Scalar: kernels = scalar_kernels(); break;
    case Isa::Avx2: kernels = avx2_kernels(); break;
    case Isa::Avx512Bw: kernels = avx512bw_kernels(); break;
    case Isa::Avx512: kernels = avx512_kernels(); break;
    }
    return kernels ? *kernels : *scalar_kernels();
}

} // namespace ponder::cpu
