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
    // The model's needs without asking a device, and the device's free memory alone: the library
    // lists many models against one device query.
    std::function<Result<MemoryEstimate>(const std::string& path, const LoadOptions& options)> estimateModel;
    std::function<Result<MemoryEstimate>(const LoadOptions& options)> deviceMemory;
};

// ChatSession::load, inspect_model, estimate_memory, estimate_model_memory and device_memory from
// ponder_inference.
EngineApi realEngine();

} // namespace ponder::app
