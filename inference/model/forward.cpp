#include "model/forward.h"

namespace ponder {

namespace {
vk::BufferView view(const vk::Buffer& b) {
    return b.view();
}
// The bias binding of a matmul: null when the model has no such bias.
const vk::BufferView* optional_view(const vk::Buffer& b, vk::BufferView& storage) {
    if (!b.handle())
        return nullptr;
    storage = b.view();
    return &storage;
}

// x (n_rows rows of n_cols) as the next matmuls read it: at decode on a device whose matvec takes 8-bit
// activations, also quantized once into the activation blocks all of those matmuls read.
Result<vk::MatmulInput> matmul_input(vk::CommandRecorder& rec, const ForwardPass& pass, const vk::Buffer& x,
                                     uint32_t n_cols, uint32_t n_rows, uint32_t T) {
    if (T != 1 || !pass.weight_kernels.decode_reads_int8())
        return vk::MatmulInput(x.view());
    const vk::BufferView blocks = pass.buffers.x_blocks.view();
    PONDER_TRY(pass.kernels.quantize_activations(rec, x.view(), blocks, n_cols, n_rows));
    rec.barrier_between_steps();
    return vk::MatmulInput(x.view(), blocks);
}

// A timestamp after the step when the pass profiles steps.
void step_done(vk::CommandRecorder& rec, const ForwardPass& pass, const char* label) {
    if (pass.profile_steps)
        rec.timestamp(label);
}

// delta = down(silu(x_norm @ Wgate) * (x_norm @ Wup)): the dense SwiGLU feed-forward.
Status record_dense_ffn(vk::CommandRecorder& rec, const ForwardPass& pass, const VkLayerWeights& l, uint32_t T) {
    const ForwardBuffers& b = pass.buffers;
    vk::WeightKernels& wk = pass.weight_kernels;
    VkCommandBuffer cmd = rec.cmd();
    // gate, up = x_norm @ Wgate, Wup
    auto x_norm = matmul_input(rec, pass, b.x_norm, pass.config.n_embd, T, T);
    PONDER_TRY(x_norm);
    PONDER_TRY(wk.matmul(cmd, l.ffn_gate.view(), *x_norm, view(b.ffn_gate), T));
    PONDER_TRY(wk.matmul(cmd, l.ffn_up.view(), *x_norm, view(b.ffn_up), T));
    rec.barrier_between_steps();
    step_done(rec, pass, "gate_up");
    // gate = silu(gate) * up
    PONDER_TRY(pass.kernels.swiglu(rec, view(b.ffn_gate), view(b.ffn_up), view(b.ffn_gate), T * pass.config.n_ff));
    rec.barrier_between_steps();
    step_done(rec, pass, "swiglu");
    // delta = gate @ Wdown
    auto gate = matmul_input(rec, pass, b.ffn_gate, pass.config.n_ff, T, T);
    PONDER_TRY(gate);
    PONDER_TRY(wk.matmul(cmd, l.ffn_down.view(), *gate, view(b.delta), T));
    rec.barrier_between_steps();
    step_done(rec, pass, "ffn_down");
    return {};
}

// delta[t] = sum_j w[t][j] * down_e(silu(x_norm[t] @ Wgate_e) * (x_norm[t] @ Wup_e)) over token t's routed experts
// e = ids[t][j] (Qwen3 MoE). Assignment a = t * n_used + j is one (token, expert) pair; its activations are row a.
Status record_moe_ffn(vk::CommandRecorder& rec, const ForwardPass& pass, const VkLayerWeights& l, uint32_t T) {
    const MoeConfig& moe = pass.config.moe;
    const ForwardBuffers& b = pass.buffers;
    const vk::LayerKernels& k = pass.kernels;
    vk::WeightKernels& wk = pass.weight_kernels;
    VkCommandBuffer cmd = rec.cmd();
    const uint32_t n_used = moe.n_expert_used;
    // router_logits = x_norm @ Wrouter
    auto x_norm = matmul_input(rec, pass, b.x_norm, pass.config.n_embd, T, T);
    PONDER_TRY(x_norm);
    PONDER_TRY(wk.matmul(cmd, l.ffn_gate_inp.view(), *x_norm, view(b.router_logits), T));
    rec.barrier_between_steps();
    // ids, weights = the top n_used of softmax(router_logits), weights renormalised as the model says
    PONDER_TRY(k.moe_route(rec, view(b.router_logits), view(b.expert_ids), view(b.expert_weights), T, moe));
    rec.barrier_between_steps();
    if (T > 1) {
        // prefill: each expert's assignments, so that each expert's weights are decoded once for all its tokens
        PONDER_TRY(k.moe_group(rec, view(b.expert_ids), view(b.expert_groups), T, moe));
        rec.barrier_between_steps();
    }
    step_done(rec, pass, "route");
    // gate[a], up[a] = x_norm[token of a] @ Wgate_e, Wup_e (decode: the chosen experts' matvecs, by ids)
    const vk::ExpertRouting routing{view(b.expert_ids), view(b.expert_groups), T, n_used};
    PONDER_TRY(wk.expert_matmul(cmd, l.ffn_gate_exps.view(), moe.n_expert, *x_norm, view(b.ffn_gate), routing,
                                /*x_shared=*/true));
    PONDER_TRY(wk.expert_matmul(cmd, l.ffn_up_exps.view(), moe.n_expert, *x_norm, view(b.ffn_up), routing,
                                /*x_shared=*/true));
    rec.barrier_between_steps();
    step_done(rec, pass, "gate_up");
    // gate = silu(gate) * up
    PONDER_TRY(k.swiglu(rec, view(b.ffn_gate), view(b.ffn_up), view(b.ffn_gate), T * n_used * moe.n_ff_expert));
    rec.barrier_between_steps();
    step_done(rec, pass, "swiglu");
    // expert_out[a] = gate[a] @ Wdown_e
    auto gate = matmul_input(rec, pass, b.ffn_gate, moe.n_ff_expert, T * n_used, T);
    PONDER_TRY(gate);
    PONDER_TRY(wk.expert_matmul(cmd, l.ffn_down_exps.view(), moe.n_expert, *gate, view(b.expert_out), routing,
                                /*x_shared=*/false));
    rec.barrier_between_steps();
    step_done(rec, pass, "ffn_down");
    // delta[t] = sum_j weights[t][j] * expert_out[t * n_used + j]
    PONDER_TRY(k.moe_combine(rec, view(b.expert_out), view(b.expert_weights), view(b.delta), pass.config.n_embd, T,
                             n_used));
    rec.barrier_between_steps();
    step_done(rec, pass, "moe_combine");
    return {};
}

// One transformer layer over x / x_norm (x_norm already normalised with its attn_norm), writing its keys
// and values into the cache at start_pos..
Status record_layer(vk::CommandRecorder& rec, const ForwardPass& pass, uint32_t layer, uint32_t T, uint32_t start_pos,
                    const vk::Buffer* next_norm, uint32_t rows) {
    const ModelConfig& c = pass.config;
    const ForwardBuffers& b = pass.buffers;
    const VkModelWeights& w = pass.weights;
    const vk::LayerKernels& k = pass.kernels;
    vk::WeightKernels& wk = pass.weight_kernels;
    VkCommandBuffer cmd = rec.cmd();
    const vk::AttentionShape heads{c.head_dim, c.n_heads, c.n_kv_heads, T, start_pos};
    const VkLayerWeights& l = w.layers[layer];
    const KvCache& cache = pass.cache;
    vk::BufferView bias_q, bias_k, bias_v;
    // q, k, v = x_norm @ Wq, Wk, Wv (+ bias on qwen2)
    auto x_norm = matmul_input(rec, pass, b.x_norm, c.n_embd, T, T);
    PONDER_TRY(x_norm);
    PONDER_TRY(wk.matmul(cmd, l.attn_q.view(), *x_norm, view(b.q), T, optional_view(l.attn_q_bias, bias_q)));
    PONDER_TRY(wk.matmul(cmd, l.attn_k.view(), *x_norm, view(b.k), T, optional_view(l.attn_k_bias, bias_k)));
    PONDER_TRY(wk.matmul(cmd, l.attn_v.view(), *x_norm, view(b.v), T, optional_view(l.attn_v_bias, bias_v)));
    rec.barrier_between_steps();
    step_done(rec, pass, "qkv");
    if (c.has_qk_norm) {
        // qwen3: per-head rms norm of q and k
        PONDER_TRY(k.rms_norm(rec, view(b.q), view(l.attn_q_norm), view(b.q), c.head_dim, T * c.n_heads,
                              c.rms_eps));
        PONDER_TRY(k.rms_norm(rec, view(b.k), view(l.attn_k_norm), view(b.k), c.head_dim,
                              T * c.n_kv_heads, c.rms_eps));
        rec.barrier_between_steps();
        step_done(rec, pass, "qk_norm");
    }
    // rotate q and k by their positions
    PONDER_TRY(k.rope(rec, view(b.q), view(b.k), view(b.rope_table), heads, c.rope.style));
    rec.barrier_between_steps();
    step_done(rec, pass, "rope");
    // cache[start_pos..] = k, v in the cache types (f16, or q8_0 / q4_0 blocks)
    PONDER_TRY(k.kv_store(rec, view(b.k), view(b.v), view(cache.keys(layer)), view(cache.values(layer)),
                          c.kv_dim(), T, start_pos));
    rec.barrier_between_steps();
    step_done(rec, pass, "kv_store");
    // attn_out = causal softmax(q k^T / sqrt(head_dim)) v over the cache
    PONDER_TRY(k.attention(rec, view(b.q), view(cache.keys(layer)), view(cache.values(layer)),
                           view(b.attn_partials), view(b.attn_out), heads));
    rec.barrier_between_steps();
    step_done(rec, pass, "attention");
    // delta = attn_out @ Wo
    auto attn_out = matmul_input(rec, pass, b.attn_out, c.q_dim(), T, T);
    PONDER_TRY(attn_out);
    PONDER_TRY(wk.matmul(cmd, l.attn_output.view(), *attn_out, view(b.delta), T));
    rec.barrier_between_steps();
    step_done(rec, pass, "attn_output");
    // x += delta; x_norm = rms_norm(x) * ffn_norm
    PONDER_TRY(k.add_rms_norm(rec, view(b.x), view(b.delta), view(l.ffn_norm), view(b.x_norm), c.n_embd,
                              T, c.rms_eps));
    rec.barrier_between_steps();
    step_done(rec, pass, "add_norm");
    // delta = the feed-forward of x_norm: SwiGLU, or each token's routed experts (qwen3moe)
    PONDER_TRY(c.is_moe() ? record_moe_ffn(rec, pass, l, T) : record_dense_ffn(rec, pass, l, T));
    // x += delta; x_norm = rms_norm(x) * next_norm on the last `rows` rows (the next layer's attn_norm, or
    // output_norm on the rows that get logits); without a next norm (the GPU's last layer of a split) only x
    if (next_norm)
        PONDER_TRY(k.add_rms_norm(rec, view(b.x), view(b.delta), view(*next_norm), view(b.x_norm), c.n_embd, rows,
                                  c.rms_eps, T - rows));
    else
        PONDER_TRY(k.add(rec, view(b.x), view(b.delta), view(b.x), T * c.n_embd));
    rec.barrier_between_steps();
    step_done(rec, pass, "add_norm");
    return {};
}

} // namespace

Status record_forward(vk::CommandRecorder& rec, const ForwardPass& pass, uint32_t n_tokens,
                      uint32_t start_pos, uint32_t n_logit_rows) {
    const ModelConfig& c = pass.config;
    const ForwardBuffers& b = pass.buffers;
    const VkModelWeights& w = pass.weights;
    const vk::LayerKernels& k = pass.kernels;
    vk::WeightKernels& wk = pass.weight_kernels;
    VkCommandBuffer cmd = rec.cmd();
    const uint32_t T = n_tokens;

    PONDER_TRY(wk.begin_frame());
    rec.timestamp("start");
    // x = token_embd[ids]
    PONDER_TRY(wk.embedding(cmd, w.token_embd.view(), view(b.token_ids), view(b.x), T));
    rec.barrier_between_steps();
    // x_norm = rms_norm(x) * attn_norm of layer 0 (later layers get it fused with their residual add)
    PONDER_TRY(
        k.rms_norm(rec, view(b.x), view(w.layers[0].attn_norm), view(b.x_norm), c.n_embd, T, c.rms_eps));
    rec.barrier_between_steps();
    rec.timestamp("embedding");

    for (uint32_t layer = 0; layer < c.n_layers; ++layer) {
        const bool last = layer + 1 == c.n_layers;
        PONDER_TRY(record_layer(rec, pass, layer, T, start_pos, last ? &w.output_norm : &w.layers[layer + 1].attn_norm,
                                last ? n_logit_rows : T));
        if (!pass.profile_steps)
            rec.timestamp("layer " + std::to_string(layer));
    }

    // logits = x_norm @ Woutput
    auto x_norm = matmul_input(rec, pass, b.x_norm, c.n_embd, n_logit_rows, n_logit_rows);
    PONDER_TRY(x_norm);
    PONDER_TRY(wk.matmul(cmd, w.logits_matrix().view(), *x_norm, view(b.logits), n_logit_rows));
    rec.barrier_before_host_read();
    rec.timestamp("output");
    return {};
}

Status record_gpu_layers(vk::CommandRecorder& rec, const ForwardPass& pass, std::span<const float> hidden,
                         uint32_t start_pos) {
    const ModelConfig& c = pass.config;
    const ForwardBuffers& b = pass.buffers;
    const VkModelWeights& w = pass.weights;
    const uint32_t n_gpu = static_cast<uint32_t>(w.layers.size());
    const uint32_t n_tokens = static_cast<uint32_t>(hidden.size() / c.n_embd);
    const uint64_t hidden_bytes = hidden.size_bytes();
    PONDER_TRY(pass.weight_kernels.begin_frame());
    rec.timestamp("start");
    // x = the hidden state from the host; x_norm = rms_norm(x) * attn_norm of layer 0
    rec.update_buffer(b.x.view(0, hidden_bytes), {reinterpret_cast<const uint8_t*>(hidden.data()), hidden_bytes});
    rec.barrier_after_transfer();
    PONDER_TRY(pass.kernels.rms_norm(rec, view(b.x), view(w.layers[0].attn_norm), view(b.x_norm), c.n_embd, n_tokens,
                                     c.rms_eps));
    rec.barrier_between_steps();
    rec.timestamp("upload");
    for (uint32_t layer = 0; layer < n_gpu; ++layer) {
        const bool last = layer + 1 == n_gpu;
        PONDER_TRY(record_layer(rec, pass, layer, n_tokens, start_pos, last ? nullptr : &w.layers[layer + 1].attn_norm,
                                n_tokens));
        if (!pass.profile_steps)
            rec.timestamp("layer " + std::to_string(layer));
    }
    // the hidden state back to the host
    rec.copy_for_host(b.x.view(0, hidden_bytes), b.hidden_out.view(0, hidden_bytes));
    rec.timestamp("readback");
    return {};
}

} // namespace ponder
