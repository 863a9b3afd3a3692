// The CPU backend's matrix products: y = W x for weights of any type Ponder runs, used in place in
// the mapped file, over the rows of activation matrix x. Quantized weights are dotted block by block
// with int16 activations (kernels.h); float weights (F32, F16, BF16) with the float activations.
#pragma once

#include "cpu/isa.h"
#include "cpu/thread_pool.h"
#include "gguf/ggml_types.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ponder::cpu {

struct IsaKernels;

// A weight matrix as GGUF stores it: `rows` rows of `cols` values in `type` blocks, row after row.
struct WeightMatrix {
    GgmlType type;
    const uint8_t* data;
    size_t cols;  // input width (dims[0])
    size_t rows;  // output width (dims[1])
};

// Activations [n_tokens x cols] as the kernels read them: the floats (for float weights) and, when
// cols is a multiple of 32, each 32 values as int16 with one float scale (|q| <= 32767: 16 bits keep
// the end-to-end error far below the 8-bit blocks' measured mean KL of 2-4e-4 on test models).
struct Activations {
    const float* x = nullptr;   // [n_tokens x cols], borrowed
    size_t n_tokens = 0, cols = 0;
    std::vector<int16_t> q;     // [n_tokens x cols]
    std::vector<float> d;       // [n_tokens x cols / 32]  value = d * q
    std::vector<float> sum16;   // [n_tokens x cols / 16]  d * sum of each 16 q (the weights' offsets' partners)

    // Quantizes x (kept borrowed: it must outlive the matmuls that read these activations).
    void set(const float* x, size_t n_tokens, size_t cols);
};

// Whether the CPU backend has kernels for matrices of `type`.
bool supports_type(GgmlType type);

// The instruction set the kernels use, and the threads they run on.
class Compute {
public:
    Compute(Isa isa, unsigned n_threads);
    Isa isa() const { return isa_; }
    ThreadPool& pool() { return pool_; }
    unsigned n_threads() const { return pool_.size(); }
    const IsaKernels& kernels() const { return kernels_; }

    // y [x.n_tokens x w.rows] = x W^T: y[t][r] = dot(row r of W, x[t]). Rows are split across the threads.
    void matmul(const WeightMatrix& w, const Activations& x, float* y);

    // Row `row` of W as floats (an embedding lookup: one row, not a matrix product).
    void row_to_floats(const WeightMatrix& w, size_t row, float* out) const;

private:
    Isa isa_;
    const IsaKernels& kernels_;
    ThreadPool pool_;
};

} // namespace ponder::cpu
