// Which ggml type each generated tensor gets: one type for every matrix, or one of llama.cpp's
// mixes (Q2_K, Q3_K_M, Q4_K_M, IQ4_XS). Norms and biases are always F32; rows that are not a whole
// number of blocks fall back per tensor as llama.cpp's do (Q4_K -> Q5_0, Q6_K -> Q8_0, Q5_K -> Q5_1,
// Q2_K/Q3_K -> Q4_0, IQ4_XS -> IQ4_NL; F16 when 32 does not divide the row either).
#pragma once

#include "error.h"
#include "gguf/ggml_types.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ponder::gen {

// Pure: every matrix the base type. The others are llama.cpp's mixes of that name (llama-quant.cpp):
// Q6_K output, and more bits for attn_v / ffn_down / attn_output in some layers.
enum class Mix { Pure, Q2_K, Q3_K_M, Q4_K_M, IQ4_XS };

struct TypeScheme {
    std::string name;     // as given: "q4_k_m"
    GgmlType base;        // the type of most matrices
    Mix mix;
    uint32_t file_type;   // llama_ftype id for general.file_type
};

// Pure: f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q3_k q4_k q5_k q6_k iq4_nl iq3_s iq3_xxs iq2_s iq2_xs iq2_xxs; mixes: q2_k q3_k_m q4_k_m iq4_xs
Result<TypeScheme> parse_type_scheme(std::string_view name);

enum class TensorRole { TokenEmbd, Output, AttnQ, AttnK, AttnV, AttnOutput, FfnGate, FfnUp, FfnDown };

struct TensorPlace {
    TensorRole role;
    uint32_t layer = 0;        // for blk.N tensors
    uint32_t n_layers = 1;
    uint64_t row_length = 0;   // dims[0]
    bool tied_output = false;  // token_embd doubles as the output matrix
    uint32_t gqa = 1;          // query heads per key/value head
};

GgmlType choose_tensor_type(const TypeScheme& scheme, const TensorPlace& place);

} // namespace ponder::gen
