#include "vk/device_info.h"

#include "platform/host_memory.h"

#include <algorithm>

#include <cstring>

namespace ponder::vk {

std::string_view kind_name(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::Discrete:
        return "discrete GPU";
    case DeviceKind::Integrated:
        return "integrated GPU";
    case DeviceKind::Virtual:
        return "virtual GPU";
    case DeviceKind::Cpu:
        return "CPU";
    default:
        return "other";
    }
}

namespace {

DeviceKind kind_of(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return DeviceKind::Discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return DeviceKind::Integrated;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return DeviceKind::Virtual;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return DeviceKind::Cpu;
    default:
        return DeviceKind::Other;
    }
}

std::vector<VkExtensionProperties> device_extensions(VkPhysicalDevice physical) {
    uint32_t n = 0;
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> extensions(n);
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, extensions.data());
    extensions.resize(n);
    return extensions;
}

bool has_extension(const std::vector<VkExtensionProperties>& extensions, const char* name) {
    for (const VkExtensionProperties& e : extensions)
        if (std::strcmp(e.extensionName, name) == 0)
            return true;
    return false;
}

// The memory table, with each heap's free bytes from VK_EXT_memory_budget when the device has it
// (free now, after other programs' allocations), else the heap's size.
MemoryTable query_memory_table(VkPhysicalDevice physical, bool with_budget) {
    VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
    budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
    VkPhysicalDeviceMemoryProperties2 props{};
    props.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
    props.pNext = with_budget ? &budget : nullptr;
    vkGetPhysicalDeviceMemoryProperties2(physical, &props);
    const VkPhysicalDeviceMemoryProperties& m = props.memoryProperties;
    MemoryTable table;
    for (uint32_t i = 0; i < m.memoryHeapCount; ++i) {
        const uint64_t size = m.memoryHeaps[i].size;
        uint64_t available = size;
        if (with_budget)
            available =
                budget.heapBudget[i] > budget.heapUsage[i] ? budget.heapBudget[i] - budget.heapUsage[i] : 0;
        table.heaps.push_back(
            {size, available, (m.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0});
    }
    for (uint32_t i = 0; i < m.memoryTypeCount; ++i)
        table.types.push_back({m.memoryTypes[i].propertyFlags, m.memoryTypes[i].heapIndex});
    return table;
}

} // namespace

DeviceInfo query_device_info(VkPhysicalDevice physical, uint32_t index) {
    // Integer dot products and subgroup size control are asked for through their extensions: the
    // instance is Vulkan 1.2, so 1.3 core features would not be usable.
    const std::vector<VkExtensionProperties> extensions = device_extensions(physical);
    const bool has_dot = has_extension(extensions, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    const bool has_size_control = has_extension(extensions, VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);

    VkPhysicalDeviceDriverProperties driver{};
    driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
    VkPhysicalDeviceShaderIntegerDotProductProperties dot{};
    dot.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES;
    VkPhysicalDeviceSubgroupSizeControlProperties size_control{};
    size_control.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES;
    VkPhysicalDeviceSubgroupProperties subgroup{};
    subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
    subgroup.pNext = &driver;
    if (has_dot) {
        dot.pNext = subgroup.pNext;
        subgroup.pNext = &dot;
    }
    if (has_size_control) {
        size_control.pNext = subgroup.pNext;
        subgroup.pNext = &size_control;
    }
    VkPhysicalDeviceProperties2 props{};
    props.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    props.pNext = &subgroup;
    vkGetPhysicalDeviceProperties2(physical, &props);

    VkPhysicalDeviceVulkan12Features f12{};
    f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot_features{};
    dot_features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    VkPhysicalDeviceSubgroupSizeControlFeatures size_features{};
    size_features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES;
    if (has_dot) {
        dot_features.pNext = f12.pNext;
        f12.pNext = &dot_features;
    }
    if (has_size_control) {
        size_features.pNext = f12.pNext;
        f12.pNext = &size_features;
    }
    VkPhysicalDeviceVulkan11Features f11{};
    f11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
    f11.pNext = &f12;
    VkPhysicalDeviceFeatures2 features{};
    features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    features.pNext = &f11;
    vkGetPhysicalDeviceFeatures2(physical, &features);

    VkPhysicalDeviceMaintenance3Properties m3{};

    m3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
    VkPhysicalDeviceProperties2 props_m3{};
    props_m3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    props_m3.pNext = &m3;
    vkGetPhysicalDeviceProperties2(physical, &props_m3);

    const VkPhysicalDeviceProperties& p = props.properties;
    DeviceInfo info{};
    info.index = index;
    info.physical = physical;
    info.name = p.deviceName;
    info.driver = std::string(driver.driverName) + " " + driver.driverInfo;
    info.kind = kind_of(p.deviceType);
    info.vendor_id = p.vendorID;
    info.device_id = p.deviceID;
    info.api_version = p.apiVersion;
    info.max_storage_buffer_range = p.limits.maxStorageBufferRange;
    info.max_allocation_bytes = m3.maxMemoryAllocationSize;
    info.min_storage_offset_alignment = p.limits.minStorageBufferOffsetAlignment;
    info.max_shared_memory_bytes = p.limits.maxComputeSharedMemorySize;
    info.max_workgroup_invocations = p.limits.maxComputeWorkGroupInvocations;
    for (int i = 0; i < 3; ++i)
        info.max_workgroup_count[i] = p.limits.maxComputeWorkGroupCount[i];
    const bool compute_subgroups = subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT;
    info.subgroup_size = subgroup.subgroupSize;
    info.subgroup_arithmetic =
        compute_subgroups && (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);
    info.subgroup_ballot =
        compute_subgroups && (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_BALLOT_BIT);
    info.storage_16bit = f11.storageBuffer16BitAccess;
    info.float16_arithmetic = f12.shaderFloat16;
    info.int8_arithmetic = f12.shaderInt8;
    info.storage_8bit = f12.storageBuffer8BitAccess;
    info.shader_int64 = features.features.shaderInt64;
    info.integer_dot_product = has_dot && dot_features.shaderIntegerDotProduct;
    info.integer_dot_accelerated =
        info.integer_dot_product && dot.integerDotProduct4x8BitPackedMixedSignednessAccelerated;
    info.subgroup_size_control = has_size_control && size_features.subgroupSizeControl &&
                                 (size_control.requiredSubgroupSizeStages & VK_SHADER_STAGE_COMPUTE_BIT);
    info.compute_full_subgroups = info.subgroup_size_control && size_features.computeFullSubgroups;
    info.min_subgroup_size = info.subgroup_size_control ? size_control.minSubgroupSize : info.subgroup_size;
    info.max_subgroup_size = info.subgroup_size_control ? size_control.maxSubgroupSize : info.subgroup_size;
    info.push_descriptors = has_extension(extensions, VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME);
    info.portability_subset = has_extension(extensions, kPortabilitySubsetExtension);
    info.timestamp_period_ns = p.limits.timestampPeriod;

    info.memory_budget = has_extension(extensions, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
    info.memory = query_memory_table(physical, info.memory_budget);
    // PONDER_VRAM_BUDGET pretends the model heap has at most that much free (tests of the layer split; a
    // user who keeps VRAM for other programs). A malformed value is reported by memory_budgets().
    if (auto budget = byte_size_from_environment("PONDER_VRAM_BUDGET"); budget && *budget)
        if (const auto heap = info.memory.model_heap())
            info.memory.heaps[*heap].available = std::min(info.memory.heaps[*heap].available, **budget);

    uint32_t n_families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &n_families, nullptr);
    std::vector<VkQueueFamilyProperties> families(n_families);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &n_families, families.data());
    info.compute_queue_family = UINT32_MAX;
    for (uint32_t i = 0; i < n_families; ++i) {
        if (!(families[i].queueFlags & VK_QUEUE_COMPUTE_BIT))
            continue;
        info.compute_queue_family = i;
        info.timestamps = families[i].timestampValidBits > 0;
        break;
    }
    return info;
}

} // namespace ponder::vk
