// The Vulkan instance and the list of devices it sees. A missing loader or driver is an Error.
#pragma once

#include "error.h"
#include "vk/device_info.h"
#include "vk/device_profile.h"

#include <optional>
#include <utility>
#include <vector>

namespace ponder::vk {

class Instance {
  public:
    static Result<Instance> create();

    Instance(Instance&& other) noexcept : instance_(std::exchange(other.instance_, VK_NULL_HANDLE)) {}
    Instance& operator=(Instance&& other) noexcept;
    ~Instance();

    VkInstance handle() const { return instance_; }

    // Every physical device, with its properties, in the driver's order.
    Result<std::vector<DeviceInfo>> devices() const;

  private:
    explicit Instance(VkInstance instance) : instance_(instance) {}
    VkInstance instance_ = VK_NULL_HANDLE;
};

// The devices of one instance made on first use and kept for the whole process, for questions about
// the machine (which backend, how much memory is free now) asked before each load. Loading and
// unloading the driver per question costs time, and a driver unloaded before exit leaves its
// allocations without a name for leak checkers. Thread-safe; a failure is retried on the next call.
Result<std::vector<DeviceInfo>> machine_devices();

// Which device to use: `index` (if set) or the PONDER_VK_DEVICE environment variable picks one;
// otherwise the best able one: discrete > integrated > virtual > CPU (lavapipe), and among devices of
// one kind the one with the largest device-local heap.
struct DeviceChoice {
    std::optional<uint32_t> index;
    // Whose kernel variants to run (vk/device_profile.h): this, else PONDER_DEVICE_PROFILE, else the device's vendor's.
    std::optional<ProfileVendor> profile;
};

// The chosen device, or an Error naming the devices there are.
Result<DeviceInfo> choose_device(const std::vector<DeviceInfo>& devices, const DeviceChoice& choice);

} // namespace ponder::vk
