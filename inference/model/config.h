// Model hyperparameters, read from GGUF metadata (`<arch>.*` keys) for llama, qwen2, qwen3 and qwen3moe.
#pragma once

#include "error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ponder {

class GgufFile;

enum class Architecture { Llama, Qwen2, Qwen3, Qwen3Moe };

// How RoPE pairs dimensions: NORM rotates (x[2i], x[2i+1]) (llama); NEOX rotates (x[i], x[i+d/2])
// (qwen2, qwen3), as ggml's rope modes define them per architecture.
enum class RopeStyle { Norm, Neox };

// How positions stretch before they become angles (`<arch>.rope.scaling.type`): none; linear divides
// every position by the factor; YaRN interpolates low frequencies, keeps high ones, and scales cos/sin.
enum class RopeScaling { None, Linear, Yarn };

// Everything that turns a position into per-pair rotations, as ggml's rope (ggml_rope_ext) and
// llama.cpp's loading apply it. model/rope.h computes the angles from it.
struct RopeConfig {
    float base = 10000;                // <arch>.rope.freq_base
    RopeStyle style = RopeStyle::Norm;
    RopeScaling scaling = RopeScaling::None;
    float factor = 1;                  // rope.scaling.factor: context stretch (1 = none)
    uint32_t original_context = 0;     // rope.scaling.original_context_length (default: context_length)
    float attn_factor = 1;             // rope.scaling.attn_factor: extra cos/sin scale
    float yarn_beta_fast = 32;         // rope.scaling.yarn_beta_fast: pairs rotating more often are kept
    float yarn_beta_slow = 1;          // rope.scaling.yarn_beta_slow: pairs rotating less are interpolated
    std::vector<float> freq_factors;   // rope_freqs.weight [head_dim/2] (Llama 3.x): angle divisors; empty = 1
};

// A mixture-of-experts feed-forward (qwen3moe, as llama.cpp's build_moe_ffn runs it): per token,
// p = softmax(x_norm W_router), the n_expert_used largest p pick SwiGLU experts, and the output is
// sum_j w_j * expert_j(x_norm) with w = the picked p, divided by their sum when norm_weights.
struct MoeConfig {
    uint32_t n_expert = 0;       // <arch>.expert_count; 0 = a dense feed-forward
    uint32_t n_expert_used = 0;  // <arch>.expert_used_count: experts per token (top-k)
    uint32_t n_ff_expert = 0;    // <arch>.expert_feed_forward_length (absent: n_ff / n_expert_used, as llama.cpp)
    bool norm_weights = true;    // <arch>.expert_weights_norm (absent: true, Qwen3's norm_topk_prob)
};

struct ModelConfig {
    Architecture arch;
    std::string arch_name;       // "llama", "qwen2", "qwen3", "qwen3moe"
    std::string model_name;      // general.name, may be empty
    uint32_t n_layers;           // <arch>.block_count
    uint32_t n_embd;             // <arch>.embedding_length
    uint32_t n_heads;            // <arch>.attention.head_count
    uint32_t n_kv_heads;         // <arch>.attention.head_count_kv (defaults to n_heads)
    uint32_t head_dim;           // <arch>.attention.key_length (defaults to n_embd / n_heads)
    uint32_t n_ff;               // <arch>.feed_forward_length
    uint32_t n_vocab;            // rows of token_embd.weight
    uint32_t n_ctx_train;        // <arch>.context_length
    uint32_t n_ctx_max;          // longest usable context: n_ctx_train, stretched by RoPE scaling when
                                 // context_length is the original (pre-scaling) length
    RopeConfig rope;
    float rms_eps;               // <arch>.attention.layer_norm_rms_epsilon
    bool has_qkv_bias;           // qwen2: attn_q/k/v.bias present
    bool has_qk_norm;            // qwen3, qwen3moe: attn_q_norm / attn_k_norm present
    bool tied_output;            // no output.weight: logits use token_embd.weight
    MoeConfig moe;               // qwen3moe: the routed experts that replace ffn_gate/up/down

    bool is_moe() const { return moe.n_expert > 0; }

    uint32_t q_dim() const { return n_heads * head_dim; }
    uint32_t kv_dim() const { return n_kv_heads * head_dim; }
};

// Reads and validates the hyperparameters; "unsupported architecture X" for anything else.
Result<ModelConfig> read_model_config(const GgufFile& file);

} // namespace ponder
