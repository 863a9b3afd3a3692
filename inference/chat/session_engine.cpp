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

Result<SessionEngine> SessionEngine::load(const std::string& path, const Target& target, uint32_t n_ctx,
                                          const KvCacheTypes& cache_types,
                                          const std::function<bool(float)>& on_progress) {
    EngineOptions options;
    options.backend = target.backend;
    options.gpu_layers = target.gpu_layers;
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
