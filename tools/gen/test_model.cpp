#include "gen/test_model.h"

#include "gen/model_shapes.h"
#include "gen/quantize.h"
#include "gen/tensor_types.h"
#include "gen/tokenizer_source.h"
#include "gguf/gguf_writer.h"
#include "reference/parallel.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <sstream>
#include <vector>

namespace ponder::gen {
namespace {

// How a tensor's random values are drawn.
enum class Init {
    Matrix,  // normal(0, 1/sqrt(row length)): projections keep activations near unit scale
    Norm,    // 1 + normal(0, 0.05)
    Bias,    // normal(0, 0.02)
};

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) h = (h ^ uint8_t(c)) * 0x100000001b3ull;
    return h;
}

// Approximately standard normal from 64 random bits: the sum of four 16-bit uniforms
// (Irwin-Hall, variance 1/3), centred and scaled. Cheap enough for 500M weights.
float approx_normal(uint64_t bits) {
    float sum = 0;
    for (int i = 0; i < 4; ++i) sum += float((bits >> (16 * i)) & 0xFFFF) * (1.0f / 65536.0f);
    return (sum - 2.0f) * 1.7320508f;
}

// One row of a tensor; each row has its own stream, so threads produce identical files.
void random_row(uint64_t tensor_seed, uint64_t row, Init init, float gain, std::span<float> out) {
    uint64_t state = tensor_seed ^ (row * 0xd1b54a32d192ed03ull);
    const float scale =
        gain * (init == Init::Matrix ? 1.0f / std::sqrt(float(out.size())) : init == Init::Norm ? 0.05f : 0.02f);
    const float offset = init == Init::Norm ? 1.0f : 0.0f;
    for (float& v : out) v = offset + scale * approx_normal(splitmix64(state));
}

// Llama 3's rope_freqs.weight, as llama.cpp's converter derives it from rope_scaling "llama3": pairs
// with wavelengths under original_context / 4 keep their frequency, over original_context / 1 are
// divided by `factor`, and those between are smoothed.
std::vector<float> llama3_rope_freqs(const ModelShape& s, float factor, uint32_t original_context) {
    const float low_freq_factor = 1, high_freq_factor = 4;
    const float low_freq_wavelen = float(original_context) / low_freq_factor;
    const float high_freq_wavelen = float(original_context) / high_freq_factor;
    std::vector<float> divisors;
    for (uint32_t i = 0; i < s.head_dim; i += 2) {
        const float freq = 1.0f / std::pow(s.rope_base, float(i) / float(s.head_dim));
        const float wavelen = 2 * std::numbers::pi_v<float> / freq;
        if (wavelen < high_freq_wavelen) {
            divisors.push_back(1);
        } else if (wavelen > low_freq_wavelen) {
            divisors.push_back(factor);
        } else {
            const float smooth =
                (float(original_context) / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor);
            divisors.push_back(1 / ((1 - smooth) / factor + smooth));
        }
    }
    return divisors;
}

struct Plan {
    Architecture arch;
    ModelShape shape;
    TypeScheme scheme;
    uint32_t n_layers;
    uint32_t n_vocab;
    TokenizerMetadata tokenizer;
    std::string chat_template;
    std::vector<float> rope_freqs;  // empty = no rope_freqs.weight
    const TestModelSpec& spec;
};

Status check_rope_spec(const TestModelSpec& spec) {
    if (!spec.rope_scaling.empty() && spec.rope_scaling != "none" && spec.rope_scaling != "linear" &&
        spec.rope_scaling != "yarn")
        return make_error("unknown RoPE scaling '" + spec.rope_scaling + "' (use none, linear or yarn)");
    if (!(spec.rope_freqs >= 0 && spec.rope_factor >= 0 && spec.qk_gain > 0))
        return make_error("RoPE factors and the q/k gain must be positive");
    return {};
}

Result<Plan> make_plan(const TestModelSpec& spec) {
    std::optional<Architecture> arch;
    if (!spec.arch.empty()) {
        auto parsed = parse_architecture(spec.arch);
        if (!parsed) return parsed.error();
        arch = *parsed;
    }
    auto shape = find_shape(spec.shape, arch);
    if (!shape) return shape.error();
    auto scheme = parse_type_scheme(spec.type);
    if (!scheme) return scheme.error();
    PONDER_TRY(check_rope_spec(spec));
    Plan plan{shape->arch, *shape, *scheme, shape->n_layers, shape->n_vocab, {}, {}, {}, spec};
    const float llama3_factor = spec.rope_freqs > 0 ? spec.rope_freqs : shape->llama3_rope_factor;
    if (llama3_factor > 0)
        plan.rope_freqs = llama3_rope_freqs(*shape, llama3_factor, spec.rope_orig_ctx ? spec.rope_orig_ctx : 8192);
    if (spec.layers > 0) plan.n_layers = spec.layers;
    if (!spec.tokenizer.empty()) {
        auto tokenizer = load_tokenizer_metadata(spec.tokenizer);
        if (!tokenizer) return tokenizer.error();
        plan.tokenizer = std::move(*tokenizer);
        plan.n_vocab = plan.tokenizer.n_tokens;
    } else if (spec.n_vocab > 0) {
        plan.n_vocab = spec.n_vocab;
    }
    if (!spec.chat_template_path.empty()) {
        std::ifstream in(spec.chat_template_path, std::ios::binary);
        if (!in) return make_error("cannot read chat template '" + spec.chat_template_path + "'");
        std::ostringstream text;
        text << in.rdbuf();
        plan.chat_template = text.str();
    }
    return plan;
}

void write_metadata(GgufWriter& w, const Plan& p) {
    const std::string a(architecture_name(p.arch));
    const ModelShape& s = p.shape;
    w.add_string("general.architecture", a);
    w.add_string("general.name", "ponder-test " + std::string(s.name) + " " + p.scheme.name);
    w.add_uint32("general.file_type", p.scheme.file_type);
    w.add_uint32("general.quantization_version", 2);
    w.add_uint32(a + ".block_count", p.n_layers);
    w.add_uint32(a + ".context_length", s.n_ctx_train);
    w.add_uint32(a + ".embedding_length", s.n_embd);
    w.add_uint32(a + ".feed_forward_length", s.n_ff);
    w.add_uint32(a + ".attention.head_count", s.n_heads);
    w.add_uint32(a + ".attention.head_count_kv", s.n_kv_heads);
    w.add_uint32(a + ".attention.key_length", s.head_dim);
    w.add_uint32(a + ".attention.value_length", s.head_dim);
    w.add_float32(a + ".rope.freq_base", s.rope_base);
    if (!p.spec.rope_scaling.empty()) w.add_string(a + ".rope.scaling.type", p.spec.rope_scaling);
    if (p.spec.rope_factor > 0) w.add_float32(a + ".rope.scaling.factor", p.spec.rope_factor);
    if (!p.spec.rope_scaling.empty() && p.spec.rope_orig_ctx > 0)
        w.add_uint32(a + ".rope.scaling.original_context_length", p.spec.rope_orig_ctx);
    w.add_float32(a + ".attention.layer_norm_rms_epsilon", s.rms_eps);
    if (s.n_expert > 0) {
        w.add_uint32(a + ".expert_count", s.n_expert);
        w.add_uint32(a + ".expert_used_count", s.n_expert_used);
        w.add_uint32(a + ".expert_feed_forward_length", s.n_ff_expert);
        if (!p.spec.expert_weights_norm) w.add_bool(a + ".expert_weights_norm", false);
    }
    p.tokenizer.write(w);
    if (!p.chat_template.empty()) w.add_string("tokenizer.chat_template", p.chat_template);
}

// Random bytes for one row from its own stream (8 per draw).
void random_bytes(uint64_t tensor_seed, uint64_t row, std::span<uint8_t> out) {
    uint64_t state = tensor_seed ^ (row * 0xd1b54a32d192ed03ull);
    size_t i = 0;
    for (; i + 8 <= out.size(); i += 8) {
        const uint64_t bits = splitmix64(state);
        std::memcpy(out.data() + i, &bits, 8);
    }
    const uint64_t bits = splitmix64(state);
    std::memcpy(out.data() + i, &bits, out.size() - i);
}

class TensorAdder {
public:
    TensorAdder(GgufWriter& writer, const Plan& plan, uint64_t seed, WeightFill fill)
        : w_(writer), plan_(plan), seed_(seed), fill_(fill) {}

    Status vector(const std::string& name, uint64_t n, Init init) {
        return add(name, {n}, GgmlType::F32, init);
    }
    // A matrix with weights `gain` times the usual scale.
    Status matrix(const std::string& name, uint64_t cols, uint64_t rows, TensorRole role, uint32_t layer = 0,
                  float gain = 1) {
        return add(name, {cols, rows}, type_for(role, layer, cols), Init::Matrix, gain);
    }
    // One [cols, rows] matrix per expert, stacked: [cols, rows, n_expert].
    Status experts(const std::string& name, uint64_t cols, uint64_t rows, TensorRole role, uint32_t layer) {
        return add(name, {cols, rows, plan_.shape.n_expert}, type_for(role, layer, cols), Init::Matrix);
    }
    // The MoE router stays F32, as llama.cpp's quantizer leaves ffn_gate_inp.
    Status router(const std::string& name, uint64_t cols, uint64_t rows) {
        return add(name, {cols, rows}, GgmlType::F32, Init::Matrix);
    }
    // An F32 vector of given values.
    Status values(const std::string& name, std::vector<float> v) {
        const uint64_t n = v.size();
        return w_.add_tensor(name, {n}, GgmlType::F32, [v = std::move(v)](std::span<uint8_t> bytes) -> Status {
            std::memcpy(bytes.data(), v.data(), bytes.size());
            return {};
        });
    }

private:
    GgmlType type_for(TensorRole role, uint32_t layer, uint64_t cols) const {
        const TensorPlace place{role, layer, plan_.n_layers, cols, plan_.shape.tied_output,
                                plan_.shape.n_heads / plan_.shape.n_kv_heads};
        return choose_tensor_type(plan_.scheme, place);
    }

    Status add(const std::string& name, std::vector<uint64_t> dims, GgmlType type, Init init, float gain = 1) {
        uint64_t rows = 1;
        for (size_t i = 1; i < dims.size(); ++i) rows *= dims[i];
        const uint64_t cols = dims[0];
        const uint64_t tensor_seed = seed_ ^ fnv1a(name);
        if (fill_ == WeightFill::None) return w_.add_tensor(name, std::move(dims), type, {});
        const bool blocks = fill_ == WeightFill::Blocks && init == Init::Matrix && has_block_scales(type);
        return w_.add_tensor(name, std::move(dims), type, [=](std::span<uint8_t> bytes) -> Status {
            const size_t row_bytes = bytes.size() / rows;
            reference::parallel_for(rows, 16, [&](size_t begin, size_t end) {
                std::vector<float> row(cols);
                for (size_t r = begin; r < end; ++r) {
                    uint8_t* out = bytes.data() + r * row_bytes;
                    if (blocks) {
                        random_bytes(tensor_seed, r, {out, row_bytes});
                        set_random_block_scales(type, gain / std::sqrt(float(cols)), out, cols);
                    } else {
                        random_row(tensor_seed, r, init, gain, row);
                        quantize_row(type, row.data(), out, cols);
                    }
                }
            });
            return {};
        });
    }

    GgufWriter& w_;
    const Plan& plan_;
    uint64_t seed_;
    WeightFill fill_;
};

Status add_tensors(GgufWriter& w, const Plan& p, uint64_t seed, WeightFill fill) {
    const ModelShape& s = p.shape;
    const uint64_t embd = s.n_embd, q = uint64_t(s.n_heads) * s.head_dim, kv = uint64_t(s.n_kv_heads) * s.head_dim;
    TensorAdder t(w, p, seed, fill);
    PONDER_TRY(t.matrix("token_embd.weight", embd, p.n_vocab, TensorRole::TokenEmbd));
    PONDER_TRY(t.vector("output_norm.weight", embd, Init::Norm));
    if (!s.tied_output) PONDER_TRY(t.matrix("output.weight", embd, p.n_vocab, TensorRole::Output));
    if (!p.rope_freqs.empty()) PONDER_TRY(t.values("rope_freqs.weight", p.rope_freqs));
    const float qk_gain = p.spec.qk_gain;
    for (uint32_t i = 0; i < p.n_layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".";
        PONDER_TRY(t.vector(b + "attn_norm.weight", embd, Init::Norm));
        PONDER_TRY(t.matrix(b + "attn_q.weight", embd, q, TensorRole::AttnQ, i, qk_gain));
        PONDER_TRY(t.matrix(b + "attn_k.weight", embd, kv, TensorRole::AttnK, i, qk_gain));
        PONDER_TRY(t.matrix(b + "attn_v.weight", embd, kv, TensorRole::AttnV, i));
        if (p.arch == Architecture::Qwen2) {
            PONDER_TRY(t.vector(b + "attn_q.bias", q, Init::Bias));
            PONDER_TRY(t.vector(b + "attn_k.bias", kv, Init::Bias));
            PONDER_TRY(t.vector(b + "attn_v.bias", kv, Init::Bias));
        }
        if (p.arch == Architecture::Qwen3 || p.arch == Architecture::Qwen3Moe) {
            PONDER_TRY(t.vector(b + "attn_q_norm.weight", s.head_dim, Init::Norm));
            PONDER_TRY(t.vector(b + "attn_k_norm.weight", s.head_dim, Init::Norm));
        }
        PONDER_TRY(t.matrix(b + "attn_output.weight", q, embd, TensorRole::AttnOutput, i));
        PONDER_TRY(t.vector(b + "ffn_norm.weight", embd, Init::Norm));
        if (s.n_expert > 0) {
            // llama.cpp's mixes treat the expert stacks as the ffn_gate / ffn_up / ffn_down they hold.
            PONDER_TRY(t.router(b + "ffn_gate_inp.weight", embd, s.n_expert));
            PONDER_TRY(t.experts(b + "ffn_gate_exps.weight", embd, s.n_ff_expert, TensorRole::FfnGate, i));
            PONDER_TRY(t.experts(b + "ffn_up_exps.weight", embd, s.n_ff_expert, TensorRole::FfnUp, i));
            PONDER_TRY(t.experts(b + "ffn_down_exps.weight", s.n_ff_expert, embd, TensorRole::FfnDown, i));
            continue;
        }
        PONDER_TRY(t.matrix(b + "ffn_gate.weight", embd, s.n_ff, TensorRole::FfnGate, i));
        PONDER_TRY(t.matrix(b + "ffn_up.weight", embd, s.n_ff, TensorRole::FfnUp, i));
        PONDER_TRY(t.matrix(b + "ffn_down.weight", s.n_ff, embd, TensorRole::FfnDown, i));
    }
    return {};
}

} // namespace

Status write_test_model(const TestModelSpec& spec, const std::string& out_path) {
    auto plan = make_plan(spec);
    if (!plan) return plan.error();
    GgufWriter writer;
    write_metadata(writer, *plan);
    PONDER_TRY(add_tensors(writer, *plan, spec.seed, spec.weights));
    if (spec.split_parts <= 1) return writer.write(out_path);
    std::string prefix = out_path;
    if (prefix.ends_with(".gguf")) prefix.resize(prefix.size() - 5);
    auto paths = writer.write_split(prefix, spec.split_parts);
    if (!paths) return paths.error();
    return {};
}

std::string testdata_vocab(const std::string& name) { return std::string(PONDER_TESTDATA_DIR) + "/vocab/" + name; }

} // namespace ponder::gen
