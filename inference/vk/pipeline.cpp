#include "vk/pipeline.h"

#include "vk/device.h"
#include "vk/vk_status.h"

#include <ponder/shader_registry.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace ponder::vk {

PipelineCache& PipelineCache::operator=(PipelineCache&& other) noexcept {
    if (this != &other) {
        if (cache_)
            vkDestroyPipelineCache(device_, cache_, nullptr);
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        cache_ = std::exchange(other.cache_, VK_NULL_HANDLE);
        path_ = std::move(other.path_);
    }
    return *this;
}

PipelineCache::~PipelineCache() {
    if (!cache_)
        return;
    (void)save(); // best effort: a cache that cannot be written only costs start-up time
    vkDestroyPipelineCache(device_, cache_, nullptr);
}

std::filesystem::path PipelineCache::default_path(const Device& device) {
    if (const char* explicit_path = std::getenv("PONDER_PIPELINE_CACHE"))
        return explicit_path;
    std::filesystem::path dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        dir = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = std::filesystem::path(home) / ".cache";
    else
        return {};
    char name[64];
    std::snprintf(name, sizeof name, "pipelines-%04x-%04x-%08zx.bin", device.info().vendor_id,
                  device.info().device_id, std::hash<std::string>{}(device.info().driver) & 0xffffffffu);
    return dir / "ponder" / name;
}

Result<PipelineCache> PipelineCache::open(const Device& device, std::filesystem::path path) {
    std::vector<char> data;
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (in)
            data.assign(std::istreambuf_iterator<char>(in), {});
    }
    VkPipelineCacheCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO;
    info.initialDataSize = data.size();
    info.pInitialData = data.empty() ? nullptr : data.data();
    PipelineCache cache;
    cache.device_ = device.handle();
    cache.path_ = std::move(path);
    // The driver checks the header and ignores data from another device or driver version.
    VkResult r = vkCreatePipelineCache(cache.device_, &info, nullptr, &cache.cache_);
    if (r != VK_SUCCESS && !data.empty()) {
        info.initialDataSize = 0;
        info.pInitialData = nullptr;
        r = vkCreatePipelineCache(cache.device_, &info, nullptr, &cache.cache_);
    }
    PONDER_TRY(vk_check(r, "creating the pipeline cache"));
    return cache;
}

Status PipelineCache::save() const {
    if (!cache_ || path_.empty())
        return {};
    size_t size = 0;
    PONDER_TRY(
        vk_check(vkGetPipelineCacheData(device_, cache_, &size, nullptr), "reading the pipeline cache"));
    std::vector<char> data(size);
    PONDER_TRY(
        vk_check(vkGetPipelineCacheData(device_, cache_, &size, data.data()), "reading the pipeline cache"));
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    const std::filesystem::path temp = path_.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(size));
        if (!out)
            return make_error("could not write the pipeline cache " + temp.string());
    }
    std::filesystem::rename(temp, path_, ec); // atomic: a concurrent reader sees old or new, never half
    if (ec)
        return make_error("could not write the pipeline cache " + path_.string() + ": " + ec.message());
    return {};
}

Pipeline& Pipeline::operator=(Pipeline&& other) noexcept {
    if (this != &other) {
        release();
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        pipeline_ = std::exchange(other.pipeline_, VK_NULL_HANDLE);
        layout_ = std::exchange(other.layout_, VK_NULL_HANDLE);
        set_layout_ = std::exchange(other.set_layout_, VK_NULL_HANDLE);
        n_buffers_ = other.n_buffers_;
        push_bytes_ = other.push_bytes_;
        name_ = std::move(other.name_);
    }
    return *this;
}

Pipeline::~Pipeline() {
    release();
}

void Pipeline::release() {
    if (pipeline_)
        vkDestroyPipeline(device_, pipeline_, nullptr);
    if (layout_)
        vkDestroyPipelineLayout(device_, layout_, nullptr);
    if (set_layout_)
        vkDestroyDescriptorSetLayout(device_, set_layout_, nullptr);
    pipeline_ = VK_NULL_HANDLE;
    layout_ = VK_NULL_HANDLE;
    set_layout_ = VK_NULL_HANDLE;
}

Result<Pipeline> Pipeline::create(const Device& device, const PipelineCache& cache,
                                  const PipelineDesc& desc) {
    std::span<const uint32_t> spirv = shaders::find(desc.shader);
    if (spirv.empty())
        return make_error("internal: shader variant '" + desc.shader + "' was not built");
    Pipeline p;
    p.device_ = device.handle();
    p.n_buffers_ = desc.n_buffers;
    p.push_bytes_ = desc.push_bytes;
    p.name_ = desc.shader;
    const std::string what = "creating pipeline " + desc.shader;

    std::vector<VkDescriptorSetLayoutBinding> bindings(desc.n_buffers);
    for (uint32_t i = 0; i < desc.n_buffers; ++i)
        bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo set_info{};
    set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    set_info.bindingCount = desc.n_buffers;
    set_info.pBindings = bindings.data();
    PONDER_TRY(vk_check(vkCreateDescriptorSetLayout(p.device_, &set_info, nullptr, &p.set_layout_), what));

    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, desc.push_bytes};
    VkPipelineLayoutCreateInfo layout_info{};
    layout_info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layout_info.setLayoutCount = 1;
    layout_info.pSetLayouts = &p.set_layout_;
    layout_info.pushConstantRangeCount = desc.push_bytes ? 1 : 0;
    layout_info.pPushConstantRanges = &push;
    PONDER_TRY(vk_check(vkCreatePipelineLayout(p.device_, &layout_info, nullptr, &p.layout_), what));

    VkShaderModuleCreateInfo module_info{};

    module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    module_info.codeSize = spirv.size_bytes();
    module_info.pCode = spirv.data();
    VkShaderModule module;
    PONDER_TRY(vk_check(vkCreateShaderModule(p.device_, &module_info, nullptr, &module), what));

    std::vector<VkSpecializationMapEntry> entries;
    for (uint32_t i = 0; i < desc.constants.size(); ++i)
        entries.push_back({i, i * 4u, sizeof(uint32_t)});
    VkSpecializationInfo spec{static_cast<uint32_t>(entries.size()), entries.data(),
                              desc.constants.size() * 4, desc.constants.data()};
    VkComputePipelineCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = entries.empty() ? nullptr : &spec;
    info.layout = p.layout_;
    VkResult r = vkCreateComputePipelines(p.device_, cache.handle(), 1, &info, nullptr, &p.pipeline_);
    vkDestroyShaderModule(p.device_, module, nullptr);
    PONDER_TRY(vk_check(r, what));
    return p;
}

} // namespace ponder::vk
