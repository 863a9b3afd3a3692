#include "device_bandwidth.h"

#include "vk/buffer.h"
#include "vk/device.h"
#include "vk/pipeline.h"
#include "vk/push_constants.h"
#include "vk/recorder.h"
#include "vk/shader_constants.h"

#include <algorithm>
#include <chrono>

namespace ponder::cli {

Result<DeviceBandwidth> measure_device_bandwidth(const vk::DeviceChoice& choice, uint64_t bytes,
                                                 int repetitions) {
    auto device = vk::Device::create(choice);
    PONDER_TRY(device);
    const vk::Device& dev = **device;
    const vk::DeviceInfo& info = dev.info();
    // One binding each for source and destination; both must fit in what is free.
    bytes = std::min({bytes, info.max_storage_buffer_range, info.max_allocation_bytes,
                      info.memory.model_heap_available() / 4});
    bytes = std::min<uint64_t>(bytes, uint64_t(UINT32_MAX) * 16) / 16 * 16;
    if (bytes == 0)
        return make_error(info.name + " has no memory free for a bandwidth test");

    auto cache = vk::PipelineCache::open(dev, {});
    PONDER_TRY(cache);
    auto copy = vk::Pipeline::create(dev, *cache, {"copy_bandwidth", 2, sizeof(vk::ElementwisePush)});
    PONDER_TRY(copy);
    auto src = vk::Buffer::create(dev, bytes, vk::MemoryUse::DeviceLocal, "bandwidth test source");
    PONDER_TRY(src);
    auto dst = vk::Buffer::create(dev, bytes, vk::MemoryUse::DeviceLocal, "bandwidth test destination");
    PONDER_TRY(dst);
    auto recorder = vk::CommandRecorder::create(dev);
    PONDER_TRY(recorder);

    const vk::ElementwisePush push{static_cast<uint32_t>(bytes / 16)};
    const uint32_t groups = std::min<uint64_t>(
        {(uint64_t(push.n) + ELEMENTWISE_GROUP - 1) / ELEMENTWISE_GROUP, info.max_workgroup_count[0], 65535});
    DeviceBandwidth result{info.name, 0, bytes, info.timestamps};
    for (int r = 0; r <= repetitions; ++r) { // r == 0 warms up (first touch of the pages, shader compile)
        PONDER_TRY(recorder->begin());
        if (r == 0)
            vkCmdFillBuffer(recorder->cmd(), src->handle(), 0, VK_WHOLE_SIZE, 0x5a5a5a5a);
        recorder->barrier_after_transfer();
        recorder->timestamp("start");
        PONDER_TRY(recorder->dispatch(*copy, {groups}, push, {src->view(), dst->view()}));
        recorder->timestamp("copy");
        const auto start = std::chrono::steady_clock::now();
        PONDER_TRY(recorder->submit_and_wait());
        const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::vector<vk::PassTime> times = recorder->pass_times();
        const double seconds = result.gpu_timed && !times.empty() ? times.back().ms * 1e-3 : wall_s;
        if (r > 0 && seconds > 0)
            result.gb_per_s = std::max(result.gb_per_s, 2.0 * double(bytes) / seconds / 1e9);
    }
    return result;
}

} // namespace ponder::cli
