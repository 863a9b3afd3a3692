// bind_weights: every tensor an architecture needs, checked against the config, with errors
// that name the tensor; plus the quantization summary and parameter count.
#include "gguf/gguf_file.h"
#include "model/config.h"
#include "model/weights.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

using testing::rewrite_model;
using testing::tiny_model;
using testing::TensorEdit;

struct Loaded {
    GgufFile file;
    ModelConfig config;
};

Loaded load(const std::string& path) {
    auto file = GgufFile::open(path);
    EXPECT_TRUE(file.ok()) << file.error().message;
    auto config = read_model_config(*file);
    EXPECT_TRUE(config.ok()) << config.error().message;
    return {std::move(*file), *config};
}

// The first error of opening, reading the config and binding the weights.
std::string bind_error(const std::string& path) {
    auto file = GgufFile::open(path);
    if (!file) return file.error().message;
    auto config = read_model_config(*file);
    if (!config) return config.error().message;
    auto w = bind_weights(*file, *config);
    return w ? "(no error)" : w.error().message;
}

TensorEdit keep(const TensorInfo& t) { return {t.dims, t.type}; }

TEST(ModelWeights, BindsEveryQwen2Tensor) {
    Loaded m = load(tiny_model("qwen2"));
    auto w = bind_weights(m.file, m.config);
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_EQ(w->layers.size(), 2u);
    EXPECT_EQ(w->output, w->token_embd);  // tied
    for (const LayerWeights& l : w->layers) {
        EXPECT_NE(l.attn_q_bias, nullptr);
        EXPECT_NE(l.attn_v_bias, nullptr);
        EXPECT_EQ(l.attn_q_norm, nullptr);
    }
    EXPECT_EQ(w->layers[1].ffn_down->name, "blk.1.ffn_down.weight");
}

TEST(ModelWeights, BindsQwen3NormsAndLlamaOutput) {
    Loaded qwen3 = load(tiny_model("qwen3"));
    auto w3 = bind_weights(qwen3.file, qwen3.config);
    ASSERT_TRUE(w3.ok()) << w3.error().message;
    EXPECT_NE(w3->layers[0].attn_k_norm, nullptr);
    EXPECT_EQ(w3->layers[0].attn_q_bias, nullptr);

    Loaded llama = load(tiny_model("llama"));
    auto wl = bind_weights(llama.file, llama.config);
    ASSERT_TRUE(wl.ok()) << wl.error().message;
    EXPECT_NE(wl->output, wl->token_embd);
    EXPECT_EQ(wl->output->name, "output.weight");
}

TEST(ModelWeights, NamesAMissingTensor) {
    const std::string path = rewrite_model(tiny_model("qwen2"), "no-bias", [](const TensorInfo& t) {
        return t.name == "blk.1.attn_k.bias" ? std::nullopt : std::optional(keep(t));
    });
    EXPECT_NE(bind_error(path).find("'blk.1.attn_k.bias' is missing"), std::string::npos) << bind_error(path);
}

TEST(ModelWeights, RejectsAWrongShape) {
    // attn_q of tiny llama is [256, 256]; a [256, 128] one contradicts head_count * head_dim.
    const std::string path = rewrite_model(tiny_model("llama"), "bad-shape", [](const TensorInfo& t) {
        return t.name == "blk.0.attn_q.weight" ? TensorEdit{{256, 128}, t.type} : keep(t);
    });
    const std::string error = bind_error(path);
    EXPECT_NE(error.find("'blk.0.attn_q.weight' has shape [256, 128], expected [256, 256]"), std::string::npos)
        << error;
}

TEST(ModelWeights, RejectsUnsupportedTypes) {
    const std::string iq1_s = rewrite_model(tiny_model("llama"), "iq1_s", [](const TensorInfo& t) {
        return t.name == "blk.0.ffn_up.weight" ? TensorEdit{t.dims, GgmlType::IQ1_S} : keep(t);
    });
    // The reader already refuses types without kernels; either way the message names type and tensor.
    EXPECT_NE(bind_error(iq1_s).find("'blk.0.ffn_up.weight'"), std::string::npos) << bind_error(iq1_s);
    EXPECT_NE(bind_error(iq1_s).find("IQ1_S, which Ponder cannot run"), std::string::npos) << bind_error(iq1_s);

    const std::string f16_norm = rewrite_model(tiny_model("llama"), "f16-norm", [](const TensorInfo& t) {
        return t.name == "output_norm.weight" ? TensorEdit{t.dims, GgmlType::F16} : keep(t);
    });
    EXPECT_NE(bind_error(f16_norm).find("must be F32"), std::string::npos) << bind_error(f16_norm);
}

TEST(ModelWeights, SummarizesQuantization) {
    const std::string q4km = tiny_model("qwen2", "q4_k_m");
    Loaded m = load(q4km);
    auto w = bind_weights(m.file, m.config);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ(quantization_summary(m.file, *w), "Q4_K_M");

    // Without general.file_type the name is inferred from the tensor types.
    const std::string inferred = rewrite_model(
        q4km, "no-ftype", [](const TensorInfo& t) { return std::optional(keep(t)); },
        [](const std::string& key) { return key == "general.file_type"; });
    Loaded n = load(inferred);
    auto wn = bind_weights(n.file, n.config);
    ASSERT_TRUE(wn.ok()) << wn.error().message;
    EXPECT_EQ(quantization_summary(n.file, *wn), "Q4_K_M");

    Loaded q8 = load(tiny_model("llama", "q8_0"));
    auto w8 = bind_weights(q8.file, q8.config);
    ASSERT_TRUE(w8.ok()) << w8.error().message;
    EXPECT_EQ(quantization_summary(q8.file, *w8), "Q8_0");
}

TEST(ModelWeights, CountsParameters) {
    Loaded m = load(tiny_model("llama"));
    // vocab 512, embd 256, q 256, kv 128, ff 512, 2 layers, untied.
    const uint64_t per_layer = 256 + 256 * 256 + 2 * 256 * 128 + 256 * 256 + 256 + 3 * 256 * 512;
    EXPECT_EQ(parameter_count(m.file), 2 * 512 * 256 + 256 + 2 * per_layer);
}

} // namespace
} // namespace ponder
