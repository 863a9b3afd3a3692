// The memory bandwidth of a Vulkan device, measured with a copy kernel (shaders/copy_bandwidth.comp):
// the bound decode speed is compared with (ponder-cli membw --device, ponder-cli bench).
#pragma once

#include "error.h"
#include "vk/instance.h"

#include <cstdint>
#include <string>

namespace ponder::cli {

struct DeviceBandwidth {
    std::string device_name;
    double gb_per_s;      // bytes read + bytes written per second, best repetition
    uint64_t copy_bytes;  // bytes copied per repetition (each is read once and written once)
    bool gpu_timed;       // from GPU timestamps (else wall time around each submission)
};

// Copies `bytes` (clamped to what one binding and the free memory allow) `repetitions` times on the
// chosen device after one warm-up copy.
Result<DeviceBandwidth> measure_device_bandwidth(const vk::DeviceChoice& choice, uint64_t bytes,
                                                 int repetitions);

} // namespace ponder::cli
