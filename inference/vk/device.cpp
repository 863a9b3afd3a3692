#include "vk/device.h"

#include "vk/vk_status.h"

#include <vector>

namespace ponder::vk {

Result<std::unique_ptr<Device>> Device::create(const DeviceChoice& choice) {
    auto instance = Instance::create();
    PONDER_TRY(instance);
    auto devices = instance->devices();
    PONDER_TRY(devices);
    auto chosen = choose_device(*devices, choice);
    PONDER_TRY(chosen);
    std::optional<ProfileVendor> forced = choice.profile;
    if (!forced) {
        auto from_environment = profile_from_environment();
        PONDER_TRY(from_environment);
        forced = *from_environment;
    }
    const DeviceProfile profile = choose_profile(*chosen, forced);
    std::unique_ptr<Device> device(new Device(std::move(*instance), std::move(*chosen), profile));
    const DeviceInfo& info = device->info_;

    // Enable only what the device has; the kernels pick their paths from DeviceInfo.
    std::vector<const char*> extensions;
    VkPhysicalDeviceVulkan12Features f12{};
    f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot{};
    dot.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    dot.shaderIntegerDotProduct = VK_TRUE;
    VkPhysicalDeviceSubgroupSizeControlFeatures size_control{};
    size_control.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_FEATURES;
    size_control.subgroupSizeControl = VK_TRUE;
    size_control.computeFullSubgroups = VK_TRUE;
    if (profile.integer_dot) {
        extensions.push_back(VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
        dot.pNext = f12.pNext;
        f12.pNext = &dot;
    }
    if (profile.require_subgroup_size) {
        extensions.push_back(VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
        size_control.pNext = f12.pNext;
        f12.pNext = &size_control;
    }
    f12.shaderFloat16 = info.float16_arithmetic;
    f12.shaderInt8 = info.int8_arithmetic;
    f12.storageBuffer8BitAccess = info.storage_8bit;
    VkPhysicalDeviceVulkan11Features f11{};
    f11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
    f11.pNext = &f12;
    f11.storageBuffer16BitAccess = info.storage_16bit;
    VkPhysicalDeviceFeatures2 features{};
    features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    features.pNext = &f11;
    features.features.shaderInt64 = info.shader_int64;

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{};
    queue.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queue.queueFamilyIndex = info.compute_queue_family;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    // A portability implementation (MoltenVK) requires its subset extension to be enabled.
    if (info.portability_subset)
        extensions.push_back(kPortabilitySubsetExtension);
    VkDeviceCreateInfo create{};
    create.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    create.pNext = &features;
    create.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    create.ppEnabledExtensionNames = extensions.data();
    create.queueCreateInfoCount = 1;
    create.pQueueCreateInfos = &queue;
    PONDER_TRY(vk_check(vkCreateDevice(info.physical, &create, nullptr, &device->device_),
                        "opening Vulkan device " + info.name));
    vkGetDeviceQueue(device->device_, info.compute_queue_family, 0, &device->queue_);

    VkCommandPoolCreateInfo pool{};

    pool.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    pool.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool.queueFamilyIndex = info.compute_queue_family;
    PONDER_TRY(vk_check(vkCreateCommandPool(device->device_, &pool, nullptr, &device->one_shot_pool_),
                        "creating a command pool"));
    return device;
}

Device::~Device() {
    if (device_) {
        vkDeviceWaitIdle(device_);
        if (one_shot_pool_)
            vkDestroyCommandPool(device_, one_shot_pool_, nullptr);
        vkDestroyDevice(device_, nullptr);
    }
}

KernelDeviceInfo Device::kernel_info() const {
    return {profile_, info_.subgroup_ballot};
}

Status Device::run_once(const std::function<void(VkCommandBuffer)>& record) const {
    VkCommandBufferAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    alloc.commandPool = one_shot_pool_;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd;
    PONDER_TRY(vk_check(vkAllocateCommandBuffers(device_, &alloc, &cmd), "allocating a command buffer"));
    VkFenceCreateInfo fence_info{};
    fence_info.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    VkFence fence;
    VkResult r = vkCreateFence(device_, &fence_info, nullptr, &fence);
    if (r == VK_SUCCESS) {
        VkCommandBufferBeginInfo begin{};
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vkBeginCommandBuffer(cmd, &begin);
        record(cmd);
        vkEndCommandBuffer(cmd);
        VkSubmitInfo submit{};
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &cmd;
        r = vkQueueSubmit(queue_, 1, &submit, fence);
        if (r == VK_SUCCESS)
            r = vkWaitForFences(device_, 1, &fence, VK_TRUE, UINT64_MAX);
        vkDestroyFence(device_, fence, nullptr);
    }
    vkFreeCommandBuffers(device_, one_shot_pool_, 1, &cmd);
    return vk_check(r, "running a transfer on the GPU");
}

} // namespace ponder::vk
