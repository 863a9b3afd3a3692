// The logical device: root of every Vulkan object of a loaded model (buffers, pipelines, recorders
// hold its VkDevice and must be destroyed before it). Not movable: children point at it.
#pragma once

#include "error.h"
#include "vk/device_info.h"
#include "vk/instance.h"
#include "vk/weight_kernels.h"

#include <atomic>
#include <functional>
#include <memory>

namespace ponder::vk {

class Device {
  public:
    // Starts Vulkan and opens the chosen device with the optional features it has enabled
    // (16/8-bit storage, fp16/int8 arithmetic, int64) and those its kernel profile uses (integer dot
    // products, a required subgroup size).
    static Result<std::unique_ptr<Device>> create(const DeviceChoice& choice = {});

    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device();

    const DeviceInfo& info() const { return info_; }
    VkDevice handle() const { return device_; }
    VkPhysicalDevice physical() const { return info_.physical; }
    VkQueue queue() const { return queue_; }
    uint32_t queue_family() const { return info_.compute_queue_family; }

    // Which kernel variants run here (the vendor's, or the one DeviceChoice / PONDER_DEVICE_PROFILE forced).
    const DeviceProfile& profile() const { return profile_; }
    // What the weight kernels need to know about this device.
    KernelDeviceInfo kernel_info() const;

    // Records one command buffer with `record`, submits it and waits (uploads, one-off copies).
    Status run_once(const std::function<void(VkCommandBuffer)>& record) const;

    // Bytes of device-local memory the live Buffers hold (what memory estimates are checked against).
    uint64_t device_local_bytes_allocated() const { return device_local_allocated_; }
    // Buffer's bookkeeping of the above.
    std::atomic<uint64_t>& device_local_tally() const { return device_local_allocated_; }

  private:
    Device(Instance instance, DeviceInfo info, DeviceProfile profile)
        : instance_(std::move(instance)), info_(std::move(info)), profile_(profile) {}

    Instance instance_;
    DeviceInfo info_;
    DeviceProfile profile_;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    VkCommandPool one_shot_pool_ = VK_NULL_HANDLE;
    mutable std::atomic<uint64_t> device_local_allocated_{0};
};

} // namespace ponder::vk
