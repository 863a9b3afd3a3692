// Model hyperparameters, read from GGUF metadata (`<arch>.*` keys) for llama, qwen2 and qwen3.
#pragma once

#include "error.h"

#include <cstdint>
#include <string>

namespace ponder {

class GgufFile;

enum class Architecture { Llama, Qwen2, Qwen3 };

// How RoPE pairs dimensions: NORM rotates (x[2i], x[2i+1]) (llama); NEOX rotates (x[i], x[i+d/2])
// (qwen2, qwen3), as ggml's rope modes define them per architecture.
enum class RopeStyle { Norm, Neox };

struct ModelConfig {
    Architecture arch;
    std::string arch_name;       // "llama", "qwen2", "qwen3"
    std::string model_name;      // general.name, may be empty
    uint32_t n_layers;           // <arch>.block_count
    uint32_t n_embd;             // <arch>.embedding_length
    uint32_t n_heads;            // <arch>.attention.head_count
    uint32_t n_kv_heads;         // <arch>.attention.head_count_kv (defaults to n_heads)
    uint32_t head_dim;           // <arch>.attention.key_length (defaults to n_embd / n_heads)
    uint32_t n_ff;               // <arch>.feed_forward_length
    uint32_t n_vocab;            // rows of token_embd.weight
    uint32_t n_ctx_train;        // <arch>.context_length
    float rope_base;             // <arch>.rope.freq_base (default 10000)
    RopeStyle rope_style;
    float rms_eps;               // <arch>.attention.layer_norm_rms_epsilon
    bool has_qkv_bias;           // qwen2: attn_q/k/v.bias present
    bool has_qk_norm;            // qwen3: attn_q_norm / attn_k_norm present
    bool tied_output;            // no output.weight: logits use token_embd.weight

    uint32_t q_dim() const { return n_heads * head_dim; }
    uint32_t kv_dim() const { return n_kv_heads * head_dim; }
};

// Reads and validates the hyperparameters; "unsupported architecture X" for anything else.
Result<ModelConfig> read_model_config(const GgufFile& file);

} // namespace ponder
