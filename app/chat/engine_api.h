// The three engine entry points the app calls, as values: the app wires in the real engine
// (ponder_inference), tests wire in a scripted one. Nothing here depends on Qt.
#pragma once

#include "chat/chat_session.h"

#include <functional>
#include <memory>
#include <string>

namespace ponder::app {

// The local API server running on a loaded model (Settings, "Local API server"); stops when destroyed.
class LocalApiServer {
  public:
    virtual ~LocalApiServer() = default;
    virtual std::string url() const = 0;  // "http://127.0.0.1:8080"
};

struct EngineApi {
    std::function<Result<std::unique_ptr<ChatSession>>(const std::string& path, const LoadOptions& options)>
        load;
    std::function<Result<ModelInfo>(const std::string& path)> inspect;
    std::function<Result<MemoryEstimate>(const std::string& path, const LoadOptions& options)> estimate;
    // The model's needs without asking a device, and the device's free memory alone: the library
    // lists many models against one device query.
    std::function<Result<MemoryEstimate>(const std::string& path, const LoadOptions& options)> estimateModel;
    std::function<Result<MemoryEstimate>(const LoadOptions& options)> deviceMemory;
    // Serves `session` on 127.0.0.1:port (optionally behind a Bearer key). Empty: the app cannot serve.
    std::function<Result<std::unique_ptr<LocalApiServer>>(ChatSession& session, int port, const std::string& apiKey)>
        serve;
};

// ponder_serve's server over `session`, named after its file (ponder-cli serve does the same).
Result<std::unique_ptr<LocalApiServer>> serveLocalApi(ChatSession& session, int port, const std::string& apiKey);

// ChatSession::load, inspect_model, estimate_memory, estimate_model_memory and device_memory from
// ponder_inference, and serveLocalApi.
EngineApi realEngine();

} // namespace ponder::app
