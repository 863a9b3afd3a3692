#include "chat/session_engine.h"

#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "vk/instance.h"

#include <algorithm>

namespace ponder {
namespace {

vk::DeviceChoice device_choice(int device_index) {
    vk::DeviceChoice choice;
    if (device_index >= 0)
        choice.index = static_cast<uint32_t>(device_index);
    return choice;
}

} // namespace

Result<DeviceMemoryNeeds> estimate_model_needs(const std::string& path, uint32_t n_ctx,
                                                const KvCacheTypes& cache_types) {
    auto file = GgufFile::open(path);
    PONDER_TRY(file);
    auto config = read_model_config(*file);
    PONDER_TRY(config);
    // The same clamping Engine::load does, so the estimate matches what loading allocates.
    n_ctx = clamp_context(*config, n_ctx);
    PONDER_TRY(check_kv_cache_types(cache_types, *config));
    auto needs = estimate_memory(*file, *config, n_ctx, std::min(EngineOptions{}.n_batch, n_ctx), cache_types);
    PONDER_TRY(needs);
    return DeviceMemoryNeeds{needs->weights, needs->kv_cache, needs->scratch, 0, ""};
}

Result<DeviceMemoryNeeds> query_device_memory(int device_index) {
    auto instance = vk::Instance::create();
    PONDER_TRY(instance);
    auto devices = instance->devices();
    PONDER_TRY(devices);
    auto device = vk::choose_device(*devices, device_choice(device_index));
    PONDER_TRY(device);
    return DeviceMemoryNeeds{0, 0, 0, device->memory.model_heap_available(), device->name};
}

Result<DeviceMemoryNeeds> estimate_device_memory(const std::string& path, int device_index, uint32_t n_ctx,
                                                 const KvCacheTypes& cache_types) {
    auto needs = estimate_model_needs(path, n_ctx, cache_types);
    PONDER_TRY(needs);
    auto device = query_device_memory(device_index);
    PONDER_TRY(device);
    needs->device_bytes = device->device_bytes;
    needs->device_name = device->device_name;
    return needs;
}

Result<SessionEngine> SessionEngine::load(const std::string& path, const Target& target, uint32_t n_ctx,
                                          const KvCacheTypes& cache_types,
                                          const std::function<bool(float)>& on_progress) {
    EngineOptions options;
    options.backend = target.backend;
    options.device = device_choice(target.device_index);
    options.n_threads = target.n_threads;
    options.n_ctx = n_ctx;
    options.cache_types = cache_types;
    if (on_progress)
        options.progress = [&on_progress](uint64_t done, uint64_t total) {
            return on_progress(total ? float(double(done) / double(total)) : 1.0f);
        };
    auto engine = Engine::load(path, options);
    PONDER_TRY(engine);
    return SessionEngine(std::move(*engine));
}

SessionEngine::SessionEngine(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
SessionEngine::SessionEngine(SessionEngine&&) noexcept = default;
SessionEngine& SessionEngine::operator=(SessionEngine&&) noexcept = default;
SessionEngine::~SessionEngine() = default;

const GgufFile& SessionEngine::file() const { return engine_->file(); }
const ModelConfig& SessionEngine::config() const { return engine_->config(); }
std::string SessionEngine::device_name() const { return engine_->device_name(); }
uint32_t SessionEngine::context_size() const { return engine_->context_size(); }
uint32_t SessionEngine::cached_tokens() const { return engine_->cached_tokens(); }
void SessionEngine::truncate_cache(uint32_t n) { engine_->truncate_cache(n); }

Result<std::vector<float>> SessionEngine::forward(std::span<const int32_t> tokens, uint32_t start_pos) {
    return engine_->forward(tokens, start_pos);
}

} // namespace ponder
