// What a Vulkan device is and offers: queried once, used to choose a device and the kernels' paths.
#pragma once

#include "vk/memory_types.h"

#include <cstdint>
#include <string>
#include <vector>

#include <volk.h>

namespace ponder::vk {

// VK_KHR_portability_subset's name: its header is beta (vulkan_beta.h), the name is all we need.
inline constexpr const char* kPortabilitySubsetExtension = "VK_KHR_portability_subset";

enum class DeviceKind { Discrete, Integrated, Virtual, Cpu, Other };

struct DeviceInfo {
    uint32_t index; // position in vkEnumeratePhysicalDevices order
    VkPhysicalDevice physical;
    std::string name;   // "NVIDIA GeForce RTX 4090", "llvmpipe (LLVM 15.0.6, 256 bits)"
    std::string driver; // driver name and info, e.g. "llvmpipe Mesa 22.3.6"
    DeviceKind kind;
    uint32_t vendor_id, device_id;
    uint32_t api_version;
    MemoryTable memory;                // heaps (with what is free now) and memory types
    uint64_t max_storage_buffer_range; // largest storage buffer binding: bigger tensors are split
    uint64_t max_allocation_bytes;     // maxMemoryAllocationSize
    uint64_t min_storage_offset_alignment;
    uint32_t max_shared_memory_bytes; // maxComputeSharedMemorySize
    uint32_t max_workgroup_invocations;
    uint32_t max_workgroup_count[3];
    uint32_t subgroup_size;
    uint32_t min_subgroup_size, max_subgroup_size; // what VK_EXT_subgroup_size_control can require
    bool subgroup_size_control; // compute pipelines can require a subgroup size in [min, max]
    bool compute_full_subgroups; // ... and full subgroups
    bool subgroup_arithmetic; // subgroupAdd / subgroupMax in compute
    bool subgroup_ballot;     // subgroupBroadcast
    bool storage_16bit;       // storageBuffer16BitAccess
    bool float16_arithmetic;  // shaderFloat16
    bool int8_arithmetic;     // shaderInt8
    bool storage_8bit;        // storageBuffer8BitAccess
    bool shader_int64;
    bool integer_dot_product;     // VK_KHR_shader_integer_dot_product (core in 1.3): shaderIntegerDotProduct
    bool integer_dot_accelerated; // ... and 4x8-bit packed mixed-signedness dot products are fast instructions
    bool push_descriptors;   // VK_KHR_push_descriptor
    bool memory_budget;      // VK_EXT_memory_budget: memory.heaps[].available is what is free now
    bool portability_subset; // VK_KHR_portability_subset (MoltenVK): must be enabled when offered
    bool timestamps;         // compute queue writes timestamps
    float timestamp_period_ns;
    uint32_t compute_queue_family;
};

std::string_view kind_name(DeviceKind kind);

// Queries everything above; compute_queue_family is UINT32_MAX when the device cannot compute.
DeviceInfo query_device_info(VkPhysicalDevice physical, uint32_t index);

} // namespace ponder::vk
