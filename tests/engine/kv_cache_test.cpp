// The quantized KV cache on Vulkan: kv_store writes exactly the bytes of the CPU quantizers (ggml's
// reference rounding) in the layout of shaders/kv_cache.glsl, and attention reading every pair of
// cache types matches the reference over the same rounded keys and values.
#include "reference/dequant.h"
#include "reference/kv_quantize.h"
#include "reference/ops.h"
#include "vk_test_device.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace ponder {
// Test names and failure messages say "q8_0", not "4-byte object <01-00 00-00>".
static void PrintTo(KvCacheType type, std::ostream* os) { *os << kv_cache_type_name(type); }
} // namespace ponder

namespace ponder::vk::testing {
namespace {

// One cache row set in the device layout (kv_cache.glsl), built from the CPU quantizers' ggml blocks:
// q8_0 / q4_0 pairs of blocks become [d0 | d1] [codes of block 0] [codes of block 1].
std::vector<uint8_t> device_layout(KvCacheType type, const std::vector<float>& x) {
    std::vector<uint8_t> out;
    if (type == KvCacheType::F16) {
        for (float v : x) {
            const uint16_t h = reference::fp32_to_fp16(v);
            out.insert(out.end(), {uint8_t(h), uint8_t(h >> 8)});
        }
        return out;
    }
    const bool q8 = type == KvCacheType::Q8_0;
    const size_t block_bytes = q8 ? 34 : 18, n_blocks = x.size() / 32;
    std::vector<uint8_t> blocks(n_blocks * block_bytes);
    (q8 ? reference::quantize_row_q8_0 : reference::quantize_row_q4_0)(x.data(), blocks.data(), x.size());
    for (size_t b = 0; b < n_blocks; b += 2) {
        const uint8_t* b0 = &blocks[b * block_bytes];
        const uint8_t* b1 = b0 + block_bytes;
        out.insert(out.end(), {b0[0], b0[1], b1[0], b1[1]});
        out.insert(out.end(), b0 + 2, b0 + block_bytes);
        out.insert(out.end(), b1 + 2, b1 + block_bytes);
    }
    return out;
}

class KvStoreTest : public VkTest, public ::testing::WithParamInterface<KvCacheType> {};

TEST_P(KvStoreTest, WritesTheCpuQuantizersBytesAtTheTokensRows) {
    const KvCacheType type = GetParam();
    const uint32_t kv_dim = 192, n_tokens = 64, start_pos = 2, n_rows = 67;
    // Rows of scales 1e-3 .. 1e3, and blocks that probe the rounding: all zeros; multiples of d / 2
    // (ties: roundf rounds them away from zero, q4_0's +8.5 truncation up); +m and -m tied for the
    // largest magnitude (q4_0 takes the first); one huge value. (lavapipe divides exactly; the kernel's
    // integer division keeps other GPUs, whose float division may be 2.5 ulp off, bit-exact too.)
    std::vector<float> x;
    for (uint32_t t = 0; t < n_tokens; ++t) {
        const std::vector<float> row = random_floats(kv_dim, std::pow(10.0f, float(t % 7) - 3));
        x.insert(x.end(), row.begin(), row.end());
    }
    std::fill(x.begin() + 32, x.begin() + 64, 0.0f);
    for (int j = 0; j < 32; ++j) x[64 + j] = float(j - 16) / 16;           // q4_0: d = 1/8, x / d = half-integers
    for (int j = 0; j < 32; ++j) x[96 + j] = float(j % 9) - 4.0f;          // -4 first, then +4: a tie
    for (int j = 0; j < 32; ++j) x[128 + j] = j == 0 ? 127 : (j - 16) / 2.0f;  // q8_0: d = 1, halves
    x[kv_dim + 5] = 3.0e4f;

    Buffer src = upload(x);
    const uint64_t row_bytes = kv_cache_row_bytes(type, kv_dim);
    Buffer cache = upload(std::vector<uint8_t>(n_rows * row_bytes, 0));
    auto kernels = LayerKernels::create(*device, this->cache, {type, type});
    ASSERT_TRUE(kernels.ok()) << kernels.error().message;
    run([&](CommandRecorder& rec) {
        // Keys and values share the source and the cache here: the value store rewrites the same bytes.
        return kernels->kv_store(rec, src.view(), src.view(), cache.view(), cache.view(), kv_dim, n_tokens,
                                 start_pos);
    });
    std::vector<uint8_t> got(n_rows * row_bytes);
    ASSERT_TRUE(cache.read(*device, 0, got).ok());

    std::vector<uint8_t> expected(start_pos * row_bytes, 0);
    const std::vector<uint8_t> rows = device_layout(type, x);
    expected.insert(expected.end(), rows.begin(), rows.end());
    expected.resize(n_rows * row_bytes, 0);
    ASSERT_EQ(rows.size(), n_tokens * row_bytes);
    size_t mismatches = 0, first = got.size();
    for (size_t i = 0; i < got.size(); ++i)
        if (got[i] != expected[i] && mismatches++ == 0) first = i;
    EXPECT_EQ(mismatches, 0u) << "first differing byte " << first << " (row " << first / row_bytes << "): "
                              << int(got[first]) << " instead of " << int(expected[std::min(first, got.size() - 1)]);
}

INSTANTIATE_TEST_SUITE_P(EveryCacheType, KvStoreTest,
                         ::testing::Values(KvCacheType::F16, KvCacheType::Q8_0, KvCacheType::Q4_0),
                         [](const auto& info) { return std::string(kv_cache_type_name(info.param)); });

struct QuantizedAttentionCase {
    KvCacheTypes types;
    AttentionShape shape;
};

void PrintTo(const QuantizedAttentionCase& c, std::ostream* os) {
    *os << kv_cache_type_name(c.types.k) << " keys, " << kv_cache_type_name(c.types.v) << " values, head_dim "
        << c.shape.head_dim;
}

class QuantizedAttentionTest
    : public VkTest,
      public ::testing::WithParamInterface<std::tuple<QuantizedAttentionCase, AttentionVariant>> {};

TEST_P(QuantizedAttentionTest, MatchesTheReferenceOverTheSameRoundedCache) {
    const auto [types, s] = std::get<0>(GetParam());
    const uint32_t kv_dim = s.n_kv_heads * s.head_dim, q_dim = s.n_heads * s.head_dim;
    const uint32_t n_positions = s.start_pos + s.n_tokens;
    const std::vector<float> keys = random_floats(size_t(n_positions) * kv_dim);
    const std::vector<float> values = random_floats(size_t(n_positions) * kv_dim);
    const std::vector<float> q = random_floats(size_t(s.n_tokens) * q_dim, 0.5f);

    const LayerKernels attention_kernels = kernels_with(types, std::get<1>(GetParam()));
    const LayerKernels* kernels = &attention_kernels;
    Buffer kb = upload(keys), vb = upload(values), qb = upload(q);
    Buffer k_cache = upload(std::vector<uint8_t>(n_positions * kv_cache_row_bytes(types.k, kv_dim)));
    Buffer v_cache = upload(std::vector<uint8_t>(n_positions * kv_cache_row_bytes(types.v, kv_dim)));
    Buffer partials = zeros(attention_partials_floats(s)), out = zeros(q.size());
    run([&](CommandRecorder& rec) -> Status {
        PONDER_TRY(kernels->kv_store(rec, kb.view(), vb.view(), k_cache.view(), v_cache.view(), kv_dim,
                                     n_positions, 0));
        rec.barrier_between_steps();
        return kernels->attention(rec, qb.view(), k_cache.view(), v_cache.view(), partials.view(), out.view(), s);
    });

    std::vector<float> k_rounded = keys, v_rounded = values, expected(q.size());
    reference::round_to_kv_cache_type(types.k, k_rounded);
    reference::round_to_kv_cache_type(types.v, v_rounded);
    for (uint32_t t = 0; t < s.n_tokens; ++t)
        reference::attention(std::span(q).subspan(t * q_dim, q_dim), k_rounded.data(), v_rounded.data(),
                             s.start_pos + t + 1, s.n_heads, s.n_kv_heads, s.head_dim,
                             std::span(expected).subspan(t * q_dim, q_dim));
    EXPECT_LE(normalized_mse(expected, download(out, q.size())), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    TypePairs, QuantizedAttentionTest,
    ::testing::Combine(
        ::testing::Values(
            QuantizedAttentionCase{{KvCacheType::Q8_0, KvCacheType::Q8_0}, {64, 6, 2, 1, 1500}},  // decode, splits
            QuantizedAttentionCase{{KvCacheType::Q4_0, KvCacheType::Q4_0}, {128, 4, 4, 19, 45}},  // prefill
            QuantizedAttentionCase{{KvCacheType::Q4_0, KvCacheType::Q8_0}, {64, 8, 1, 40, 600}},  // GQA 8, deep
            QuantizedAttentionCase{{KvCacheType::Q8_0, KvCacheType::F16}, {32, 4, 2, 3, 130}},
            QuantizedAttentionCase{{KvCacheType::F16, KvCacheType::Q4_0}, {64, 14, 2, 37, 0}}),
        kEveryAttentionVariant),
    [](const auto& info) {
        const QuantizedAttentionCase& c = std::get<0>(info.param);
        return attention_variant_name(std::get<1>(info.param)) + "_" + kv_cache_type_name(c.types.k) + "_" +
               kv_cache_type_name(c.types.v) + "_d" + std::to_string(c.shape.head_dim) + "_t" +
               std::to_string(c.shape.n_tokens);
    });

} // namespace
} // namespace ponder::vk::testing
