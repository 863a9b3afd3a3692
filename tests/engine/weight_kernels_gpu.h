// A bare Vulkan device for the weight-kernel tests (independent of the engine's runtime, so that the
// kernels are tested on their own): host-visible buffers and one-shot submissions.
#pragma once

#include "vk/instance.h"
#include "vk/weight_kernels.h"

#include <deque>
#include <optional>
#include <functional>
#include <memory>

namespace ponder::vk::testing {

struct HostBuffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    void* data;
    size_t bytes;
    template <class T> T* as() { return static_cast<T*>(data); }
    BufferView view() const { return {buffer, 0, bytes}; }
};

// Which kernels a TestGpu's weight kernels run: a vendor's profile (nullopt: the device's own), on the device
// as it is or as if it had no 64-bit integers (the "_u2" variants).
struct TestProfile {
    std::optional<ProfileVendor> vendor;
    bool without_int64 = false;
};

class TestGpu {
public:
    explicit TestGpu(TestProfile profile = {});  // throws if no Vulkan device
    ~TestGpu();
    TestGpu(const TestGpu&) = delete;
    TestGpu& operator=(const TestGpu&) = delete;

    HostBuffer& buffer(size_t bytes);  // host-visible, coherent, mapped; lives as long as the TestGpu
    void run(const std::function<void(VkCommandBuffer)>& record);  // records, submits, waits
    // The weight kernels of this device, with the grid table uploaded as the engine uploads it.
    Result<WeightKernels> weight_kernels();

    VkInstance instance = VK_NULL_HANDLE;
    VkPhysicalDevice physical = VK_NULL_HANDLE;
    VkDevice device = VK_NULL_HANDLE;
    VkQueue queue = VK_NULL_HANDLE;
    VkCommandPool command_pool = VK_NULL_HANDLE;
    VkPhysicalDeviceLimits limits{};
    KernelDeviceInfo info{};

private:
    std::unique_ptr<Instance> owner_; // of `instance`; destroyed after the device
    std::deque<HostBuffer> buffers_;
};

} // namespace ponder::vk::testing
