#include "reference/kv_quantize.h"

#include "reference/dequant.h"
#include "reference/ops.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <vector>

namespace ponder::reference {
namespace {

constexpr size_t kBlock = 32;

void store_f16(uint8_t* p, float v) {
    const uint16_t h = fp32_to_fp16(v);
    std::memcpy(p, &h, 2);
}

} // namespace

void quantize_row_q8_0(const float* x, uint8_t* blocks, size_t n) {
    assert(n % kBlock == 0);
    for (size_t b = 0; b < n / kBlock; ++b, x += kBlock, blocks += 34) {
        float amax = 0.0f;
        for (size_t j = 0; j < kBlock; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / ((1 << 7) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        store_f16(blocks, d);
        for (size_t j = 0; j < kBlock; ++j) {
            const float x0 = x[j] * id;
            blocks[2 + j] = uint8_t(int8_t(std::roundf(x0)));  // roundf: halves away from zero
        }
    }
}

void quantize_row_q4_0(const float* x, uint8_t* blocks, size_t n) {
    assert(n % kBlock == 0);
    for (size_t b = 0; b < n / kBlock; ++b, x += kBlock, blocks += 18) {
        // The value of largest magnitude (the first, on ties) maps to -8: its sign is the scale's.
        float amax = 0.0f, max = 0.0f;
        for (size_t j = 0; j < kBlock; ++j)
            if (amax < std::fabs(x[j])) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        const float d = max / -8;
        const float id = d ? 1.0f / d : 0.0f;
        store_f16(blocks, d);
        for (size_t j = 0; j < kBlock / 2; ++j) {
            const float x0 = x[j] * id, x1 = x[kBlock / 2 + j] * id;
            const uint8_t q0 = std::min<uint8_t>(15, uint8_t(int8_t(x0 + 8.5f)));
            const uint8_t q1 = std::min<uint8_t>(15, uint8_t(int8_t(x1 + 8.5f)));
            blocks[2 + j] = uint8_t(q0 | (q1 << 4));
        }
    }
}

void round_to_kv_cache_type(KvCacheType type, std::span<float> x) {
    if (type == KvCacheType::F16) return round_to_f16(x);
    const bool q8 = type == KvCacheType::Q8_0;
    std::vector<uint8_t> blocks(x.size() / kBlock * (q8 ? 34 : 18));
    (q8 ? quantize_row_q8_0 : quantize_row_q4_0)(x.data(), blocks.data(), x.size());
    dequantize_row(q8 ? GgmlType::Q8_0 : GgmlType::Q4_0, blocks.data(), x.data(), x.size());
}

} // namespace ponder::reference
