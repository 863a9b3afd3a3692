// The non-weight Vulkan kernels against the CPU reference (reference/ops.h) on fresh random inputs with
// odd sizes: normalized MSE <= 1e-6.
#include "reference/ops.h"
#include "vk/shader_constants.h"
#include "vk/weight_kernels.h"
#include "vk_test_device.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ponder::vk::testing {
namespace {

constexpr double kMaxError = 1e-6;

using KernelTest = VkTest;

TEST_F(KernelTest, RmsNormScalesEveryRowByItsRootMeanSquare) {
    const uint32_t n_cols = 1000, n_rows = 7; // not a multiple of the workgroup size
    const std::vector<float> x = random_floats(n_cols * n_rows, 3.0f), w = random_floats(n_cols);
    std::vector<float> expected(x.size());
    reference::rms_norm(x, w, 1e-6f, expected);
    Buffer xb = upload(x), wb = upload(w), yb = zeros(x.size());
    run([&](CommandRecorder& rec) {
        return kernels.rms_norm(rec, xb.view(), wb.view(), yb.view(), n_cols, n_rows, 1e-6f);
    });
    EXPECT_LE(normalized_mse(expected, download(yb, x.size())), kMaxError);
}

TEST_F(KernelTest, RmsNormFromARowOffsetWritesRowZeroOn) {
    const uint32_t n_cols = 96, n_rows = 5, first = 3;
    const std::vector<float> x = random_floats(n_cols * n_rows), w = random_floats(n_cols);
    std::vector<float> expected((n_rows - first) * n_cols);
    reference::rms_norm(std::span(x).subspan(first * n_cols), w, 1e-5f, expected);
    Buffer xb = upload(x), wb = upload(w), yb = zeros(expected.size());
    run([&](CommandRecorder& rec) {
        return kernels.rms_norm(rec, xb.view(), wb.view(), yb.view(), n_cols, n_rows - first, 1e-5f, first);
    });
    EXPECT_LE(normalized_mse(expected, download(yb, expected.size())), kMaxError);
}

TEST_F(KernelTest, AddRmsNormAddsTheResidualThenNormalizesTheChosenRows) {
    const uint32_t n_cols = 896, n_rows = 6, first = 5; // the last layer: only the last row gets logits
    const std::vector<float> x = random_floats(n_cols * n_rows), delta = random_floats(n_cols * n_rows);
    const std::vector<float> w = random_floats(n_cols);
    std::vector<float> sum = x;
    for (size_t i = first * n_cols; i < sum.size(); ++i)
        sum[i] += delta[i];
    std::vector<float> expected((n_rows - first) * n_cols);
    reference::rms_norm(std::span(sum).subspan(first * n_cols), w, 1e-6f, expected);
    Buffer xb = upload(x), db = upload(delta), wb = upload(w), yb = zeros(expected.size());
    run([&](CommandRecorder& rec) {
        return kernels.add_rms_norm(rec, xb.view(), db.view(), wb.view(), yb.view(), n_cols, n_rows - first,
                                    1e-6f, first);
    });
    EXPECT_LE(normalized_mse(expected, download(yb, expected.size())), kMaxError);
    EXPECT_EQ(download(xb, x.size()), sum); // the residual sum stays in x
}

TEST_F(KernelTest, PerHeadRmsNormInPlaceNormalizesEachHead) {
    const uint32_t head_dim = 128, rows = 3 * 5; // qwen3 q norm: tokens x heads rows of head_dim
    const std::vector<float> x = random_floats(head_dim * rows), w = random_floats(head_dim);
    std::vector<float> expected(x.size());
    reference::rms_norm(x, w, 1e-6f, expected);
    Buffer xb = upload(x), wb = upload(w);
    run([&](CommandRecorder& rec) {
        return kernels.rms_norm(rec, xb.view(), wb.view(), xb.view(), head_dim, rows, 1e-6f);
    });
    EXPECT_LE(normalized_mse(expected, download(xb, x.size())), kMaxError);
}

class RopeTest : public VkTest, public ::testing::WithParamInterface<RopeStyle> {};

TEST_P(RopeTest, RotatesEveryQueryAndKeyHeadByItsTokensPosition) {
    const uint32_t head_dim = 64, n_heads = 3, n_kv_heads = 1, n_tokens = 5, start_pos = 3000, n_ctx = 3100;
    // YaRN with frequency factors: the table carries every part of the angle and the magnitude.
    RopeConfig rope{.base = 1e6f, .scaling = RopeScaling::Yarn, .factor = 4, .original_context = 1024};
    for (uint32_t i = 0; i < head_dim / 2; ++i) rope.freq_factors.push_back(1.0f + float(i % 3));
    const RopeFrequencies freqs = rope_frequencies(rope, head_dim);
    const std::vector<float> q = random_floats(head_dim * n_heads * n_tokens);
    const std::vector<float> k = random_floats(head_dim * n_kv_heads * n_tokens);
    std::vector<float> expected_q = q, expected_k = k;
    for (uint32_t t = 0; t < n_tokens; ++t) {
        reference::rope(std::span(expected_q).subspan(t * n_heads * head_dim, n_heads * head_dim), head_dim,
                        start_pos + t, freqs, GetParam());
        reference::rope(std::span(expected_k).subspan(t * n_kv_heads * head_dim, n_kv_heads * head_dim),
                        head_dim, start_pos + t, freqs, GetParam());
    }
    Buffer qb = upload(q), kb = upload(k), table = upload(rope_table(n_ctx, freqs));
    run([&](CommandRecorder& rec) {
        return kernels.rope(rec, qb.view(), kb.view(), table.view(),
                            {head_dim, n_heads, n_kv_heads, n_tokens, start_pos}, GetParam());
    });
    EXPECT_LE(normalized_mse(expected_q, download(qb, q.size())), kMaxError);
    EXPECT_LE(normalized_mse(expected_k, download(kb, k.size())), kMaxError);
}

INSTANTIATE_TEST_SUITE_P(BothStyles, RopeTest, ::testing::Values(RopeStyle::Norm, RopeStyle::Neox));

struct AttentionCase {
    uint32_t head_dim, n_heads, n_kv_heads, n_tokens, start_pos;
};

class AttentionTest : public VkTest,
                      public ::testing::WithParamInterface<std::tuple<AttentionCase, AttentionVariant>> {};

// Stores keys/values with kv_store (f32 -> f16), then attends; the reference sees the same f16-rounded cache.
TEST_P(AttentionTest, MatchesCausalGroupedQueryAttentionOverTheF16Cache) {
    const auto [c, variant] = GetParam();
    const uint32_t kv_dim = c.n_kv_heads * c.head_dim, q_dim = c.n_heads * c.head_dim;
    const uint32_t n_positions = c.start_pos + c.n_tokens;
    const std::vector<float> keys = random_floats(size_t(n_positions) * kv_dim);
    const std::vector<float> values = random_floats(size_t(n_positions) * kv_dim);
    const std::vector<float> q = random_floats(size_t(c.n_tokens) * q_dim, 0.5f);

    const LayerKernels attention_kernels = kernels_with({}, variant);
    Buffer kb = upload(keys), vb = upload(values), qb = upload(q);
    Buffer k_cache = zeros(n_positions * kv_dim / 2), v_cache = zeros(n_positions * kv_dim / 2);
    const AttentionShape shape{c.head_dim, c.n_heads, c.n_kv_heads, c.n_tokens, c.start_pos};
    Buffer partials = zeros(attention_partials_floats(shape)), out = zeros(q.size());
    run([&](CommandRecorder& rec) -> Status {
        // All positions are stored in one go here; the forward stores only the new ones.
        PONDER_TRY(attention_kernels.kv_store(rec, kb.view(), vb.view(), k_cache.view(), v_cache.view(), kv_dim,
                                              n_positions, 0));
        rec.barrier_between_steps();
        return attention_kernels.attention(rec, qb.view(), k_cache.view(), v_cache.view(), partials.view(),
                                           out.view(), shape);
    });

    std::vector<float> k16 = keys, v16 = values;
    reference::round_to_f16(k16);
    reference::round_to_f16(v16);
    std::vector<float> expected(q.size());
    for (uint32_t t = 0; t < c.n_tokens; ++t)
        reference::attention(std::span(q).subspan(t * q_dim, q_dim), k16.data(), v16.data(),
                             c.start_pos + t + 1, c.n_heads, c.n_kv_heads, c.head_dim,
                             std::span(expected).subspan(t * q_dim, q_dim));
    EXPECT_LE(normalized_mse(expected, download(out, q.size())), kMaxError);
}

std::string attention_name(const ::testing::TestParamInfo<std::tuple<AttentionCase, AttentionVariant>>& info) {
    const AttentionCase& c = std::get<0>(info.param);
    return attention_variant_name(std::get<1>(info.param)) + "_d" + std::to_string(c.head_dim) + "_h" +
           std::to_string(c.n_heads) + "_kv" + std::to_string(c.n_kv_heads) + "_t" + std::to_string(c.n_tokens) +
           "_at" + std::to_string(c.start_pos);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, AttentionTest,
    ::testing::Combine(
        ::testing::Values(AttentionCase{64, 14, 2, 37, 0},    // prefill from scratch, qwen2.5-0.5b heads (GQA 7)
                          AttentionCase{128, 4, 4, 19, 45},   // prefill after a cached prefix, no GQA
                          AttentionCase{64, 6, 2, 1, 1500},   // decode over a long context: many splits
                          AttentionCase{64, 8, 1, 1, 3000},   // decode, GQA 8, splits of many tiles
                          AttentionCase{128, 8, 1, 70, 900},  // prefill deep in the context: row tiles and splits
                          AttentionCase{256, 2, 1, 1, 700},   // widest head
                          AttentionCase{32, 4, 2, 3, 130}),   // short heads, a few tokens, GQA 2
        kEveryAttentionVariant),
    attention_name);

TEST_F(KernelTest, SwigluIsSiluOfGateTimesUp) {
    const uint32_t n = 4863;
    const std::vector<float> gate = random_floats(n, 4.0f), up = random_floats(n);
    std::vector<float> expected(n);
    reference::swiglu(gate, up, expected);
    Buffer gb = upload(gate), ub = upload(up), yb = zeros(n);
    run([&](CommandRecorder& rec) { return kernels.swiglu(rec, gb.view(), ub.view(), yb.view(), n); });
    EXPECT_LE(normalized_mse(expected, download(yb, n)), kMaxError);
}

TEST_F(KernelTest, AddInPlaceAccumulatesTheResidual) {
    const uint32_t n = 897;
    const std::vector<float> a = random_floats(n), b = random_floats(n);
    std::vector<float> expected(n);
    for (uint32_t i = 0; i < n; ++i)
        expected[i] = a[i] + b[i];
    Buffer ab = upload(a), bb = upload(b);
    run([&](CommandRecorder& rec) { return kernels.add(rec, ab.view(), bb.view(), ab.view(), n); });
    EXPECT_EQ(download(ab, n), expected);
}

// The 8-bit activation blocks of the integer-dot decode: each element comes back as d * (hi + lo / XQ_LO_STEPS)
// within d / (2 * XQ_LO_STEPS) (about 16 bits of the block's largest value), the stored sums are the sums of x and of
// the quantized values, and the GPU's blocks decode as the CPU twin's (quantize_activations) do.
TEST_F(KernelTest, QuantizedActivationsKeepSixteenBitsPerBlock) {
    const uint32_t n_cols = 96 * 32, n_rows = 2;  // more blocks than a workgroup has invocations
    std::vector<float> x = random_floats(n_cols * n_rows, 2.0f);
    for (uint32_t i = 0; i < 32; ++i) x[32 + i] = 0.0f;  // an all-zero block: d = 0
    Buffer xb = upload(x), blocks = zeros(activation_block_bytes(n_cols, n_rows) / 4);
    run([&](CommandRecorder& rec) { return kernels.quantize_activations(rec, xb.view(), blocks.view(), n_cols, n_rows); });
    const std::vector<float> raw = download(blocks, activation_block_bytes(n_cols, n_rows) / 4);
    std::vector<uint32_t> gpu(raw.size());
    std::memcpy(gpu.data(), raw.data(), raw.size() * 4);
    const std::vector<uint32_t> cpu = quantize_activations(x, n_cols);
    ASSERT_EQ(gpu.size(), cpu.size());

    auto check_block = [&](const uint32_t* block, size_t b, const char* who) {
        auto byte = [&](uint32_t word, int e) { return float(int8_t(uint8_t(block[word + e / 4] >> (8 * (e % 4))))); };
        float d, sums[2];
        std::memcpy(&d, &block[16], 4);
        std::memcpy(sums, &block[17], 8);
        double want_sums[2] = {0, 0};
        int32_t q_sums[4] = {0, 0, 0, 0};
        for (int e = 0; e < 32; ++e) {
            const float value = x[b * 32 + e], hi = byte(0, e), lo = byte(8, e);
            ASSERT_NEAR(d * (hi + lo / XQ_LO_STEPS), value, d / (2 * XQ_LO_STEPS) * 1.01 + 1e-30)
                << who << " block " << b << " element " << e;
            want_sums[e / 16] += value;
            q_sums[e / 16] += int(hi);
            q_sums[2 + e / 16] += int(lo);
        }
        for (int h = 0; h < 2; ++h) EXPECT_NEAR(sums[h], want_sums[h], 1e-4) << who << " block " << b;
        EXPECT_EQ(0, std::memcmp(q_sums, &block[20], 16)) << who << " block " << b;
    };
    for (size_t b = 0; b < x.size() / 32; ++b) {
        check_block(&gpu[b * XQ_BLOCK_WORDS], b, "GPU");
        check_block(&cpu[b * XQ_BLOCK_WORDS], b, "CPU");
    }
}

// Greedy sampling's argmax on the GPU is std::max_element's: the first of equal maxima, over a vocabulary-sized row
// and rows shorter than the workgroup.
TEST_F(KernelTest, ArgmaxIsTheFirstLargestLogit) {
    for (uint32_t n : {151936u, 1000u, 7u}) {
        std::vector<float> x = random_floats(n, 3.0f);
        const size_t top = std::max_element(x.begin(), x.end()) - x.begin();
        x[n - 1] = x[top];  // a tie after it: the first wins
        x[n / 2] = -INFINITY;
        Buffer xb = upload(x), out = zeros(2);
        run([&](CommandRecorder& rec) { return kernels.argmax(rec, xb.view(), out.view(), n); });
        const std::vector<float> result = download(out, 2);
        uint32_t index;
        std::memcpy(&index, &result[0], 4);
        EXPECT_EQ(index, top == n / 2 ? uint32_t(std::max_element(x.begin(), x.end()) - x.begin()) : top) << n;
        EXPECT_EQ(result[1], x[index]) << n;
    }
}

TEST(AttentionPlan, SplitsLongDecodesAndCoversEveryPosition) {
    const AttentionSplit decode = plan_attention({64, 14, 2, 1, 4000});
    EXPECT_GT(decode.n_splits, 1u);
    EXPECT_GE(decode.n_splits * decode.positions_per_split, 4001u);
    EXPECT_LT((decode.n_splits - 1) * decode.positions_per_split, 4001u); // no empty split
    // A prefill with enough row tiles (tokens x query heads per KV head, in ATTN_MAX_ROWS) to fill a GPU.
    const AttentionSplit prefill = plan_attention({128, 40, 8, 512, 0});
    EXPECT_EQ(prefill.n_splits, 1u);
}

TEST(AttentionPlan, DecodeSplitsGrowWithTheContext) {
    uint32_t previous = 0;
    for (uint32_t depth : {10u, 200u, 1000u, 4000u}) {
        const AttentionSplit split = plan_attention({128, 28, 4, 1, depth});
        EXPECT_GE(split.n_splits, previous) << depth;
        EXPECT_GE(split.positions_per_split, uint32_t(ATTN_SPLIT_MIN)) << depth;
        previous = split.n_splits;
    }
    EXPECT_GT(previous, plan_attention({128, 28, 4, 1, 200}).n_splits);
}

TEST(AttentionPlan, TilesFitTheSharedMemory) {
    for (uint32_t shared : {16384u, 32768u, 49152u, 65536u})
        for (uint32_t head_dim : {32u, 64u, 128u, 256u})
            for (uint32_t rows : {1u, 7u, 1000u}) {
                const uint32_t floats = attention_tile_floats(shared);
                const AttentionTiles t = plan_attention_tiles(floats, head_dim, rows);
                EXPECT_LE(3 * floats * sizeof(float) + 3 * ATTN_MAX_ROWS * sizeof(float), shared);
                EXPECT_GE(t.rows, 1u);
                EXPECT_LE(t.rows, std::min(rows, uint32_t(ATTN_MAX_ROWS)));
                EXPECT_GE(t.positions, 1u);
                EXPECT_LE(t.rows * head_dim, floats);
                EXPECT_LE(t.positions * (head_dim + 1), floats);
                EXPECT_LE(t.rows * t.positions, floats);
            }
}

} // namespace
} // namespace ponder::vk::testing
