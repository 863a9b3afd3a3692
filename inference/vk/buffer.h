// A storage buffer with its own memory allocation (move-only), placed by choose_memory_type: on
// integrated GPUs and lavapipe device-local memory is mapped so uploads skip the staging copy.
#pragma once

#include "format_bytes.h"

#include "error.h"
#include "vk/memory_types.h"
#include "vk/weight_kernels.h"

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

namespace ponder::vk {

class Device;

class Buffer {
  public:
    // `what` names the buffer in errors: "out of GPU memory: KV cache (1.5 GiB)".
    static Result<Buffer> create(const Device& device, uint64_t bytes, MemoryUse use,
                                 const std::string& what);

    Buffer() = default;
    Buffer(Buffer&& other) noexcept { *this = std::move(other); }
    Buffer& operator=(Buffer&& other) noexcept;
    ~Buffer();

    VkBuffer handle() const { return buffer_; }
    uint64_t size() const { return bytes_; }
    // Host pointer to the whole buffer, or nullptr when its memory is not host-visible.
    uint8_t* mapped() const { return mapped_; }

    BufferView view(uint64_t offset = 0, uint64_t bytes = VK_WHOLE_SIZE) const {
        return {buffer_, offset, bytes};
    }

    // Copies `data` to `offset`: straight into mapped memory, else through a staging buffer.
    Status write(const Device& device, uint64_t offset, std::span<const uint8_t> data);
    // Copies `out.size()` bytes from `offset` into `out` (through a readback buffer if unmapped).
    Status read(const Device& device, uint64_t offset, std::span<uint8_t> out) const;

  private:
    void release();

    VkDevice device_ = VK_NULL_HANDLE;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VkDeviceMemory memory_ = VK_NULL_HANDLE;
    uint8_t* mapped_ = nullptr;
    bool coherent_ = true; // false: mapped reads need vkInvalidateMappedMemoryRanges first
    uint64_t bytes_ = 0;
    std::atomic<uint64_t>* device_local_tally_ = nullptr;  // the Device's count, for device-local buffers
    uint64_t allocated_ = 0;                               // bytes of memory_ (>= bytes_: alignment)
};

// "1.5 GiB", "896 KiB": sizes in messages.
using ponder::format_bytes;

} // namespace ponder::vk
