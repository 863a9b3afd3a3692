// The three engine entry points the app calls, as values: the app wires in the real engine
// (ponder_inference), tests wire in a scripted one. Nothing here depends on Qt.
#pragma once

#include "chat/chat_session.h"

#include <functional>
#include <memory>
#include <string>

namespace ponder::app {

struct EngineApi {
    std::function<Result<std::unique_ptr<ChatSession>>(const std::string& path, const LoadOptions& options)>
        load;
    std::function<Result<ModelInfo>(const std::string& path)> inspect;
    std::function<Result<MemoryEstimate>(const std::string& path, const LoadOptions& options)> estimate;
};

// ChatSession::load, inspect_model and estimate_memory from ponder_inference.
EngineApi realEngine();

} // namespace ponder::app
