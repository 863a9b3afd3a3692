// Compute pipelines built from the embedded SPIR-V variants, and a pipeline cache kept on disk so
// that drivers which compile slowly (lavapipe's LLVM, first runs on GPUs) do it once.
#pragma once

#include "error.h"

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <volk.h>

namespace ponder::vk {

class Device;

// The driver's pipeline cache, loaded from and saved to `path` (empty path: in memory only).
class PipelineCache {
  public:
    static Result<PipelineCache> open(const Device& device, std::filesystem::path path);
    // $PONDER_PIPELINE_CACHE, else $XDG_CACHE_HOME/ponder (or ~/.cache/ponder), one file per device + driver.
    static std::filesystem::path default_path(const Device& device);

    PipelineCache() = default;
    PipelineCache(PipelineCache&& other) noexcept { *this = std::move(other); }
    PipelineCache& operator=(PipelineCache&& other) noexcept;
    ~PipelineCache(); // saves

    VkPipelineCache handle() const { return cache_; }
    // Writes the cache to disk; an error only says why it could not (the next start is just slower).
    Status save() const;

  private:
    VkDevice device_ = VK_NULL_HANDLE;
    VkPipelineCache cache_ = VK_NULL_HANDLE;
    std::filesystem::path path_;
};

// What a compute pipeline is: shader variant, how many storage buffers (bindings 0..n-1) it reads
// and writes, the size of its push-constant block, and its specialization constants (id i = value i).
struct PipelineDesc {
    std::string shader;
    uint32_t n_buffers;
    uint32_t push_bytes;
    std::vector<uint32_t> constants = {};
};

class Pipeline {
  public:
    static Result<Pipeline> create(const Device& device, const PipelineCache& cache,
                                   const PipelineDesc& desc);

    Pipeline() = default;
    Pipeline(Pipeline&& other) noexcept { *this = std::move(other); }
    Pipeline& operator=(Pipeline&& other) noexcept;
    ~Pipeline();

    VkPipeline handle() const { return pipeline_; }
    VkPipelineLayout layout() const { return layout_; }
    VkDescriptorSetLayout set_layout() const { return set_layout_; }
    uint32_t n_buffers() const { return n_buffers_; }
    uint32_t push_bytes() const { return push_bytes_; }
    const std::string& name() const { return name_; }

  private:
    void release();

    VkDevice device_ = VK_NULL_HANDLE;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
    VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
    uint32_t n_buffers_ = 0, push_bytes_ = 0;
    std::string name_;
};

} // namespace ponder::vk
