// Descriptor sets of storage buffers, allocated and written once per distinct (set layout, buffers) and reused
// by later recordings: a decode step binds the same buffers every token, so after the first token recording
// allocates and writes no descriptors. Sets are never rewritten, so one the GPU is reading stays valid.
// Whoever keeps sets across recordings must keep the buffers they name alive as long (forget() otherwise).
#pragma once

#include "error.h"

#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include <volk.h>

namespace ponder::vk {

class DescriptorCache {
  public:
    static Result<DescriptorCache> create(VkDevice device, uint32_t max_sets, uint32_t max_bindings);

    DescriptorCache() = default;
    DescriptorCache(DescriptorCache&& other) noexcept { *this = std::move(other); }
    DescriptorCache& operator=(DescriptorCache&& other) noexcept;
    ~DescriptorCache();

    // The set of `layout` binding buffers[i] at binding i: found, or allocated and written now. An Error when
    // the pool is full (more distinct sets than max_sets since the last forget()).
    Result<VkDescriptorSet> get(VkDescriptorSetLayout layout, std::span<const VkDescriptorBufferInfo> buffers);
    // Frees every set; the GPU must be done with all of them.
    Status forget();
    // forget() when over half of the pool is used, so that a recording never runs out; same precondition.
    Status trim();

    size_t size() const { return sets_.size(); }
    // Sets allocated and written since creation (a measure of recording work; cache hits write nothing).
    uint64_t writes() const { return writes_; }

  private:
    struct KeyHash {
        size_t operator()(const std::vector<uint64_t>& key) const;
    };
    VkDevice device_ = VK_NULL_HANDLE;
    VkDescriptorPool pool_ = VK_NULL_HANDLE;
    uint32_t max_sets_ = 0;
    uint64_t writes_ = 0;
    std::vector<uint64_t> key_; // scratch for lookups
    std::unordered_map<std::vector<uint64_t>, VkDescriptorSet, KeyHash> sets_;
};

} // namespace ponder::vk
