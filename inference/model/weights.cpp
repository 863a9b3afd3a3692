#include "model/weights.h"

#include "gguf/gguf_file.h"

#include <map>

namespace ponder {
namespace {

std::string shape_string(const std::vector<uint64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

std::string type_name(GgmlType type) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    return traits ? std::string(traits->name) : "type " + std::to_string(static_cast<uint32_t>(type));
}

// Looks up one tensor and checks its shape; vectors must be F32, matrices a type Ponder runs.
class TensorBinder {
public:
    explicit TensorBinder(const GgufFile& file) : file_(file) {}

    Result<const TensorInfo*> bind(const std::string& name, std::vector<uint64_t> shape) const {
        const TensorInfo* t = file_.find_tensor(name);
        if (!t) return make_error(file_.path() + ": tensor '" + name + "' is missing");
        if (t->dims != shape)
            return make_error(file_.path() + ": tensor '" + name + "' has shape " + shape_string(t->dims) +
                              ", expected " + shape_string(shape) + " from the model's hyperparameters");
        if (shape.size() == 1) {  // matrices and stacks of expert matrices go on below
            if (t->type != GgmlType::F32)
                return make_error(file_.path() + ": tensor '" + name + "' is " + type_name(t->type) +
                                  "; norms and biases must be F32");
            return t;
        }
        auto traits = ggml_type_traits(static_cast<uint32_t>(t->type));
        if (!traits || !traits->supported)
            return make_error(file_.path() + ": tensor '" + name + "' uses " + type_name(t->type) +
                              ", which Ponder cannot run; try a Q4_K_M, Q6_K or Q8_0 file of this model");
        if (shape[0] % traits->block_elems != 0)
            return make_error(file_.path() + ": tensor '" + name + "' row length " + std::to_string(shape[0]) +
                              " is not a multiple of the " + type_name(t->type) + " block size");
        return t;
    }

private:
    const GgufFile& file_;
};

#define PONDER_BIND(field, name, ...)                                                              \
    do {                                                                                           \
        auto bound_ = binder.bind(name, __VA_ARGS__);                                              \
        if (!bound_) return bound_.error();                                                        \
        field = *bound_;                                                                           \
    } while (0)

Result<LayerWeights> bind_layer(const TensorBinder& binder, const ModelConfig& c, uint32_t i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    const uint64_t embd = c.n_embd, q = c.q_dim(), kv = c.kv_dim(), ff = c.n_ff;
    LayerWeights l;
    PONDER_BIND(l.attn_norm, p + "attn_norm.weight", {embd});
    PONDER_BIND(l.attn_q, p + "attn_q.weight", {embd, q});
    PONDER_BIND(l.attn_k, p + "attn_k.weight", {embd, kv});
    PONDER_BIND(l.attn_v, p + "attn_v.weight", {embd, kv});
    if (c.has_qkv_bias) {
        PONDER_BIND(l.attn_q_bias, p + "attn_q.bias", {q});
        PONDER_BIND(l.attn_k_bias, p + "attn_k.bias", {kv});
        PONDER_BIND(l.attn_v_bias, p + "attn_v.bias", {kv});
    }
    if (c.has_qk_norm) {
        PONDER_BIND(l.attn_q_norm, p + "attn_q_norm.weight", {c.head_dim});
        PONDER_BIND(l.attn_k_norm, p + "attn_k_norm.weight", {c.head_dim});
    }
    PONDER_BIND(l.attn_output, p + "attn_output.weight", {q, embd});
    PONDER_BIND(l.ffn_norm, p + "ffn_norm.weight", {embd});
    if (c.is_moe()) {
        const uint64_t n_expert = c.moe.n_expert, ff_expert = c.moe.n_ff_expert;
        PONDER_BIND(l.ffn_gate_inp, p + "ffn_gate_inp.weight", {embd, n_expert});
        PONDER_BIND(l.ffn_gate_exps, p + "ffn_gate_exps.weight", {embd, ff_expert, n_expert});
        PONDER_BIND(l.ffn_up_exps, p + "ffn_up_exps.weight", {embd, ff_expert, n_expert});
        PONDER_BIND(l.ffn_down_exps, p + "ffn_down_exps.weight", {ff_expert, embd, n_expert});
        return l;
    }
    PONDER_BIND(l.ffn_gate, p + "ffn_gate.weight", {embd, ff});
    PONDER_BIND(l.ffn_up, p + "ffn_up.weight", {embd, ff});
    PONDER_BIND(l.ffn_down, p + "ffn_down.weight", {ff, embd});
    return l;
}

// llama_ftype ids (llama.h) that name a quantization mix.
const std::map<uint64_t, std::string>& file_type_names() {
    static const std::map<uint64_t, std::string> names = {
        {0, "F32"},     {1, "F16"},     {2, "Q4_0"},    {3, "Q4_1"},    {7, "Q8_0"},    {8, "Q5_0"},
        {9, "Q5_1"},    {10, "Q2_K"},   {11, "Q3_K_S"}, {12, "Q3_K_M"}, {13, "Q3_K_L"}, {14, "Q4_K_S"},
        {15, "Q4_K_M"}, {16, "Q5_K_S"}, {17, "Q5_K_M"}, {18, "Q6_K"},   {32, "BF16"},
    };
    return names;
}

} // namespace

std::vector<const TensorInfo*> LayerWeights::matrices() const {
    std::vector<const TensorInfo*> all;
    for (const TensorInfo* t : {attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down, ffn_gate_inp,
                                ffn_gate_exps, ffn_up_exps, ffn_down_exps})
        if (t) all.push_back(t);
    return all;
}

Result<ModelWeights> bind_weights(const GgufFile& file, const ModelConfig& c) {
    TensorBinder binder(file);
    ModelWeights w;
    PONDER_BIND(w.token_embd, "token_embd.weight", {c.n_embd, c.n_vocab});
    PONDER_BIND(w.output_norm, "output_norm.weight", {c.n_embd});
    if (c.tied_output)
        w.output = w.token_embd;
    else
        PONDER_BIND(w.output, "output.weight", {c.n_embd, c.n_vocab});
    for (uint32_t i = 0; i < c.n_layers; ++i) {
        auto layer = bind_layer(binder, c, i);
        if (!layer) return layer.error();
        w.layers.push_back(*layer);
    }
    return w;
}

#undef PONDER_BIND

std::string quantization_summary(const GgufFile& file, const ModelWeights& weights) {
    auto file_type = file.get_uint("general.file_type");
    if (file_type && file_type->has_value()) {
        auto it = file_type_names().find(**file_type);
        if (it != file_type_names().end()) return it->second;
    }
    // The type holding most layer-matrix elements names the file; K-quant "_M" mixes give some
    // attn_v / ffn_down matrices Q6_K.
    std::map<GgmlType, uint64_t> elements;
    bool some_q6k = false;
    for (const LayerWeights& l : weights.layers) {
        for (const TensorInfo* t : l.matrices()) elements[t->type] += t->n_elements;
        const TensorInfo* down = l.ffn_down ? l.ffn_down : l.ffn_down_exps;
        some_q6k |= l.attn_v->type == GgmlType::Q6_K || down->type == GgmlType::Q6_K;
    }
    if (elements.empty()) return type_name(weights.token_embd->type);
    GgmlType main = elements.begin()->first;
    for (const auto& [type, n] : elements)
        if (n > elements[main]) main = type;
    if (main == GgmlType::Q4_K) return some_q6k ? "Q4_K_M" : "Q4_K_S";
    if (main == GgmlType::Q5_K) return some_q6k ? "Q5_K_M" : "Q5_K_S";
    return type_name(main);
}

uint64_t parameter_count(const GgufFile& file) {
    uint64_t n = 0;
    for (const TensorInfo& t : file.tensors()) n += t.n_elements;
    return n;
}

} // namespace ponder
