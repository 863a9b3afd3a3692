#include "vk/instance.h"

#include "vk/vk_status.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace ponder::vk {

Instance& Instance::operator=(Instance&& other) noexcept {
    if (this != &other) {
        if (instance_)
            vkDestroyInstance(instance_, nullptr);
        instance_ = std::exchange(other.instance_, VK_NULL_HANDLE);
    }
    return *this;
}

Instance::~Instance() {
    if (instance_)
        vkDestroyInstance(instance_, nullptr);
}

namespace {

// The loader's file name where this build runs, for the message when it is missing.
constexpr const char* kLoaderName =
#if defined(_WIN32)
    "vulkan-1.dll";
#elif defined(__APPLE__)
    "libvulkan.1.dylib (the Vulkan SDK's loader with MoltenVK)";
#else
    "libvulkan.so.1";
#endif

// Opens the Vulkan loader once per process (volk: nothing links against it, so a machine without
// Vulkan gets this message instead of a program that does not start).
Status load_vulkan_loader() {
    static const VkResult loaded = volkInitialize();
    if (loaded != VK_SUCCESS)
        return make_error(std::string("the Vulkan loader (") + kLoaderName +
                          ") is not installed; install your GPU driver's Vulkan support (on Debian/Ubuntu: "
                          "libvulkan1 and mesa-vulkan-drivers)");
    return {};
}

// Points volk's function pointers at the loader's entry points for `instance`; they dispatch on the
// handle, so one set serves every instance and device. Serialized: models load on worker threads.
void load_instance_functions(VkInstance instance) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    volkLoadInstance(instance);
}

bool instance_has_extension(const char* name) {
    uint32_t n = 0;
    if (vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr) != VK_SUCCESS)
        return false;
    std::vector<VkExtensionProperties> extensions(n);
    if (vkEnumerateInstanceExtensionProperties(nullptr, &n, extensions.data()) != VK_SUCCESS)
        return false;
    for (uint32_t i = 0; i < n; ++i)
        if (std::strcmp(extensions[i].extensionName, name) == 0)
            return true;
    return false;
}

} // namespace

Result<Instance> Instance::create() {
    PONDER_TRY(load_vulkan_loader());
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "Ponder";
    app.pEngineName = "Ponder";
    app.apiVersion = VK_API_VERSION_1_2;
    // The loader lists portability implementations (MoltenVK on macOS) only to instances that ask.
    std::vector<const char*> extensions;
    VkInstanceCreateFlags flags = 0;
    if (instance_has_extension(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
        flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
    }
    VkInstanceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    info.flags = flags;
    info.pApplicationInfo = &app;
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    VkInstance instance = VK_NULL_HANDLE;
    VkResult r = vkCreateInstance(&info, nullptr, &instance);
    if (r != VK_SUCCESS)
        return vk_error(r, "starting Vulkan");
    load_instance_functions(instance);
    return Instance(instance);
}

Result<std::vector<DeviceInfo>> Instance::devices() const {
    uint32_t n = 0;
    VkResult r = vkEnumeratePhysicalDevices(instance_, &n, nullptr);
    if (r != VK_SUCCESS)
        return vk_error(r, "listing Vulkan devices");
    std::vector<VkPhysicalDevice> physical(n);
    r = vkEnumeratePhysicalDevices(instance_, &n, physical.data());
    if (r != VK_SUCCESS && r != VK_INCOMPLETE)
        return vk_error(r, "listing Vulkan devices");
    std::vector<DeviceInfo> infos;
    for (uint32_t i = 0; i < n; ++i)
        infos.push_back(query_device_info(physical[i], i));
    return infos;
}

namespace {

int preference(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::Discrete:
        return 4;
    case DeviceKind::Integrated:
        return 3;
    case DeviceKind::Virtual:
        return 2;
    case DeviceKind::Cpu:
        return 1;
    default:
        return 0;
    }
}

std::string device_list(const std::vector<DeviceInfo>& devices) {
    std::string list;
    for (const DeviceInfo& d : devices)
        list += (list.empty() ? "" : ", ") + std::to_string(d.index) + ": " + d.name;
    return list.empty() ? "none" : list;
}

uint64_t vram_bytes(const DeviceInfo& d) {
    const std::optional<uint32_t> heap = d.memory.model_heap();
    return heap ? d.memory.heaps[*heap].bytes : 0;
}

// The kind first; between two of a kind (two GPUs), the one with more memory for the model.
bool better(const DeviceInfo& a, const DeviceInfo& b) {
    if (preference(a.kind) != preference(b.kind))
        return preference(a.kind) > preference(b.kind);
    return vram_bytes(a) > vram_bytes(b);
}

bool able(const DeviceInfo& d) {
    return d.compute_queue_family != UINT32_MAX && d.api_version >= VK_API_VERSION_1_2;
}

} // namespace

Result<DeviceInfo> choose_device(const std::vector<DeviceInfo>& devices, const DeviceChoice& choice) {
    std::optional<uint32_t> index = choice.index;
    if (!index) {
        if (const char* env = std::getenv("PONDER_VK_DEVICE"); env && *env) {
            char* end = nullptr;
            unsigned long value = std::strtoul(env, &end, 10);
            if (*end != '\0')
                return make_error("PONDER_VK_DEVICE='" + std::string(env) + "' is not a device number");
            index = static_cast<uint32_t>(value);
        }
    }
    if (index) {
        if (*index >= devices.size())
            return make_error("there is no Vulkan device " + std::to_string(*index) +
                              " (devices: " + device_list(devices) + ")");
        const DeviceInfo& d = devices[*index];
        if (!able(d))
            return make_error("Vulkan device " + d.name + " cannot run compute shaders with Vulkan 1.2");
        return d;
    }
    const DeviceInfo* best = nullptr;
    for (const DeviceInfo& d : devices)
        if (able(d) && (!best || better(d, *best)))
            best = &d;
    if (!best)
        return make_error("no Vulkan 1.2 device with compute queues found (devices: " + device_list(devices) +
                          "); install your GPU's Vulkan driver or Mesa's lavapipe");
    return *best;
}

Result<std::vector<DeviceInfo>> machine_devices() {
    static std::mutex mutex;
    static Instance* instance = nullptr;  // never destroyed, on purpose: see instance.h
    std::lock_guard lock(mutex);
    if (!instance) {
        auto created = Instance::create();
        PONDER_TRY(created);
        instance = new Instance(std::move(*created));
    }
    return instance->devices();
}

} // namespace ponder::vk
