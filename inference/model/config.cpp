#include "model/config.h"

#include "gguf/gguf_file.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace ponder {
namespace {

// Upper bounds far beyond any released model; values past them mean a corrupt or hostile file.
constexpr uint64_t kMaxLayers = 1024;
constexpr uint64_t kMaxEmbd = 65536;
constexpr uint64_t kMaxHeads = 1024;
constexpr uint64_t kMaxHeadDim = 1024;
constexpr uint64_t kMaxFeedForward = 1 << 20;
constexpr uint64_t kMaxVocab = 1 << 24;
constexpr uint64_t kMaxExperts = 1024;

// Reads `<arch>.<suffix>` as an unsigned integer; `fallback` when absent (nullopt = required).
Result<uint32_t> read_uint(const GgufFile& file, const std::string& arch, const char* suffix,
                           std::optional<uint64_t> fallback, uint64_t max) {
    const std::string key = arch + "." + suffix;
    auto value = file.get_uint(key);
    if (!value) return value.error();
    if (!value->has_value() && !fallback)
        return make_error(file.path() + ": metadata key '" + key + "' is missing; the file is not a complete " +
                          arch + " model");
    const uint64_t v = value->has_value() ? **value : *fallback;
    if (v == 0 || v > max)
        return make_error(file.path() + ": metadata '" + key + "' = " + std::to_string(v) +
                          " is out of range (1.." + std::to_string(max) + ")");
    return static_cast<uint32_t>(v);
}

Result<float> read_float(const GgufFile& file, const std::string& key, std::optional<double> fallback) {
    auto value = file.get_float(key);
    if (!value) return value.error();
    if (!value->has_value() && !fallback)
        return make_error(file.path() + ": metadata key '" + key + "' is missing");
    const double v = value->has_value() ? **value : *fallback;
    if (!std::isfinite(v) || v <= 0)
        return make_error(file.path() + ": metadata '" + key + "' must be a positive number");
    return static_cast<float>(v);
}

Result<RopeScaling> parse_rope_scaling(const GgufFile& file, const std::string& key, const std::string& name) {
    if (name == "none") return RopeScaling::None;
    if (name == "linear") return RopeScaling::Linear;
    if (name == "yarn") return RopeScaling::Yarn;
    return make_error(file.path() + ": metadata '" + key + "' = '" + name +
                      "' is a RoPE scaling Ponder does not know (it runs none, linear and yarn)");
}

// rope_freqs.weight (Llama 3.x): one positive f32 divisor per rotated pair.
Result<std::vector<float>> read_freq_factors(const GgufFile& file, uint32_t head_dim) {
    const TensorInfo* t = file.find_tensor("rope_freqs.weight");
    if (!t) return std::vector<float>{};
    if (t->type != GgmlType::F32 || t->dims.size() != 1 || t->dims[0] != head_dim / 2)
        return make_error(file.path() + ": tensor 'rope_freqs.weight' must be F32 of " + std::to_string(head_dim / 2) +
                          " values (one per rotated pair of a " + std::to_string(head_dim) + "-dim head)");
    std::vector<float> factors(head_dim / 2);
    std::memcpy(factors.data(), file.tensor_data(*t).data(), factors.size() * sizeof(float));
    for (float f : factors)
        if (!std::isfinite(f) || f <= 0)
            return make_error(file.path() + ": tensor 'rope_freqs.weight' holds a value that is not a positive number");
    return factors;
}

// The RoPE settings as llama.cpp loads them for llama / qwen2 / qwen3 (llama_model::load_hparams and
// llama_context's cparams): a missing scaling type with a factor means linear; "none" never scales; the
// YaRN betas default to 32 / 1. (rope.scaling.yarn_log_multiplier is read only for deepseek2-style
// models, so it does not apply here.)
Result<RopeConfig> read_rope_config(const GgufFile& file, const ModelConfig& c) {
    const std::string a = c.arch_name + ".rope.";
    RopeConfig r;
    r.style = c.arch == Architecture::Llama ? RopeStyle::Norm : RopeStyle::Neox;
    auto base = read_float(file, a + "freq_base", 10000.0);
    if (!base) return base.error();
    r.base = *base;

    auto rotated = read_uint(file, c.arch_name, "rope.dimension_count", c.head_dim, kMaxHeadDim);
    if (!rotated) return rotated.error();
    if (*rotated != c.head_dim)
        return make_error(file.path() + ": RoPE rotates " + std::to_string(*rotated) + " of each head's " +
                          std::to_string(c.head_dim) + " dimensions; Ponder supports only whole-head RoPE");

    // The factor: rope.scaling.factor, or the older rope.scale_linear; 0 or absent = no stretch.
    double factor = 0;
    for (const char* key : {"scaling.factor", "scale_linear"}) {
        auto value = file.get_float(a + key);
        if (!value) return value.error();
        if (!value->has_value()) continue;
        if (!std::isfinite(**value) || **value < 0)
            return make_error(file.path() + ": metadata '" + a + key + "' must be a positive number");
        factor = **value;
        break;
    }
    auto type = file.get_string(a + "scaling.type");
    if (!type) return type.error();
    if (type->has_value()) {
        auto scaling = parse_rope_scaling(file, a + "scaling.type", **type);
        if (!scaling) return scaling.error();
        r.scaling = *scaling;
    } else {
        r.scaling = factor > 0 ? RopeScaling::Linear : RopeScaling::None;
    }
    r.factor = r.scaling == RopeScaling::None || factor == 0 ? 1.0f : float(factor);

    auto original = read_uint(file, c.arch_name, "rope.scaling.original_context_length", c.n_ctx_train, UINT32_MAX);
    if (!original) return original.error();
    r.original_context = *original;
    auto attn_factor = read_float(file, a + "scaling.attn_factor", 1.0);
    if (!attn_factor) return attn_factor.error();
    r.attn_factor = *attn_factor;
    auto beta_fast = read_float(file, a + "scaling.yarn_beta_fast", 32.0);
    if (!beta_fast) return beta_fast.error();
    auto beta_slow = read_float(file, a + "scaling.yarn_beta_slow", 1.0);
    if (!beta_slow) return beta_slow.error();
    r.yarn_beta_fast = *beta_fast;
    r.yarn_beta_slow = *beta_slow;

    auto factors = read_freq_factors(file, c.head_dim);
    if (!factors) return factors.error();
    r.freq_factors = std::move(*factors);
    return r;
}

// A file whose context_length is the original (pre-scaling) length can run `factor` times longer.
uint32_t usable_context(const ModelConfig& c) {
    if (c.rope.scaling == RopeScaling::None || c.rope.factor <= 1 || c.rope.original_context != c.n_ctx_train)
        return c.n_ctx_train;
    const double stretched = std::floor(double(c.n_ctx_train) * c.rope.factor);
    return uint32_t(std::min<double>(stretched, std::numeric_limits<uint32_t>::max()));
}

Result<Architecture> parse_architecture(const GgufFile& file, const std::string& name) {
    if (name == "llama") return Architecture::Llama;
    if (name == "qwen2") return Architecture::Qwen2;
    if (name == "qwen3") return Architecture::Qwen3;
    if (name == "qwen3moe") return Architecture::Qwen3Moe;
    return make_error(file.path() + ": unsupported architecture '" + name +
                      "' (Ponder runs llama, qwen2, qwen3 and qwen3moe models)");
}

// qwen3moe's experts as llama.cpp loads them (llama_model_qwen3moe::load_arch_hparams): expert_count and
// expert_used_count required, the expert width defaulting to n_ff / n_expert_used. llama.cpp always
// renormalises the picked weights for qwen3moe; an explicit expert_weights_norm = false (Qwen3's
// norm_topk_prob off) is honoured.
Result<MoeConfig> read_moe_config(const GgufFile& file, const ModelConfig& c) {
    MoeConfig m;
    const std::string& a = c.arch_name;
    auto n_expert = read_uint(file, a, "expert_count", std::nullopt, kMaxExperts);
    if (!n_expert) return n_expert.error();
    auto n_used = read_uint(file, a, "expert_used_count", std::nullopt, *n_expert);
    if (!n_used) return n_used.error();
    auto n_ff_expert = read_uint(file, a, "expert_feed_forward_length", std::max(1u, c.n_ff / *n_used), kMaxFeedForward);
    if (!n_ff_expert) return n_ff_expert.error();
    auto norm = file.get_bool(a + ".expert_weights_norm");
    if (!norm) return norm.error();
    m.n_expert = *n_expert;
    m.n_expert_used = *n_used;
    m.n_ff_expert = *n_ff_expert;
    m.norm_weights = norm->value_or(true);
    return m;
}

Status validate(const GgufFile& file, const ModelConfig& c) {
    auto fail = [&](const std::string& what) { return make_error(file.path() + ": " + what); };
    if (c.n_heads % c.n_kv_heads != 0)
        return fail("attention.head_count (" + std::to_string(c.n_heads) +
                    ") is not a multiple of attention.head_count_kv (" + std::to_string(c.n_kv_heads) + ")");
    if (c.head_dim % 2 != 0)
        return fail("attention head size " + std::to_string(c.head_dim) + " is odd; RoPE needs pairs");
    if (c.rms_eps >= 1.0f) return fail("attention.layer_norm_rms_epsilon must be below 1");
    return {};
}

} // namespace

Result<ModelConfig> read_model_config(const GgufFile& file) {
    auto arch_name = file.get_string("general.architecture");
    if (!arch_name) return arch_name.error();
    if (!arch_name->has_value())
        return make_error(file.path() + ": metadata key 'general.architecture' is missing; is this a model file?");

    ModelConfig c{};
    c.arch_name = **arch_name;
    auto arch = parse_architecture(file, c.arch_name);
    if (!arch) return arch.error();
    c.arch = *arch;
    auto name = file.get_string("general.name");
    if (!name) return name.error();
    c.model_name = name->value_or("");

    const std::string& a = c.arch_name;
    auto layers = read_uint(file, a, "block_count", std::nullopt, kMaxLayers);
    if (!layers) return layers.error();
    auto embd = read_uint(file, a, "embedding_length", std::nullopt, kMaxEmbd);
    if (!embd) return embd.error();
    auto heads = read_uint(file, a, "attention.head_count", std::nullopt, kMaxHeads);
    if (!heads) return heads.error();
    auto kv_heads = read_uint(file, a, "attention.head_count_kv", *heads, kMaxHeads);
    if (!kv_heads) return kv_heads.error();
    auto ff = read_uint(file, a, "feed_forward_length", std::nullopt, kMaxFeedForward);
    if (!ff) return ff.error();
    auto ctx = read_uint(file, a, "context_length", std::nullopt, UINT32_MAX);
    if (!ctx) return ctx.error();
    c.n_layers = *layers;
    c.n_embd = *embd;
    c.n_heads = *heads;
    c.n_kv_heads = *kv_heads;
    c.n_ff = *ff;
    c.n_ctx_train = *ctx;

    // key_length is optional: without it the head size is n_embd / n_heads, which must then divide.
    if (!file.find(a + ".attention.key_length") && c.n_embd % c.n_heads != 0)
        return make_error(file.path() + ": embedding_length " + std::to_string(c.n_embd) +
                          " is not divisible by attention.head_count " + std::to_string(c.n_heads));
    auto head_dim = read_uint(file, a, "attention.key_length", c.n_embd / c.n_heads, kMaxHeadDim);
    if (!head_dim) return head_dim.error();
    c.head_dim = *head_dim;
    auto value_dim = read_uint(file, a, "attention.value_length", c.head_dim, kMaxHeadDim);
    if (!value_dim) return value_dim.error();
    if (*value_dim != c.head_dim)
        return make_error(file.path() + ": attention.value_length (" + std::to_string(*value_dim) +
                          ") differs from key_length (" + std::to_string(c.head_dim) + "); not supported");

    auto eps = read_float(file, a + ".attention.layer_norm_rms_epsilon", std::nullopt);
    if (!eps) return eps.error();
    c.rms_eps = *eps;
    auto rope = read_rope_config(file, c);
    if (!rope) return rope.error();
    c.rope = std::move(*rope);
    c.n_ctx_max = usable_context(c);

    c.has_qkv_bias = c.arch == Architecture::Qwen2;
    c.has_qk_norm = c.arch == Architecture::Qwen3 || c.arch == Architecture::Qwen3Moe;
    c.tied_output = file.find_tensor("output.weight") == nullptr;

    const TensorInfo* embd_tensor = file.find_tensor("token_embd.weight");
    if (!embd_tensor) return make_error(file.path() + ": tensor 'token_embd.weight' is missing");
    if (embd_tensor->dims.size() != 2 || embd_tensor->dims[1] == 0 || embd_tensor->dims[1] > kMaxVocab)
        return make_error(file.path() + ": tensor 'token_embd.weight' is not a [n_embd, n_vocab] matrix");
    c.n_vocab = static_cast<uint32_t>(embd_tensor->dims[1]);
    if (c.arch == Architecture::Qwen3Moe) {
        auto moe = read_moe_config(file, c);
        if (!moe) return moe.error();
        c.moe = *moe;
    }

    PONDER_TRY(validate(file, c));
    return c;
}

} // namespace ponder
