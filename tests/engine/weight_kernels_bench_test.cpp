// Micro-benchmark of the weight kernels on Qwen2.5-0.5B shapes (run by hand, not timed in CI):
//   engine_weight_kernels_test --gtest_also_run_disabled_tests --gtest_filter='*Bench*'
// Prints ms, weight GB/s and GFLOP/s per shape for decode (1 token) and prefill (64 tokens).
#include "weight_kernels_gpu.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

namespace ponder::vk {
namespace {

struct Shape {
    GgmlType type;
    const char* name;
    uint32_t rows, cols;
};

TEST(WeightKernelsBench, DISABLED_Qwen2_5_0_5BShapes) {
    testing::TestGpu gpu;
    auto kernels = gpu.weight_kernels();
    ASSERT_TRUE(kernels.ok()) << kernels.error().message;
    const Shape shapes[] = {
        {GgmlType::Q4_K, "q4_k ffn_up 4864x1024", 4864, 1024}, {GgmlType::Q4_K, "q4_k ffn_down 896x4864", 896, 4864},
        {GgmlType::Q8_0, "q8_0 attn_q 896x896", 896, 896},     {GgmlType::Q8_0, "q8_0 ffn_up 4864x896", 4864, 896},
        {GgmlType::Q4_0, "q4_0 ffn_up 4864x896", 4864, 896},   {GgmlType::Q6_K, "q6_k ffn_down 896x4864", 896, 4864},
        {GgmlType::F16, "f16 attn_q 896x896", 896, 896},       {GgmlType::IQ4_XS, "iq4_xs ffn_up 4864x1024", 4864, 1024},
        {GgmlType::IQ3_S, "iq3_s ffn_up 4864x1024", 4864, 1024}, {GgmlType::IQ3_XXS, "iq3_xxs ffn_up 4864x1024", 4864, 1024},
        {GgmlType::IQ2_S, "iq2_s ffn_up 4864x1024", 4864, 1024}, {GgmlType::IQ2_XS, "iq2_xs ffn_up 4864x1024", 4864, 1024},
        {GgmlType::IQ2_XXS, "iq2_xxs ffn_up 4864x1024", 4864, 1024},
    };
    std::mt19937 rng(3);
    for (const Shape& s : shapes) {
        const uint64_t row_bytes = *device_row_bytes(s.type, s.cols);
        testing::HostBuffer& w = gpu.buffer(s.rows * row_bytes);
        // Random bytes with the top bits of every 16-bit word cleared: finite f16 scales of modest size.
        for (size_t i = 0; i < w.bytes / 2; ++i) w.as<uint16_t>()[i] = static_cast<uint16_t>(rng() & 0x2FFF);
        const WeightChunk chunk{w.buffer, 0, w.bytes, 0, s.rows};
        const WeightView view{s.type, s.cols, s.rows, {&chunk, 1}};
        for (uint32_t n_tokens : {1u, 64u}) {
            testing::HostBuffer& x = gpu.buffer(size_t(n_tokens) * s.cols * 4);
            testing::HostBuffer& y = gpu.buffer(size_t(n_tokens) * s.rows * 4);
            for (size_t i = 0; i < x.bytes / 4; ++i) x.as<float>()[i] = float(rng() % 1000) / 1000.0f - 0.5f;
            auto record = [&](VkCommandBuffer cmd) {
                ASSERT_TRUE(kernels->matmul(cmd, view, x.view(), y.view(), n_tokens).ok());
            };
            gpu.run(record);  // warm-up: the JIT compiles the pipeline on first use
            ASSERT_TRUE(kernels->begin_frame().ok());
            const int reps = n_tokens == 1 ? 20 : 3;
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < reps; ++i) {
                gpu.run(record);
                ASSERT_TRUE(kernels->begin_frame().ok());
            }
            const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / reps;
            std::printf("%-26s tokens %2u: %8.3f ms  %6.2f GB/s  %6.2f GFLOP/s\n", s.name, n_tokens, sec * 1e3,
                        double(w.bytes) / sec / 1e9, 2.0 * s.rows * s.cols * n_tokens / sec / 1e9);
        }
    }
}

} // namespace
} // namespace ponder::vk
