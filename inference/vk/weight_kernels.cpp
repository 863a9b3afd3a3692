// Pipelines and dispatch recording for the weight kernels (shaders/embed.comp, shaders/matmul.comp).
#include "vk/weight_kernels.h"

#include "gguf/ggml_iq_tables.h"
#include "vk/descriptor_cache.h"
#include "vk/shader_constants.h"

#include <ponder/shader_registry.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace ponder::vk {
namespace {

// Tiling of shaders/matmul.comp; must match the ROWS/TOKENS defines in shaders/variants.cmake.
constexpr uint32_t kMatvecRowsPerLane = 4;
constexpr uint32_t kMatmulRowsPerLane = 16;
constexpr uint32_t kMatmulTokensPerGroup = 8;
constexpr uint32_t kEmbedGroupSize = 64;       // local_size_x of shaders/embed.comp
constexpr uint32_t kDescriptorSetsPerFrame = 4096;

// Mirrors `Push` in shaders/matmul.comp.
struct MatmulPush {
    uint32_t n_in, n_rows, n_tokens, row_words, x_stride, y_stride, row_offset, has_bias;
};
static_assert(sizeof(MatmulPush) == 32);

// Mirrors `Push` in shaders/matmul.comp's expert variants (EXPERT_IDS, EXPERT_GROUPS).
struct ExpertMatmulPush {
    uint32_t n_in, n_rows, n_tokens, row_words, x_stride, y_stride, n_used, first_expert, n_experts, x_shared;
};
static_assert(sizeof(ExpertMatmulPush) == 40);

// Mirrors `Push` in shaders/embed.comp.
struct EmbedPush {
    uint32_t n_in, row_words, first_row, n_rows;
};
static_assert(sizeof(EmbedPush) == 16);

struct TypeLayout {
    GgmlType type;
    const char* shader_name;  // suffix of the variant names
    uint32_t block_elems;     // elements per kernel block
    uint32_t file_bytes;      // bytes per block in the GGUF file
    uint32_t device_bytes;    // bytes per block on the device (8-byte multiple)
    uint32_t head_bytes;      // leading bytes (the f16 scales) that stay at the start of a padded block
    uint32_t payload_at;      // where the bytes after the head go in a padded block (0: unchanged)
    bool split_row;           // row = every block's payload, then every block's 2-byte scale (see header)
};

// Plain types use 32-element groups as blocks so that all types share the kernels' block loop.
// Padded blocks keep their head at byte 0 and move the rest to payload_at (or pad only the tail).
constexpr std::array<TypeLayout, 20> kTypes = {{
    {GgmlType::F32, "f32", 32, 128, 128, 0, 0, false},
    {GgmlType::F16, "f16", 32, 64, 64, 0, 0, false},
    {GgmlType::BF16, "bf16", 32, 64, 64, 0, 0, false},
    {GgmlType::Q8_0, "q8_0", 32, 34, 34, 0, 0, true},
    {GgmlType::Q4_0, "q4_0", 32, 18, 24, 2, 8, false},   // d pad(6) qs[16]
    {GgmlType::Q4_1, "q4_1", 32, 20, 24, 4, 8, false},   // d m pad(4) qs[16]
    {GgmlType::Q5_0, "q5_0", 32, 22, 24, 2, 4, false},   // d pad(2) qh[4] qs[16]: Q5_1's layout
    {GgmlType::Q5_1, "q5_1", 32, 24, 24, 0, 0, false},   // d m qh[4] qs[16]
    {GgmlType::Q2_K, "q2_k", 256, 84, 88, 0, 0, false},      // ggml block, 4 pad
    {GgmlType::Q3_K, "q3_k", 256, 110, 112, 0, 0, false},    // ggml block, 2 pad
    {GgmlType::Q4_K, "q4_k", 256, 144, 144, 0, 0, false},
    {GgmlType::Q5_K, "q5_k", 256, 176, 176, 0, 0, false},
    {GgmlType::Q6_K, "q6_k", 256, 210, 216, 0, 0, false},
    {GgmlType::IQ4_NL, "iq4_nl", 32, 18, 24, 2, 8, false},   // d pad(6) qs[16], as Q4_0
    {GgmlType::IQ4_XS, "iq4_xs", 256, 136, 136, 0, 0, false},
    {GgmlType::IQ3_XXS, "iq3_xxs", 256, 98, 104, 2, 8, false},  // d pad(6) qs[64] scales_and_signs[32]
    {GgmlType::IQ3_S, "iq3_s", 256, 110, 120, 2, 8, false},     // d pad(6) qs[64] qh[8] signs[32] scales[4] pad(4)
    {GgmlType::IQ2_XXS, "iq2_xxs", 256, 66, 72, 2, 8, false},   // d pad(6) qs[64]
    {GgmlType::IQ2_XS, "iq2_xs", 256, 74, 80, 2, 8, false},     // d pad(6) qs[64] scales[8]
    {GgmlType::IQ2_S, "iq2_s", 256, 82, 88, 2, 8, false},       // d pad(6) qs[32] signs[32] qh[8] scales[8]
}};

// Lane kernels: matmul.comp (each lane owns rows); subgroup kernels: matvec.comp (a subgroup per row).
// matmul_tiled.comp: shared-memory tiles (GPU prefill).
enum class Kernel {
    Embed, Matvec, Matmul, ExpertMatvec, ExpertMatmul,
    MatvecSubgroup, MatvecInt8, ExpertMatvecSubgroup, ExpertMatvecInt8, MatmulTiled
};
constexpr size_t kKernelCount = 10;
constexpr const char* kKernelPrefix[kKernelCount] = {"embed_",     "matvec_",    "matmul_",
                                                     "matvec_ids_", "matmul_groups_", "matvec_sg_",
                                                     "matvec_i8_", "matvec_ids_sg_", "matvec_ids_i8_",
                                                     "matmul_tiled_"};

bool is_subgroup_kernel(Kernel k) { return k >= Kernel::MatvecSubgroup && k <= Kernel::ExpertMatvecInt8; }
bool is_expert_kernel(Kernel k) {
    return k == Kernel::ExpertMatvec || k == Kernel::ExpertMatmul || k == Kernel::ExpertMatvecSubgroup ||
           k == Kernel::ExpertMatvecInt8;
}
// Types whose blocks decode to byte codes (all but the float types) have integer-dot variants.
bool has_byte_codes(GgmlType type) { return type != GgmlType::F32 && type != GgmlType::F16 && type != GgmlType::BF16; }

const TypeLayout* find_layout(GgmlType type) {
    for (const TypeLayout& t : kTypes)
        if (t.type == type) return &t;
    return nullptr;
}

std::string type_name(GgmlType type) {
    auto traits = ggml_type_traits(static_cast<uint32_t>(type));
    return traits ? std::string(traits->name) : "type " + std::to_string(static_cast<uint32_t>(type));
}

uint32_t ceil_div(uint32_t a, uint32_t b) { return (a + b - 1) / b; }
uint64_t round_up(uint64_t a, uint64_t to) { return (a + to - 1) / to * to; }

constexpr uint64_t kSplitScaleBytes = 2;  // the f16 scale leading every block of a split-row type
constexpr uint64_t kSplitAlignment = 32;  // split rows end on 32 bytes so that every row's payloads do too

// Rewrites one row of `n_blocks` blocks into the split-row layout (payloads, then scales).
void split_row(const TypeLayout& layout, uint64_t n_blocks, const uint8_t* from, uint8_t* to) {
    const uint64_t payload_bytes = layout.file_bytes - kSplitScaleBytes;
    uint8_t* scales = to + n_blocks * payload_bytes;
    for (uint64_t b = 0; b < n_blocks; ++b) {
        const uint8_t* block = from + b * layout.file_bytes;
        std::memcpy(scales + b * kSplitScaleBytes, block, kSplitScaleBytes);
        std::memcpy(to + b * payload_bytes, block + kSplitScaleBytes, payload_bytes);
    }
}

// Appends `n` grid points as the shaders read them: 32-bit words, a 64-bit point's low word first.
template <class Point>
void append_grid(std::vector<uint32_t>& words, const Point* grid, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        words.push_back(uint32_t(grid[i]));
        if constexpr (sizeof(Point) == 8) words.push_back(uint32_t(uint64_t(grid[i]) >> 32));
    }
}

std::vector<uint32_t> make_grid_table() {
    using namespace ggml_tables;
    std::vector<uint32_t> words;
    words.reserve(IQ_GRID_WORDS);
    append_grid(words, iq2xxs_grid, std::size(iq2xxs_grid));
    append_grid(words, iq2xs_grid, std::size(iq2xs_grid));
    append_grid(words, iq2s_grid, std::size(iq2s_grid));
    append_grid(words, iq3xxs_grid, std::size(iq3xxs_grid));
    append_grid(words, iq3s_grid, std::size(iq3s_grid));
    for (int i = 0; i < 16; i += 4) {
        uint32_t levels = 0;
        for (int k = 0; k < 4; ++k) levels |= uint32_t(kvalues_iq4nl[i + k] + 128) << (8 * k);
        words.push_back(levels);
    }
    return words;
}

} // namespace

uint64_t activation_block_bytes(uint32_t n_cols, uint32_t n_rows) {
    return uint64_t(n_rows) * (n_cols / 32) * XQ_BLOCK_WORDS * sizeof(uint32_t);
}

std::vector<uint32_t> quantize_activations(std::span<const float> x, uint32_t n_cols) {
    const size_t n_blocks = x.size() / 32;
    std::vector<uint32_t> words(n_blocks * XQ_BLOCK_WORDS, 0);
    auto put_byte = [](uint32_t& word, int k, int q) { word |= uint32_t(uint8_t(int8_t(q))) << (8 * k); };
    for (size_t b = 0; b < n_blocks; ++b) {
        const float* v = &x[b * 32];
        uint32_t* out = &words[b * XQ_BLOCK_WORDS];
        float amax = 0;
        for (int e = 0; e < 32; ++e) amax = std::max(amax, std::fabs(v[e]));
        const float d = amax / 127.0f, inv = amax > 0 ? 127.0f / amax : 0.0f;
        float sums[2] = {0, 0};
        int32_t q_sums[4] = {0, 0, 0, 0};
        for (int e = 0; e < 32; ++e) {
            const int hi = std::clamp(int(std::nearbyint(v[e] * inv)), -127, 127);
            const int lo = std::clamp(int(std::nearbyint((v[e] - d * float(hi)) * (inv * XQ_LO_STEPS))), -127, 127);
            put_byte(out[e / 4], e % 4, hi);
            put_byte(out[8 + e / 4], e % 4, lo);
            sums[e / 16] += v[e];
            q_sums[e / 16] += hi;
            q_sums[2 + e / 16] += lo;
        }
        std::memcpy(&out[16], &d, 4);
        std::memcpy(&out[17], &sums[0], 4);
        std::memcpy(&out[18], &sums[1], 4);
        std::memcpy(&out[20], q_sums, 16);
    }
    (void)n_cols;
    return words;
}

std::span<const uint32_t> grid_table_words() {
    static const std::vector<uint32_t> words = make_grid_table();
    return words;
}

Result<uint64_t> device_row_bytes(GgmlType type, uint64_t n_cols) {
    const TypeLayout* layout = find_layout(type);
    if (!layout) return make_error("the Vulkan engine has no kernels for " + type_name(type) + " weights");
    if (n_cols == 0 || n_cols % layout->block_elems != 0)
        return make_error(type_name(type) + " weight rows of " + std::to_string(n_cols) +
                          " elements are not supported: the Vulkan kernels need a multiple of " +
                          std::to_string(layout->block_elems));
    const uint64_t n_blocks = n_cols / layout->block_elems;
    if (layout->split_row)
        return round_up(n_blocks * layout->file_bytes, kSplitAlignment);
    return n_blocks * layout->device_bytes;
}

Status to_device_layout(GgmlType type, uint64_t n_cols, std::span<const uint8_t> src, std::span<uint8_t> dst) {
    auto row_bytes = device_row_bytes(type, n_cols);
    PONDER_TRY(row_bytes);
    const TypeLayout& layout = *find_layout(type);
    const uint64_t n_blocks = src.size() / layout.file_bytes;
    const uint64_t n_rows = n_blocks * layout.block_elems / n_cols;
    if (src.size() % layout.file_bytes != 0 || (n_blocks * layout.block_elems) % n_cols != 0 ||
        dst.size() != n_rows * *row_bytes)
        return make_error("weight upload: " + std::to_string(src.size()) + " bytes of " + type_name(type) +
                          " do not make whole rows of " + std::to_string(n_cols) + " elements");
    if (layout.split_row) {
        std::memset(dst.data(), 0, dst.size());
        const uint64_t blocks_per_row = n_cols / layout.block_elems;
        for (uint64_t r = 0; r < n_rows; ++r)
            split_row(layout, blocks_per_row, src.data() + r * blocks_per_row * layout.file_bytes,
                      dst.data() + r * *row_bytes);
        return {};
    }
    if (layout.file_bytes == layout.device_bytes) {
        std::memcpy(dst.data(), src.data(), src.size());
        return {};
    }
    std::memset(dst.data(), 0, dst.size());
    for (uint64_t b = 0; b < n_blocks; ++b) {
        const uint8_t* from = src.data() + b * layout.file_bytes;
        uint8_t* to = dst.data() + b * layout.device_bytes;
        if (layout.payload_at == 0) {
            std::memcpy(to, from, layout.file_bytes);  // tail padding only
        } else {
            std::memcpy(to, from, layout.head_bytes);  // f16 scales stay first
            std::memcpy(to + layout.payload_at, from + layout.head_bytes, layout.file_bytes - layout.head_bytes);
        }
    }
    return {};
}

struct WeightKernels::Impl {
    VkDevice device = VK_NULL_HANDLE;
    DeviceProfile profile{};
    uint32_t lanes = 8;
    VkDescriptorSetLayout matmul_set_layout = VK_NULL_HANDLE;
    VkDescriptorSetLayout embed_set_layout = VK_NULL_HANDLE;
    VkPipelineLayout matmul_layout = VK_NULL_HANDLE;
    VkPipelineLayout embed_layout = VK_NULL_HANDLE;
    VkDescriptorSetLayout expert_set_layout = VK_NULL_HANDLE;
    VkPipelineLayout expert_layout = VK_NULL_HANDLE;
    DescriptorCache descriptors;  // kept across recordings: the engine binds the same buffers every token
    std::string words_suffix;  // "" with 64-bit loads, "_u2" without
    // Built on first use: a model needs the kernels of its few weight types, and building all of them
    // (three per type, each a JIT compile on CPU drivers) would dominate loading.
    std::array<std::array<VkPipeline, kKernelCount>, kTypes.size()> pipelines{};

    ~Impl() {
        for (const auto& kernels : pipelines)
            for (VkPipeline pipeline : kernels)
                if (pipeline) vkDestroyPipeline(device, pipeline, nullptr);
        if (matmul_layout) vkDestroyPipelineLayout(device, matmul_layout, nullptr);
        if (embed_layout) vkDestroyPipelineLayout(device, embed_layout, nullptr);
        if (expert_layout) vkDestroyPipelineLayout(device, expert_layout, nullptr);
        if (expert_set_layout) vkDestroyDescriptorSetLayout(device, expert_set_layout, nullptr);
        if (matmul_set_layout) vkDestroyDescriptorSetLayout(device, matmul_set_layout, nullptr);
        if (embed_set_layout) vkDestroyDescriptorSetLayout(device, embed_set_layout, nullptr);
    }

    Status make_layout(uint32_t n_bindings, uint32_t push_bytes, VkDescriptorSetLayout& set_layout,
                       VkPipelineLayout& layout) {
        std::vector<VkDescriptorSetLayoutBinding> bindings(n_bindings);
        for (uint32_t i = 0; i < n_bindings; ++i)
            bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
        VkDescriptorSetLayoutCreateInfo set_info{};
        set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
        set_info.bindingCount = n_bindings;
        set_info.pBindings = bindings.data();
        if (vkCreateDescriptorSetLayout(device, &set_info, nullptr, &set_layout) != VK_SUCCESS)
            return make_error("Vulkan: could not create a descriptor set layout (out of memory?)");
        VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes};
        VkPipelineLayoutCreateInfo info{};
        info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
        info.setLayoutCount = 1;
        info.pSetLayouts = &set_layout;
        info.pushConstantRangeCount = 1;
        info.pPushConstantRanges = &push;
        if (vkCreatePipelineLayout(device, &info, nullptr, &layout) != VK_SUCCESS)
            return make_error("Vulkan: could not create a pipeline layout (out of memory?)");
        return {};
    }

    // `constants`: specialization constants 0.. (the workgroup width first). Pipelines that use subgroups get
    // the profile's subgroup size when it requires one.
    Result<VkPipeline> make_pipeline(const std::string& name, VkPipelineLayout layout,
                                     std::span<const uint32_t> constants, bool uses_subgroups) {
        std::span<const uint32_t> spirv = shaders::find(name);
        if (spirv.empty()) return make_error("internal: shader variant '" + name + "' was not built");
        VkShaderModuleCreateInfo module_info{};
        module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
        module_info.codeSize = spirv.size_bytes();
        module_info.pCode = spirv.data();
        VkShaderModule module;
        if (vkCreateShaderModule(device, &module_info, nullptr, &module) != VK_SUCCESS)
            return make_error("Vulkan: could not load shader '" + name + "'");
        std::array<VkSpecializationMapEntry, 4> entries{};
        for (uint32_t i = 0; i < constants.size(); ++i) entries[i] = {i, i * 4u, sizeof(uint32_t)};
        VkSpecializationInfo spec{static_cast<uint32_t>(constants.size()), entries.data(), constants.size_bytes(),
                                  constants.data()};
        VkPipelineShaderStageRequiredSubgroupSizeCreateInfo subgroup_size{};
        subgroup_size.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_REQUIRED_SUBGROUP_SIZE_CREATE_INFO;
        subgroup_size.requiredSubgroupSize = profile.subgroup_size;
        VkComputePipelineCreateInfo info{};
        info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
        info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        info.stage.module = module;
        info.stage.pName = "main";
        info.stage.pSpecializationInfo = &spec;
        if (uses_subgroups && profile.require_subgroup_size) {
            info.stage.pNext = &subgroup_size;
            info.stage.flags = VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT;
        }
        info.layout = layout;
        VkPipeline pipeline;
        VkResult r = vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &info, nullptr, &pipeline);
        vkDestroyShaderModule(device, module, nullptr);
        if (r != VK_SUCCESS) return make_error("Vulkan: could not compile shader '" + name + "'");
        return pipeline;
    }

    VkDescriptorBufferInfo grids{};  // the grid table, the last binding of every weight pipeline

    Result<VkPipeline> pipeline(const TypeLayout& layout, Kernel kernel) {
        VkPipeline& slot = pipelines[&layout - kTypes.data()][static_cast<size_t>(kernel)];
        if (slot) return slot;
        // Lane kernels are one subgroup wide; subgroup kernels hold matvec_rows_per_group subgroups.
        // The tiled matmul has a fixed width and takes its tile instead.
        const uint32_t rows = profile.matvec_rows_per_group;
        const bool tiled = kernel == Kernel::MatmulTiled;
        const std::array<uint32_t, 2> constants =
            tiled ? std::array<uint32_t, 2>{profile.matmul_tile_rows, profile.matmul_tile_tokens}
                  : std::array<uint32_t, 2>{is_subgroup_kernel(kernel) ? lanes * rows : lanes, rows};
        auto made = make_pipeline(kKernelPrefix[static_cast<size_t>(kernel)] + std::string(layout.shader_name) +
                                      words_suffix,
                                  kernel == Kernel::Embed          ? embed_layout
                                  : is_expert_kernel(kernel)        ? expert_layout
                                                                    : matmul_layout,
                                  std::span(constants).first(is_subgroup_kernel(kernel) || tiled ? 2 : 1),
                                  kernel != Kernel::Embed && !tiled);
        PONDER_TRY(made);
        slot = *made;
        return slot;
    }

    // The decode kernel: the profile's matvec, with 8-bit activations where the type and the input have them.
    Kernel decode_kernel(GgmlType type, const MatmulInput& x, bool experts) const {
        switch (profile.matvec) {
        case MatvecKernel::LanePerRow:
            return experts ? Kernel::ExpertMatvec : Kernel::Matvec;
        case MatvecKernel::SubgroupPerRowInt8:
            if (x.int8 && has_byte_codes(type)) return experts ? Kernel::ExpertMatvecInt8 : Kernel::MatvecInt8;
            [[fallthrough]];
        case MatvecKernel::SubgroupPerRow:
            break;
        }
        return experts ? Kernel::ExpertMatvecSubgroup : Kernel::MatvecSubgroup;
    }

    // Weight rows one workgroup of `kernel` covers.
    uint32_t rows_per_group(Kernel kernel) const {
        if (is_subgroup_kernel(kernel)) return profile.matvec_rows_per_group;
        if (kernel == Kernel::MatmulTiled) return profile.matmul_tile_rows;
        const bool decode = kernel == Kernel::Matvec || kernel == Kernel::ExpertMatvec;
        return lanes * (decode ? kMatvecRowsPerLane : kMatmulRowsPerLane);
    }

    // What binding 1 of `kernel` reads: the activation blocks for the 8-bit kernels, else the f32 rows.
    static BufferView x_binding(Kernel kernel, const MatmulInput& x) {
        return kernel == Kernel::MatvecInt8 || kernel == Kernel::ExpertMatvecInt8 ? *x.int8 : x.f32;
    }

    Result<VkDescriptorSet> bind(VkCommandBuffer cmd, VkDescriptorSetLayout set_layout, VkPipelineLayout layout,
                                 std::span<const VkDescriptorBufferInfo> buffers) {
        auto set = descriptors.get(set_layout, buffers);
        PONDER_TRY(set);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1, &*set, 0, nullptr);
        return set;
    }

    // Binds matmul.comp's buffers: a weight chunk, X, Y, the fourth (bias, or an expert routing table), the grids.
    Status bind_matmul(VkCommandBuffer cmd, VkDescriptorSetLayout set_layout, VkPipelineLayout layout,
                       const WeightChunk& chunk, BufferView x, BufferView y, BufferView fourth) {
        const std::array<VkDescriptorBufferInfo, 5> buffers = {{
            {chunk.buffer, chunk.offset, chunk.bytes},
            {x.buffer, x.offset, x.bytes},
            {y.buffer, y.offset, y.bytes},
            {fourth.buffer, fourth.offset, fourth.bytes},
            grids,
        }};
        auto set = bind(cmd, set_layout, layout, buffers);
        PONDER_TRY(set);
        return {};
    }
};

WeightKernels::WeightKernels(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WeightKernels::WeightKernels(WeightKernels&&) noexcept = default;
WeightKernels& WeightKernels::operator=(WeightKernels&&) noexcept = default;
WeightKernels::~WeightKernels() = default;

Result<WeightKernels> WeightKernels::create(VkDevice device, const KernelDeviceInfo& info, BufferView grid_table) {
    if (info.profile.subgroup_size < 8 || !info.subgroup_ballot)
        return make_error("this GPU's compute subgroups (size " + std::to_string(info.profile.subgroup_size) +
                          (info.subgroup_ballot ? "" : ", no broadcast") +
                          ") are too small for Ponder's weight kernels, which need 8 lanes with broadcast");
    auto impl = std::make_unique<Impl>();
    impl->device = device;
    impl->profile = info.profile;
    impl->lanes = info.profile.subgroup_size;
    impl->grids = {grid_table.buffer, grid_table.offset, grid_table.bytes};
    PONDER_TRY(impl->make_layout(5, sizeof(MatmulPush), impl->matmul_set_layout, impl->matmul_layout));
    PONDER_TRY(impl->make_layout(4, sizeof(EmbedPush), impl->embed_set_layout, impl->embed_layout));
    PONDER_TRY(impl->make_layout(5, sizeof(ExpertMatmulPush), impl->expert_set_layout, impl->expert_layout));

    auto descriptors = DescriptorCache::create(device, kDescriptorSetsPerFrame, 5);
    PONDER_TRY(descriptors);
    impl->descriptors = std::move(*descriptors);

    impl->words_suffix = info.profile.int64_loads ? "" : "_u2";
    return WeightKernels(std::move(impl));
}

bool WeightKernels::decode_reads_int8() const { return impl_->profile.matvec == MatvecKernel::SubgroupPerRowInt8; }

Status WeightKernels::begin_frame() { return impl_->descriptors.trim(); }

uint64_t WeightKernels::descriptor_writes() const { return impl_->descriptors.writes(); }

Status WeightKernels::embedding(VkCommandBuffer cmd, const WeightView& table, BufferView ids, BufferView out,
                                uint32_t n_tokens) {
    auto row_bytes = device_row_bytes(table.type, table.n_cols);
    PONDER_TRY(row_bytes);
    const TypeLayout& layout = *find_layout(table.type);
    auto pipeline = impl_->pipeline(layout, Kernel::Embed);
    PONDER_TRY(pipeline);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *pipeline);
    for (const WeightChunk& chunk : table.chunks) {
        const std::array<VkDescriptorBufferInfo, 4> buffers = {{
            {chunk.buffer, chunk.offset, chunk.bytes},
            {ids.buffer, ids.offset, ids.bytes},
            {out.buffer, out.offset, out.bytes},
            impl_->grids,
        }};
        auto set = impl_->bind(cmd, impl_->embed_set_layout, impl_->embed_layout, buffers);
        PONDER_TRY(set);
        const EmbedPush push{table.n_cols, static_cast<uint32_t>(*row_bytes / 8), chunk.first_row, chunk.n_rows};
        vkCmdPushConstants(cmd, impl_->embed_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        vkCmdDispatch(cmd, ceil_div(table.n_cols / layout.block_elems, kEmbedGroupSize), n_tokens, 1);
    }
    return {};
}

Status WeightKernels::matmul(VkCommandBuffer cmd, const WeightView& w, const MatmulInput& x, BufferView y,
                             uint32_t n_tokens, const BufferView* bias) {
    auto row_bytes = device_row_bytes(w.type, w.n_cols);
    PONDER_TRY(row_bytes);
    const TypeLayout& layout = *find_layout(w.type);
    const bool decode = n_tokens == 1;
    const Kernel prefill = impl_->profile.prefill == PrefillKernel::Tiled ? Kernel::MatmulTiled : Kernel::Matmul;
    const Kernel kernel = decode ? impl_->decode_kernel(w.type, x, false) : prefill;
    const uint32_t rows_per_group = impl_->rows_per_group(kernel);
    const uint32_t tokens_per_group = decode                          ? 1
                                      : kernel == Kernel::MatmulTiled ? impl_->profile.matmul_tile_tokens
                                                                      : kMatmulTokensPerGroup;
    auto pipeline = impl_->pipeline(layout, kernel);
    PONDER_TRY(pipeline);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *pipeline);
    for (const WeightChunk& chunk : w.chunks) {
        // Without a bias, binding 3 aliases y; the shader does not read it then.
        PONDER_TRY(impl_->bind_matmul(cmd, impl_->matmul_set_layout, impl_->matmul_layout, chunk,
                                      Impl::x_binding(kernel, x), y, bias ? *bias : y));
        const MatmulPush push{w.n_cols, chunk.n_rows, n_tokens, static_cast<uint32_t>(*row_bytes / 8),
                              w.n_cols, w.n_rows, chunk.first_row, bias ? 1u : 0u};
        vkCmdPushConstants(cmd, impl_->matmul_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        vkCmdDispatch(cmd, ceil_div(chunk.n_rows, rows_per_group), ceil_div(n_tokens, tokens_per_group), 1);
    }
    return {};
}

Status WeightKernels::expert_matmul(VkCommandBuffer cmd, const WeightView& w, uint32_t n_expert,
                                    const MatmulInput& x, BufferView y, const ExpertRouting& routing, bool x_shared) {
    auto row_bytes = device_row_bytes(w.type, w.n_cols);
    PONDER_TRY(row_bytes);
    const TypeLayout& layout = *find_layout(w.type);
    const uint32_t rows = w.n_rows / n_expert;  // of one expert's matrix
    const bool decode = routing.n_tokens == 1;
    const Kernel kernel = decode ? impl_->decode_kernel(w.type, x, true) : Kernel::ExpertMatmul;
    const uint32_t rows_per_group = impl_->rows_per_group(kernel);
    auto pipeline = impl_->pipeline(layout, kernel);
    PONDER_TRY(pipeline);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *pipeline);
    const BufferView& table = decode ? routing.ids : routing.groups;
    for (const WeightChunk& chunk : w.chunks) {
        if (chunk.first_row % rows != 0 || chunk.n_rows % rows != 0)
            return make_error("internal: a chunk of " + std::to_string(chunk.n_rows) +
                              " rows splits an expert's matrix of " + std::to_string(rows));
        PONDER_TRY(impl_->bind_matmul(cmd, impl_->expert_set_layout, impl_->expert_layout, chunk,
                                      Impl::x_binding(kernel, x), y, table));
        const uint32_t n_experts = chunk.n_rows / rows;
        const uint32_t row_words = static_cast<uint32_t>(*row_bytes / 8);
        const ExpertMatmulPush push{w.n_cols,       rows,           routing.n_tokens,
                                    row_words,      w.n_cols,       rows,
                                    routing.n_used, chunk.first_row / rows, n_experts,
                                    x_shared ? 1u : 0u};
        vkCmdPushConstants(cmd, impl_->expert_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(push), &push);
        if (decode)  // one workgroup row per assignment; those whose expert is in another chunk do nothing
            vkCmdDispatch(cmd, ceil_div(rows, rows_per_group), routing.n_tokens * routing.n_used, 1);
        else  // per expert of the chunk, tiles of its tokens; tiles past its count do nothing
            vkCmdDispatch(cmd, ceil_div(rows, rows_per_group), ceil_div(routing.n_tokens, kMatmulTokensPerGroup),
                          n_experts);
    }
    return {};
}

} // namespace ponder::vk
