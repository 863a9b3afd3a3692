// The production wiring of EngineApi: straight to ponder_inference.
#include "chat/engine_api.h"

namespace ponder::app {

EngineApi realEngine() {
    return EngineApi{
        [](const std::string& path, const LoadOptions& options) { return ChatSession::load(path, options); },
        [](const std::string& path) { return inspect_model(path); },
        [](const std::string& path, const LoadOptions& options) { return estimate_memory(path, options); },
        [](const std::string& path, const LoadOptions& options) { return estimate_model_memory(path, options); },
        [](const LoadOptions& options) { return device_memory(options); },
    };
}

} // namespace ponder::app
