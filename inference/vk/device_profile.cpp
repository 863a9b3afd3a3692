#include "vk/device_profile.h"

#include "vk/shader_constants.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

namespace ponder::vk {

namespace {

constexpr std::array<std::pair<ProfileVendor, std::string_view>, 6> kNames = {{
    {ProfileVendor::Nvidia, "nvidia"},
    {ProfileVendor::Amd, "amd"},
    {ProfileVendor::Intel, "intel"},
    {ProfileVendor::Apple, "apple"},
    {ProfileVendor::Lavapipe, "lavapipe"},
    {ProfileVendor::Other, "other"},
}};

constexpr uint32_t kMatvecGroupInvocations = 128; // matvec.comp workgroups: enough rows to hide latency

// What a vendor's GPUs run best, before the driver's limits are applied.
struct Wish {
    MatvecKernel matvec;
    uint32_t subgroup_size; // 0: the device's default
    AttentionKernel attention = AttentionKernel::Tiled;
    PrefillKernel prefill = PrefillKernel::Tiled;
};

Wish wish_of(ProfileVendor vendor, const DeviceInfo& device) {
    switch (vendor) {
    case ProfileVendor::Nvidia: // warps of 32; dp4a since Pascal
        return {MatvecKernel::SubgroupPerRowInt8, 32};
    case ProfileVendor::Amd: // wave64 (GCN; RDNA runs it too); dot4 on RDNA and Vega 20
        return {MatvecKernel::SubgroupPerRowInt8, 64};
    case ProfileVendor::Intel: // SIMD16 is Xe's native width; DP4A on Xe
        return {MatvecKernel::SubgroupPerRowInt8, 16};
    case ProfileVendor::Apple: // SIMD groups of 32; no 8-bit dot instruction in Metal
        return {MatvecKernel::SubgroupPerRow, 32};
    case ProfileVendor::Lavapipe: // a subgroup is one CPU thread's SIMD lanes: whole rows per lane win there
        return {MatvecKernel::LanePerRow, 0, AttentionKernel::LanePerPosition, PrefillKernel::LanePerRow};
    case ProfileVendor::Other:
        break;
    }
    return {device.integer_dot_accelerated ? MatvecKernel::SubgroupPerRowInt8 : MatvecKernel::SubgroupPerRow, 0};
}

} // namespace

std::string_view profile_name(ProfileVendor vendor) {
    for (const auto& [v, name] : kNames)
        if (v == vendor)
            return name;
    return "?";
}

Result<ProfileVendor> parse_profile_name(std::string_view name) {
    for (const auto& [vendor, known] : kNames)
        if (known == name && vendor != ProfileVendor::Other)
            return vendor;
    return make_error("unknown device profile '" + std::string(name) +
                      "': use nvidia, amd, intel, apple or lavapipe");
}

ProfileVendor vendor_of(const DeviceInfo& device) {
    if (device.kind == DeviceKind::Cpu)
        return ProfileVendor::Lavapipe;
    switch (device.vendor_id) {
    case 0x10DE:
        return ProfileVendor::Nvidia;
    case 0x1002:
        return ProfileVendor::Amd;
    case 0x8086:
        return ProfileVendor::Intel;
    case 0x106B:
        return ProfileVendor::Apple;
    default:
        return ProfileVendor::Other;
    }
}

DeviceProfile choose_profile(const DeviceInfo& device, std::optional<ProfileVendor> forced) {
    DeviceProfile p{};
    p.vendor = forced ? *forced : vendor_of(device);
    p.forced = forced.has_value();
    const Wish wish = wish_of(p.vendor, device);

    // The subgroup size: the wished one where the driver can require it (with full subgroups, which the
    // kernels' workgroup shapes assume), else the device's own.
    p.subgroup_size = device.subgroup_size;
    if (wish.subgroup_size != 0 && wish.subgroup_size != device.subgroup_size && device.subgroup_size_control &&
        device.compute_full_subgroups && wish.subgroup_size >= device.min_subgroup_size &&
        wish.subgroup_size <= device.max_subgroup_size) {
        p.subgroup_size = wish.subgroup_size;
        p.require_subgroup_size = true;
    }

    // The subgroup matvecs reduce with subgroupAdd; the 8-bit one needs integer dot products.
    p.matvec = wish.matvec;
    if (p.matvec == MatvecKernel::SubgroupPerRowInt8 && !device.integer_dot_product)
        p.matvec = MatvecKernel::SubgroupPerRow;
    if (p.matvec != MatvecKernel::LanePerRow && !device.subgroup_arithmetic)
        p.matvec = MatvecKernel::LanePerRow;
    p.integer_dot = p.matvec == MatvecKernel::SubgroupPerRowInt8;
    p.matvec_rows_per_group = std::max(1u, kMatvecGroupInvocations / std::max(1u, p.subgroup_size));
    p.int64_loads = device.shader_int64;
    // Prefill tiles of 64 rows x 64 tokens (33 floats per tile row: 16.5 KiB), or 32 tokens within Vulkan's minimum.
    p.prefill = wish.prefill;
    p.matmul_tile_rows = 64;
    p.matmul_tile_tokens = device.max_shared_memory_bytes >= 32768 ? 64 : 32;
    if (device.max_workgroup_invocations < MATMUL_TILE_GROUP)
        p.prefill = PrefillKernel::LanePerRow;
    p.attention = wish.attention;
    p.attention_tile_floats = attention_tile_floats(device.max_shared_memory_bytes);
    if (p.attention_tile_floats < 2 * ATTN_TILED_GROUP) // below Vulkan's minimum of 16 KiB: not a GPU to tile on
        p.attention = AttentionKernel::LanePerPosition;
    return p;
}

uint32_t attention_tile_floats(uint32_t shared_bytes) {
    const uint32_t row_statistics = 3 * ATTN_MAX_ROWS * sizeof(float);
    if (shared_bytes <= row_statistics)
        return 0;
    const uint32_t floats = (shared_bytes - row_statistics) / (3 * sizeof(float));
    return std::min(4096u, floats / ATTN_TILED_GROUP * ATTN_TILED_GROUP);
}

Result<std::optional<ProfileVendor>> profile_from_environment() {
    const char* value = std::getenv("PONDER_DEVICE_PROFILE");
    if (!value || !*value)
        return std::optional<ProfileVendor>{};
    auto vendor = parse_profile_name(value);
    if (!vendor)
        return make_error("PONDER_DEVICE_PROFILE: " + vendor.error().message);
    return std::optional<ProfileVendor>{*vendor};
}

std::string describe(const DeviceProfile& p) {
    std::string text = std::string(profile_name(p.vendor)) + (p.forced ? " (forced)" : "") + ": decode matvec ";
    switch (p.matvec) {
    case MatvecKernel::LanePerRow:
        text += "lane per row";
        break;
    case MatvecKernel::SubgroupPerRow:
        text += "subgroup per row (" + std::to_string(p.matvec_rows_per_group) + " rows per workgroup)";
        break;
    case MatvecKernel::SubgroupPerRowInt8:
        text += "subgroup per row with 8-bit activations and integer dot products (" +
                std::to_string(p.matvec_rows_per_group) + " rows per workgroup)";
        break;
    }
    text += ", " + std::to_string(p.subgroup_size) + "-lane subgroups" + (p.require_subgroup_size ? " (required)" : "");
    text += p.int64_loads ? ", 64-bit weight loads" : ", 32-bit word weight loads";
    if (p.prefill == PrefillKernel::Tiled)
        text += ", tiled prefill (" + std::to_string(p.matmul_tile_rows) + "x" + std::to_string(p.matmul_tile_tokens) +
                ")";
    text += p.attention == AttentionKernel::Tiled
                ? ", tiled attention (" + std::to_string(p.attention_tile_floats) + "-float tiles)"
                : ", attention lane per position";
    return text;
}

} // namespace ponder::vk
