// Hyperparameters of real model families (and tiny ones for fast tests) for the generator.
#pragma once

#include "error.h"
#include "model/config.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ponder::gen {

struct ModelShape {
    std::string_view name;  // "qwen2.5-0.5b"; tiny shapes are "tiny" per architecture
    Architecture arch;
    uint32_t n_embd, n_layers, n_heads, n_kv_heads, head_dim, n_ff;
    uint32_t n_vocab;  // the real model's; a generated model takes its tokenizer's count
    uint32_t n_ctx_train;
    float rope_base, rms_eps;
    bool tied_output;
    float llama3_rope_factor;  // > 0: the model ships rope_freqs.weight (Llama 3.x long-context RoPE)
    uint32_t n_expert, n_expert_used, n_ff_expert;  // qwen3moe's routed experts (0 for dense models)
};

std::span<const ModelShape> all_shapes();

// "llama" / "qwen2" / "qwen3" / "qwen3moe" -> Architecture.
Result<Architecture> parse_architecture(std::string_view name);
std::string_view architecture_name(Architecture arch);

// Finds a shape by name; `arch` picks among the tiny shapes and must match a named one's.
Result<ModelShape> find_shape(std::string_view name, std::optional<Architecture> arch);

} // namespace ponder::gen
