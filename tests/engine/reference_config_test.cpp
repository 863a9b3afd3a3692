// read_model_config: the hyperparameters of llama / qwen2 / qwen3 / qwen3moe files, and the errors a
// user sees for files Ponder cannot run.
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/config.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <map>
#include <optional>

namespace ponder {
namespace {

using Metadata = std::map<std::string, GgufValue>;

GgufValue u32(uint64_t v) { return {GgufType::U32, v}; }
GgufValue f32(double v) { return {GgufType::F32, v}; }
GgufValue str(std::string v) { return {GgufType::STRING, std::move(v)}; }

// A llama-style header (64 embd, 4 heads) for `arch`, plus a [64, 100] token embedding.
Metadata base_metadata(const std::string& arch) {
    return {
        {"general.architecture", str(arch)},
        {arch + ".block_count", u32(2)},
        {arch + ".embedding_length", u32(64)},
        {arch + ".attention.head_count", u32(4)},
        {arch + ".attention.head_count_kv", u32(2)},
        {arch + ".feed_forward_length", u32(160)},
        {arch + ".context_length", u32(4096)},
        {arch + ".rope.freq_base", f32(500000)},
        {arch + ".attention.layer_norm_rms_epsilon", f32(1e-5)},
    };
}

// rope_freqs.weight values to write, if any.
using RopeFreqs = std::optional<std::vector<float>>;

Result<ModelConfig> config_of(const Metadata& metadata, bool with_output = false, const RopeFreqs& rope_freqs = {}) {
    GgufWriter writer;
    for (const auto& [key, value] : metadata) writer.add_value(key, value);
    std::vector<uint8_t> embd(64 * 100 * sizeof(float));
    EXPECT_TRUE(writer.add_tensor_bytes("token_embd.weight", {64, 100}, GgmlType::F32, embd).ok());
    if (with_output) EXPECT_TRUE(writer.add_tensor_bytes("output.weight", {64, 100}, GgmlType::F32, embd).ok());
    if (rope_freqs) {
        std::vector<uint8_t> bytes(rope_freqs->size() * sizeof(float));
        std::memcpy(bytes.data(), rope_freqs->data(), bytes.size());
        EXPECT_TRUE(
            writer.add_tensor_bytes("rope_freqs.weight", {rope_freqs->size()}, GgmlType::F32, bytes).ok());
    }
    static int n = 0;
    const std::string path = ::testing::TempDir() + "ponder-config-" + std::to_string(::getpid()) + "-" +
                             std::to_string(++n) + ".gguf";
    EXPECT_TRUE(writer.write(path).ok());
    auto file = GgufFile::open(path);
    std::remove(path.c_str());  // the mapping stays valid after the name is gone
    if (!file) return file.error();
    return read_model_config(*file);
}

std::string error_of(const Metadata& metadata, const RopeFreqs& rope_freqs = {}) {
    auto config = config_of(metadata, false, rope_freqs);
    return config ? "(no error)" : config.error().message;
}

TEST(ModelConfig, ReadsLlamaHyperparameters) {
    auto c = config_of(base_metadata("llama"), /*with_output=*/true);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->arch, Architecture::Llama);
    EXPECT_EQ(c->n_layers, 2u);
    EXPECT_EQ(c->n_embd, 64u);
    EXPECT_EQ(c->n_heads, 4u);
    EXPECT_EQ(c->n_kv_heads, 2u);
    EXPECT_EQ(c->head_dim, 16u);  // n_embd / n_heads without key_length
    EXPECT_EQ(c->n_ff, 160u);
    EXPECT_EQ(c->n_vocab, 100u);  // rows of token_embd
    EXPECT_EQ(c->n_ctx_train, 4096u);
    EXPECT_FLOAT_EQ(c->rope.base, 500000.0f);
    EXPECT_FLOAT_EQ(c->rms_eps, 1e-5f);
    EXPECT_EQ(c->rope.style, RopeStyle::Norm);
    EXPECT_FALSE(c->has_qkv_bias);
    EXPECT_FALSE(c->has_qk_norm);
    EXPECT_FALSE(c->tied_output);
}

TEST(ModelConfig, Qwen2UsesNeoxRopeAndBiases) {
    auto c = config_of(base_metadata("qwen2"));
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.style, RopeStyle::Neox);
    EXPECT_TRUE(c->has_qkv_bias);
    EXPECT_TRUE(c->tied_output);  // no output.weight
}

TEST(ModelConfig, Qwen3HeadSizeComesFromKeyLength) {
    Metadata m = base_metadata("qwen3");
    m["qwen3.attention.key_length"] = u32(32);
    m["qwen3.attention.value_length"] = u32(32);
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->head_dim, 32u);
    EXPECT_EQ(c->q_dim(), 128u);
    EXPECT_EQ(c->kv_dim(), 64u);
    EXPECT_EQ(c->rope.style, RopeStyle::Neox);
    EXPECT_TRUE(c->has_qk_norm);
}

// A qwen3moe header: 8 experts, 2 per token, each 32 wide.
Metadata qwen3moe_metadata() {
    Metadata m = base_metadata("qwen3moe");
    m["qwen3moe.expert_count"] = u32(8);
    m["qwen3moe.expert_used_count"] = u32(2);
    m["qwen3moe.expert_feed_forward_length"] = u32(32);
    return m;
}

TEST(ModelConfig, Qwen3MoeReadsItsExpertsAndRenormalisesByDefault) {
    auto c = config_of(qwen3moe_metadata());
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->arch, Architecture::Qwen3Moe);
    EXPECT_TRUE(c->is_moe());
    EXPECT_EQ(c->moe.n_expert, 8u);
    EXPECT_EQ(c->moe.n_expert_used, 2u);
    EXPECT_EQ(c->moe.n_ff_expert, 32u);
    EXPECT_TRUE(c->moe.norm_weights);  // llama.cpp always renormalises qwen3moe's top-k weights
    EXPECT_TRUE(c->has_qk_norm);
    EXPECT_EQ(c->rope.style, RopeStyle::Neox);

    auto dense = config_of(base_metadata("qwen3"));
    ASSERT_TRUE(dense.ok());
    EXPECT_FALSE(dense->is_moe());
}

TEST(ModelConfig, Qwen3MoeExpertWidthAndNormalisationFollowTheFile) {
    Metadata m = qwen3moe_metadata();
    m.erase("qwen3moe.expert_feed_forward_length");
    m["qwen3moe.expert_weights_norm"] = GgufValue{GgufType::BOOL, false};
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->moe.n_ff_expert, 80u);  // llama.cpp's fallback: feed_forward_length / expert_used_count
    EXPECT_FALSE(c->moe.norm_weights);
}

TEST(ModelConfig, Qwen3MoeNeedsItsExpertCounts) {
    Metadata no_experts = qwen3moe_metadata();
    no_experts.erase("qwen3moe.expert_count");
    EXPECT_NE(error_of(no_experts).find("'qwen3moe.expert_count' is missing"), std::string::npos)
        << error_of(no_experts);
    Metadata too_many = qwen3moe_metadata();
    too_many["qwen3moe.expert_used_count"] = u32(9);
    EXPECT_NE(error_of(too_many).find("'qwen3moe.expert_used_count' = 9 is out of range (1..8)"), std::string::npos)
        << error_of(too_many);
}

TEST(ModelConfig, OptionalKeysTakeLlamaCppDefaults) {
    Metadata m = base_metadata("llama");
    m.erase("llama.attention.head_count_kv");
    m.erase("llama.rope.freq_base");
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->n_kv_heads, c->n_heads);
    EXPECT_FLOAT_EQ(c->rope.base, 10000.0f);
}

TEST(ModelConfig, RopeWithoutScalingKeysIsPlain) {
    auto c = config_of(base_metadata("llama"));
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.scaling, RopeScaling::None);
    EXPECT_EQ(c->rope.factor, 1.0f);
    EXPECT_EQ(c->rope.original_context, 4096u);  // defaults to context_length
    EXPECT_EQ(c->rope.attn_factor, 1.0f);
    EXPECT_TRUE(c->rope.freq_factors.empty());
    EXPECT_EQ(c->n_ctx_max, 4096u);
}

TEST(ModelConfig, ReadsLlama3FrequencyFactors) {
    // head_dim 16: one factor per rotated pair.
    const std::vector<float> factors = {1, 1, 1, 1.5f, 2, 4, 8, 8};
    auto c = config_of(base_metadata("llama"), false, factors);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.freq_factors, factors);
    EXPECT_EQ(c->rope.scaling, RopeScaling::None);  // Llama 3.1 files carry factors, no scaling keys
    EXPECT_EQ(c->n_ctx_max, 4096u);
}

TEST(ModelConfig, RejectsFrequencyFactorsThatDoNotFitTheHead) {
    EXPECT_NE(error_of(base_metadata("llama"), std::vector<float>(7, 1.0f)).find("'rope_freqs.weight' must be F32 of 8"),
              std::string::npos)
        << error_of(base_metadata("llama"), std::vector<float>(7, 1.0f));
    std::vector<float> negative(8, 1.0f);
    negative[3] = -2;
    EXPECT_NE(error_of(base_metadata("llama"), negative).find("not a positive number"), std::string::npos);
}

TEST(ModelConfig, ReadsYarnScalingAndStretchesTheContext) {
    Metadata m = base_metadata("qwen2");
    m["qwen2.rope.scaling.type"] = str("yarn");
    m["qwen2.rope.scaling.factor"] = f32(4);
    m["qwen2.rope.scaling.original_context_length"] = u32(4096);
    m["qwen2.rope.scaling.attn_factor"] = f32(0.75);
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.scaling, RopeScaling::Yarn);
    EXPECT_EQ(c->rope.factor, 4.0f);
    EXPECT_EQ(c->rope.original_context, 4096u);
    EXPECT_EQ(c->rope.attn_factor, 0.75f);
    EXPECT_EQ(c->rope.yarn_beta_fast, 32.0f);  // llama.cpp's defaults
    EXPECT_EQ(c->rope.yarn_beta_slow, 1.0f);
    EXPECT_EQ(c->n_ctx_train, 4096u);
    EXPECT_EQ(c->n_ctx_max, 16384u);  // context_length is the original: 4x longer with YaRN
}

TEST(ModelConfig, YarnOnAnAlreadyExtendedContextKeepsIt) {
    Metadata m = base_metadata("qwen2");
    m["qwen2.context_length"] = u32(131072);
    m["qwen2.rope.scaling.type"] = str("yarn");
    m["qwen2.rope.scaling.factor"] = f32(4);
    m["qwen2.rope.scaling.original_context_length"] = u32(32768);
    m["qwen2.rope.scaling.yarn_beta_fast"] = f32(16);
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.original_context, 32768u);
    EXPECT_EQ(c->rope.yarn_beta_fast, 16.0f);
    EXPECT_EQ(c->n_ctx_max, 131072u);
}

TEST(ModelConfig, LinearScalingFromTheTypeOrTheOlderKey) {
    Metadata typed = base_metadata("llama");
    typed["llama.rope.scaling.type"] = str("linear");
    typed["llama.rope.scaling.factor"] = f32(2);
    Metadata old = base_metadata("llama");
    old["llama.rope.scale_linear"] = f32(2);  // no type: llama.cpp's default type is linear
    for (const Metadata& m : {typed, old}) {
        auto c = config_of(m);
        ASSERT_TRUE(c.ok()) << c.error().message;
        EXPECT_EQ(c->rope.scaling, RopeScaling::Linear);
        EXPECT_EQ(c->rope.factor, 2.0f);
        EXPECT_EQ(c->n_ctx_max, 8192u);
    }
}

TEST(ModelConfig, ScalingNoneNeverScales) {
    Metadata m = base_metadata("llama");
    m["llama.rope.scaling.type"] = str("none");
    m["llama.rope.scaling.factor"] = f32(8);
    auto c = config_of(m);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->rope.scaling, RopeScaling::None);
    EXPECT_EQ(c->rope.factor, 1.0f);
    EXPECT_EQ(c->n_ctx_max, 4096u);
}

TEST(ModelConfig, UnknownRopeScalingIsAnErrorNamingIt) {
    for (const char* type : {"longrope", "dynamic-ntk"}) {
        Metadata m = base_metadata("qwen3");
        m["qwen3.rope.scaling.type"] = str(type);
        m["qwen3.rope.scaling.factor"] = f32(4);
        const std::string error = error_of(m);
        EXPECT_NE(error.find("'qwen3.rope.scaling.type' = '" + std::string(type) + "'"), std::string::npos) << error;
        EXPECT_NE(error.find("none, linear and yarn"), std::string::npos) << error;
    }
}

TEST(ModelConfig, RejectsPartialRope) {
    Metadata m = base_metadata("llama");
    m["llama.rope.dimension_count"] = u32(8);
    EXPECT_NE(error_of(m).find("RoPE rotates 8 of each head's 16 dimensions"), std::string::npos) << error_of(m);
}

TEST(ModelConfig, RejectsUnsupportedArchitecture) {
    Metadata m = base_metadata("gpt2");
    EXPECT_NE(error_of(m).find("unsupported architecture 'gpt2'"), std::string::npos) << error_of(m);
}

TEST(ModelConfig, NamesTheMissingKey) {
    Metadata m = base_metadata("qwen2");
    m.erase("qwen2.block_count");
    EXPECT_NE(error_of(m).find("'qwen2.block_count' is missing"), std::string::npos) << error_of(m);
    Metadata no_arch = base_metadata("llama");
    no_arch.erase("general.architecture");
    EXPECT_NE(error_of(no_arch).find("general.architecture"), std::string::npos) << error_of(no_arch);
}

TEST(ModelConfig, RejectsInconsistentHeads) {
    Metadata kv = base_metadata("llama");
    kv["llama.attention.head_count_kv"] = u32(3);
    EXPECT_NE(error_of(kv).find("not a multiple"), std::string::npos) << error_of(kv);

    Metadata odd = base_metadata("llama");
    odd["llama.attention.key_length"] = u32(15);
    odd["llama.attention.value_length"] = u32(15);
    EXPECT_NE(error_of(odd).find("odd"), std::string::npos) << error_of(odd);

    Metadata indivisible = base_metadata("llama");
    indivisible["llama.attention.head_count"] = u32(5);
    indivisible["llama.attention.head_count_kv"] = u32(5);
    EXPECT_NE(error_of(indivisible).find("not divisible"), std::string::npos) << error_of(indivisible);
}

TEST(ModelConfig, RejectsZeroAndAbsurdSizes) {
    Metadata zero = base_metadata("llama");
    zero["llama.embedding_length"] = u32(0);
    EXPECT_NE(error_of(zero).find("out of range"), std::string::npos) << error_of(zero);

    Metadata huge = base_metadata("llama");
    huge["llama.block_count"] = u32(100000);
    EXPECT_NE(error_of(huge).find("out of range"), std::string::npos) << error_of(huge);

    Metadata eps = base_metadata("llama");
    eps["llama.attention.layer_norm_rms_epsilon"] = f32(-1);
    EXPECT_NE(error_of(eps).find("positive"), std::string::npos) << error_of(eps);
}

} // namespace
} // namespace ponder
