// Kernel variants chosen from device properties (vk/device_profile.h), on the property tables of cards this
// machine does not have: each vendor's matvec, subgroup size and loads, and what a forced profile falls back
// to where the driver lacks what that vendor's kernels use.
#include "vk/device_profile.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ponder::vk {
namespace {

// A discrete GPU with everything the kernels can use; tests take away what they need to.
DeviceInfo gpu(uint32_t vendor_id, uint32_t subgroup, uint32_t min_subgroup, uint32_t max_subgroup,
               uint32_t shared_bytes = 49152) {
    DeviceInfo d{};
    d.max_shared_memory_bytes = shared_bytes;
    d.max_workgroup_invocations = 1024;
    d.kind = DeviceKind::Discrete;
    d.vendor_id = vendor_id;
    d.subgroup_size = subgroup;
    d.min_subgroup_size = min_subgroup;
    d.max_subgroup_size = max_subgroup;
    d.subgroup_size_control = min_subgroup != max_subgroup;
    d.compute_full_subgroups = d.subgroup_size_control;
    d.subgroup_arithmetic = d.subgroup_ballot = true;
    d.integer_dot_product = d.integer_dot_accelerated = true;
    d.shader_int64 = true;
    return d;
}

DeviceInfo rtx_4090() { return gpu(0x10DE, 32, 32, 32); }
DeviceInfo radeon_rx_7900() { return gpu(0x1002, 64, 32, 64, 65536); }
DeviceInfo arc_a770() { return gpu(0x8086, 32, 8, 32, 65536); }
DeviceInfo m2_moltenvk() { return gpu(0x106B, 32, 32, 32, 32768); }

DeviceInfo lavapipe() {
    DeviceInfo d = gpu(0x10005, 8, 8, 8, 32768);
    d.kind = DeviceKind::Cpu;
    d.integer_dot_accelerated = false;
    return d;
}

TEST(DeviceProfile, EachVendorGetsItsKernels) {
    const DeviceProfile nvidia = choose_profile(rtx_4090());
    EXPECT_EQ(nvidia.vendor, ProfileVendor::Nvidia);
    EXPECT_EQ(nvidia.matvec, MatvecKernel::SubgroupPerRowInt8);
    EXPECT_TRUE(nvidia.integer_dot);
    EXPECT_EQ(nvidia.subgroup_size, 32u);
    EXPECT_FALSE(nvidia.require_subgroup_size);  // 32 is all it has
    EXPECT_EQ(nvidia.matvec_rows_per_group, 4u);
    EXPECT_TRUE(nvidia.int64_loads);
    EXPECT_FALSE(nvidia.forced);

    const DeviceProfile amd = choose_profile(radeon_rx_7900());
    EXPECT_EQ(amd.matvec, MatvecKernel::SubgroupPerRowInt8);
    EXPECT_EQ(amd.subgroup_size, 64u);
    EXPECT_EQ(amd.matvec_rows_per_group, 2u);

    const DeviceProfile intel = choose_profile(arc_a770());
    EXPECT_EQ(intel.matvec, MatvecKernel::SubgroupPerRowInt8);
    EXPECT_EQ(intel.subgroup_size, 16u);  // required: the driver would otherwise pick per pipeline
    EXPECT_TRUE(intel.require_subgroup_size);
    EXPECT_EQ(intel.matvec_rows_per_group, 8u);

    const DeviceProfile apple = choose_profile(m2_moltenvk());
    EXPECT_EQ(apple.matvec, MatvecKernel::SubgroupPerRow);  // Metal has no 8-bit dot instruction
    EXPECT_FALSE(apple.integer_dot);

    const DeviceProfile cpu = choose_profile(lavapipe());
    EXPECT_EQ(cpu.vendor, ProfileVendor::Lavapipe);
    EXPECT_EQ(cpu.matvec, MatvecKernel::LanePerRow);
    EXPECT_EQ(cpu.subgroup_size, 8u);
    EXPECT_FALSE(cpu.integer_dot);
}

TEST(DeviceProfile, GpusTileAttentionInTheirSharedMemory) {
    for (const DeviceInfo& device : {rtx_4090(), radeon_rx_7900(), arc_a770(), m2_moltenvk()}) {
        const DeviceProfile p = choose_profile(device);
        EXPECT_EQ(p.attention, AttentionKernel::Tiled) << describe(p);
        EXPECT_EQ(p.attention_tile_floats, attention_tile_floats(device.max_shared_memory_bytes));
    }
    EXPECT_EQ(choose_profile(rtx_4090()).attention_tile_floats, 3968u);  // 48 KiB: three tiles and row statistics
    EXPECT_EQ(choose_profile(radeon_rx_7900()).attention_tile_floats, 4096u);
    EXPECT_EQ(attention_tile_floats(16384), 1280u);  // Vulkan's minimum still tiles
    EXPECT_EQ(choose_profile(lavapipe()).attention, AttentionKernel::LanePerPosition);
    // A forced GPU profile tiles in what the driver has.
    EXPECT_EQ(choose_profile(lavapipe(), ProfileVendor::Nvidia).attention_tile_floats, attention_tile_floats(32768));
    EXPECT_EQ(choose_profile(gpu(0x10DE, 32, 32, 32, 1024)).attention, AttentionKernel::LanePerPosition);
}

TEST(DeviceProfile, GpusTileThePrefillMatmulInTheirSharedMemory) {
    const DeviceProfile nvidia = choose_profile(rtx_4090());
    EXPECT_EQ(nvidia.prefill, PrefillKernel::Tiled);
    EXPECT_EQ(nvidia.matmul_tile_rows, 64u);
    EXPECT_EQ(nvidia.matmul_tile_tokens, 64u);
    EXPECT_EQ(choose_profile(gpu(0x10DE, 32, 32, 32, 16384)).matmul_tile_tokens, 32u);  // Vulkan's minimum
    EXPECT_EQ(choose_profile(lavapipe()).prefill, PrefillKernel::LanePerRow);
    EXPECT_EQ(choose_profile(lavapipe(), ProfileVendor::Apple).prefill, PrefillKernel::Tiled);
}

TEST(DeviceProfile, AForcedProfileGetsWhatThatVendorGetsWithinWhatTheDriverHas) {
    // lavapipe offers integer dot products (not accelerated) and only 8-lane subgroups.
    const DeviceProfile nvidia = choose_profile(lavapipe(), ProfileVendor::Nvidia);
    EXPECT_TRUE(nvidia.forced);
    EXPECT_EQ(nvidia.vendor, ProfileVendor::Nvidia);
    EXPECT_EQ(nvidia.matvec, MatvecKernel::SubgroupPerRowInt8);
    EXPECT_EQ(nvidia.subgroup_size, 8u);
    EXPECT_FALSE(nvidia.require_subgroup_size);
    EXPECT_EQ(nvidia.matvec_rows_per_group, 16u);  // 128-invocation workgroups still

    EXPECT_EQ(choose_profile(lavapipe(), ProfileVendor::Apple).matvec, MatvecKernel::SubgroupPerRow);
    // And the other way round: a GPU forced to the CPU-shaped kernels.
    EXPECT_EQ(choose_profile(rtx_4090(), ProfileVendor::Lavapipe).matvec, MatvecKernel::LanePerRow);
    // AMD's wish of 64 lanes on an Arc (8..32): the device's own size, not required.
    const DeviceProfile amd_on_arc = choose_profile(arc_a770(), ProfileVendor::Amd);
    EXPECT_EQ(amd_on_arc.subgroup_size, 32u);
    EXPECT_FALSE(amd_on_arc.require_subgroup_size);
}

TEST(DeviceProfile, WhatTheDriverLacksFallsBack) {
    DeviceInfo no_dot = rtx_4090();
    no_dot.integer_dot_product = no_dot.integer_dot_accelerated = false;
    EXPECT_EQ(choose_profile(no_dot).matvec, MatvecKernel::SubgroupPerRow);
    EXPECT_FALSE(choose_profile(no_dot).integer_dot);

    DeviceInfo no_arithmetic = rtx_4090();
    no_arithmetic.subgroup_arithmetic = false;  // no subgroupAdd: the lane kernels need only broadcast
    EXPECT_EQ(choose_profile(no_arithmetic).matvec, MatvecKernel::LanePerRow);

    DeviceInfo no_int64 = m2_moltenvk();
    no_int64.shader_int64 = false;
    EXPECT_FALSE(choose_profile(no_int64).int64_loads);

    DeviceInfo no_full_subgroups = arc_a770();
    no_full_subgroups.compute_full_subgroups = false;  // a required size without full subgroups is not enough
    EXPECT_EQ(choose_profile(no_full_subgroups).subgroup_size, 32u);
    EXPECT_FALSE(choose_profile(no_full_subgroups).require_subgroup_size);
}

TEST(DeviceProfile, UnknownVendorsUseIntegerDotProductsOnlyWhereFast) {
    DeviceInfo mali = gpu(0x13B5, 16, 16, 16);
    EXPECT_EQ(choose_profile(mali).vendor, ProfileVendor::Other);
    EXPECT_EQ(choose_profile(mali).matvec, MatvecKernel::SubgroupPerRowInt8);
    mali.integer_dot_accelerated = false;
    EXPECT_EQ(choose_profile(mali).matvec, MatvecKernel::SubgroupPerRow);
}

TEST(DeviceProfile, NamesParseAndUnknownOnesAreAnErrorListingTheKnown) {
    for (ProfileVendor v : {ProfileVendor::Nvidia, ProfileVendor::Amd, ProfileVendor::Intel, ProfileVendor::Apple,
                            ProfileVendor::Lavapipe})
        EXPECT_EQ(*parse_profile_name(profile_name(v)), v);
    auto unknown = parse_profile_name("geforce");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("nvidia, amd, intel, apple or lavapipe"), std::string::npos);
    EXPECT_FALSE(parse_profile_name("other").ok());
}

TEST(DeviceProfile, TheEnvironmentForcesAProfile) {
    setenv("PONDER_DEVICE_PROFILE", "amd", 1);
    EXPECT_EQ(*profile_from_environment(), ProfileVendor::Amd);
    setenv("PONDER_DEVICE_PROFILE", "voodoo", 1);
    auto bad = profile_from_environment();
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("PONDER_DEVICE_PROFILE"), std::string::npos);
    unsetenv("PONDER_DEVICE_PROFILE");
    EXPECT_FALSE(profile_from_environment()->has_value());
}

TEST(DeviceProfile, DescriptionSaysWhichKernelsRun) {
    EXPECT_EQ(describe(choose_profile(rtx_4090())),
              "nvidia: decode matvec subgroup per row with 8-bit activations and integer dot products (4 rows per "
              "workgroup), 32-lane subgroups, 64-bit weight loads, tiled prefill (64x64), tiled attention (3968-float tiles)");
    EXPECT_EQ(describe(choose_profile(rtx_4090(), ProfileVendor::Lavapipe)),
              "lavapipe (forced): decode matvec lane per row, 32-lane subgroups, 64-bit weight loads, attention lane "
              "per position");
    EXPECT_EQ(describe(choose_profile(arc_a770())).find("16-lane subgroups (required)") != std::string::npos, true);
}

} // namespace
} // namespace ponder::vk
