// The three engine entry points the app calls, as values: the app wires in the real engine
// (ponder_inference), tests wire in a scripted one. Nothing here depends on Qt.
#pragma once

#include "chat/chat_session.h"
#include "serve/remote_reply.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ponder::app {

// The local API server running on a loaded model (Settings, "Local API server"); stops when destroyed.
class LocalApiServer {
  public:
    virtual ~LocalApiServer() = default;
    virtual std::string url() const = 0;  // "http://127.0.0.1:8080"
};

// A model on a remote OpenAI-compatible server (Settings → Remote servers): where, with which key.
struct RemoteTarget {
    std::string baseUrl; // "http://host:port/v1" or "http://host:port"
    std::string apiKey;  // "" for none
    std::string model;   // the server's name for it (from its /v1/models)
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
    // A streamed chat with a remote server (ponder_serve's OpenAI client): deltas as they come,
    // onDelta returning false or `cancel` becoming true stops it; the reply keeps what arrived.
    // Empty: the app cannot reach remote servers.
    std::function<serve::RemoteReply(const RemoteTarget& target, const std::vector<ChatMessage>& messages,
                                     const SamplingParams& sampling,
                                     const std::function<bool(const serve::RemoteDelta&)>& onDelta,
                                     const std::atomic<bool>* cancel)>
        remoteChat;
    // The ids a remote server offers (GET /v1/models).
    std::function<Result<std::vector<std::string>>(const std::string& baseUrl, const std::string& apiKey,
                                                   const std::atomic<bool>* cancel)>
        remoteModels;
};

// ponder_serve's server over `session`, named after its file (ponder-cli serve does the same).
Result<std::unique_ptr<LocalApiServer>> serveLocalApi(ChatSession& session, int port, const std::string& apiKey);

// ChatSession::load, inspect_model, estimate_memory, estimate_model_memory and device_memory from
// ponder_inference, serveLocalApi, and ponder_serve's OpenAI client for remote servers.
EngineApi realEngine();

} // namespace ponder::app
