#include "vk/recorder.h"

#include "vk/device.h"
#include "vk/vk_status.h"

#include <algorithm>

namespace ponder::vk {

namespace {
constexpr uint32_t kMaxBindings = 8; // per dispatch, for sizing the descriptor pool
}

CommandRecorder& CommandRecorder::operator=(CommandRecorder&& other) noexcept {
    if (this != &other) {
        release();
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        queue_ = other.queue_;
        pool_ = std::exchange(other.pool_, VK_NULL_HANDLE);
        cmd_ = std::exchange(other.cmd_, VK_NULL_HANDLE);
        fence_ = std::exchange(other.fence_, VK_NULL_HANDLE);
        descriptors_ = std::move(other.descriptors_);
        keep_bindings_ = other.keep_bindings_;
        queries_ = std::exchange(other.queries_, VK_NULL_HANDLE);
        max_timestamps_ = other.max_timestamps_;
        timestamp_period_ns_ = other.timestamp_period_ns_;
        labels_ = std::move(other.labels_);
        recording_ = std::exchange(other.recording_, false);
    }
    return *this;
}

CommandRecorder::~CommandRecorder() {
    release();
}

void CommandRecorder::release() {
    if (!device_)
        return;
    if (fence_) {
        vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX); // never free work in flight
        vkDestroyFence(device_, fence_, nullptr);
    }
    if (queries_)
        vkDestroyQueryPool(device_, queries_, nullptr);
    descriptors_ = DescriptorCache();
    if (pool_)
        vkDestroyCommandPool(device_, pool_, nullptr); // frees cmd_
    device_ = VK_NULL_HANDLE;
}

Result<CommandRecorder> CommandRecorder::create(const Device& device, uint32_t max_dispatches,
                                                uint32_t max_timestamps, bool keep_bindings) {
    CommandRecorder r;
    r.device_ = device.handle();
    r.queue_ = device.queue();
    r.timestamp_period_ns_ = device.info().timestamp_period_ns;

    VkCommandPoolCreateInfo pool{};

    pool.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool.queueFamilyIndex = device.queue_family();
    PONDER_TRY(vk_check(vkCreateCommandPool(r.device_, &pool, nullptr, &r.pool_), "creating a command pool"));
    VkCommandBufferAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    alloc.commandPool = r.pool_;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    PONDER_TRY(vk_check(vkAllocateCommandBuffers(r.device_, &alloc, &r.cmd_), "allocating a command buffer"));
    VkFenceCreateInfo fence{};
    fence.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    fence.flags = VK_FENCE_CREATE_SIGNALED_BIT; // "previous recording finished" holds at the start
    PONDER_TRY(vk_check(vkCreateFence(r.device_, &fence, nullptr, &r.fence_), "creating a fence"));

    auto descriptors = DescriptorCache::create(r.device_, max_dispatches, kMaxBindings);
    PONDER_TRY(descriptors);
    r.descriptors_ = std::move(*descriptors);
    r.keep_bindings_ = keep_bindings;

    if (device.info().timestamps && max_timestamps > 0) {
        VkQueryPoolCreateInfo queries{};
        queries.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
        queries.queryType = VK_QUERY_TYPE_TIMESTAMP;
        queries.queryCount = max_timestamps;
        PONDER_TRY(
            vk_check(vkCreateQueryPool(r.device_, &queries, nullptr, &r.queries_), "creating a query pool"));
        r.max_timestamps_ = max_timestamps;
    }
    return r;
}

Status CommandRecorder::begin() {
    assert(!recording_);
    // The previous submission must be done before its command buffer and descriptor sets are reused.
    PONDER_TRY(vk_check(vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX), "waiting for the GPU"));
    PONDER_TRY(keep_bindings_ ? descriptors_.trim() : descriptors_.forget());
    PONDER_TRY(vk_check(vkResetCommandBuffer(cmd_, 0), "resetting a command buffer"));
    VkCommandBufferBeginInfo begin{};
    begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    PONDER_TRY(vk_check(vkBeginCommandBuffer(cmd_, &begin), "recording commands"));
    if (queries_)
        vkCmdResetQueryPool(cmd_, queries_, 0, max_timestamps_);
    labels_.clear();
    recording_ = true;
    return {};
}

Status CommandRecorder::dispatch_raw(const Pipeline& pipeline, Groups groups, const void* push,
                                     uint32_t push_bytes, std::initializer_list<BufferView> buffers) {
    assert(recording_);
    assert(buffers.size() == pipeline.n_buffers() && "binding count does not match the pipeline");
    assert(push_bytes == pipeline.push_bytes());
    std::array<VkDescriptorBufferInfo, kMaxBindings> infos{};
    uint32_t i = 0;
    for (const BufferView& b : buffers)
        infos[i++] = {b.buffer, b.offset, b.bytes};
    auto set = descriptors_.get(pipeline.set_layout(), std::span(infos.data(), i));
    PONDER_TRY(set);
    vkCmdBindPipeline(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
    vkCmdBindDescriptorSets(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1, &*set, 0, nullptr);
    if (push_bytes)
        vkCmdPushConstants(cmd_, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes, push);
    vkCmdDispatch(cmd_, groups.x, groups.y, groups.z);
    return {};
}

namespace {
void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags src_stage, VkAccessFlags src,
                    VkPipelineStageFlags dst_stage, VkAccessFlags dst) {
    VkMemoryBarrier barrier{};
    barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
    barrier.srcAccessMask = src;
    barrier.dstAccessMask = dst;
    vkCmdPipelineBarrier(cmd, src_stage, dst_stage, 0, 1, &barrier, 0, nullptr, 0, nullptr);
}
} // namespace

void CommandRecorder::barrier_between_steps() {
    memory_barrier(
        cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT,
        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
}

void CommandRecorder::barrier_before_host_read() {
    memory_barrier(cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                   VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                   VK_ACCESS_HOST_READ_BIT);
}

void CommandRecorder::barrier_after_transfer() {
    memory_barrier(cmd_, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                   VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                   VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
}

void CommandRecorder::update_buffer(BufferView dst, std::span<const uint8_t> data) {
    assert(recording_ && data.size() % 4 == 0);
    constexpr size_t kMaxUpdateBytes = 65536; // vkCmdUpdateBuffer's limit per call
    for (size_t done = 0; done < data.size(); done += kMaxUpdateBytes) {
        const size_t n = std::min(kMaxUpdateBytes, data.size() - done);
        vkCmdUpdateBuffer(cmd_, dst.buffer, dst.offset + done, n, data.data() + done);
    }
}

void CommandRecorder::copy_for_host(BufferView src, BufferView dst) {
    assert(recording_ && src.bytes != VK_WHOLE_SIZE && src.bytes <= dst.bytes);
    // Hazard: the copy reads what the shaders wrote.
    memory_barrier(cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
                   VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    const VkBufferCopy region{src.offset, dst.offset, src.bytes};
    vkCmdCopyBuffer(cmd_, src.buffer, dst.buffer, 1, &region);
    barrier_before_host_read();
}

void CommandRecorder::timestamp(std::string label) {
    if (!queries_ || labels_.size() >= max_timestamps_)
        return;
    vkCmdWriteTimestamp(cmd_, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries_,
                        static_cast<uint32_t>(labels_.size()));
    labels_.push_back(std::move(label));
}

Status CommandRecorder::submit_and_wait() {
    assert(recording_);
    recording_ = false;
    PONDER_TRY(vk_check(vkEndCommandBuffer(cmd_), "recording commands"));
    PONDER_TRY(vk_check(vkResetFences(device_, 1, &fence_), "resetting a fence"));
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd_;
    PONDER_TRY(vk_check(vkQueueSubmit(queue_, 1, &submit, fence_), "submitting work to the GPU"));
    return vk_check(vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX),
                    "running the model on the GPU");
}

std::vector<PassTime> CommandRecorder::pass_times() const {
    std::vector<PassTime> times;
    if (!queries_ || labels_.size() < 2)
        return times;
    std::vector<uint64_t> ticks(labels_.size());
    if (vkGetQueryPoolResults(device_, queries_, 0, static_cast<uint32_t>(ticks.size()), ticks.size() * 8,
                              ticks.data(), 8, VK_QUERY_RESULT_64_BIT) != VK_SUCCESS)
        return times;
    for (size_t i = 1; i < ticks.size(); ++i)
        times.push_back({labels_[i], (ticks[i] - ticks[i - 1]) * timestamp_period_ns_ * 1e-6});
    return times;
}

} // namespace ponder::vk
