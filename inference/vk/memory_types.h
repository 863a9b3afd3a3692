// Where each kind of buffer lives, chosen by a pure function over the device's memory table so that
// tests can feed it the tables of real cards. Weights, KV cache and scratch go to the largest
// device-local heap, never to the ~256 MiB window of VRAM the CPU can map on cards without Resizable
// BAR just because it is host-visible; the CPU reads results from cached host memory.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <volk.h>

namespace ponder::vk {

enum class MemoryUse {
    DeviceLocal, // weights, activations, KV cache: VRAM; mapped only where VRAM is the system RAM
    Upload,      // host-visible staging for copies to device-local buffers
    Readback,    // host-visible, cached when possible, for results the CPU reads
};

// What vkGetPhysicalDeviceMemoryProperties2 reports, plus how much of each heap is free now.
struct MemoryTable {
    struct Heap {
        uint64_t bytes;
        uint64_t available; // heapBudget - heapUsage (VK_EXT_memory_budget), else the heap size
        bool device_local;
    };
    struct Type {
        VkMemoryPropertyFlags flags;
        uint32_t heap;
    };
    std::vector<Heap> heaps;
    std::vector<Type> types;

    // Every heap is device-local: the GPU's memory is the system RAM (integrated GPUs, lavapipe), so
    // mapping device-local memory costs nothing and saves the staging copy.
    bool unified() const;
    // The heap DeviceLocal buffers go to: the largest device-local heap (any heap when none is).
    std::optional<uint32_t> model_heap() const;
    // Bytes free now in model_heap(): what a model's weights, KV cache and scratch must fit in.
    uint64_t model_heap_available() const;
};

// The memory type for `use` among the types in `allowed_types` (VkMemoryRequirements::memoryTypeBits);
// nullopt when none can serve it. DeviceLocal: a DEVICE_LOCAL type on model_heap(), host-visible and
// coherent when unified(), otherwise preferably not host-visible (uploads go through staging).
// Upload: HOST_VISIBLE | HOST_COHERENT, preferably not device-local (the BAR window stays free).
// Readback: HOST_VISIBLE, preferring HOST_CACHED, then HOST_COHERENT, then host memory.
std::optional<uint32_t> choose_memory_type(const MemoryTable& table, MemoryUse use,
                                           uint32_t allowed_types = ~0u);

} // namespace ponder::vk
