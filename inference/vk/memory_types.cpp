#include "vk/memory_types.h"

namespace ponder::vk {

namespace {

constexpr VkMemoryPropertyFlags kDeviceLocal = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
constexpr VkMemoryPropertyFlags kHostVisible = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
constexpr VkMemoryPropertyFlags kMappable =
    VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
constexpr VkMemoryPropertyFlags kCoherent = VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
constexpr VkMemoryPropertyFlags kCached = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;

bool has(VkMemoryPropertyFlags flags, VkMemoryPropertyFlags bits) {
    return (flags & bits) == bits;
}

// How well a memory type serves `use`: higher is better, -1 is unusable. Each term is worth more
// than all the terms after it together.
int rank(const MemoryTable& table, const MemoryTable::Type& type, MemoryUse use) {
    const VkMemoryPropertyFlags f = type.flags;
    // In host memory, or host and device memory are one: the CPU's traffic takes nothing from VRAM.
    const bool host_side = table.unified() || !has(f, kDeviceLocal);
    switch (use) {
    case MemoryUse::DeviceLocal: {
        const bool wanted_mapping = table.unified() ? has(f, kMappable) : !has(f, kHostVisible);
        return 4 * (type.heap == table.model_heap()) + 2 * has(f, kDeviceLocal) + wanted_mapping;
    }
    case MemoryUse::Upload:
        return has(f, kMappable) ? int(host_side) : -1;
    case MemoryUse::Readback:
        return has(f, kHostVisible) ? 4 * has(f, kCached) + 2 * has(f, kCoherent) + host_side : -1;
    }
    return -1;
}

} // namespace

bool MemoryTable::unified() const {
    for (const Heap& heap : heaps)
        if (!heap.device_local)
            return false;
    return !heaps.empty();
}

std::optional<uint32_t> MemoryTable::model_heap() const {
    std::optional<uint32_t> best;
    for (uint32_t i = 0; i < heaps.size(); ++i) {
        const bool better_kind = best && heaps[i].device_local && !heaps[*best].device_local;
        const bool same_kind = best && heaps[i].device_local == heaps[*best].device_local;
        if (!best || better_kind || (same_kind && heaps[i].bytes > heaps[*best].bytes))
            best = i;
    }
    return best;
}

uint64_t MemoryTable::model_heap_available() const {
    const std::optional<uint32_t> heap = model_heap();
    return heap ? heaps[*heap].available : 0;
}

std::optional<uint32_t> choose_memory_type(const MemoryTable& table, MemoryUse use, uint32_t allowed_types) {
    std::optional<uint32_t> best;
    int best_rank = -1;
    // Ties go to the lower index: drivers list the faster of two otherwise equal types first.
    for (uint32_t i = 0; i < table.types.size() && i < 32; ++i) {
        if (!(allowed_types & (1u << i)))
            continue;
        const int r = rank(table, table.types[i], use);
        if (r > best_rank) {
            best = i;
            best_rank = r;
        }
    }
    return best;
}

} // namespace ponder::vk
