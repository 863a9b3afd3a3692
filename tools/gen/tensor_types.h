// Which ggml type each generated tensor gets: one type for every matrix, or llama.cpp's
// Q4_K_M mix. Norms and biases are always F32; rows that are not a whole number of blocks
// fall back per tensor (K-quants to Q8_0 when 32 divides the row, otherwise F16).
#pragma once

#include "error.h"
#include "gguf/ggml_types.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ponder::gen {

struct TypeScheme {
    std::string name;     // as given: "q4_k_m"
    GgmlType base;        // the type of most matrices
    bool k_mix;           // llama.cpp's Q4_K_M rules (Q6_K for output and some attn_v / ffn_down)
    uint32_t file_type;   // llama_ftype id for general.file_type
};

// f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q2_k q3_k q4_k q5_k q6_k iq4_nl iq4_xs q4_k_m
Result<TypeScheme> parse_type_scheme(std::string_view name);

enum class TensorRole { TokenEmbd, Output, AttnQ, AttnK, AttnV, AttnOutput, FfnGate, FfnUp, FfnDown };

struct TensorPlace {
    TensorRole role;
    uint32_t layer = 0;        // for blk.N tensors
    uint32_t n_layers = 1;
    uint64_t row_length = 0;   // dims[0]
    bool tied_output = false;  // token_embd doubles as the output matrix
};

GgmlType choose_tensor_type(const TypeScheme& scheme, const TensorPlace& place);

} // namespace ponder::gen
