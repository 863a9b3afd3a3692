// Which kernel variants a device runs, decided once from its properties (vendor, subgroup sizes and
// their control, integer dot products, 64-bit integers). A pure function of DeviceInfo, so that tests
// feed it the property tables of cards this machine does not have; PONDER_DEVICE_PROFILE forces the
// choice another vendor would get, within what the driver supports, so that every variant runs on
// lavapipe in the tests.
#pragma once

#include "error.h"
#include "vk/device_info.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ponder::vk {

// Whose kernels: a GPU vendor's, or the CPU-shaped ones for CPU implementations (lavapipe, SwiftShader).
enum class ProfileVendor { Nvidia, Amd, Intel, Apple, Lavapipe, Other };

// The decode matvec (one token: every weight read once, the step that bounds decode speed).
enum class MatvecKernel {
    LanePerRow,        // shaders/matmul.comp with TOKENS=1: each lane walks whole rows (CPU drivers)
    SubgroupPerRow,    // shaders/matvec.comp: a subgroup per row, lanes over consecutive chunks, subgroupAdd
    SubgroupPerRowInt8 // ... with activations as 8-bit blocks and integer dot products (quantized types)
};

// The prefill matmul (many tokens: each weight decoded once per tile of tokens).
enum class PrefillKernel {
    LanePerRow, // shaders/matmul.comp with TOKENS=8: lanes own rows, share X by subgroup broadcast (CPU drivers)
    Tiled       // shaders/matmul_tiled.comp: weight and activation tiles in shared memory
};

// Attention over the KV cache (decode and prefill).
enum class AttentionKernel {
    LanePerPosition, // shaders/attention.comp: a workgroup per (query head, token, split), a lane per position
    Tiled            // shaders/attention_tiled.comp: flash attention over shared-memory tiles, rows sharing a KV head
};

struct DeviceProfile {
    ProfileVendor vendor;
    bool forced;               // chosen by PONDER_DEVICE_PROFILE (or a test), not by the vendor id
    MatvecKernel matvec;
    uint32_t subgroup_size;    // lanes the weight kernels are built for (workgroup width of matmul.comp)
    bool require_subgroup_size; // pipelines require subgroup_size (VK_EXT_subgroup_size_control)
    uint32_t matvec_rows_per_group; // rows of one matvec.comp workgroup (one subgroup each)
    bool int64_loads;          // 64-bit weight loads (shaderInt64), else the "_u2" uvec2 variants
    bool integer_dot;          // the device must enable VK_KHR_shader_integer_dot_product
    PrefillKernel prefill;
    uint32_t matmul_tile_rows, matmul_tile_tokens; // Tiled: the tile of one workgroup (from the shared memory)
    AttentionKernel attention;
    uint32_t attention_tile_floats; // Tiled: floats of each of its three shared tiles (from the shared memory)
};

// Floats per shared tile of attention_tiled.comp in `shared_bytes` of shared memory (three tiles and the
// per-row statistics), a multiple of ATTN_TILED_GROUP, at most 4096.
uint32_t attention_tile_floats(uint32_t shared_bytes);

std::string_view profile_name(ProfileVendor vendor);
// "nvidia", "amd", "intel", "apple", "lavapipe"; anything else is an Error listing these.
Result<ProfileVendor> parse_profile_name(std::string_view name);
// The vendor by PCI vendor id; CPU devices get the lavapipe profile whoever made them.
ProfileVendor vendor_of(const DeviceInfo& device);

// The variants for `device`, as `forced` (when set) would get them on it: what the profile asks for that the
// driver lacks (a subgroup size outside its range, integer dot products, int64) falls back to what it has.
DeviceProfile choose_profile(const DeviceInfo& device, std::optional<ProfileVendor> forced = std::nullopt);

// PONDER_DEVICE_PROFILE: nullopt when unset or empty, an Error when it names no profile.
Result<std::optional<ProfileVendor>> profile_from_environment();

// One line for `ponder-cli devices`: "nvidia: decode matvec subgroup per row, int8 dot products, 32 lanes
// (required), 4 rows per workgroup, 64-bit loads, tiled attention (3968-float tiles)".
std::string describe(const DeviceProfile& profile);

} // namespace ponder::vk
