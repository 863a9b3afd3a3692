// Records compute work into one command buffer, submits it and waits on a fence. Descriptor sets come
// from a DescriptorCache owned by the recorder: forgotten by begin(), or kept across recordings when the
// recorder is created with keep_bindings (a model's forward passes: the same buffers every token);
// timestamps mark passes for profiling.
#pragma once

#include "error.h"
#include "vk/descriptor_cache.h"
#include "vk/pipeline.h"
#include "vk/weight_kernels.h"

#include <array>
#include <cassert>
#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ponder::vk {

class Device;

struct Groups {
    uint32_t x = 1, y = 1, z = 1;
};

struct PassTime {
    std::string label; // the label of the timestamp that closed the pass
    double ms;
};

class CommandRecorder {
  public:
    // keep_bindings: descriptor sets live from one recording to the next; every buffer this recorder binds
    // must then outlive it.
    static Result<CommandRecorder> create(const Device& device, uint32_t max_dispatches = 4096,
                                          uint32_t max_timestamps = 512, bool keep_bindings = false);

    CommandRecorder() = default;
    CommandRecorder(CommandRecorder&& other) noexcept { *this = std::move(other); }
    CommandRecorder& operator=(CommandRecorder&& other) noexcept;
    ~CommandRecorder();

    // Starts a recording; frees the timestamps of the previous one and its descriptor sets (unless kept).
    Status begin();
    VkCommandBuffer cmd() const { return cmd_; }

    // Binds `buffers` to bindings 0..n-1 and dispatches `groups` workgroups.
    template <class Push>
    Status dispatch(const Pipeline& pipeline, Groups groups, const Push& push,
                    std::initializer_list<BufferView> buffers) {
        assert(sizeof(Push) == pipeline.push_bytes() && "push-constant struct does not match the pipeline");
        return dispatch_raw(pipeline, groups, &push, sizeof(Push), buffers);
    }
    Status dispatch_raw(const Pipeline& pipeline, Groups groups, const void* push, uint32_t push_bytes,
                        std::initializer_list<BufferView> buffers);

    // Hazard: a dispatch reads what the previous dispatch wrote (read-after-write, and
    // write-after-read on reused scratch buffers).
    void barrier_between_steps();
    // Hazard: the host reads results (mapped logits) after the fence; make shader writes visible.
    void barrier_before_host_read();
    // Hazard: shaders read buffers filled by vkCmdCopyBuffer / vkCmdFillBuffer.
    void barrier_after_transfer();

    // Writes `data` into `dst` from inside the command buffer (the bytes are copied into it now): small
    // per-call inputs such as token ids need no staging buffer and no submission of their own. Shaders
    // see them after barrier_after_transfer(). `data.size()` must be a multiple of 4.
    void update_buffer(BufferView dst, std::span<const uint8_t> data);
    // Copies `src` (written by the shaders before) into `dst`, a readback buffer the host reads after
    // the fence; includes both barriers.
    void copy_for_host(BufferView src, BufferView dst);

    // Writes a timestamp; the time since the previous one is reported under `label`.
    void timestamp(std::string label);

    // Ends, submits and waits. A lost device is an Error the caller should treat as fatal for the model.
    Status submit_and_wait();

    // Pass times of the last submitted recording (empty without timestamp support).
    std::vector<PassTime> pass_times() const;
    // Descriptor sets written since creation: with keep_bindings, a repeated recording adds none.
    uint64_t descriptor_writes() const { return descriptors_.writes(); }

  private:
    void release();

    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    VkCommandBuffer cmd_ = VK_NULL_HANDLE;
    VkFence fence_ = VK_NULL_HANDLE;
    DescriptorCache descriptors_;
    bool keep_bindings_ = false;
    VkQueryPool queries_ = VK_NULL_HANDLE;
    uint32_t max_timestamps_ = 0;
    float timestamp_period_ns_ = 1.0f;
    std::vector<std::string> labels_;
    bool recording_ = false;
};

} // namespace ponder::vk
