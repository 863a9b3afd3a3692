#include "vk/buffer.h"

#include "vk/device.h"
#include "vk/vk_status.h"

#include <cstdio>
#include <cstring>

namespace ponder::vk {


Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        release();
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        buffer_ = std::exchange(other.buffer_, VK_NULL_HANDLE);
        memory_ = std::exchange(other.memory_, VK_NULL_HANDLE);
        mapped_ = std::exchange(other.mapped_, nullptr);
        coherent_ = other.coherent_;
        bytes_ = std::exchange(other.bytes_, 0);
        device_local_tally_ = std::exchange(other.device_local_tally_, nullptr);
        allocated_ = std::exchange(other.allocated_, 0);
    }
    return *this;
}

Buffer::~Buffer() {
    release();
}

void Buffer::release() {
    if (buffer_)
        vkDestroyBuffer(device_, buffer_, nullptr);
    if (memory_)
        vkFreeMemory(device_, memory_, nullptr); // also unmaps
    if (device_local_tally_)
        *device_local_tally_ -= allocated_;
    device_local_tally_ = nullptr;
    allocated_ = 0;
    buffer_ = VK_NULL_HANDLE;
    memory_ = VK_NULL_HANDLE;
    mapped_ = nullptr;
}

Result<Buffer> Buffer::create(const Device& device, uint64_t bytes, MemoryUse use, const std::string& what) {
    const std::string described = what + " (" + format_bytes(bytes) + ")";
    if (bytes > device.info().max_allocation_bytes)
        return make_error("out of GPU memory: " + described + " is larger than the largest allocation " +
                          device.info().name + " allows (" +
                          format_bytes(device.info().max_allocation_bytes) + ")");
    Buffer buffer;
    buffer.device_ = device.handle();
    buffer.bytes_ = bytes;
    VkBufferCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.size = bytes;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    PONDER_TRY(
        vk_check(vkCreateBuffer(buffer.device_, &info, nullptr, &buffer.buffer_), "creating " + described));

    VkMemoryRequirements needs;
    vkGetBufferMemoryRequirements(buffer.device_, buffer.buffer_, &needs);
    const std::optional<uint32_t> type = choose_memory_type(device.info().memory, use, needs.memoryTypeBits);
    if (!type)
        return make_error("Vulkan device " + device.info().name + " has no memory type for " + described);
    VkMemoryAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    alloc.allocationSize = needs.size;
    alloc.memoryTypeIndex = *type;
    PONDER_TRY(vk_check(vkAllocateMemory(buffer.device_, &alloc, nullptr, &buffer.memory_), described));
    if (use == MemoryUse::DeviceLocal) {
        buffer.allocated_ = needs.size;
        buffer.device_local_tally_ = &device.device_local_tally();
        *buffer.device_local_tally_ += needs.size;
    }
    PONDER_TRY(vk_check(vkBindBufferMemory(buffer.device_, buffer.buffer_, buffer.memory_, 0),
                        "binding " + described));
    const VkMemoryPropertyFlags flags = device.info().memory.types[*type].flags;
    buffer.coherent_ = flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    // Device-local memory is mapped only when coherent: what the CPU writes there needs no flush.
    if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) &&
        (use != MemoryUse::DeviceLocal || buffer.coherent_)) {
        void* data = nullptr;
        PONDER_TRY(vk_check(vkMapMemory(buffer.device_, buffer.memory_, 0, VK_WHOLE_SIZE, 0, &data),
                            "mapping " + described));
        buffer.mapped_ = static_cast<uint8_t*>(data);
    }
    return buffer;
}

Status Buffer::write(const Device& device, uint64_t offset, std::span<const uint8_t> data) {
    if (data.empty())
        return {};
    if (mapped_) {
        std::memcpy(mapped_ + offset, data.data(), data.size());
        return {};
    }
    auto staging = Buffer::create(device, data.size(), MemoryUse::Upload, "upload staging buffer");
    PONDER_TRY(staging);
    std::memcpy(staging->mapped(), data.data(), data.size());
    return device.run_once([&](VkCommandBuffer cmd) {
        VkBufferCopy region{0, offset, data.size()};
        vkCmdCopyBuffer(cmd, staging->handle(), buffer_, 1, &region);
    });
}

Status Buffer::read(const Device& device, uint64_t offset, std::span<uint8_t> out) const {
    if (out.empty())
        return {};
    if (mapped_) {
        if (!coherent_) {
            // Hazard: the CPU cache may hold stale lines of what the device wrote.
            const VkMappedMemoryRange range{VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE, nullptr, memory_, 0,
                                            VK_WHOLE_SIZE};
            PONDER_TRY(vk_check(vkInvalidateMappedMemoryRanges(device_, 1, &range), "reading back results"));
        }
        std::memcpy(out.data(), mapped_ + offset, out.size());
        return {};
    }
    auto readback = Buffer::create(device, out.size(), MemoryUse::Readback, "readback buffer");
    PONDER_TRY(readback);
    PONDER_TRY(device.run_once([&](VkCommandBuffer cmd) {
        VkBufferCopy region{offset, 0, out.size()};
        vkCmdCopyBuffer(cmd, buffer_, readback->handle(), 1, &region);
    }));
    return readback->read(device, 0, out);
}

} // namespace ponder::vk
