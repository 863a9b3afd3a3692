#include "cpu/matmul.h"

#include "cpu/kernels.h"
#include "reference/dequant.h"

#include <cassert>
#include <cmath>
#include <cstring>

namespace ponder::cpu {
namespace {

const TypeDecoder* find_decoder(const IsaKernels& k, GgmlType type) {
    for (size_t i = 0; i < k.n_decoders; ++i)
        if (k.decoders[i].type == type) return &k.decoders[i];
    return nullptr;
}

DotInPlaceFn find_in_place(const IsaKernels& k, GgmlType type) {
    for (size_t i = 0; i < k.n_in_place; ++i)
        if (k.in_place[i].type == type) return k.in_place[i].dot;
    return nullptr;
}

bool is_float_type(GgmlType type) {
    return type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16;
}

// One thread's decoded weight row (kernels.h's format), reused from row to row and call to call.
struct RowScratch {
    std::vector<int16_t> q;
    std::vector<float> d, offset;
    void fit(size_t cols) {
        if (q.size() < cols) {
            q.resize(cols);
            d.resize(cols / 32);
            offset.resize(cols / 16);
        }
    }
};

// Float weights: one dot product per (row, token) over the float activations.
void float_rows(const IsaKernels& k, const WeightMatrix& w, const Activations& x, float* y, size_t r0, size_t r1) {
    const size_t elem = w.type == GgmlType::F32 ? 4 : 2;
    for (size_t r = r0; r < r1; ++r) {
        const uint8_t* row = w.data + r * w.cols * elem;
        for (size_t t = 0; t < x.n_tokens; ++t) {
            const float* xt = x.x + t * x.cols;
            float v;
            if (w.type == GgmlType::F32)
                v = k.dot_f32(reinterpret_cast<const float*>(row), xt, w.cols);
            else if (w.type == GgmlType::F16)
                v = k.dot_f16(reinterpret_cast<const uint16_t*>(row), xt, w.cols);
            else
                v = k.dot_bf16(reinterpret_cast<const uint16_t*>(row), xt, w.cols);
            y[t * w.rows + r] = v;
        }
    }
}

// Quantized weights: each row decoded once (into L1) and dotted with every token's int16 blocks; the types
// the path dots in place (kernels.h's InPlaceDot) straight from the file's blocks.
void quantized_rows(const IsaKernels& k, const TypeDecoder& decoder, const WeightMatrix& w, const Activations& x,
                    float* y, size_t r0, size_t r1) {
    thread_local RowScratch scratch;
    scratch.fit(w.cols);
    thread_local std::vector<float> dots;
    dots.resize(x.n_tokens);
    const GgmlTypeTraits traits = *ggml_type_traits(uint32_t(w.type));
    const size_t n_blocks = w.cols / traits.block_elems;
    const size_t row_bytes = n_blocks * traits.block_bytes;
    const size_t n32 = w.cols / 32, n16 = w.cols / 16;
    const DotInPlaceFn in_place = find_in_place(k, w.type);
    for (size_t r = r0; r < r1; ++r) {
        // Ask for the next row while this one is decoded: a row is a few hundred bytes to a few
        // kilobytes, too short for the hardware prefetcher to ramp up on its own.
        if (r + 1 < r1)
            for (size_t offset = 0; offset < row_bytes; offset += 64)
                __builtin_prefetch(w.data + (r + 1) * row_bytes + offset);
        if (in_place) {
            in_place(w.data + r * row_bytes, n_blocks, x.q.data(), x.d.data(), x.cols, n32, x.n_tokens, dots.data(),
                     scratch.offset.data());
        } else {
            decoder.decode(w.data + r * row_bytes, n_blocks, scratch.q.data(), scratch.d.data(),
                           scratch.offset.data());
            k.dot_quantized(scratch.q.data(), scratch.d.data(), n32, x.q.data(), x.d.data(), x.cols, n32, x.n_tokens,
                            dots.data());
        }
        for (size_t t = 0; t < x.n_tokens; ++t) {
            float v = dots[t];
            // The minimums: sum over 16-value groups of offset * (sum of the group's activations).
            if (decoder.has_offsets) v += k.dot_f32(scratch.offset.data(), x.sum16.data() + t * n16, n16);
            y[t * w.rows + r] = v;
        }
    }
}

} // namespace

void Activations::set(const float* values, size_t tokens, size_t width) {
    x = values;
    n_tokens = tokens;
    cols = width;
    if (cols % 32 != 0) {
        q.clear();
        d.clear();
        sum16.clear();
        return;
    }
    q.resize(n_tokens * cols);
    d.resize(n_tokens * cols / 32);
    sum16.resize(n_tokens * cols / 16);
    for (size_t b = 0; b < n_tokens * cols / 32; ++b) {
        const float* v = values + 32 * b;
        float amax = 0;
        for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(v[i]));
        const float scale = amax / 32767.0f;
        const float inverse = scale > 0 ? 1.0f / scale : 0.0f;
        int16_t* qb = q.data() + 32 * b;
        int32_t sums[2] = {0, 0};
        for (int i = 0; i < 32; ++i) {
            qb[i] = int16_t(std::lrintf(v[i] * inverse));
            sums[i / 16] += qb[i];
        }
        d[b] = scale;
        sum16[2 * b] = scale * float(sums[0]);
        sum16[2 * b + 1] = scale * float(sums[1]);
    }
}

bool supports_type(GgmlType type) {
    return is_float_type(type) || find_decoder(*scalar_kernels(), type) != nullptr;
}

Compute::Compute(Isa isa, unsigned n_threads) : isa_(isa), kernels_(kernels_for(isa)), pool_(n_threads) {}

void Compute::matmul(const WeightMatrix& w, const Activations& x, float* y) {
    assert(x.cols == w.cols);
    if (is_float_type(w.type)) {
        pool_.for_ranges(w.rows, 4, [&](size_t r0, size_t r1) { float_rows(kernels_, w, x, y, r0, r1); });
        return;
    }
    const TypeDecoder* decoder = find_decoder(kernels_, w.type);
    assert(decoder && !x.q.empty() && "matmul: a type without CPU kernels, or activations not a multiple of 32");
    pool_.for_ranges(w.rows, 4, [&](size_t r0, size_t r1) { quantized_rows(kernels_, *decoder, w, x, y, r0, r1); });
}

void Compute::row_to_floats(const WeightMatrix& w, size_t row, float* out) const {
    if (w.type == GgmlType::F32) {
        std::memcpy(out, w.data + row * w.cols * 4, w.cols * 4);
        return;
    }
    if (w.type == GgmlType::F16 || w.type == GgmlType::BF16) {
        // A dot product with a one-hot vector would do; the direct conversion is clearer.
        const uint8_t* src = w.data + row * w.cols * 2;
        for (size_t i = 0; i < w.cols; ++i) {
            uint16_t h;
            std::memcpy(&h, src + 2 * i, 2);
            uint32_t bits;
            if (w.type == GgmlType::BF16) {
                bits = uint32_t(h) << 16;
                std::memcpy(&out[i], &bits, 4);
            } else {
                out[i] = reference::fp16_to_fp32(h);
            }
        }
        return;
    }
    const TypeDecoder* decoder = find_decoder(kernels_, w.type);
    assert(decoder);
    const GgmlTypeTraits traits = *ggml_type_traits(uint32_t(w.type));
    const size_t n_blocks = w.cols / traits.block_elems;
    std::vector<int16_t> q(w.cols);
    std::vector<float> d(w.cols / 32), offset(w.cols / 16, 0.0f);
    decoder->decode(w.data + row * n_blocks * traits.block_bytes, n_blocks, q.data(), d.data(), offset.data());
    for (size_t i = 0; i < w.cols; ++i) out[i] = d[i / 32] * float(q[i]) + offset[i / 16];
}

} // namespace ponder::cpu
