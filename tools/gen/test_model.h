// The test-model generator: a GGUF model of a real (or tiny) shape with seeded random weights,
// quantized with real block formats, and a real tokenizer. Used by tests and ponder-gen-model.
#pragma once

#include "error.h"

#include <cstdint>
#include <string>

namespace ponder::gen {

// How weight matrices are filled.
enum class WeightFill {
    Normal, // normal(0, 1/sqrt(row length)) floats, quantized: what the engine's accuracy tests need
    Blocks, // random quantized blocks of the same spread: fast enough for 20 GB benchmark models
    None,   // no data (zeros, a hole in the file): a real header for memory plans, nothing to run
};

struct TestModelSpec {
    std::string arch;                // "llama" / "qwen2" / "qwen3" / "qwen3moe"; empty = the shape's own
    std::string shape = "tiny";      // see model_shapes.h
    std::string type = "f32";        // see tensor_types.h: f32 ... q6_k, q4_k_m
    uint32_t layers = 0;             // 0 = the shape's depth; otherwise cut to this many
    uint64_t seed = 1;               // same spec + seed = byte-identical file
    std::string tokenizer;           // vocabulary GGUF or HF tokenizer.json; empty = none, see n_vocab
    uint32_t n_vocab = 0;            // only without a tokenizer (0 = the shape's vocabulary)
    std::string chat_template_path;  // optional .jinja stored as tokenizer.chat_template

    // RoPE variants, written with llama.cpp's keys and tensor names:
    float rope_freqs = 0;        // > 0: rope_freqs.weight from Llama 3's formula with this factor
                                 //   (low/high frequency factors 1 and 4); 0 = the shape's own (if any)
    std::string rope_scaling;    // "none" / "linear" / "yarn" as <arch>.rope.scaling.type; "" = no key
    float rope_factor = 0;       // rope.scaling.factor (0 = no key)
    uint32_t rope_orig_ctx = 0;  // rope.scaling.original_context_length when scaling (0 = no key), and the
                                 //   original context of the Llama 3 formula (0 = 8192, as Llama 3.1)
    float qk_gain = 1;           // attn_q / attn_k weights this much larger: attention scores gain^2
                                 //   larger, a sharp softmax, so that every position's angle matters
    WeightFill weights = WeightFill::Normal;
    uint32_t split_parts = 1;    // > 1: a split set, OUT-00001-of-0000N.gguf ... instead of OUT.gguf
    bool expert_weights_norm = true;  // qwen3moe: false writes <arch>.expert_weights_norm = false
                                      //   (Qwen3's norm_topk_prob off); true writes no key, as converters do
};

// Writes `out_path`, or with spec.split_parts > 1 the split set named after it (".gguf" dropped).
Status write_test_model(const TestModelSpec& spec, const std::string& out_path);

// Path of a vocabulary GGUF in the shared test data (PONDER_TESTDATA_DIR/vocab/<name>).
std::string testdata_vocab(const std::string& name);

} // namespace ponder::gen
