// The model's weights on a Vulkan device: matrices as DeviceTensors in the weight kernels' layout,
// norms and biases as plain f32 buffers. Shapes as in model/weights.h.
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/weights.h"
#include "vk/buffer.h"
#include "vk/device_tensor.h"

#include <limits>
#include <optional>
#include <vector>

namespace ponder {

struct VkLayerWeights {
    vk::Buffer attn_norm;                             // [n_embd]
    vk::DeviceTensor attn_q, attn_k, attn_v;          // [n_embd -> q_dim], [n_embd -> kv_dim] x2
    vk::Buffer attn_q_bias, attn_k_bias, attn_v_bias; // qwen2 only: [q_dim], [kv_dim] x2
    vk::Buffer attn_q_norm, attn_k_norm;              // qwen3 only: [head_dim]
    vk::DeviceTensor attn_output;                     // [q_dim -> n_embd]
    vk::Buffer ffn_norm;                              // [n_embd]
    vk::DeviceTensor ffn_gate, ffn_up;                // [n_embd -> n_ff]        dense only
    vk::DeviceTensor ffn_down;                        // [n_ff -> n_embd]        dense only
    vk::DeviceTensor ffn_gate_inp;                    // qwen3moe: [n_embd -> n_expert] router
    vk::DeviceTensor ffn_gate_exps, ffn_up_exps;      // qwen3moe: n_expert x [n_embd -> n_ff_expert], stacked
    vk::DeviceTensor ffn_down_exps;                   // qwen3moe: n_expert x [n_ff_expert -> n_embd], stacked
};

struct VkModelWeights {
    vk::DeviceTensor token_embd;            // [n_vocab rows of n_embd]
    vk::Buffer output_norm;                 // [n_embd]
    std::optional<vk::DeviceTensor> output; // [n_embd -> n_vocab]; empty when tied to token_embd
    std::vector<VkLayerWeights> layers;

    const vk::DeviceTensor& logits_matrix() const { return output ? *output : token_embd; }
};

// Bytes one tensor takes on the device: matrices in the weight kernels' row layout, vectors as stored.
Result<uint64_t> tensor_device_bytes(const TensorInfo& tensor);

// The device holds layers [0, n_layers) and, when that is every layer, the embedding and the output: a
// GPU/CPU split keeps the rest on the CPU (layers, embedding table and output: model/load_plan.h).
inline constexpr uint32_t kAllLayers = std::numeric_limits<uint32_t>::max();

// Bytes those weights take on the device (device layout, padding included).
Result<uint64_t> device_weight_bytes(const GgufFile& file, const ModelWeights& weights,
                                     uint32_t n_layers = kAllLayers);

// Uploads those tensors; `progress` sees bytes over what is uploaded and may cancel.
Result<VkModelWeights> upload_weights(const vk::Device& device, const GgufFile& file,
                                      const ModelConfig& config, const ModelWeights& weights,
                                      const vk::UploadProgress& progress = {}, uint32_t n_layers = kAllLayers);

} // namespace ponder
