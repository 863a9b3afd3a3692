// `ponder-cli devices`: the Vulkan devices Ponder sees, which one it would pick, what each offers, and which
// kernel variants it would run there (its device profile; PONDER_DEVICE_PROFILE forces another vendor's).
#include "args.h"
#include "command.h"

#include "vk/buffer.h"
#include "vk/device_profile.h"
#include "vk/instance.h"

#include <cstdio>
#include <string>
#include <utility>

namespace ponder::cli {
namespace {

const char* yes_no(bool value) {
    return value ? "yes" : "no";
}

const char* use_name(vk::MemoryUse use) {
    switch (use) {
    case vk::MemoryUse::DeviceLocal:
        return "device-local";
    case vk::MemoryUse::Upload:
        return "upload";
    case vk::MemoryUse::Readback:
        return "readback";
    }
    return "?";
}

std::string memory_flag_names(VkMemoryPropertyFlags flags) {
    const std::pair<VkMemoryPropertyFlags, const char*> names[] = {
        {VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, "device-local"},
        {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, "host-visible"},
        {VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, "coherent"},
        {VK_MEMORY_PROPERTY_HOST_CACHED_BIT, "cached"}};
    std::string text;
    for (const auto& [bit, name] : names)
        if (flags & bit)
            text += (text.empty() ? "" : " ") + std::string(name);
    return text.empty() ? "no flags" : text;
}

int run_devices(std::span<const std::string> raw_args) {
    Args args(raw_args);
    if (auto error = args.finish()) {
        std::fprintf(stderr, "ponder-cli devices: %s\n", error->c_str());
        return 2;
    }
    auto instance = vk::Instance::create();
    if (!instance) {
        std::fprintf(stderr, "ponder-cli devices: %s\n", instance.error().message.c_str());
        return 1;
    }
    auto devices = instance->devices();
    if (!devices) {
        std::fprintf(stderr, "ponder-cli devices: %s\n", devices.error().message.c_str());
        return 1;
    }
    auto forced = vk::profile_from_environment();
    if (!forced) {
        std::fprintf(stderr, "ponder-cli devices: %s\n", forced.error().message.c_str());
        return 2;
    }
    auto chosen = vk::choose_device(*devices, {});
    for (const vk::DeviceInfo& d : *devices) {
        const bool is_default = chosen && chosen->index == d.index;
        std::printf("device %u%s: %s (%s)\n", d.index, is_default ? " [default]" : "", d.name.c_str(),
                    std::string(vk::kind_name(d.kind)).c_str());
        std::printf("  driver: %s, Vulkan %u.%u.%u\n", d.driver.c_str(), VK_API_VERSION_MAJOR(d.api_version),
                    VK_API_VERSION_MINOR(d.api_version), VK_API_VERSION_PATCH(d.api_version));
        const std::optional<uint32_t> model_heap = d.memory.model_heap();
        for (size_t i = 0; i < d.memory.heaps.size(); ++i) {
            const vk::MemoryTable::Heap& heap = d.memory.heaps[i];
            std::printf(
                "  memory heap %zu: %s, %s free%s%s%s\n", i, vk::format_bytes(heap.bytes).c_str(),
                vk::format_bytes(heap.available).c_str(), d.memory_budget ? "" : " (no memory budget)",
                heap.device_local ? " (device-local)" : "", model_heap == i ? " [model weights]" : "");
        }
        for (vk::MemoryUse use : {vk::MemoryUse::DeviceLocal, vk::MemoryUse::Upload, vk::MemoryUse::Readback})
            if (auto type = vk::choose_memory_type(d.memory, use))
                std::printf("  %s buffers: memory type %u (heap %u, %s)\n", use_name(use), *type,
                            d.memory.types[*type].heap,
                            memory_flag_names(d.memory.types[*type].flags).c_str());
        std::printf("  max storage buffer range: %s, max allocation: %s\n",
                    vk::format_bytes(d.max_storage_buffer_range).c_str(),
                    vk::format_bytes(d.max_allocation_bytes).c_str());
        std::printf("  subgroup size: %u (arithmetic %s, ballot %s), shared memory: %s\n", d.subgroup_size,
                    yes_no(d.subgroup_arithmetic), yes_no(d.subgroup_ballot),
                    vk::format_bytes(d.max_shared_memory_bytes).c_str());
        std::printf("  16-bit storage: %s, fp16 arithmetic: %s, int8: %s, 8-bit storage: %s, int64: %s\n",
                    yes_no(d.storage_16bit), yes_no(d.float16_arithmetic), yes_no(d.int8_arithmetic),
                    yes_no(d.storage_8bit), yes_no(d.shader_int64));
        std::printf("  subgroup size control: %s (%u..%u lanes, full subgroups %s), integer dot products: %s%s\n",
                    yes_no(d.subgroup_size_control), d.min_subgroup_size, d.max_subgroup_size,
                    yes_no(d.compute_full_subgroups), yes_no(d.integer_dot_product),
                    d.integer_dot_accelerated ? " (accelerated)" : "");
        std::printf("  kernels: %s\n", vk::describe(vk::choose_profile(d, *forced)).c_str());
    }
    if (devices->empty())
        std::printf("no Vulkan devices\n");
    if (!chosen)
        std::fprintf(stderr, "ponder-cli devices: %s\n", chosen.error().message.c_str());
    return chosen ? 0 : 1;
}

} // namespace

PONDER_CLI_COMMAND("devices", "devices                       list Vulkan devices and their capabilities",
                   run_devices);

} // namespace ponder::cli
