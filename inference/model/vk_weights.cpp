#include "model/vk_weights.h"

#include "gguf/gguf_file.h"
#include "vk/device.h"

#include <algorithm>
#include <limits>
#include <span>

namespace ponder {

namespace {

bool is_matrix(const TensorInfo* t) {
    return t && t->dims.size() >= 2;
}


// The tensors of layers [0, n_layers) and, when that is every layer, of the embedding and the output.
template <class F> void for_each_tensor(const ModelWeights& w, uint32_t n_layers, F&& f) {
    if (n_layers >= w.layers.size()) {
        f(w.token_embd);
        f(w.output_norm);
        if (w.output != w.token_embd)
            f(w.output);
    }
    for (const LayerWeights& l : std::span(w.layers).first(std::min<size_t>(n_layers, w.layers.size())))
        for (const TensorInfo* t :
             {l.attn_norm, l.attn_q, l.attn_k, l.attn_v, l.attn_q_bias, l.attn_k_bias, l.attn_v_bias,
              l.attn_q_norm, l.attn_k_norm, l.attn_output, l.ffn_norm, l.ffn_gate, l.ffn_up, l.ffn_down,
             l.ffn_gate_inp, l.ffn_gate_exps, l.ffn_up_exps, l.ffn_down_exps})
            f(t);
}

// Uploads with progress counted over the whole model.
struct Uploader {
    const vk::Device& device;
    const GgufFile& file;
    const vk::UploadProgress& progress;
    uint64_t done = 0, total = 0;

    vk::UploadProgress tensor_progress() {
        if (!progress)
            return {};
        const uint64_t before = done;
        return
            [this, before](uint64_t tensor_done, uint64_t) { return progress(before + tensor_done, total); };
    }

    // A matrix, or a [cols, rows, n_expert] stack of expert matrices (chunks keep each expert whole);
    // a null tensor (absent from this architecture) gives an empty one.
    Result<vk::DeviceTensor> matrix(const TensorInfo* t) {
        if (!t)
            return vk::DeviceTensor{};
        const uint32_t expert_rows = t->dims.size() == 3 ? static_cast<uint32_t>(t->dims[1]) : 1;
        auto tensor = vk::DeviceTensor::upload_weight(
            device, t->name, t->type, static_cast<uint32_t>(t->dims[0]), static_cast<uint32_t>(t->rows()),
            file.tensor_data(*t), tensor_progress(), 0, expert_rows);
        if (tensor)
            done += tensor->bytes();
        return tensor;
    }

    // 1-D f32 tensors (norms, biases); a null tensor gives an empty buffer.
    Result<vk::Buffer> vector(const TensorInfo* t) {
        if (!t)
            return vk::Buffer{};
        if (t->type != GgmlType::F32)
            return make_error(t->name + ": expected an F32 vector");
        auto buffer = vk::Buffer::create(device, t->n_bytes, vk::MemoryUse::DeviceLocal, t->name);
        PONDER_TRY(buffer);
        PONDER_TRY(buffer->write(device, 0, file.tensor_data(*t)));
        done += t->n_bytes;
        if (progress && !progress(done, total))
            return make_error("loading cancelled");
        return buffer;
    }
};

} // namespace

Result<uint64_t> tensor_device_bytes(const TensorInfo& t) {
    if (!is_matrix(&t))
        return t.n_bytes;
    auto row = vk::device_row_bytes(t.type, t.dims[0]);
    if (!row)
        return make_error(t.name + ": " + row.error().message);
    return *row * t.rows();
}

Result<uint64_t> device_weight_bytes(const GgufFile& file, const ModelWeights& weights, uint32_t n_layers) {
    uint64_t total = 0;
    std::optional<Error> error;
    for_each_tensor(weights, n_layers, [&](const TensorInfo* t) {
        if (!t || error)
            return;
        auto bytes = tensor_device_bytes(*t);
        if (!bytes)
            error = bytes.error();
        else
            total += *bytes;
    });
    if (error)
        return *error;
    return total;
}

Result<VkModelWeights> upload_weights(const vk::Device& device, const GgufFile& file,
                                      const ModelConfig& config, const ModelWeights& weights,
                                      const vk::UploadProgress& progress, uint32_t n_layers) {
    auto total = device_weight_bytes(file, weights, n_layers);
    PONDER_TRY(total);
    const bool whole = n_layers >= weights.layers.size();
    Uploader up{device, file, progress, 0, *total};
    VkModelWeights w;
#define PONDER_UPLOAD(dst, how, tensor)                                                                      \
    do {                                                                                                     \
        auto uploaded_ = up.how(tensor);                                                                     \
        PONDER_TRY(uploaded_);                                                                               \
        dst = std::move(*uploaded_);                                                                         \
    } while (0)
    if (whole) {
        PONDER_UPLOAD(w.token_embd, matrix, weights.token_embd);
        PONDER_UPLOAD(w.output_norm, vector, weights.output_norm);
        if (weights.output && weights.output != weights.token_embd)
            PONDER_UPLOAD(w.output, matrix, weights.output);
    }
    for (const LayerWeights& l : std::span(weights.layers).first(std::min<size_t>(n_layers, weights.layers.size()))) {
        VkLayerWeights& d = w.layers.emplace_back();
        PONDER_UPLOAD(d.attn_norm, vector, l.attn_norm);
        PONDER_UPLOAD(d.attn_q, matrix, l.attn_q);
        PONDER_UPLOAD(d.attn_k, matrix, l.attn_k);
        PONDER_UPLOAD(d.attn_v, matrix, l.attn_v);
        PONDER_UPLOAD(d.attn_q_bias, vector, l.attn_q_bias);
        PONDER_UPLOAD(d.attn_k_bias, vector, l.attn_k_bias);
        PONDER_UPLOAD(d.attn_v_bias, vector, l.attn_v_bias);
        PONDER_UPLOAD(d.attn_q_norm, vector, l.attn_q_norm);
        PONDER_UPLOAD(d.attn_k_norm, vector, l.attn_k_norm);
        PONDER_UPLOAD(d.attn_output, matrix, l.attn_output);
        PONDER_UPLOAD(d.ffn_norm, vector, l.ffn_norm);
        PONDER_UPLOAD(d.ffn_gate, matrix, l.ffn_gate);
        PONDER_UPLOAD(d.ffn_up, matrix, l.ffn_up);
        PONDER_UPLOAD(d.ffn_down, matrix, l.ffn_down);
        PONDER_UPLOAD(d.ffn_gate_inp, matrix, l.ffn_gate_inp);
        PONDER_UPLOAD(d.ffn_gate_exps, matrix, l.ffn_gate_exps);
        PONDER_UPLOAD(d.ffn_up_exps, matrix, l.ffn_up_exps);
        PONDER_UPLOAD(d.ffn_down_exps, matrix, l.ffn_down_exps);
    }
#undef PONDER_UPLOAD
    (void)config;
    return w;
}

} // namespace ponder
