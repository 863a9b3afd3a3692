// The Vulkan forward pass: one batch of tokens through every layer into logits, recorded into one
// command buffer (no host wait inside). The engine (model/engine.h) uploads token ids before and
// reads logits after.
#pragma once

#include "error.h"
#include "model/config.h"
#include "model/kv_cache.h"
#include "model/vk_weights.h"
#include "vk/buffer.h"
#include "vk/layer_kernels.h"
#include "vk/recorder.h"
#include "vk/weight_kernels.h"

#include <span>

namespace ponder {

// Activations for up to n_batch tokens. Shapes are per batch row.
struct ForwardBuffers {
    uint32_t n_batch = 0;        // most tokens one forward call takes
    uint32_t n_logit_rows = 0;   // most logit rows one forward call produces
    vk::Buffer token_ids;        // [n_batch] uint32
    vk::Buffer x;                // [n_batch x n_embd]  residual stream
    vk::Buffer x_norm;           // [n_batch x n_embd]  normalized input of attention / ffn / output
    vk::Buffer delta;            // [n_batch x n_embd]  attention / ffn output, added to x
    vk::Buffer q;                // [n_batch x q_dim]
    vk::Buffer k, v;             // [n_batch x kv_dim]
    vk::Buffer attn_out;         // [n_batch x q_dim]
    vk::Buffer attn_partials;    // split attention partials, see vk::attention_partials_floats
    vk::Buffer ffn_gate, ffn_up; // [n_batch x n_ff]; qwen3moe: [n_batch * n_expert_used x n_ff_expert]
    vk::Buffer logits;           // [n_logit_rows x n_vocab]
    vk::Buffer logits_host;      // [n_logit_rows x n_vocab] cached host copy; only when logits are not mapped
    vk::Buffer argmax;           // uint [2] in readback memory: the greedy token of logits row 0, its logit
    // GPU/CPU split only: no logits or argmax (the CPU backend computes them), and the hidden state crosses here:
    vk::Buffer hidden_out;       // [n_batch x n_embd] host-read (readback memory): x after the GPU's layers
    // qwen3moe only (empty otherwise); assignment a = t * n_expert_used + j is token t's j-th expert:
    vk::Buffer router_logits;    // [n_batch x n_expert]
    vk::Buffer expert_ids;       // [n_batch x n_expert_used] uint
    vk::Buffer expert_weights;   // [n_batch x n_expert_used]
    vk::Buffer expert_groups;    // [n_expert x (1 + n_batch)] uint: per expert a count, then its assignments
    vk::Buffer expert_out;       // [n_batch * n_expert_used x n_embd]: each assignment's expert output
    vk::Buffer rope_table;       // [n_ctx x head_dim/2] (cos, sin)
    vk::Buffer x_blocks;         // a decode's matmul input as 8-bit activation blocks (vk::activation_block_bytes):
                                 // [rows x widest input / 32], rows = n_expert_used for qwen3moe's down, else 1

    // `split`: the buffers of a GPU/CPU split's GPU part (hidden_out instead of logits and argmax).
    static Result<ForwardBuffers> create(const vk::Device& device, const ModelConfig& config,
                                         uint32_t n_batch, uint32_t n_ctx, bool split = false);
    static uint64_t bytes_for(const ModelConfig& config, uint32_t n_batch, uint32_t n_ctx, bool split = false);
};

struct ForwardPass {
    const ModelConfig& config;
    const VkModelWeights& weights;
    const KvCache& cache;
    const ForwardBuffers& buffers;
    vk::WeightKernels& weight_kernels;
    const vk::LayerKernels& kernels;
    bool profile_steps =
        false; // a timestamp after every step (labels "norm", "qkv", ...), not only per layer
};

// Records tokens (already in buffers.token_ids) at positions start_pos.. through the model, writing
// their keys/values into the cache; logits of the last `n_logit_rows` tokens land in buffers.logits.
Status record_forward(vk::CommandRecorder& rec, const ForwardPass& pass, uint32_t n_tokens,
                      uint32_t start_pos, uint32_t n_logit_rows);

// The GPU's part of a GPU/CPU split: the hidden state `hidden` of its tokens ([n_tokens x n_embd], the CPU
// backend's embeddings, copied into the command buffer) through the layers pass.weights holds (the first
// ones), writing their keys/values into the cache at start_pos..; the hidden state after them lands in
// buffers.hidden_out.
Status record_gpu_layers(vk::CommandRecorder& rec, const ForwardPass& pass, std::span<const float> hidden,
                         uint32_t start_pos);

} // namespace ponder
