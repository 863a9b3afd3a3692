#include "model/forward.h"

#include "vk/device.h"

#include <algorithm>
#include <cstring>

namespace ponder {

namespace {

uint64_t partials_bytes(const ModelConfig& c, uint32_t n_batch, uint32_t n_ctx) {
    // The split plan depends on token count and depth (more visible positions never mean fewer splits);
    // take the largest over every batch size at the deepest start.
    uint64_t most = 0;
    for (uint32_t n_tokens = 1; n_tokens <= n_batch; ++n_tokens)
        most = std::max(most, vk::attention_partials_floats(
                                  {c.head_dim, c.n_heads, c.n_kv_heads, n_tokens, n_ctx - n_tokens}));
    return most * sizeof(float);
}

uint32_t logit_rows(const vk::Device& device, const ModelConfig& c, uint32_t n_batch) {
    const uint64_t row = uint64_t(c.n_vocab) * sizeof(float);
    return static_cast<uint32_t>(
        std::clamp<uint64_t>(device.info().max_storage_buffer_range / row, 1, n_batch));
}

// Floats per token of the feed-forward's gate and up activations: n_ff, or every routed expert's n_ff_expert.
uint64_t ffn_width(const ModelConfig& c) {
    return c.is_moe() ? uint64_t(c.moe.n_expert_used) * c.moe.n_ff_expert : c.n_ff;
}

// 4-byte words of the MoE routing buffers and expert outputs (0 for dense models).
uint64_t moe_words(const ModelConfig& c, uint32_t n_batch) {
    if (!c.is_moe()) return 0;
    const uint64_t k = c.moe.n_expert_used;
    return uint64_t(n_batch) * (c.moe.n_expert + 2 * k + k * c.n_embd) + uint64_t(c.moe.n_expert) * (1 + n_batch);
}

// Bytes of x_blocks: a decode's widest matmul input (the down projection's) in every row it has.
uint64_t x_blocks_bytes(const ModelConfig& c) {
    const uint32_t widest = std::max({c.n_embd, c.q_dim(), c.is_moe() ? c.moe.n_ff_expert : c.n_ff});
    return vk::activation_block_bytes(widest, c.is_moe() ? c.moe.n_expert_used : 1);
}

} // namespace

uint64_t ForwardBuffers::bytes_for(const ModelConfig& c, uint32_t n_batch, uint32_t n_ctx, bool split) {
    const uint64_t per_token = c.n_embd * 3 + c.q_dim() * 2 + c.kv_dim() * 2 + ffn_width(c) * 2 + 1;
    // The logits, or in a split the hidden state's host copy (host-visible, counted all the same).
    const uint64_t out_per_token = split ? c.n_embd : c.n_vocab;
    return (per_token * n_batch + moe_words(c, n_batch)) * sizeof(float) + partials_bytes(c, n_batch, n_ctx) +
           uint64_t(n_batch) * out_per_token * sizeof(float) + uint64_t(n_ctx) * c.head_dim * sizeof(float) +
           x_blocks_bytes(c);
}

Result<ForwardBuffers> ForwardBuffers::create(const vk::Device& device, const ModelConfig& c,
                                              uint32_t n_batch, uint32_t n_ctx, bool split) {
    ForwardBuffers b;
    b.n_batch = n_batch;
    b.n_logit_rows = logit_rows(device, c, n_batch);
    auto make = [&](vk::Buffer& dst, uint64_t bytes, const char* what) -> Status {
        auto buffer = vk::Buffer::create(device, bytes, vk::MemoryUse::DeviceLocal, what);
        PONDER_TRY(buffer);
        dst = std::move(*buffer);
        return {};
    };
    const uint64_t f = sizeof(float);
    PONDER_TRY(make(b.token_ids, n_batch * sizeof(uint32_t), "token ids"));
    PONDER_TRY(make(b.x, n_batch * c.n_embd * f, "activations"));
    PONDER_TRY(make(b.x_norm, n_batch * c.n_embd * f, "activations"));
    PONDER_TRY(make(b.delta, n_batch * c.n_embd * f, "activations"));
    PONDER_TRY(make(b.q, n_batch * c.q_dim() * f, "queries"));
    PONDER_TRY(make(b.k, n_batch * c.kv_dim() * f, "keys"));
    PONDER_TRY(make(b.v, n_batch * c.kv_dim() * f, "values"));
    PONDER_TRY(make(b.attn_out, n_batch * c.q_dim() * f, "attention output"));
    PONDER_TRY(make(b.attn_partials, partials_bytes(c, n_batch, n_ctx), "attention partials"));
    PONDER_TRY(make(b.ffn_gate, n_batch * ffn_width(c) * f, "feed-forward activations"));
    PONDER_TRY(make(b.ffn_up, n_batch * ffn_width(c) * f, "feed-forward activations"));
    if (c.is_moe()) {
        const uint64_t k = c.moe.n_expert_used, u = sizeof(uint32_t);
        PONDER_TRY(make(b.router_logits, uint64_t(n_batch) * c.moe.n_expert * f, "expert router logits"));
        PONDER_TRY(make(b.expert_ids, n_batch * k * u, "expert choices"));
        PONDER_TRY(make(b.expert_weights, n_batch * k * f, "expert weights"));
        PONDER_TRY(make(b.expert_groups, uint64_t(c.moe.n_expert) * (1 + n_batch) * u, "expert groups"));
        PONDER_TRY(make(b.expert_out, n_batch * k * c.n_embd * f, "expert outputs"));
    }
    PONDER_TRY(make(b.x_blocks, x_blocks_bytes(c), "8-bit activations"));
    if (split) {
        auto out = vk::Buffer::create(device, uint64_t(n_batch) * c.n_embd * f, vk::MemoryUse::Readback,
                                      "hidden state for the CPU");
        PONDER_TRY(out);
        b.hidden_out = std::move(*out);
    } else {
        PONDER_TRY(make(b.logits, uint64_t(b.n_logit_rows) * c.n_vocab * f, "logits"));
        if (!b.logits.mapped()) {
            // Discrete GPUs: the CPU reads logits from cached host memory the forward pass copies them to.
            auto host = vk::Buffer::create(device, b.logits.size(), vk::MemoryUse::Readback, "logits readback");
            PONDER_TRY(host);
            b.logits_host = std::move(*host);
        }
        auto argmax = vk::Buffer::create(device, 2 * sizeof(uint32_t), vk::MemoryUse::Readback, "greedy token");
        PONDER_TRY(argmax);
        b.argmax = std::move(*argmax);
    }
    const std::vector<float> table = vk::rope_table(n_ctx, rope_frequencies(c.rope, c.head_dim));
    PONDER_TRY(make(b.rope_table, table.size() * f, "RoPE table"));
    PONDER_TRY(
        b.rope_table.write(device, 0, {reinterpret_cast<const uint8_t*>(table.data()), table.size() * f}));
    return b;
}

} // namespace ponder
