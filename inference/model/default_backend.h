// Which backend runs a model when the user names none. A Vulkan implementation that runs on the CPU
// (Mesa's llvmpipe / lavapipe) is several times slower than the CPU backend on the same cores, so a
// machine whose only Vulkan device is one of those, or that has none, runs on the CPU backend.
#pragma once

#include "model/backend.h"
#include "vk/device_info.h"
#include "vk/instance.h"

#include <optional>
#include <span>

namespace ponder {

// The default among `devices` (what the Vulkan loader lists; empty without a loader or driver): Vulkan
// when the device a load would choose is a GPU, else the CPU backend. `cpu_runs_model` false (a model
// the CPU backend has no kernels for) keeps any able Vulkan device, lavapipe included.
Backend default_backend(std::span<const vk::DeviceInfo> devices, bool cpu_runs_model);

// The backend a load with these options uses: `backend` when given; Vulkan when a device is named by
// number (`device.index` or PONDER_VK_DEVICE); otherwise default_backend() over this machine's devices.
Backend resolve_backend(const std::optional<Backend>& backend, const vk::DeviceChoice& device,
                        bool cpu_runs_model);

} // namespace ponder
