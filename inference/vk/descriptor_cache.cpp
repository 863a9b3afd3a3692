#include "vk/descriptor_cache.h"

#include "vk/vk_status.h"

#include <array>

namespace ponder::vk {

namespace {
constexpr uint32_t kMaxBindingsPerSet = 8;
}

DescriptorCache& DescriptorCache::operator=(DescriptorCache&& other) noexcept {
    if (this != &other) {
        if (pool_)
            vkDestroyDescriptorPool(device_, pool_, nullptr);
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        pool_ = std::exchange(other.pool_, VK_NULL_HANDLE);
        max_sets_ = other.max_sets_;
        writes_ = other.writes_;
        sets_ = std::move(other.sets_);
        other.sets_.clear();
    }
    return *this;
}

DescriptorCache::~DescriptorCache() {
    if (pool_)
        vkDestroyDescriptorPool(device_, pool_, nullptr); // frees the sets
}

Result<DescriptorCache> DescriptorCache::create(VkDevice device, uint32_t max_sets, uint32_t max_bindings) {
    DescriptorCache cache;
    cache.device_ = device;
    cache.max_sets_ = max_sets;
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, max_sets * max_bindings};
    VkDescriptorPoolCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    info.maxSets = max_sets;
    info.poolSizeCount = 1;
    info.pPoolSizes = &size;
    PONDER_TRY(vk_check(vkCreateDescriptorPool(device, &info, nullptr, &cache.pool_), "creating a descriptor pool"));
    return cache;
}

size_t DescriptorCache::KeyHash::operator()(const std::vector<uint64_t>& key) const {
    uint64_t h = 1469598103934665603ull; // FNV-1a over the words
    for (uint64_t word : key)
        h = (h ^ word) * 1099511628211ull;
    return static_cast<size_t>(h);
}

Result<VkDescriptorSet> DescriptorCache::get(VkDescriptorSetLayout layout,
                                             std::span<const VkDescriptorBufferInfo> buffers) {
    key_.clear();
    key_.push_back(reinterpret_cast<uint64_t>(layout));
    for (const VkDescriptorBufferInfo& b : buffers) {
        key_.push_back(reinterpret_cast<uint64_t>(b.buffer));
        key_.push_back(b.offset);
        key_.push_back(b.range);
    }
    if (auto found = sets_.find(key_); found != sets_.end())
        return found->second;

    VkDescriptorSetAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    alloc.descriptorPool = pool_;
    alloc.descriptorSetCount = 1;
    alloc.pSetLayouts = &layout;
    VkDescriptorSet set;
    if (vkAllocateDescriptorSets(device_, &alloc, &set) != VK_SUCCESS)
        return make_error("internal: more than " + std::to_string(max_sets_) +
                          " distinct descriptor sets in one recording");
    std::array<VkWriteDescriptorSet, kMaxBindingsPerSet> writes{};
    const uint32_t n = static_cast<uint32_t>(buffers.size());
    for (uint32_t i = 0; i < n && i < kMaxBindingsPerSet; ++i) {
        writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        writes[i].dstSet = set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        writes[i].pBufferInfo = &buffers[i];
    }
    vkUpdateDescriptorSets(device_, n, writes.data(), 0, nullptr);
    ++writes_;
    sets_.emplace(key_, set);
    return set;
}

Status DescriptorCache::forget() {
    sets_.clear();
    return vk_check(vkResetDescriptorPool(device_, pool_, 0), "resetting descriptors");
}

Status DescriptorCache::trim() {
    return sets_.size() > max_sets_ / 2 ? forget() : Status{};
}

} // namespace ponder::vk
