// Which backend a model runs on when the user names none: the CPU backend unless the machine has a GPU.
// Vulkan's CPU implementations (llvmpipe / lavapipe) do not count as one. Fake device lists stand in
// for machines.
#include "model/default_backend.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ponder {
namespace {

vk::DeviceInfo device(vk::DeviceKind kind, const char* name, uint32_t index = 0) {
    vk::DeviceInfo d{};
    d.index = index;
    d.name = name;
    d.kind = kind;
    d.api_version = VK_API_VERSION_1_3;
    d.compute_queue_family = 0;
    return d;
}

const vk::DeviceInfo kLavapipe = device(vk::DeviceKind::Cpu, "llvmpipe (LLVM 15.0.6, 256 bits)");
const vk::DeviceInfo kDiscrete = device(vk::DeviceKind::Discrete, "NVIDIA GeForce RTX 4090", 1);
const vk::DeviceInfo kIntegrated = device(vk::DeviceKind::Integrated, "Intel(R) Iris(R) Xe Graphics", 1);

Backend default_for(std::vector<vk::DeviceInfo> devices, bool cpu_runs_model = true) {
    return default_backend(devices, cpu_runs_model);
}

TEST(DefaultBackend, NoVulkanDeviceRunsOnTheCpu) {
    EXPECT_EQ(default_for({}), Backend::Cpu);
}

TEST(DefaultBackend, OnlyACpuImplementationOfVulkanRunsOnTheCpuBackend) {
    EXPECT_EQ(default_for({kLavapipe}), Backend::Cpu);
}

TEST(DefaultBackend, AGpuBesideLavapipeRunsOnVulkan) {
    EXPECT_EQ(default_for({kLavapipe, kDiscrete}), Backend::Vulkan);
    EXPECT_EQ(default_for({kLavapipe, kIntegrated}), Backend::Vulkan);
}

TEST(DefaultBackend, AGpuThatCannotComputeDoesNotCount) {
    vk::DeviceInfo old = kDiscrete;
    old.api_version = VK_API_VERSION_1_0;
    EXPECT_EQ(default_for({kLavapipe, old}), Backend::Cpu);
}

TEST(DefaultBackend, AModelTheCpuBackendCannotRunKeepsLavapipe) {
    EXPECT_EQ(default_for({kLavapipe}, false), Backend::Vulkan);
    EXPECT_EQ(default_for({}, false), Backend::Cpu);  // nothing else to try: the CPU backend says why
}

TEST(DefaultBackend, ANamedBackendOrDeviceNumberWins) {
    unsetenv("PONDER_VK_DEVICE");
    EXPECT_EQ(resolve_backend(Backend::Vulkan, {}, true), Backend::Vulkan);
    EXPECT_EQ(resolve_backend(Backend::Cpu, {}, true), Backend::Cpu);
    vk::DeviceChoice numbered;
    numbered.index = 0;
    EXPECT_EQ(resolve_backend(std::nullopt, numbered, true), Backend::Vulkan);
    setenv("PONDER_VK_DEVICE", "0", 1);
    EXPECT_EQ(resolve_backend(std::nullopt, {}, true), Backend::Vulkan);
    unsetenv("PONDER_VK_DEVICE");
}

} // namespace
} // namespace ponder
