// The model's tensors, found by their llama.cpp names and checked against the config.
// Shapes are in ggml order: [row length (contiguous), rows]; a matrix [in, out] maps `in` values
// to `out` values; a 3-D [in, out, n_expert] tensor stacks one such matrix per expert. 1-D tensors
// (norms, biases) are F32; matrices may be any type Ponder runs.
#pragma once

#include "error.h"
#include "model/config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ponder {

class GgufFile;
struct TensorInfo;

struct LayerWeights {
    const TensorInfo* attn_norm = nullptr;    // [n_embd]
    const TensorInfo* attn_q = nullptr;       // [n_embd, q_dim]
    const TensorInfo* attn_k = nullptr;       // [n_embd, kv_dim]
    const TensorInfo* attn_v = nullptr;       // [n_embd, kv_dim]
    const TensorInfo* attn_q_bias = nullptr;  // [q_dim]           qwen2 only
    const TensorInfo* attn_k_bias = nullptr;  // [kv_dim]          qwen2 only
    const TensorInfo* attn_v_bias = nullptr;  // [kv_dim]          qwen2 only
    const TensorInfo* attn_q_norm = nullptr;  // [head_dim]        qwen3 only
    const TensorInfo* attn_k_norm = nullptr;  // [head_dim]        qwen3 only
    const TensorInfo* attn_output = nullptr;  // [q_dim, n_embd]
    const TensorInfo* ffn_norm = nullptr;     // [n_embd]
    const TensorInfo* ffn_gate = nullptr;     // [n_embd, n_ff]      dense only
    const TensorInfo* ffn_up = nullptr;       // [n_embd, n_ff]      dense only
    const TensorInfo* ffn_down = nullptr;     // [n_ff, n_embd]      dense only
    // Mixture of experts (qwen3moe), ff = n_ff_expert:
    const TensorInfo* ffn_gate_inp = nullptr;   // [n_embd, n_expert]      router logits
    const TensorInfo* ffn_gate_exps = nullptr;  // [n_embd, ff, n_expert]
    const TensorInfo* ffn_up_exps = nullptr;    // [n_embd, ff, n_expert]
    const TensorInfo* ffn_down_exps = nullptr;  // [ff, n_embd, n_expert]

    // The weight matrices of the layer (those the model has), for summaries over all of them.
    std::vector<const TensorInfo*> matrices() const;
};

struct ModelWeights {
    const TensorInfo* token_embd = nullptr;   // [n_embd, n_vocab]  row t is token t's embedding
    const TensorInfo* output_norm = nullptr;  // [n_embd]
    const TensorInfo* output = nullptr;       // [n_embd, n_vocab]  == token_embd when tied
    std::vector<LayerWeights> layers;         // n_layers
};

// Finds every tensor the architecture needs and validates its shape and type.
// The pointers stay valid as long as `file` lives.
Result<ModelWeights> bind_weights(const GgufFile& file, const ModelConfig& config);

// llama.cpp-style name of the file's quantization ("Q4_K_M", "Q8_0", "F16"): from
// general.file_type when present, otherwise inferred from the mix of matrix types.
std::string quantization_summary(const GgufFile& file, const ModelWeights& weights);

// Total number of weights (elements of every tensor in the file).
uint64_t parameter_count(const GgufFile& file);

} // namespace ponder
