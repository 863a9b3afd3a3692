// matmul_push.glsl: the push constants of the weight matmuls (matmul.comp, matvec.comp), mirrored by MatmulPush
// and ExpertMatmulPush in vk/weight_kernels.cpp. The including shader defines EXPERTS (0 or 1) first.
#ifndef PONDER_MATMUL_PUSH_GLSL
#define PONDER_MATMUL_PUSH_GLSL
layout(push_constant) uniform Push {
    uint n_in;        // elements per weight row (a multiple of the block size)
    uint n_rows;      // rows in this chunk of W (experts: rows of one expert's matrix)
    uint n_tokens;
    uint row_words;   // 64-bit words per device row
    uint x_stride;    // floats between rows of X (a multiple of 4; of 32 for 8-bit activation blocks)
    uint y_stride;    // floats between rows of Y
#if EXPERTS
    uint n_used;        // experts per token
    uint first_expert;  // the first expert whose matrix this chunk holds
    uint n_experts;     // experts in this chunk
    uint x_shared;      // 1: assignment a reads X row a / n_used (its token's input); 0: X row a
#else
    uint row_offset;  // index of this chunk's first row in Y and bias
    uint has_bias;
#endif
} pc;
#endif
