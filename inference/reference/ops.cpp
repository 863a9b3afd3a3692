#include "reference/ops.h"

#include "reference/dequant.h"
#include "reference/parallel.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace ponder::reference {
namespace {

float dot(const float* a, const float* b, size_t n) {
    // Four partial sums: lets the compiler vectorize and halves the rounding drift of one long sum.
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; ++i) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

size_t row_bytes(GgmlType type, size_t cols) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    assert(traits && cols % traits->block_elems == 0);
    return cols / traits->block_elems * traits->block_bytes;
}

} // namespace

void rms_norm(std::span<const float> x, std::span<const float> weight, float eps, std::span<float> out) {
    const size_t n = weight.size();
    assert(x.size() % n == 0 && out.size() == x.size());
    for (size_t row = 0; row < x.size(); row += n) {
        double sum_sq = 0;
        for (size_t i = 0; i < n; ++i) sum_sq += double(x[row + i]) * x[row + i];
        const float scale = 1.0f / std::sqrt(float(sum_sq / n) + eps);
        for (size_t i = 0; i < n; ++i) out[row + i] = x[row + i] * scale * weight[i];
    }
}

void matmul(const WeightMatrix& w, const float* x, size_t n_tokens, float* y) {
    const size_t stride = row_bytes(w.type, w.cols);
    parallel_for(w.rows, 64, [&](size_t begin, size_t end) {
        std::vector<float> row(w.cols);
        for (size_t r = begin; r < end; ++r) {
            dequantize_row(w.type, w.data + r * stride, row.data(), w.cols);
            for (size_t t = 0; t < n_tokens; ++t) y[t * w.rows + r] = dot(row.data(), x + t * w.cols, w.cols);
        }
    });
}

void add_bias(std::span<float> x, std::span<const float> bias) {
    assert(x.size() % bias.size() == 0);
    for (size_t i = 0; i < x.size(); ++i) x[i] += bias[i % bias.size()];
}

void rope(std::span<float> heads, uint32_t head_dim, uint32_t pos, const RopeFrequencies& freqs, RopeStyle style) {
    assert(head_dim % 2 == 0 && heads.size() % head_dim == 0 && freqs.per_position.size() == head_dim / 2);
    const uint32_t half = head_dim / 2;
    for (size_t h = 0; h < heads.size(); h += head_dim) {
        float* v = heads.data() + h;
        for (uint32_t i = 0; i < half; ++i) {
            const auto [c, s] = rope_cos_sin(freqs, pos, i);
            const uint32_t a = style == RopeStyle::Norm ? 2 * i : i;
            const uint32_t b = style == RopeStyle::Norm ? 2 * i + 1 : i + half;
            const float x0 = v[a], x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

void softmax(std::span<float> x) {
    const float max = *std::max_element(x.begin(), x.end());
    double sum = 0;
    for (float& v : x) sum += (v = std::exp(v - max));
    for (float& v : x) v = float(v / sum);
}

void swiglu(std::span<const float> gate, std::span<const float> up, std::span<float> out) {
    assert(gate.size() == up.size() && out.size() == up.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

void round_to_f16(std::span<float> x) {
    for (float& v : x) v = fp16_to_fp32(fp32_to_fp16(v));
}

void attention(std::span<const float> q, const float* k_cache, const float* v_cache, uint32_t n_positions,
               uint32_t n_heads, uint32_t n_kv_heads, uint32_t head_dim, std::span<float> out) {
    assert(q.size() == size_t(n_heads) * head_dim && out.size() == q.size());
    const uint32_t group = n_heads / n_kv_heads;
    const size_t kv_dim = size_t(n_kv_heads) * head_dim;
    const float scale = 1.0f / std::sqrt(float(head_dim));
    std::vector<float> scores(n_positions);
    for (uint32_t h = 0; h < n_heads; ++h) {
        const float* qh = q.data() + size_t(h) * head_dim;
        const size_t kv_offset = size_t(h / group) * head_dim;
        for (uint32_t p = 0; p < n_positions; ++p)
            scores[p] = dot(qh, k_cache + p * kv_dim + kv_offset, head_dim) * scale;
        softmax(scores);
        float* oh = out.data() + size_t(h) * head_dim;
        std::fill(oh, oh + head_dim, 0.0f);
        for (uint32_t p = 0; p < n_positions; ++p) {
            const float* vp = v_cache + p * kv_dim + kv_offset;
            for (uint32_t i = 0; i < head_dim; ++i) oh[i] += scores[p] * vp[i];
        }
    }
}

} // namespace ponder::reference
