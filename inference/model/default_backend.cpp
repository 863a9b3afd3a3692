#include "model/default_backend.h"

#include <cstdlib>

namespace ponder {

Backend default_backend(std::span<const vk::DeviceInfo> devices, bool cpu_runs_model) {
    const std::vector<vk::DeviceInfo> list(devices.begin(), devices.end());
    auto best = vk::choose_device(list, {});
    if (!best)
        return Backend::Cpu;
    return best->kind != vk::DeviceKind::Cpu || !cpu_runs_model ? Backend::Vulkan : Backend::Cpu;
}

Backend resolve_backend(const std::optional<Backend>& backend, const vk::DeviceChoice& device,
                        bool cpu_runs_model) {
    if (backend)
        return *backend;
    if (const char* env = std::getenv("PONDER_VK_DEVICE"); device.index || (env && *env))
        return Backend::Vulkan;
    auto devices = vk::machine_devices();
    return default_backend(devices ? std::span<const vk::DeviceInfo>(*devices) : std::span<const vk::DeviceInfo>(),
                           cpu_runs_model);
}

} // namespace ponder
