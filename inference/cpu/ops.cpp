#include "cpu/ops.h"

#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>

namespace ponder::cpu {

void rms_norm(const float* x, const float* weight, size_t width, size_t n_rows, float eps, float* out) {
    for (size_t r = 0; r < n_rows; ++r, x += width, out += width) {
        double sum = 0;
        for (size_t i = 0; i < width; ++i) sum += double(x[i]) * x[i];
        const float scale = float(1.0 / std::sqrt(sum / double(width) + eps));
        for (size_t i = 0; i < width; ++i) out[i] = x[i] * scale * weight[i];
    }
}

RopeTable::RopeTable(const RopeConfig& rope, uint32_t head_dim, uint32_t n_ctx)
    : head_dim_(head_dim), style_(rope.style), table_(size_t(n_ctx) * head_dim / 2) {
    const RopeFrequencies freqs = rope_frequencies(rope, head_dim);
    for (uint32_t pos = 0; pos < n_ctx; ++pos)
        for (uint32_t i = 0; i < head_dim / 2; ++i) table_[size_t(pos) * head_dim / 2 + i] = rope_cos_sin(freqs, pos, i);
}

void RopeTable::apply(float* heads, size_t width, uint32_t pos) const {
    const uint32_t half = head_dim_ / 2;
    const CosSin* cs = table_.data() + size_t(pos) * half;
    for (size_t h = 0; h < width; h += head_dim_) {
        float* v = heads + h;
        for (uint32_t i = 0; i < half; ++i) {
            // NORM pairs (2i, 2i + 1), NEOX pairs (i, i + head_dim / 2).
            const uint32_t a = style_ == RopeStyle::Norm ? 2 * i : i;
            const uint32_t b = style_ == RopeStyle::Norm ? 2 * i + 1 : i + half;
            const float x0 = v[a], x1 = v[b];
            v[a] = x0 * cs[i].cos - x1 * cs[i].sin;
            v[b] = x0 * cs[i].sin + x1 * cs[i].cos;
        }
    }
}

void swiglu(float* gate, const float* up, size_t n) {
    for (size_t i = 0; i < n; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

void attention(Compute& compute, const KvStore& cache, uint32_t layer, const ModelConfig& c, const float* q,
               uint32_t n_tokens, uint32_t start_pos, float* out) {
    const IsaKernels& k = compute.kernels();
    const uint32_t hd = c.head_dim, group = c.n_heads / c.n_kv_heads;
    const float scale = 1.0f / std::sqrt(float(hd));
    const bool f16_keys = cache.key_type() == KvCacheType::F16;
    const bool f16_values = cache.value_type() == KvCacheType::F16;
    compute.pool().for_ranges(size_t(n_tokens) * c.n_heads, 1, [&](size_t begin, size_t end) {
        thread_local std::vector<float> scores, row;
        row.resize(hd);
        for (size_t pair = begin; pair < end; ++pair) {
            const uint32_t t = uint32_t(pair / c.n_heads), h = uint32_t(pair % c.n_heads), kv_head = h / group;
            const uint32_t n_pos = start_pos + t + 1;
            const float* qh = q + size_t(t) * c.q_dim() + size_t(h) * hd;
            float* oh = out + size_t(t) * c.q_dim() + size_t(h) * hd;
            // Scores, then softmax over them, then the weighted sum of values (the scores of one head
            // fit in cache, so two passes cost less than rescaling an online sum at every position).
            scores.resize(n_pos);
            float max = -INFINITY;
            for (uint32_t p = 0; p < n_pos; ++p) {
                float s;
                if (f16_keys) {
                    s = k.dot_f16(cache.key_f16(layer, p, kv_head), qh, hd);
                } else {
                    cache.load_key(layer, p, kv_head, row.data());
                    s = k.dot_f32(row.data(), qh, hd);
                }
                scores[p] = s * scale;
                max = std::max(max, scores[p]);
            }
            float sum = 0;
            for (uint32_t p = 0; p < n_pos; ++p) {
                scores[p] = std::exp(scores[p] - max);
                sum += scores[p];
            }
            std::fill(oh, oh + hd, 0.0f);
            for (uint32_t p = 0; p < n_pos; ++p) {
                const float w = scores[p] / sum;
                if (f16_values) {
                    k.axpy_f16(w, cache.value_f16(layer, p, kv_head), oh, hd);
                } else {
                    cache.load_value(layer, p, kv_head, row.data());
                    k.axpy_f32(w, row.data(), oh, hd);
                }
            }
        }
    });
}

} // namespace ponder::cpu
