// The weight kernels against the CPU reference: for every weight type, fresh random blocks, odd row counts and
// token counts 1, 2, 7, 64: matmul within normalized MSE 1e-6 of a double-precision dot over
// reference::dequantize_row; embeddings bit-exact; a table over 128 MiB read through two chunks; the MoE expert
// matmuls (decode by expert ids, prefill grouped per expert) on stacks of expert matrices, whole or in chunks.
#include "weight_kernels_gpu.h"

#include "gguf/ggml_iq_tables.h"
#include "reference/dequant.h"
#include "vk/shader_constants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <random>
#include <vector>

namespace ponder::vk {
namespace {

using testing::HostBuffer;
using testing::TestGpu;
using testing::TestProfile;

struct TypeCase {
    GgmlType type;
    size_t block_elems;
    size_t block_bytes;
    const char* name;
    std::vector<size_t> scale_at;  // byte offsets of the f16 scales in a block (quantized types)
};

const TypeCase kTypes[] = {
    {GgmlType::F32, 1, 4, "F32", {}},           {GgmlType::F16, 1, 2, "F16", {}},
    {GgmlType::BF16, 1, 2, "BF16", {}},         {GgmlType::Q8_0, 32, 34, "Q8_0", {0}},
    {GgmlType::Q4_0, 32, 18, "Q4_0", {0}},      {GgmlType::Q4_1, 32, 20, "Q4_1", {0, 2}},
    {GgmlType::Q5_0, 32, 22, "Q5_0", {0}},      {GgmlType::Q5_1, 32, 24, "Q5_1", {0, 2}},
    {GgmlType::Q2_K, 256, 84, "Q2_K", {80, 82}}, {GgmlType::Q3_K, 256, 110, "Q3_K", {108}},
    {GgmlType::Q4_K, 256, 144, "Q4_K", {0, 2}}, {GgmlType::Q5_K, 256, 176, "Q5_K", {0, 2}},
    {GgmlType::Q6_K, 256, 210, "Q6_K", {208}},  {GgmlType::IQ4_NL, 32, 18, "IQ4_NL", {0}},
    {GgmlType::IQ4_XS, 256, 136, "IQ4_XS", {0}},  {GgmlType::IQ3_XXS, 256, 98, "IQ3_XXS", {0}},
    {GgmlType::IQ3_S, 256, 110, "IQ3_S", {0}},    {GgmlType::IQ2_XXS, 256, 66, "IQ2_XXS", {0}},
    {GgmlType::IQ2_XS, 256, 74, "IQ2_XS", {0}},   {GgmlType::IQ2_S, 256, 82, "IQ2_S", {0}},
};

// Random valid weights in file layout: random bytes, with every f16 scale (and every f16/bf16/f32 value)
// replaced by a finite value of a realistic size.
std::vector<uint8_t> random_weights(const TypeCase& t, size_t rows, size_t cols, std::mt19937& rng) {
    const size_t n_blocks = rows * cols / t.block_elems;
    std::vector<uint8_t> bytes(n_blocks * t.block_bytes);
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    std::uniform_real_distribution<float> value(-1.0f, 1.0f), scale(0.001f, 0.05f);
    auto put_f16 = [&](size_t at, float f) {
        const uint16_t h = reference::fp32_to_fp16(f);
        std::memcpy(&bytes[at], &h, 2);
    };
    for (size_t b = 0; b < n_blocks; ++b) {
        const size_t at = b * t.block_bytes;
        switch (t.type) {
        case GgmlType::F32: { const float f = value(rng); std::memcpy(&bytes[at], &f, 4); break; }
        case GgmlType::F16: put_f16(at, value(rng)); break;
        case GgmlType::BF16: {
            const uint16_t h = reference::fp32_to_bf16(value(rng));
            std::memcpy(&bytes[at], &h, 2);
            break;
        }
        default:
            for (size_t offset : t.scale_at) put_f16(at + offset, scale(rng));
        }
    }
    return bytes;
}

std::vector<float> dequantize(const TypeCase& t, const std::vector<uint8_t>& bytes, size_t rows, size_t cols) {
    std::vector<float> out(rows * cols);
    reference::dequantize_row(t.type, bytes.data(), out.data(), out.size());
    return out;
}

// Uploads file-layout rows in the kernels' device layout into one buffer.
HostBuffer& upload_weights(TestGpu& gpu, const TypeCase& t, const std::vector<uint8_t>& bytes, size_t cols) {
    const uint64_t row_bytes = *device_row_bytes(t.type, cols);
    const size_t rows = bytes.size() / (cols / t.block_elems * t.block_bytes);
    HostBuffer& buffer = gpu.buffer(rows * row_bytes);
    Status s = to_device_layout(t.type, cols, bytes, {buffer.as<uint8_t>(), buffer.bytes});
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return buffer;
}

double normalized_mse(const float* got, const std::vector<double>& want) {
    double err = 0, norm = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        err += (got[i] - want[i]) * (got[i] - want[i]);
        norm += want[i] * want[i];
    }
    return err / norm;
}

size_t two_blocks(const TypeCase& t) { return t.block_elems == 256 ? 512 : 96; }

// Matmuls of one weight type on one device's kernels, each against a double-precision dot over the reference's
// dequantized rows. Where the device's decode reads 8-bit activation blocks, a decode gets the blocks and f32 rows
// of zeros, so that only a kernel that reads the blocks can match.
struct MatmulCheck {
    TestGpu& gpu;
    WeightKernels& kernels;
    const TypeCase& t;

    bool int8_decode(uint32_t n_tokens) const {
        return n_tokens == 1 && kernels.decode_reads_int8() && t.block_elems > 1;
    }

    // The kernels' input for rows `x` of `cols`: f32 rows, or zeros and the rows' activation blocks.
    MatmulInput input(HostBuffer& x, size_t rows, size_t cols, uint32_t n_tokens) {
        if (!int8_decode(n_tokens)) return x.view();
        const std::vector<uint32_t> words = quantize_activations({x.as<float>(), rows * cols}, uint32_t(cols));
        HostBuffer& blocks = gpu.buffer(words.size() * 4);
        std::memcpy(blocks.data, words.data(), words.size() * 4);
        HostBuffer& zeros = gpu.buffer(rows * cols * sizeof(float));
        std::memset(zeros.data, 0, zeros.bytes);
        return MatmulInput(zeros.view(), blocks.view());
    }

    // y = x W^T (+ bias) on the GPU with W split into chunks at `chunk_rows`, compared with the oracle.
    void matmul(size_t rows, size_t cols, uint32_t n_tokens, bool with_bias, size_t chunk_rows) {
        std::mt19937 rng(static_cast<uint32_t>(rows * 131 + cols * 7 + n_tokens));
        const std::vector<uint8_t> w = random_weights(t, rows, cols, rng);
        const std::vector<float> wf = dequantize(t, w, rows, cols);
        HostBuffer& w_gpu = upload_weights(gpu, t, w, cols);
        HostBuffer& x = gpu.buffer(n_tokens * cols * sizeof(float));
        HostBuffer& y = gpu.buffer(n_tokens * rows * sizeof(float));
        HostBuffer& bias = gpu.buffer(rows * sizeof(float));
        std::uniform_real_distribution<float> value(-1.0f, 1.0f);
        for (size_t i = 0; i < n_tokens * cols; ++i) x.as<float>()[i] = value(rng);
        for (size_t i = 0; i < rows; ++i) bias.as<float>()[i] = value(rng);

        const uint64_t row_bytes = *device_row_bytes(t.type, cols);
        std::vector<WeightChunk> chunks;
        for (size_t first = 0; first < rows; first += chunk_rows) {
            const size_t n = std::min(chunk_rows, rows - first);
            chunks.push_back({w_gpu.buffer, first * row_bytes, n * row_bytes, uint32_t(first), uint32_t(n)});
        }
        const WeightView view{t.type, uint32_t(cols), uint32_t(rows), chunks};
        const BufferView bias_view = bias.view();
        const MatmulInput x_input = input(x, n_tokens, cols, n_tokens);
        gpu.run([&](VkCommandBuffer cmd) {
            Status s = kernels.matmul(cmd, view, x_input, y.view(), n_tokens, with_bias ? &bias_view : nullptr);
            ASSERT_TRUE(s.ok()) << s.error().message;
        });
        ASSERT_TRUE(kernels.begin_frame().ok());

        std::vector<double> want(n_tokens * rows);
        for (size_t tok = 0; tok < n_tokens; ++tok)
            for (size_t r = 0; r < rows; ++r) {
                double dot = with_bias ? bias.as<float>()[r] : 0.0;
                for (size_t k = 0; k < cols; ++k) dot += double(wf[r * cols + k]) * x.as<float>()[tok * cols + k];
                want[tok * rows + r] = dot;
            }
        EXPECT_LE(normalized_mse(y.as<float>(), want), 1e-6)
            << t.name << " rows " << rows << " cols " << cols << " tokens " << n_tokens << " chunk rows " << chunk_rows
            << (int8_decode(n_tokens) ? " (8-bit activations)" : "");
    }

    // The MoE expert matmul: `n_expert` stacked [rows x cols] matrices, each token routed to `n_used` distinct
    // random experts; y[a] = W_{expert(a)} x[a / n_used] (x_shared) or x[a], for every assignment a. The stack is
    // bound in chunks of `chunk_experts` experts. Decode (1 token) reads the ids; prefill the per-expert lists.
    void expert_matmul(uint32_t n_tokens, bool x_shared, uint32_t chunk_experts) {
        const uint32_t n_expert = 6, n_used = 2, rows = 16, cols = uint32_t(two_blocks(t));
        const uint32_t n_assign = n_tokens * n_used;
        std::mt19937 rng(n_tokens * 31 + chunk_experts + (x_shared ? 7 : 0));
        const std::vector<uint8_t> w = random_weights(t, n_expert * rows, cols, rng);
        const std::vector<float> wf = dequantize(t, w, n_expert * rows, cols);
        HostBuffer& w_gpu = upload_weights(gpu, t, w, cols);
        const uint32_t x_rows = x_shared ? n_tokens : n_assign;
        HostBuffer& x = gpu.buffer(x_rows * cols * sizeof(float));
        HostBuffer& y = gpu.buffer(n_assign * rows * sizeof(float));
        std::uniform_real_distribution<float> value(-1.0f, 1.0f);
        for (size_t i = 0; i < x_rows * cols; ++i) x.as<float>()[i] = value(rng);

        // Each token's experts (distinct), and each expert's assignments as moe_group.comp lists them.
        std::vector<uint32_t> ids(n_assign);
        for (uint32_t tok = 0; tok < n_tokens; ++tok) {
            std::vector<uint32_t> experts = {0, 1, 2, 3, 4, 5};
            std::shuffle(experts.begin(), experts.end(), rng);
            for (uint32_t j = 0; j < n_used; ++j) ids[tok * n_used + j] = experts[j];
        }
        HostBuffer& id_buf = gpu.buffer(n_assign * 4);
        std::memcpy(id_buf.data, ids.data(), n_assign * 4);
        HostBuffer& groups = gpu.buffer(n_expert * (1 + n_tokens) * 4);
        for (uint32_t e = 0; e < n_expert; ++e) {
            uint32_t* list = groups.as<uint32_t>() + e * (1 + n_tokens);
            list[0] = 0;
            for (uint32_t a = 0; a < n_assign; ++a)
                if (ids[a] == e) list[1 + list[0]++] = a;
        }

        const uint64_t row_bytes = *device_row_bytes(t.type, cols);
        std::vector<WeightChunk> chunks;
        for (uint32_t first = 0; first < n_expert; first += chunk_experts) {
            const uint32_t n = std::min(chunk_experts, n_expert - first);
            chunks.push_back({w_gpu.buffer, first * rows * row_bytes, n * rows * row_bytes, first * rows, n * rows});
        }
        const WeightView view{t.type, cols, n_expert * rows, chunks};
        const ExpertRouting routing{id_buf.view(), groups.view(), n_tokens, n_used};
        const MatmulInput x_input = input(x, x_rows, cols, n_tokens);
        gpu.run([&](VkCommandBuffer cmd) {
            Status s = kernels.expert_matmul(cmd, view, n_expert, x_input, y.view(), routing, x_shared);
            ASSERT_TRUE(s.ok()) << s.error().message;
        });
        ASSERT_TRUE(kernels.begin_frame().ok());

        std::vector<double> want(n_assign * rows);
        for (uint32_t a = 0; a < n_assign; ++a) {
            const float* xa = x.as<float>() + (x_shared ? a / n_used : a) * cols;
            for (uint32_t r = 0; r < rows; ++r) {
                double dot = 0;
                for (uint32_t k = 0; k < cols; ++k) dot += double(wf[(ids[a] * rows + r) * cols + k]) * xa[k];
                want[a * rows + r] = dot;
            }
        }
        EXPECT_LE(normalized_mse(y.as<float>(), want), 1e-6)
            << t.name << " tokens " << n_tokens << " x_shared " << x_shared << " chunk experts " << chunk_experts
            << (int8_decode(n_tokens) ? " (8-bit activations)" : "");
    }

    // Rows per chunk such that chunk offsets honour the device's offset alignment (13 where rows allow).
    size_t aligned_chunk_rows(size_t cols) const {
        const uint64_t row_bytes = *device_row_bytes(t.type, cols);
        return row_bytes % gpu.limits.minStorageBufferOffsetAlignment == 0 ? 13 : 16;
    }
    bool expert_chunks_aligned() const {
        return 16 * *device_row_bytes(t.type, two_blocks(t)) % gpu.limits.minStorageBufferOffsetAlignment == 0;
    }
};

class WeightKernelsTest : public ::testing::TestWithParam<TypeCase> {
protected:
    static void SetUpTestSuite() {
        gpu_ = new TestGpu();
        auto created = gpu_->weight_kernels();
        ASSERT_TRUE(created.ok()) << created.error().message;
        kernels_ = new WeightKernels(std::move(*created));
    }
    static void TearDownTestSuite() {
        delete kernels_;
        delete gpu_;
    }

    MatmulCheck check() { return {*gpu_, *kernels_, GetParam()}; }
    void check_matmul(size_t rows, size_t cols, uint32_t n_tokens, bool with_bias, size_t chunk_rows) {
        check().matmul(rows, cols, n_tokens, with_bias, chunk_rows);
    }
    void check_expert_matmul(uint32_t n_tokens, bool x_shared, uint32_t chunk_experts) {
        check().expert_matmul(n_tokens, x_shared, chunk_experts);
    }

    static inline TestGpu* gpu_ = nullptr;
    static inline WeightKernels* kernels_ = nullptr;
};

TEST_P(WeightKernelsTest, MatvecMatchesReferenceOnOddRowCounts) {
    check_matmul(37, two_blocks(GetParam()), 1, false, 1 << 20);
    check_matmul(3, two_blocks(GetParam()), 1, false, 1 << 20);
}

TEST_P(WeightKernelsTest, MatmulMatchesReferenceForEveryTokenCount) {
    for (uint32_t n_tokens : {2u, 7u, 64u}) check_matmul(45, two_blocks(GetParam()), n_tokens, false, 1 << 20);
}

TEST_P(WeightKernelsTest, BiasIsAddedPerRow) {
    check_matmul(19, two_blocks(GetParam()), 1, true, 1 << 20);
    check_matmul(19, two_blocks(GetParam()), 7, true, 1 << 20);
}

TEST_P(WeightKernelsTest, ChunkedWeightsGiveTheSameRowsAsOneBuffer) {
    // Chunk boundaries fall inside workgroups; chunk offsets must honour the device's offset alignment.
    const size_t cols = two_blocks(GetParam());
    const uint64_t row_bytes = *device_row_bytes(GetParam().type, cols);
    const size_t chunk_rows = row_bytes % gpu_->limits.minStorageBufferOffsetAlignment == 0 ? 13 : 16;
    check_matmul(50, cols, 1, true, chunk_rows);
    check_matmul(50, cols, 7, false, chunk_rows);
}

TEST_P(WeightKernelsTest, ExpertMatmulUsesEachAssignmentsExpertWholeOrChunked) {
    for (uint32_t n_tokens : {1u, 7u, 20u}) {
        check_expert_matmul(n_tokens, /*x_shared=*/true, 6);
        check_expert_matmul(n_tokens, /*x_shared=*/false, 6);
    }
    // Chunks of 4 + 2 experts: decode's chosen experts lie in either chunk; prefill runs each chunk's experts.
    const uint64_t expert_bytes = 16 * *device_row_bytes(GetParam().type, two_blocks(GetParam()));
    if (expert_bytes % gpu_->limits.minStorageBufferOffsetAlignment != 0) return;  // unaligned chunk offsets
    check_expert_matmul(1, true, 4);
    check_expert_matmul(9, false, 4);
}

// The same matvec recorded again (the next token's) binds its buffers with the descriptor set written the first time.
TEST_P(WeightKernelsTest, RepeatedRecordingsWriteNoNewDescriptorSets) {
    const TypeCase& t = GetParam();
    const size_t rows = 8, cols = two_blocks(t);
    std::mt19937 rng(3);
    HostBuffer& w = upload_weights(*gpu_, t, random_weights(t, rows, cols, rng), cols);
    HostBuffer& x = gpu_->buffer(cols * 4);
    HostBuffer& y = gpu_->buffer(rows * 4);
    const WeightChunk chunk{w.buffer, 0, w.bytes, 0, uint32_t(rows)};
    const WeightView view{t.type, uint32_t(cols), uint32_t(rows), {&chunk, 1}};
    auto record = [&] {
        ASSERT_TRUE(kernels_->begin_frame().ok());
        gpu_->run([&](VkCommandBuffer cmd) { ASSERT_TRUE(kernels_->matmul(cmd, view, x.view(), y.view(), 1).ok()); });
    };
    record();
    const uint64_t writes = kernels_->descriptor_writes();
    record();
    EXPECT_EQ(kernels_->descriptor_writes(), writes);
}

TEST_P(WeightKernelsTest, EmbeddingIsBitExact) {
    const TypeCase& t = GetParam();
    const size_t rows = 29, cols = two_blocks(t);
    std::mt19937 rng(5);
    const std::vector<uint8_t> w = random_weights(t, rows, cols, rng);
    const std::vector<float> wf = dequantize(t, w, rows, cols);
    HostBuffer& table = upload_weights(*gpu_, t, w, cols);
    const std::vector<uint32_t> ids = {0, 28, 5, 5, 17};
    HostBuffer& id_buf = gpu_->buffer(ids.size() * 4);
    std::memcpy(id_buf.data, ids.data(), ids.size() * 4);
    HostBuffer& out = gpu_->buffer(ids.size() * cols * 4);
    const WeightChunk chunk{table.buffer, 0, table.bytes, 0, uint32_t(rows)};
    const WeightView view{t.type, uint32_t(cols), uint32_t(rows), {&chunk, 1}};
    gpu_->run([&](VkCommandBuffer cmd) {
        ASSERT_TRUE(kernels_->embedding(cmd, view, id_buf.view(), out.view(), uint32_t(ids.size())).ok());
    });
    ASSERT_TRUE(kernels_->begin_frame().ok());
    for (size_t i = 0; i < ids.size(); ++i)
        ASSERT_EQ(0, std::memcmp(out.as<float>() + i * cols, wf.data() + ids[i] * cols, cols * 4))
            << t.name << " token " << i << " (row " << ids[i] << ")";
}

INSTANTIATE_TEST_SUITE_P(EveryWeightType, WeightKernelsTest, ::testing::ValuesIn(kTypes),
                         [](const auto& info) { return std::string(info.param.name); });

// Every GPU vendor's decode kernels (vk/device_profile.h: what that vendor gets, within what this driver offers),
// and the same without 64-bit integers (the "_u2" variants): the matvec on odd, wide (lanes loop over more chunks
// than they are) and chunked rows, with and without bias, and the MoE expert matvec by ids. The device's own
// profile (lavapipe's lane-per-row matvec here) is WeightKernelsTest's.
struct ProfileCase {
    const char* name;
    TestProfile profile;
};

const ProfileCase kProfiles[] = {
    {"nvidia", {ProfileVendor::Nvidia}},
    {"amd", {ProfileVendor::Amd}},
    {"intel", {ProfileVendor::Intel}},
    {"apple", {ProfileVendor::Apple}},
    {"nvidia_without_int64", {ProfileVendor::Nvidia, true}},
    {"apple_without_int64", {ProfileVendor::Apple, true}},
};

class DecodeKernelsTest : public ::testing::TestWithParam<std::tuple<ProfileCase, TypeCase>> {
protected:
    // One device per profile, made when its first test runs (the tests of a profile run one after another).
    static void TearDownTestSuite() {
        kernels_.reset();
        gpu_.reset();
    }

    MatmulCheck check() {
        const ProfileCase& p = std::get<0>(GetParam());
        if (profile_ != p.name) {
            kernels_.reset();
            gpu_ = std::make_unique<TestGpu>(p.profile);
            auto created = gpu_->weight_kernels();
            EXPECT_TRUE(created.ok()) << created.error().message;
            kernels_ = std::make_unique<WeightKernels>(std::move(*created));
            profile_ = p.name;
        }
        return {*gpu_, *kernels_, std::get<1>(GetParam())};
    }

    static inline std::string profile_;
    static inline std::unique_ptr<TestGpu> gpu_;
    static inline std::unique_ptr<WeightKernels> kernels_;
};

TEST_P(DecodeKernelsTest, MatvecAndExpertMatvecMatchTheReference) {
    MatmulCheck c = check();
    const size_t cols = two_blocks(c.t);
    c.matmul(37, cols, 1, false, 1 << 20);
    c.matmul(19, 1024, 1, true, 1 << 20);
    c.matmul(50, cols, 1, true, c.aligned_chunk_rows(cols));
    c.expert_matmul(1, /*x_shared=*/true, 6);
    c.expert_matmul(1, /*x_shared=*/false, 6);
    if (c.expert_chunks_aligned()) c.expert_matmul(1, true, 4);
}

INSTANTIATE_TEST_SUITE_P(EveryProfileAndType, DecodeKernelsTest,
                         ::testing::Combine(::testing::ValuesIn(kProfiles), ::testing::ValuesIn(kTypes)),
                         [](const auto& info) {
                             return std::string(std::get<0>(info.param).name) + "_" + std::get<1>(info.param).name;
                         });

// Every GPU vendor's prefill matmul (the tiled one, shaders/matmul_tiled.comp): token counts below, at and past
// a tile (64 or 32 tokens), row counts past a tile of 64, with bias and chunked.
class PrefillKernelsTest : public DecodeKernelsTest {};

TEST_P(PrefillKernelsTest, TiledMatmulMatchesTheReference) {
    MatmulCheck c = check();
    const size_t cols = two_blocks(c.t);
    for (uint32_t n_tokens : {2u, 33u, 70u}) c.matmul(45, cols, n_tokens, false, 1 << 20);
    c.matmul(131, cols, 9, true, 1 << 20);
    c.matmul(80, cols, 5, true, c.aligned_chunk_rows(cols));
}

INSTANTIATE_TEST_SUITE_P(EveryProfileAndType, PrefillKernelsTest,
                         ::testing::Combine(::testing::ValuesIn(kProfiles), ::testing::ValuesIn(kTypes)),
                         [](const auto& info) {
                             return std::string(std::get<0>(info.param).name) + "_" + std::get<1>(info.param).name;
                         });

TEST(WeightKernelsLimits, RowsNotAWholeNumberOfBlocksAreRefused) {
    EXPECT_FALSE(device_row_bytes(GgmlType::Q4_K, 896).ok());
    for (GgmlType type : {GgmlType::IQ2_XXS, GgmlType::IQ2_XS, GgmlType::IQ2_S, GgmlType::IQ3_XXS, GgmlType::IQ3_S}) {
        auto refused = device_row_bytes(type, 896);
        ASSERT_FALSE(refused.ok());
        EXPECT_NE(refused.error().message.find("multiple of 256"), std::string::npos) << refused.error().message;
    }
    EXPECT_FALSE(device_row_bytes(GgmlType::F16, 100).ok());
    EXPECT_FALSE(device_row_bytes(GgmlType::IQ1_S, 256).ok());
}

TEST(WeightKernelsLimits, TwoByteAlignedBlocksArePaddedTo8Bytes) {
    EXPECT_EQ(*device_row_bytes(GgmlType::Q4_0, 64), 48u);   // 18 -> 24 bytes per block
    EXPECT_EQ(*device_row_bytes(GgmlType::Q4_1, 64), 48u);   // 20 -> 24
    EXPECT_EQ(*device_row_bytes(GgmlType::Q5_0, 64), 48u);   // 22 -> 24
    EXPECT_EQ(*device_row_bytes(GgmlType::Q5_1, 64), 48u);   // 24
    EXPECT_EQ(*device_row_bytes(GgmlType::Q2_K, 256), 88u);  // 84 -> 88
    EXPECT_EQ(*device_row_bytes(GgmlType::Q3_K, 256), 112u); // 110 -> 112
    EXPECT_EQ(*device_row_bytes(GgmlType::Q6_K, 256), 216u); // 210 -> 216
    EXPECT_EQ(*device_row_bytes(GgmlType::IQ2_XXS, 256), 72u);  // 66 -> 72
    EXPECT_EQ(*device_row_bytes(GgmlType::IQ2_XS, 256), 80u);   // 74 -> 80
    EXPECT_EQ(*device_row_bytes(GgmlType::IQ2_S, 256), 88u);    // 82 -> 88
    EXPECT_EQ(*device_row_bytes(GgmlType::IQ3_XXS, 256), 104u); // 98 -> 104
    EXPECT_EQ(*device_row_bytes(GgmlType::IQ3_S, 256), 120u);   // 110 -> 120
}

TEST(WeightKernelsLimits, GridTableHoldsEveryTableAtItsShaderOffset) {
    using namespace ggml_tables;
    const std::span<const uint32_t> words = grid_table_words();
    ASSERT_EQ(words.size(), size_t(IQ_GRID_WORDS));
    auto point64 = [&](size_t at) { return uint64_t(words[at]) | (uint64_t(words[at + 1]) << 32); };
    EXPECT_EQ(point64(IQ_GRID_IQ2_XXS + 2 * 255), iq2xxs_grid[255]);
    EXPECT_EQ(point64(IQ_GRID_IQ2_XS + 2 * 511), iq2xs_grid[511]);
    EXPECT_EQ(point64(IQ_GRID_IQ2_S), iq2s_grid[0]);
    EXPECT_EQ(point64(IQ_GRID_IQ2_S + 2 * 1023), iq2s_grid[1023]);
    EXPECT_EQ(words[IQ_GRID_IQ3_XXS + 255], iq3xxs_grid[255]);
    EXPECT_EQ(words[IQ_GRID_IQ3_S], iq3s_grid[0]);
    EXPECT_EQ(words[IQ_GRID_IQ3_S + 511], iq3s_grid[511]);
    EXPECT_EQ(words[IQ_GRID_IQ4_LEVELS] & 0xFF, uint32_t(kvalues_iq4nl[0] + 128));
    EXPECT_EQ(words[IQ_GRID_IQ4_LEVELS + 3] >> 24, uint32_t(kvalues_iq4nl[15] + 128));
}

TEST(WeightKernelsLimits, Q8_0RowsAreSplitIntoQuantsThenScalesPaddedTo32Bytes) {
    EXPECT_EQ(*device_row_bytes(GgmlType::Q8_0, 64), 96u);   // 2 x 32 quants + 2 x 2 scale bytes -> 96
    EXPECT_EQ(*device_row_bytes(GgmlType::Q8_0, 896), 960u);  // 28 x 32 + 28 x 2 -> 960
}

} // namespace
} // namespace ponder::vk
