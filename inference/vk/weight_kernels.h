// Weight kernels on Vulkan: embedding lookup, matvec (decode) and matmul (prefill) for every weight type
// Ponder runs (the supported types of gguf/ggml_types.h), weights decoded from ggml blocks inside the shaders.
//
// Device weight layout (what an upload must write; see to_device_layout):
//   rows are stored back to back, each a whole number of blocks; every block starts 8-byte aligned so that
//   shaders read it as 64-bit words. Q4_K (144 B), Q5_K (176 B), F32/F16/BF16 (32-element groups) are
//   ggml's bytes unchanged, and so are Q5_1 (24 B) and IQ4_XS (136 B). The 2-byte aligned blocks are padded: Q4_0 and IQ4_NL
//   18 -> 24 B (d, 6 pad, qs[16]), Q4_1 20 -> 24 B (d, m, 4 pad, qs[16]), Q5_0 22 -> 24 B (d, 2 pad, qh, qs: Q5_1's
//   layout), Q2_K 84 -> 88 B, Q3_K 110 -> 112 B, Q6_K 210 -> 216 B (ggml block, tail padding); the grid i-quants
//   keep d first and move the rest to byte 8: IQ2_XXS 66 -> 72 B, IQ2_XS 74 -> 80 B, IQ2_S 82 -> 88 B,
//   IQ3_XXS 98 -> 104 B, IQ3_S 110 -> 120 B (4 bytes of tail padding). Q8_0 rows are split so that each block's 32 quants are one
//   32-byte load: row = qs[32] of every block, then the f16 d of every block, zero-padded to a multiple of
//   32 bytes (a 896-wide row: 896 + 64 bytes).
//   Row width must be a multiple of 32 (of 256 for k-quants). A tensor larger than the device's storage
//   buffer range is uploaded as row chunks; each chunk's binding must start at a row boundary.
// Activations: row-major f32 [n_tokens x width]; input widths are even and bindings 8-byte aligned.
#pragma once

#include "error.h"
#include "gguf/ggml_types.h"
#include "vk/device_profile.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <volk.h>

namespace ponder::vk {

// ggml's i-quant grids and IQ4 levels as the kernels read them (offsets IQ_GRID_* of vk/shader_constants.h).
// Every device holds one copy in a storage buffer, uploaded once and given to WeightKernels::create.
std::span<const uint32_t> grid_table_words();

// Bytes of one weight row of `n_cols` elements in the device layout; an Error if the type is unsupported
// or n_cols is not a whole number of the kernels' blocks.
Result<uint64_t> device_row_bytes(GgmlType type, uint64_t n_cols);

// Rewrites whole rows of ggml blocks (`src`, file layout) into the device layout (`dst`, sized
// n_rows * device_row_bytes). Plain copy for the types whose layout is unchanged.
Status to_device_layout(GgmlType type, uint64_t n_cols, std::span<const uint8_t> src, std::span<uint8_t> dst);

// One storage-buffer range holding whole weight rows [first_row, first_row + n_rows) in the device layout.
struct WeightChunk {
    VkBuffer buffer;
    VkDeviceSize offset;  // multiple of minStorageBufferOffsetAlignment
    VkDeviceSize bytes;   // n_rows * device_row_bytes, <= maxStorageBufferRange
    uint32_t first_row;
    uint32_t n_rows;
};

// A weight matrix on the device: [n_rows x n_cols] of `type`, split into chunks.
struct WeightView {
    GgmlType type;
    uint32_t n_cols;  // input width (ggml dims[0])
    uint32_t n_rows;  // output width (ggml dims[1])
    std::span<const WeightChunk> chunks;
};

// A float activation buffer range.
struct BufferView {
    VkBuffer buffer;
    VkDeviceSize offset = 0;
    VkDeviceSize bytes = VK_WHOLE_SIZE;
};

// What the device offers that the kernels care about (queried by the runtime at device creation).
struct KernelDeviceInfo {
    DeviceProfile profile;  // which variants; profile.subgroup_size must be >= 8 (matmul.comp shares X across
                            // 8 lanes by subgroupBroadcast)
    bool subgroup_ballot;   // VK_SUBGROUP_FEATURE_BALLOT_BIT in compute
};

// 8-bit activation blocks (the format of XQ_BLOCK_WORDS in vk/shader_constants.h): what the integer-dot decode
// matvec reads instead of f32 activations. Bytes for n_rows rows of n_cols (a multiple of 32) elements.
uint64_t activation_block_bytes(uint32_t n_cols, uint32_t n_rows);
// The blocks of rows of n_cols floats as shaders/quantize_x.comp writes them (its CPU twin, for tests).
std::vector<uint32_t> quantize_activations(std::span<const float> x, uint32_t n_cols);

// The input activations of a matmul: f32 rows and, for a decode on a device whose matvec reads 8-bit
// activations, the same rows as activation blocks (LayerKernels::quantize_activations). Without the
// blocks the decode reads the f32 rows.
struct MatmulInput {
    MatmulInput(BufferView rows) : f32(rows) {}
    MatmulInput(BufferView rows, std::optional<BufferView> blocks) : f32(rows), int8(blocks) {}
    BufferView f32;
    std::optional<BufferView> int8;
};

// Where a stack of MoE experts finds each token's experts: assignment a = t * n_used + j is token t's j-th.
struct ExpertRouting {
    BufferView ids;     // uint [n_tokens x n_used]: the chosen experts (decode reads these)
    BufferView groups;  // uint [n_expert x (1 + n_tokens)]: per expert a count and its assignments (prefill)
    uint32_t n_tokens, n_used;
};

// Records dispatches into a command buffer. Owns its pipelines, layouts and a DescriptorCache: each
// distinct binding of buffers is written once and reused by later recordings, so every buffer bound must
// outlive the kernels. Every weight pipeline binds its own buffers,
// then the grid table last (binding 4 of matmul, 3 of embed), whatever the type.
class WeightKernels {
public:
    // `grid_table`: a storage buffer holding grid_table_words(), alive as long as the kernels.
    static Result<WeightKernels> create(VkDevice device, const KernelDeviceInfo& info, BufferView grid_table);

    WeightKernels(WeightKernels&&) noexcept;
    WeightKernels& operator=(WeightKernels&&) noexcept;
    ~WeightKernels();

    // Whether decode matvecs read 8-bit activation blocks (MatmulInput::int8) on this device.
    bool decode_reads_int8() const;

    // Call before each recording, once the GPU finished the previous one: frees the cached descriptor sets
    // when the pool is half full.
    Status begin_frame();
    // Descriptor sets written since creation (a repeated recording adds none).
    uint64_t descriptor_writes() const;

    // out[t][:] = row ids[t] of `table` as f32, t < n_tokens. ids: uint32 per token.
    Status embedding(VkCommandBuffer cmd, const WeightView& table, BufferView ids, BufferView out, uint32_t n_tokens);

    // y[t][r] = dot(W row r, x[t]) (+ bias[r]) for t < n_tokens: matvec when n_tokens == 1 (the profile's
    // kernel: lane or subgroup per row, with 8-bit activations when x has them), else the tiled prefill matmul. x: [n_tokens x w.n_cols], y: [n_tokens x w.n_rows]; bias optional (f32 [n_rows]).
    Status matmul(VkCommandBuffer cmd, const WeightView& w, const MatmulInput& x, BufferView y, uint32_t n_tokens,
                  const BufferView* bias = nullptr);

    // The routed experts (Qwen3 MoE): y[a] = W_e x[x_shared ? a / n_used : a] for every assignment a, e its expert.
    // `w` stacks n_expert matrices of w.n_rows / n_expert rows (chunks hold whole experts); y: [assignments x rows].
    // Decode (one token) runs the n_used chosen matvecs by ids; prefill runs each expert once over its tokens.
    Status expert_matmul(VkCommandBuffer cmd, const WeightView& w, uint32_t n_expert, const MatmulInput& x, BufferView y,
                         const ExpertRouting& routing, bool x_shared);

    struct Impl;

private:
    explicit WeightKernels(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace ponder::vk
