// The test-model generator: files read back with the shapes, types, tokenizer and template asked
// for; llama.cpp's Q4_K_M mix and per-tensor fallbacks; seeded determinism.
#include "gen/model_shapes.h"
#include "gen/tensor_types.h"
#include "gguf/gguf_file.h"
#include "model/config.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace ponder {
namespace {

using testing::make_test_model;

GgufFile open(const std::string& path) {
    auto file = GgufFile::open(path);
    EXPECT_TRUE(file.ok()) << file.error().message;
    return std::move(*file);
}

GgmlType type_of(const GgufFile& f, const std::string& name) {
    const TensorInfo* t = f.find_tensor(name);
    EXPECT_NE(t, nullptr) << name;
    return t ? t->type : GgmlType::F32;
}

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Generator, RoundTripsATinyQwen2WithTokenizerAndTemplate) {
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.type = "q4_k_m";
    spec.tokenizer = gen::testdata_vocab("ggml-vocab-gpt-2.gguf");
    spec.chat_template_path = std::string(PONDER_TESTDATA_DIR) + "/templates/Qwen-QwQ-32B.jinja";
    GgufFile f = open(make_test_model(spec, "roundtrip"));

    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    const GgufArray* tokens = f.get_array("tokenizer.ggml.tokens");
    ASSERT_NE(tokens, nullptr);
    EXPECT_EQ(config->n_vocab, tokens->size());  // vocabulary = the tokenizer's token count
    EXPECT_EQ(config->n_embd, 256u);
    EXPECT_EQ(config->n_layers, 2u);
    EXPECT_TRUE(config->tied_output);
    EXPECT_EQ(f.get_string("tokenizer.ggml.model")->value_or(""), "gpt2");
    auto chat_template = f.get_string("tokenizer.chat_template");
    ASSERT_TRUE(chat_template.ok() && chat_template->has_value());
    EXPECT_NE((*chat_template)->find("<|im_start|>"), std::string::npos);

    // Q4_K_M: tied embeddings Q6_K, Q4_K matrices, Q6_K attn_v/ffn_down in use_more_bits layers
    // (layer 1 of 2 is in the last eighth), F32 norms and biases.
    EXPECT_EQ(type_of(f, "token_embd.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(f, "blk.0.attn_q.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(f, "blk.0.attn_v.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(f, "blk.1.attn_v.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(f, "blk.0.ffn_down.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(f, "blk.1.ffn_down.weight"), GgmlType::Q6_K);
    EXPECT_EQ(type_of(f, "blk.0.attn_norm.weight"), GgmlType::F32);
    EXPECT_EQ(type_of(f, "blk.0.attn_q.bias"), GgmlType::F32);
    EXPECT_EQ(f.find_tensor("blk.0.attn_q.weight")->dims, (std::vector<uint64_t>{256, 256}));
    EXPECT_EQ(f.find_tensor("blk.0.attn_k.weight")->dims, (std::vector<uint64_t>{256, 128}));
}

TEST(Generator, RandomBlockWeightsKeepTheShapeAndTypes) {
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.type = "q4_k_m";
    spec.n_vocab = 512;
    spec.weights = gen::WeightFill::Blocks;
    GgufFile blocks = open(make_test_model(spec, "blocks"));
    spec.weights = gen::WeightFill::Normal;
    GgufFile normal = open(make_test_model(spec, "normal"));
    ASSERT_EQ(blocks.tensors().size(), normal.tensors().size());
    for (size_t i = 0; i < blocks.tensors().size(); ++i) {
        EXPECT_EQ(blocks.tensors()[i].type, normal.tensors()[i].type) << blocks.tensors()[i].name;
        EXPECT_EQ(blocks.tensors()[i].dims, normal.tensors()[i].dims) << blocks.tensors()[i].name;
    }
    const TensorInfo* q = blocks.find_tensor("blk.0.attn_q.weight");
    EXPECT_NE(bytes_of(blocks.path()).substr(q->offset, q->n_bytes),
              bytes_of(normal.path()).substr(q->offset, q->n_bytes));
}

TEST(Generator, WithoutWeightsTheFileIsAFullSizeHeaderWithAHole) {
    gen::TestModelSpec spec;
    spec.shape = "qwen2.5-7b";
    spec.type = "q4_k_m";
    spec.weights = gen::WeightFill::None;
    const std::string path = make_test_model(spec, "no-weights");
    GgufFile f = open(path);
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->n_layers, 28u);
    EXPECT_EQ(config->n_vocab, 152064u);
    EXPECT_GT(f.file_size(), 4'000'000'000u); // 7.6 B parameters at ~4.8 bits
    const TensorInfo* last = &f.tensors().back();
    EXPECT_LE(last->offset + last->n_bytes, f.file_size());
    std::filesystem::remove(path);
}

TEST(Generator, ConvertsAHuggingFaceTokenizer) {
    gen::TestModelSpec spec;
    spec.arch = "qwen3";
    spec.type = "q8_0";
    spec.tokenizer = std::string(PONDER_TESTDATA_DIR) + "/tokenizers/qwen3-tokenizer.json";
    GgufFile f = open(make_test_model(spec, "hf-tokenizer"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    const GgufArray* tokens = f.get_array("tokenizer.ggml.tokens");
    ASSERT_NE(tokens, nullptr);
    EXPECT_GT(tokens->size(), 150000u);
    EXPECT_EQ(config->n_vocab, tokens->size());
    EXPECT_NE(f.get_array("tokenizer.ggml.merges"), nullptr);
}

TEST(Generator, RealShapeCutToFewLayersWithRowFallbacks) {
    // qwen2.5-0.5b rows of 896 cannot hold 256-element super-blocks: as in llama.cpp, Q4_K falls back
    // to Q5_0 and Q6_K to Q8_0; ffn_down rows (4864 = 19 * 256) keep theirs.
    gen::TestModelSpec spec;
    spec.shape = "qwen2.5-0.5b";
    spec.type = "q4_k_m";
    spec.layers = 1;
    spec.n_vocab = 1024;
    GgufFile f = open(make_test_model(spec, "qwen2.5"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->n_layers, 1u);
    EXPECT_EQ(config->n_heads, 14u);
    EXPECT_EQ(config->n_kv_heads, 2u);
    EXPECT_EQ(config->n_ff, 4864u);
    EXPECT_FLOAT_EQ(config->rope.base, 1e6f);
    EXPECT_EQ(type_of(f, "blk.0.attn_q.weight"), GgmlType::Q5_0);
    EXPECT_EQ(type_of(f, "blk.0.attn_v.weight"), GgmlType::Q8_0);    // Q6_K in layer 0, 896 wide
    EXPECT_EQ(type_of(f, "token_embd.weight"), GgmlType::Q8_0);      // the tied output
    EXPECT_EQ(type_of(f, "blk.0.ffn_down.weight"), GgmlType::Q6_K);  // layer 0 of 1 uses more bits
}

TEST(Generator, WritesAQwen3MoeWithStackedExperts) {
    // Tiny qwen3moe: 16 experts of 256 rows, 4 per token, an F32 router, and the Q4_K_M mix applied to
    // the expert stacks as to the dense matrices they replace.
    gen::TestModelSpec spec;
    spec.arch = "qwen3moe";
    spec.type = "q4_k_m";
    spec.n_vocab = 512;
    GgufFile f = open(make_test_model(spec, "tiny-qwen3moe"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->arch, Architecture::Qwen3Moe);
    EXPECT_EQ(config->moe.n_expert, 16u);
    EXPECT_EQ(config->moe.n_expert_used, 4u);
    EXPECT_EQ(config->moe.n_ff_expert, 256u);
    EXPECT_TRUE(config->moe.norm_weights);
    EXPECT_EQ(f.find_tensor("blk.0.ffn_gate_exps.weight")->dims, (std::vector<uint64_t>{256, 256, 16}));
    EXPECT_EQ(f.find_tensor("blk.0.ffn_down_exps.weight")->dims, (std::vector<uint64_t>{256, 256, 16}));
    EXPECT_EQ(f.find_tensor("blk.0.ffn_gate_inp.weight")->dims, (std::vector<uint64_t>{256, 16}));
    EXPECT_EQ(f.find_tensor("blk.0.ffn_gate.weight"), nullptr);
    EXPECT_EQ(type_of(f, "blk.0.ffn_gate_inp.weight"), GgmlType::F32);
    EXPECT_EQ(type_of(f, "blk.0.ffn_up_exps.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(f, "blk.0.ffn_down_exps.weight"), GgmlType::Q4_K);
    EXPECT_EQ(type_of(f, "blk.1.ffn_down_exps.weight"), GgmlType::Q6_K);  // use_more_bits layer
    EXPECT_EQ(type_of(f, "blk.0.attn_q_norm.weight"), GgmlType::F32);

    spec.expert_weights_norm = false;
    auto unnormalised = read_model_config(open(make_test_model(spec, "tiny-qwen3moe-unnormalised")));
    ASSERT_TRUE(unnormalised.ok()) << unnormalised.error().message;
    EXPECT_FALSE(unnormalised->moe.norm_weights);
}

TEST(Generator, KnowsQwen3_30B_A3B) {
    // The real shape (a generated Q4_K_M file is about 18 GB, so only its table entry is checked here).
    auto shape = gen::find_shape("qwen3-30b-a3b", std::nullopt);
    ASSERT_TRUE(shape.ok()) << shape.error().message;
    EXPECT_EQ(shape->arch, Architecture::Qwen3Moe);
    EXPECT_EQ(shape->n_layers, 48u);
    EXPECT_EQ(shape->n_embd, 2048u);
    EXPECT_EQ(shape->n_heads, 32u);
    EXPECT_EQ(shape->n_kv_heads, 4u);
    EXPECT_EQ(shape->head_dim, 128u);
    EXPECT_EQ(shape->n_expert, 128u);
    EXPECT_EQ(shape->n_expert_used, 8u);
    EXPECT_EQ(shape->n_ff_expert, 768u);
}

// llama.cpp's mixes (llama-quant.cpp, dense models, no importance matrix), tensor by tensor.
TEST(GeneratorMixes, FollowLlamaCppPerRoleAndLayer) {
    using R = gen::TensorRole;
    using T = GgmlType;
    auto type = [](const char* scheme, R role, uint32_t layer, uint32_t n_layers, uint64_t row, uint32_t gqa = 5) {
        return gen::choose_tensor_type(*gen::parse_type_scheme(scheme), {role, layer, n_layers, row, false, gqa});
    };
    // Q4_K_M on Qwen2.5-0.5B rows: attn_v and ffn_down get Q6_K where use_more_bits (layers 0-2, every
    // third from 5, the last 3 of 24); 896-wide rows fall back.
    EXPECT_EQ(type("q4_k_m", R::AttnV, 0, 24, 896), T::Q8_0);
    EXPECT_EQ(type("q4_k_m", R::AttnV, 3, 24, 896), T::Q5_0);
    EXPECT_EQ(type("q4_k_m", R::FfnDown, 5, 24, 4864), T::Q6_K);
    EXPECT_EQ(type("q4_k_m", R::FfnDown, 4, 24, 4864), T::Q4_K);
    EXPECT_EQ(type("q4_k_m", R::Output, 0, 24, 5120), T::Q6_K);
    EXPECT_EQ(type("q4_k_m", R::TokenEmbd, 0, 24, 5120), T::Q4_K);  // untied embedding keeps the base type
    // Q3_K_M on QwQ-32B rows (64 layers).
    EXPECT_EQ(type("q3_k_m", R::AttnV, 1, 64, 5120), T::Q5_K);
    EXPECT_EQ(type("q3_k_m", R::AttnV, 2, 64, 5120), T::Q4_K);
    EXPECT_EQ(type("q3_k_m", R::FfnDown, 3, 64, 27648), T::Q5_K);
    EXPECT_EQ(type("q3_k_m", R::FfnDown, 4, 64, 27648), T::Q4_K);
    EXPECT_EQ(type("q3_k_m", R::AttnOutput, 9, 64, 5120), T::Q4_K);
    EXPECT_EQ(type("q3_k_m", R::FfnUp, 9, 64, 5120), T::Q3_K);
    EXPECT_EQ(type("q3_k_m", R::AttnQ, 9, 64, 896), T::Q4_0);
    // Q2_K: attn_v by grouped-query ratio, ffn_down and attn_output Q3_K.
    EXPECT_EQ(type("q2_k", R::AttnV, 9, 64, 5120, 5), T::Q4_K);
    EXPECT_EQ(type("q2_k", R::AttnV, 9, 64, 5120, 2), T::Q3_K);
    EXPECT_EQ(type("q2_k", R::FfnDown, 9, 64, 27648), T::Q3_K);
    EXPECT_EQ(type("q2_k", R::AttnOutput, 9, 64, 5120), T::Q3_K);
    EXPECT_EQ(type("q2_k", R::FfnGate, 9, 64, 5120), T::Q2_K);
    // IQ4_XS: Q5_K for attn_v with grouped queries and the first eighth of ffn_down.
    EXPECT_EQ(type("iq4_xs", R::AttnV, 9, 64, 5120, 5), T::Q5_K);
    EXPECT_EQ(type("iq4_xs", R::AttnV, 9, 64, 5120, 2), T::IQ4_XS);
    EXPECT_EQ(type("iq4_xs", R::FfnDown, 7, 64, 27648), T::Q5_K);
    EXPECT_EQ(type("iq4_xs", R::FfnDown, 8, 64, 27648), T::IQ4_XS);
    EXPECT_EQ(type("iq4_xs", R::AttnK, 8, 64, 896), T::IQ4_NL);
    // Pure schemes: every matrix the type, fallbacks included.
    EXPECT_EQ(type("q3_k", R::Output, 0, 2, 256), T::Q3_K);
    EXPECT_EQ(type("q4_k", R::AttnQ, 0, 2, 896), T::Q5_0);
    EXPECT_EQ(type("q4_k", R::AttnQ, 0, 2, 100), T::F16);
}

TEST(Generator, Qwen3ShapeKeepsItsOwnHeadSize) {
    gen::TestModelSpec spec;
    spec.shape = "qwen3-0.6b";
    spec.layers = 1;
    spec.n_vocab = 256;
    spec.type = "bf16";
    GgufFile f = open(make_test_model(spec, "qwen3"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->head_dim, 128u);
    EXPECT_EQ(f.find_tensor("blk.0.attn_q.weight")->dims, (std::vector<uint64_t>{1024, 2048}));
    EXPECT_EQ(type_of(f, "blk.0.attn_q.weight"), GgmlType::BF16);
    EXPECT_EQ(type_of(f, "blk.0.attn_q_norm.weight"), GgmlType::F32);
}

TEST(Generator, WritesLlama3FrequencyFactors) {
    // Llama 3's formula (factor 8, original context 8192): fast pairs keep their frequency, slow
    // ones are divided by 8, those between are smoothed.
    gen::TestModelSpec spec;
    spec.arch = "llama";
    spec.n_vocab = 256;
    spec.rope_freqs = 8;
    GgufFile f = open(make_test_model(spec, "rope-freqs"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    const std::vector<float>& factors = config->rope.freq_factors;
    ASSERT_EQ(factors.size(), 32u);
    EXPECT_EQ(factors.front(), 1.0f);
    EXPECT_EQ(factors.back(), 8.0f);
    EXPECT_TRUE(std::is_sorted(factors.begin(), factors.end()));
    EXPECT_TRUE(std::any_of(factors.begin(), factors.end(), [](float v) { return v > 1 && v < 8; }));
    EXPECT_EQ(config->rope.scaling, RopeScaling::None);
}

TEST(Generator, LlamaThreeShapesCarryTheirFrequencyFactors) {
    gen::TestModelSpec spec;
    spec.shape = "llama-3.2-1b";
    spec.layers = 1;
    spec.n_vocab = 256;
    spec.type = "q4_0";
    GgufFile f = open(make_test_model(spec, "llama-3.2"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    ASSERT_EQ(config->rope.freq_factors.size(), 32u);
    EXPECT_EQ(config->rope.freq_factors.back(), 32.0f);  // Llama 3.2's factor
}

TEST(Generator, WritesRopeScalingKeys) {
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.n_vocab = 256;
    spec.rope_scaling = "yarn";
    spec.rope_factor = 4;
    spec.rope_orig_ctx = 4096;
    GgufFile f = open(make_test_model(spec, "yarn"));
    auto config = read_model_config(f);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->rope.scaling, RopeScaling::Yarn);
    EXPECT_EQ(config->rope.factor, 4.0f);
    EXPECT_EQ(config->rope.original_context, 4096u);
    EXPECT_EQ(config->n_ctx_max, 16384u);
}

TEST(Generator, SameSeedSameBytesOtherSeedOtherWeights) {
    const std::string a = testing::tiny_model("llama", "q4_0", 7);
    const std::string b = testing::tiny_model("llama", "q4_0", 7);
    const std::string c = testing::tiny_model("llama", "q4_0", 8);
    EXPECT_EQ(bytes_of(a), bytes_of(b));
    EXPECT_NE(bytes_of(a), bytes_of(c));
    EXPECT_EQ(bytes_of(a).size(), bytes_of(c).size());
}

TEST(Generator, ExplainsBadRequests) {
    auto error = [](gen::TestModelSpec spec) {
        auto status = gen::write_test_model(spec, ::testing::TempDir() + "ponder-never-written.gguf");
        return status ? std::string("(no error)") : status.error().message;
    };
    gen::TestModelSpec spec;
    spec.arch = "llama";
    spec.type = "iq1_s";
    EXPECT_NE(error(spec).find("unknown tensor type 'iq1_s'"), std::string::npos) << error(spec);
    spec.type = "f16";
    spec.shape = "qwen3-0.6b";
    EXPECT_NE(error(spec).find("is a qwen3 model, not llama"), std::string::npos) << error(spec);
    spec.shape = "gpt-5";
    EXPECT_NE(error(spec).find("unknown shape 'gpt-5'"), std::string::npos) << error(spec);
    spec.shape = "tiny";
    spec.arch = "";
    EXPECT_NE(error(spec).find("needs an architecture"), std::string::npos) << error(spec);
    spec.arch = "mamba";
    EXPECT_NE(error(spec).find("unknown architecture 'mamba'"), std::string::npos) << error(spec);
    spec.arch = "llama";
    spec.rope_scaling = "ntk";
    EXPECT_NE(error(spec).find("unknown RoPE scaling 'ntk'"), std::string::npos) << error(spec);
}

} // namespace
} // namespace ponder
