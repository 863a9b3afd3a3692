// The Vulkan forward pass against the CPU reference: generated tiny llama / qwen2 / qwen3 / qwen3moe models in
// every weight type Ponder runs; logits of a 64-token prompt must match (mean KL <= 1e-4), decoding must equal
// prefill, and a truncated cache must equal recomputation. Also: RoPE variants of the file (rope_freqs,
// YaRN, linear scaling), quantized KV caches, and the memory estimate against the allocation (also for the
// grid i-quants, whose device blocks are padded and which read a grid table).
#include "model/engine.h"
#include "reference/forward.h"
#include "reference_test_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

namespace ponder {
namespace {

using testing::mean_kl;
using testing::random_prompt;
using testing::tiny_model;

constexpr uint32_t kPromptTokens = 64;

std::unique_ptr<Engine> load_engine(const std::string& path, uint32_t n_batch = 256, KvCacheTypes cache_types = {},
                                    uint32_t n_ctx = 256) {
    EngineOptions options;
    options.backend = Backend::Vulkan;  // the default on a machine with only lavapipe is the CPU backend
    options.n_ctx = n_ctx;
    options.n_batch = n_batch;
    options.cache_types = cache_types;
    auto engine = Engine::load(path, options);
    EXPECT_TRUE(engine.ok()) << (engine ? "" : engine.error().message);
    return engine ? std::move(*engine) : nullptr;
}

std::vector<float> run(Engine& engine, std::span<const int32_t> tokens, uint32_t start, bool all = true) {
    auto logits = engine.forward(tokens, start, all);
    EXPECT_TRUE(logits.ok()) << (logits ? "" : logits.error().message);
    return logits ? std::move(*logits) : std::vector<float>{};
}

// Logits of every token of `prompt`: the first `n_prefill` in one batch, then one token at a time.
std::vector<float> prefill_then_decode(Engine& engine, std::span<const int32_t> prompt, uint32_t n_prefill) {
    std::vector<float> logits = run(engine, prompt.first(n_prefill), 0);
    for (uint32_t i = n_prefill; i < prompt.size(); ++i) {
        const std::vector<float> row = run(engine, prompt.subspan(i, 1), i);
        logits.insert(logits.end(), row.begin(), row.end());
    }
    return logits;
}

struct Case {
    std::string arch, type;
};

class VulkanForward : public ::testing::TestWithParam<Case> {};

TEST_P(VulkanForward, LogitsOfAPromptMatchTheReference) {
    const std::string path = tiny_model(GetParam().arch, GetParam().type);
    auto reference = reference::ReferenceModel::load(path);
    ASSERT_TRUE(reference.ok()) << reference.error().message;
    auto engine = load_engine(path);
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(kPromptTokens, n_vocab, 7);
    auto expected = reference->forward(prompt, 0);
    ASSERT_TRUE(expected.ok()) << expected.error().message;
    const double kl = mean_kl(*expected, run(*engine, prompt, 0), n_vocab);
    std::printf("%s %s: engine vs reference mean KL %.2e\n", GetParam().arch.c_str(), GetParam().type.c_str(), kl);
    EXPECT_LE(kl, 1e-4);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return info.param.arch + "_" + info.param.type;
}

std::vector<Case> all_cases() {
    std::vector<Case> cases;
    for (const char* arch : {"llama", "qwen2", "qwen3", "qwen3moe"})
        for (const char* type : {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "iq4_nl", "iq4_xs", "q3_k_m",
                                 "q4_k_m", "iq3_xxs", "iq3_s", "iq2_xxs", "iq2_xs", "iq2_s"})
            cases.push_back({arch, type});
    return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryArchAndType, VulkanForward, ::testing::ValuesIn(all_cases()), case_name);

// Every vendor's kernels (vk/device_profile.h, forced as PONDER_DEVICE_PROFILE forces them) end to end: a prompt
// of which all but 16 tokens are decoded one at a time, so that the profile's decode matvec (subgroup per row,
// 8-bit activations quantized once per input) computes most logits, on dense models with and without biases and
// on the routed experts' matvecs by ids.
struct ProfileForwardCase {
    vk::ProfileVendor profile;
    std::string arch, type;
};

void PrintTo(const ProfileForwardCase& c, std::ostream* os) {
    *os << vk::profile_name(c.profile) << " " << c.arch << " " << c.type;
}

class VulkanProfiles : public ::testing::TestWithParam<ProfileForwardCase> {};

TEST_P(VulkanProfiles, DecodeMatchesTheReference) {
    const ProfileForwardCase& c = GetParam();
    const std::string path = tiny_model(c.arch, c.type);
    auto reference = reference::ReferenceModel::load(path);
    ASSERT_TRUE(reference.ok()) << reference.error().message;
    EngineOptions options;
    options.backend = Backend::Vulkan;  // the default on a machine with only lavapipe is the CPU backend
    options.n_ctx = 256;
    options.device.profile = c.profile;
    auto engine = Engine::load(path, options);
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    const uint32_t n_vocab = (*engine)->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(kPromptTokens, n_vocab, 13);
    auto expected = reference->forward(prompt, 0);
    ASSERT_TRUE(expected.ok()) << expected.error().message;
    const double kl = mean_kl(*expected, prefill_then_decode(**engine, prompt, 16), n_vocab);
    std::printf("%s, %s %s: prefill 16 + decode 48 vs reference mean KL %.2e\n",
                std::string(vk::profile_name(c.profile)).c_str(), c.arch.c_str(), c.type.c_str(), kl);
    EXPECT_LE(kl, 1e-4);
}

std::vector<ProfileForwardCase> profile_cases() {
    std::vector<ProfileForwardCase> cases;
    for (vk::ProfileVendor profile : {vk::ProfileVendor::Nvidia, vk::ProfileVendor::Amd, vk::ProfileVendor::Intel,
                                      vk::ProfileVendor::Apple, vk::ProfileVendor::Lavapipe})
        for (const auto& [arch, type] : std::vector<std::pair<const char*, const char*>>{
                 {"llama", "q4_k_m"}, {"qwen2", "q8_0"}, {"qwen3", "iq4_xs"}, {"qwen3moe", "q4_k_m"}})
            cases.push_back({profile, arch, type});
    return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryProfile, VulkanProfiles, ::testing::ValuesIn(profile_cases()),
                         [](const ::testing::TestParamInfo<ProfileForwardCase>& info) {
                             return std::string(vk::profile_name(info.param.profile)) + "_" + info.param.arch + "_" +
                                    info.param.type;
                         });

// Long contexts through each attention kernel (lane per position on lavapipe's profile, shared-memory tiles on
// the GPUs'): a 700-token prompt, prefilled in batches of 256 (the later ones deep in the cache: row tiles and
// position splits) and then decoded one token at a time (splits that grow with the depth), with f16 and
// quantized caches, against the reference with the same cache types.
struct LongContextCase {
    vk::ProfileVendor profile;
    KvCacheTypes cache_types;
};

void PrintTo(const LongContextCase& c, std::ostream* os) {
    *os << vk::profile_name(c.profile) << " " << kv_cache_type_name(c.cache_types.k) << "/"
        << kv_cache_type_name(c.cache_types.v);
}

class VulkanLongContext : public ::testing::TestWithParam<LongContextCase> {};

TEST_P(VulkanLongContext, PrefillAndDecodeMatchTheReference) {
    const LongContextCase& c = GetParam();
    const std::string path = tiny_model("qwen2", "q8_0");
    auto reference = reference::ReferenceModel::load(path, c.cache_types);
    ASSERT_TRUE(reference.ok()) << reference.error().message;
    EngineOptions options;
    options.n_ctx = 768;
    options.n_batch = 256;
    options.cache_types = c.cache_types;
    options.device.profile = c.profile;
    auto engine = Engine::load(path, options);
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    const uint32_t n_vocab = (*engine)->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(700, n_vocab, 29);
    auto expected = reference->forward(prompt, 0);
    ASSERT_TRUE(expected.ok()) << expected.error().message;
    std::vector<float> logits;
    for (uint32_t start = 0; start < 600; start += 256) {
        const std::vector<float> rows = run(**engine, std::span(prompt).subspan(start, std::min(256u, 600 - start)), start);
        logits.insert(logits.end(), rows.begin(), rows.end());
    }
    for (uint32_t i = 600; i < prompt.size(); ++i) {
        const std::vector<float> row = run(**engine, std::span(prompt).subspan(i, 1), i);
        logits.insert(logits.end(), row.begin(), row.end());
    }
    const double kl = mean_kl(*expected, logits, n_vocab);
    std::printf("%s, %s/%s cache, 700 tokens: mean KL %.2e\n", std::string(vk::profile_name(c.profile)).c_str(),
                kv_cache_type_name(c.cache_types.k), kv_cache_type_name(c.cache_types.v), kl);
    EXPECT_LE(kl, 1e-4);
}

std::vector<LongContextCase> long_context_cases() {
    std::vector<LongContextCase> cases;
    for (vk::ProfileVendor profile : {vk::ProfileVendor::Nvidia, vk::ProfileVendor::Lavapipe})
        for (KvCacheTypes types : {KvCacheTypes{}, KvCacheTypes{KvCacheType::Q8_0, KvCacheType::Q8_0},
                                   KvCacheTypes{KvCacheType::Q4_0, KvCacheType::Q8_0}})
            cases.push_back({profile, types});
    return cases;
}

INSTANTIATE_TEST_SUITE_P(TiledAndLanePerPosition, VulkanLongContext, ::testing::ValuesIn(long_context_cases()),
                         [](const ::testing::TestParamInfo<LongContextCase>& info) {
                             return std::string(vk::profile_name(info.param.profile)) + "_" +
                                    kv_cache_type_name(info.param.cache_types.k) + "_" +
                                    kv_cache_type_name(info.param.cache_types.v);
                         });

// Greedy decoding reads one token id back instead of the logits: it must pick what the reference's logits pick
// (their argmax; the test prompt's logits have no near ties), after a prefill and after each decode step.
TEST(VulkanGreedy, ArgmaxOnTheGpuIsTheReferencesMostLikelyToken) {
    for (const char* profile : {"lavapipe", "nvidia"}) {
        const std::string path = tiny_model("qwen2", "q8_0");
        auto reference = reference::ReferenceModel::load(path);
        ASSERT_TRUE(reference.ok()) << reference.error().message;
        EngineOptions options;
        options.backend = Backend::Vulkan;  // the default on a machine with only lavapipe is the CPU backend
        options.n_ctx = 256;
        options.device.profile = *vk::parse_profile_name(profile);
        auto engine = Engine::load(path, options);
        ASSERT_TRUE(engine.ok()) << engine.error().message;
        const uint32_t n_vocab = (*engine)->config().n_vocab;
        std::vector<int32_t> tokens = random_prompt(20, n_vocab, 23);
        auto first = (*engine)->forward_argmax(tokens, 0);
        ASSERT_TRUE(first.ok()) << first.error().message;
        std::vector<int32_t> greedy{*first};
        for (int i = 0; i < 8; ++i) {
            tokens.push_back(greedy.back());
            auto next = (*engine)->forward_argmax(std::span(&tokens.back(), 1), uint32_t(tokens.size() - 1));
            ASSERT_TRUE(next.ok()) << next.error().message;
            greedy.push_back(*next);
        }
        auto expected = reference->forward(tokens, 0);
        ASSERT_TRUE(expected.ok()) << expected.error().message;
        for (size_t i = 0; i < greedy.size(); ++i) {
            const float* row = expected->data() + (19 + i) * n_vocab;
            EXPECT_EQ(greedy[i], std::max_element(row, row + n_vocab) - row) << profile << " step " << i;
        }
    }
}

class VulkanCache : public ::testing::TestWithParam<std::string> {};

TEST_P(VulkanCache, PrefillThenDecodeEqualsOneLongPrefill) {
    auto engine = load_engine(tiny_model(GetParam(), "q8_0"));
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(40, n_vocab, 3);
    EXPECT_LE(mean_kl(run(*engine, prompt, 0), prefill_then_decode(*engine, prompt, 32), n_vocab), 1e-6);
    EXPECT_EQ(engine->cached_tokens(), prompt.size());
}

TEST_P(VulkanCache, TruncatingToAPrefixEqualsRecomputingFromScratch) {
    auto engine = load_engine(tiny_model(GetParam(), "f16"));
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    std::vector<int32_t> first = random_prompt(48, n_vocab, 11);
    std::vector<int32_t> second = first;
    const std::vector<int32_t> tail = random_prompt(16, n_vocab, 12);
    std::copy(tail.begin(), tail.end(), second.begin() + 32); // shares 32 tokens with `first`

    run(*engine, first, 0);
    engine->truncate_cache(32);
    EXPECT_EQ(engine->cached_tokens(), 32u);
    const std::vector<float> reused = run(*engine, std::span(second).subspan(32), 32);
    const std::vector<float> fresh = run(*engine, second, 0);
    const std::vector<float> fresh_tail(fresh.end() - reused.size(), fresh.end());
    EXPECT_LE(mean_kl(fresh_tail, reused, n_vocab), 1e-6);
}

TEST_P(VulkanCache, SmallBatchesGiveTheSameLogitsAsOneBatch) {
    const std::string path = tiny_model(GetParam(), "q4_k");
    auto one_batch = load_engine(path);
    auto small_batches = load_engine(path, 7);
    ASSERT_TRUE(one_batch && small_batches);
    const std::vector<int32_t> prompt = random_prompt(30, one_batch->config().n_vocab, 5);
    EXPECT_LE(
        mean_kl(run(*one_batch, prompt, 0), run(*small_batches, prompt, 0), one_batch->config().n_vocab),
        1e-6);
}

TEST_P(VulkanCache, RefusesPositionsPastTheCacheAndTheContext) {
    auto engine = load_engine(tiny_model(GetParam(), "f32"));
    ASSERT_TRUE(engine);
    const std::vector<int32_t> prompt = random_prompt(4, engine->config().n_vocab, 1);
    EXPECT_FALSE(engine->forward(prompt, 1).ok()); // nothing cached yet
    const std::vector<int32_t> too_long =
        random_prompt(engine->context_size() + 1, engine->config().n_vocab, 2);
    auto result = engine->forward(too_long, 0);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("context size"), std::string::npos) << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(EveryArch, VulkanCache, ::testing::Values("llama", "qwen2", "qwen3", "qwen3moe"));

// Qwen3 MoE routing: the engine follows the reference whether the file renormalises the chosen experts' weights
// or not, in prefill (experts grouped over tokens) and decode (the chosen experts by id); and the two references
// differ clearly, so a wrong routing (here: a dropped or extra normalisation) cannot pass.
TEST(VulkanMoe, RoutingMatchesTheReferenceWithAndWithoutRenormalisation) {
    gen::TestModelSpec spec;
    spec.arch = "qwen3moe";
    spec.type = "q8_0";
    spec.n_vocab = 512;
    const std::string normalised = testing::make_test_model(spec, "moe-norm");
    spec.expert_weights_norm = false;
    const std::string unnormalised = testing::make_test_model(spec, "moe-no-norm");
    const std::vector<int32_t> prompt = random_prompt(kPromptTokens, 512, 9);
    std::vector<std::vector<float>> expected;
    for (const std::string& path : {normalised, unnormalised}) {
        auto reference = reference::ReferenceModel::load(path);
        ASSERT_TRUE(reference.ok()) << reference.error().message;
        auto logits = reference->forward(prompt, 0);
        ASSERT_TRUE(logits.ok()) << logits.error().message;
        expected.push_back(std::move(*logits));
        auto engine = load_engine(path);
        ASSERT_TRUE(engine);
        const double prefill_kl = mean_kl(expected.back(), run(*engine, prompt, 0), 512);
        const double decode_kl = mean_kl(expected.back(), prefill_then_decode(*engine, prompt, 48), 512);
        std::printf("%s: engine vs reference KL: prefill %.2e, prefill 48 + decode 16 %.2e\n",
                    path == normalised ? "renormalised" : "not renormalised", prefill_kl, decode_kl);
        EXPECT_LE(prefill_kl, 1e-4);
        EXPECT_LE(decode_kl, 1e-4);
    }
    const double routing_kl = mean_kl(expected[0], expected[1], 512);
    std::printf("reference with vs without renormalisation KL %.2e\n", routing_kl);
    EXPECT_GE(routing_kl, 1e-2);
}

// RoPE as the file says: a model whose attention is sharp (q/k weights 3x: scores 9x), so that every
// position's angle shows in the logits, run over 200 positions. The engine must match the reference,
// and the reference must move measurably when the file's RoPE extras are taken away (else matching
// would prove nothing).
struct RopeCase {
    std::string name;
    gen::TestModelSpec spec;
    std::function<bool(const std::string&)> is_extra_key;  // metadata the "dropped" copy leaves out
    bool extra_tensor;                                      // rope_freqs.weight is an extra too
};

void PrintTo(const RopeCase& c, std::ostream* os) { *os << c.name; }

class VulkanRope : public ::testing::TestWithParam<RopeCase> {};

TEST_P(VulkanRope, MatchesTheReferenceWhichDiffersWithoutTheRopeExtras) {
    const RopeCase& c = GetParam();
    const std::string path = testing::make_test_model(c.spec, "rope-" + c.name);
    const std::string dropped = testing::rewrite_model(
        path, "rope-dropped-" + c.name,
        [&](const TensorInfo& t) -> std::optional<testing::TensorEdit> {
            if (c.extra_tensor && t.name == "rope_freqs.weight") return std::nullopt;
            return testing::TensorEdit{t.dims, t.type};
        },
        c.is_extra_key);
    auto reference = reference::ReferenceModel::load(path);
    auto reference_dropped = reference::ReferenceModel::load(dropped);
    ASSERT_TRUE(reference.ok() && reference_dropped.ok());
    auto engine = load_engine(path);
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(200, n_vocab, 21);
    auto expected = reference->forward(prompt, 0);
    auto without = reference_dropped->forward(prompt, 0);
    ASSERT_TRUE(expected.ok() && without.ok());
    const double engine_kl = mean_kl(*expected, run(*engine, prompt, 0), n_vocab);
    const double dropped_kl = mean_kl(*expected, *without, n_vocab);
    std::printf("%s: engine vs reference KL %.2e; reference without the RoPE extras KL %.2e\n", c.name.c_str(),
                engine_kl, dropped_kl);
    EXPECT_LE(engine_kl, 1e-4);
    EXPECT_GE(dropped_kl, 1e-2);
}

gen::TestModelSpec sharp_tiny(const std::string& arch) {
    gen::TestModelSpec spec;
    spec.arch = arch;
    spec.type = "f16";
    spec.n_vocab = 512;
    spec.qk_gain = 3;
    return spec;
}

std::vector<RopeCase> rope_cases() {
    auto scaling_key = [](const std::string& key) { return key.find(".rope.scaling.") != std::string::npos; };
    RopeCase freqs{"llama_rope_freqs", sharp_tiny("llama"), {}, true};
    // Llama 3.1's factor over an original context short enough that most pairs are divided within 200
    // positions (Llama 3.1's own 8192 divides a third of them; the reference then moves by KL 1.5e-2).
    freqs.spec.rope_freqs = 8;
    freqs.spec.rope_orig_ctx = 256;
    RopeCase yarn{"qwen2_yarn", sharp_tiny("qwen2"), scaling_key, false};
    yarn.spec.rope_scaling = "yarn";
    yarn.spec.rope_factor = 4;
    yarn.spec.rope_orig_ctx = 4096;    // = context_length, as Qwen2.5's YaRN files
    RopeCase linear{"qwen3_linear", sharp_tiny("qwen3"), scaling_key, false};
    linear.spec.rope_scaling = "linear";
    linear.spec.rope_factor = 2;
    return {freqs, yarn, linear};
}

INSTANTIATE_TEST_SUITE_P(FileVariants, VulkanRope, ::testing::ValuesIn(rope_cases()),
                         [](const ::testing::TestParamInfo<RopeCase>& info) { return info.param.name; });


// Quantized KV caches: q8_0 keys and values stay close to the f16 cache over 300 positions, the engine
// computes what the reference computes with the same cache types, and 4 bits lose more than 8.
class VulkanQuantizedCache : public ::testing::TestWithParam<std::string> {};

TEST_P(VulkanQuantizedCache, Q8_0StaysCloseToF16AndMatchesTheReference) {
    const std::string path = tiny_model(GetParam(), "q8_0");
    const KvCacheTypes q8{KvCacheType::Q8_0, KvCacheType::Q8_0}, q4{KvCacheType::Q4_0, KvCacheType::Q4_0};
    auto f16_engine = load_engine(path, 256, {}, 512);
    auto q8_engine = load_engine(path, 256, q8, 512);
    auto q4_engine = load_engine(path, 256, q4, 512);
    auto q8_reference = reference::ReferenceModel::load(path, q8);
    ASSERT_TRUE(f16_engine && q8_engine && q4_engine && q8_reference.ok());
    const uint32_t n_vocab = f16_engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(300, n_vocab, 17);
    const std::vector<float> f16 = run(*f16_engine, prompt, 0), q8_0 = run(*q8_engine, prompt, 0),
                             q4_0 = run(*q4_engine, prompt, 0);
    auto reference_q8 = q8_reference->forward(prompt, 0);
    ASSERT_TRUE(reference_q8.ok());
    const double q8_kl = mean_kl(f16, q8_0, n_vocab), q4_kl = mean_kl(f16, q4_0, n_vocab);
    const double engine_kl = mean_kl(*reference_q8, q8_0, n_vocab);
    std::printf("%s, 300 tokens: KL vs the f16 cache: q8_0 %.2e, q4_0 %.2e; q8_0 engine vs reference %.2e\n",
                GetParam().c_str(), q8_kl, q4_kl, engine_kl);
    EXPECT_LE(q8_kl, 1e-3);
    EXPECT_LE(engine_kl, 1e-4);
    EXPECT_LT(q8_kl, q4_kl);
    EXPECT_LE(q4_kl, 3e-2);  // sane: the same predictions, slightly blurred
}

TEST_P(VulkanQuantizedCache, Q4_0DecodesAsItPrefills) {
    auto engine = load_engine(tiny_model(GetParam(), "f16"), 256, {KvCacheType::Q4_0, KvCacheType::Q8_0});
    ASSERT_TRUE(engine);
    const uint32_t n_vocab = engine->config().n_vocab;
    const std::vector<int32_t> prompt = random_prompt(40, n_vocab, 3);
    EXPECT_LE(mean_kl(run(*engine, prompt, 0), prefill_then_decode(*engine, prompt, 32), n_vocab), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(EveryArch, VulkanQuantizedCache, ::testing::Values("llama", "qwen2", "qwen3"));

// The estimate of a qwen3moe model counts every expert's weights and the routing buffers.
TEST(VulkanMemory, EstimateMatchesTheAllocationForAMixtureOfExperts) {
    auto engine = load_engine(tiny_model("qwen3moe", "q4_k_m"), 256, {}, 512);
    ASSERT_TRUE(engine);
    const EngineMemory& estimate = engine->memory();
    const double allocated = double(engine->device_bytes_allocated());
    std::printf("qwen3moe: estimated %llu bytes (weights %llu), allocated %.0f\n",
                static_cast<unsigned long long>(estimate.total()),
                static_cast<unsigned long long>(estimate.weights), allocated);
    EXPECT_NEAR(double(estimate.total()), allocated, 0.01 * allocated);
    // 2 layers x 3 stacks of 16 experts of 256 x 256, Q4_K (144 bytes per 256) and Q6_K (210 -> 216) downs.
    EXPECT_GT(estimate.weights, 2u * 3 * 16 * 256 * 144);
    // A decode step reads only the 4 of 16 experts it is routed to, most of the weights being experts.
    EXPECT_LT(engine->decode_read_bytes(0), estimate.weights / 2);
}

// The estimate that decides "does it fit" is what loading allocates: the total within 1 %, and the KV
// cache's share (the f16 cache's allocation less a quantized one's) within 1 % of the estimated saving.
TEST(VulkanMemory, EstimateMatchesTheAllocationForEveryCacheType) {
    const std::string path = tiny_model("llama", "q8_0");
    const uint32_t n_ctx = 4096;  // a KV cache larger than the weights
    auto f16 = load_engine(path, 256, {}, n_ctx);
    ASSERT_TRUE(f16);
    for (KvCacheType type : {KvCacheType::F16, KvCacheType::Q8_0, KvCacheType::Q4_0}) {
        auto engine = load_engine(path, 256, {type, type}, n_ctx);
        ASSERT_TRUE(engine);
        const EngineMemory& estimate = engine->memory();
        const double allocated = double(engine->device_bytes_allocated());
        std::printf("%s cache: estimated %llu bytes (KV %llu), allocated %.0f\n", kv_cache_type_name(type),
                    static_cast<unsigned long long>(estimate.total()),
                    static_cast<unsigned long long>(estimate.kv_cache), allocated);
        EXPECT_NEAR(double(estimate.total()), allocated, 0.01 * allocated) << kv_cache_type_name(type);
        const double saved = double(f16->device_bytes_allocated()) - allocated;
        const double estimated_saving = double(f16->memory().kv_cache) - double(estimate.kv_cache);
        EXPECT_NEAR(saved, estimated_saving, 0.01 * double(f16->memory().kv_cache)) << kv_cache_type_name(type);
    }
}

// The grid i-quants' padded device blocks and the grid table they all read are in the estimate: with a
// small context the weights dominate, and the grid table alone is a few percent of these models.
TEST(VulkanMemory, EstimateMatchesTheAllocationForTheGridIQuants) {
    for (const char* type : {"iq3_xxs", "iq3_s", "iq2_xxs", "iq2_xs", "iq2_s"}) {
        auto engine = load_engine(tiny_model("qwen2", type), 64, {}, 64);
        ASSERT_TRUE(engine);
        const EngineMemory& estimate = engine->memory();
        const double allocated = double(engine->device_bytes_allocated());
        std::printf("%s: estimated %llu bytes (weights %llu), allocated %.0f\n", type,
                    static_cast<unsigned long long>(estimate.total()),
                    static_cast<unsigned long long>(estimate.weights), allocated);
        EXPECT_NEAR(double(estimate.total()), allocated, 0.01 * allocated) << type;
    }
}

} // namespace
} // namespace ponder
