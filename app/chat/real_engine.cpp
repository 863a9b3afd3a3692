// The production wiring of EngineApi: straight to ponder_inference.
#include "chat/engine_api.h"

#include "serve/openai_client.h"
#include "serve/server.h"

namespace ponder::app {

namespace {

class HttpLocalServer final : public LocalApiServer {
  public:
    explicit HttpLocalServer(std::unique_ptr<serve::Server> server) : server_(std::move(server)) {}
    std::string url() const override { return server_->url(); }

  private:
    std::unique_ptr<serve::Server> server_;
};

// The app's sampling as the OpenAI fields: the switched-off ones are not sent, since servers
// differ in which fields beyond temperature, top_p and max_tokens they accept.
serve::RemoteSampling remoteSampling(const SamplingParams& sampling) {
    serve::RemoteSampling remote;
    remote.temperature = sampling.temperature;
    remote.top_p = sampling.top_p;
    if (sampling.top_k > 0)
        remote.top_k = sampling.top_k;
    if (sampling.min_p > 0)
        remote.min_p = sampling.min_p;
    if (sampling.max_tokens > 0)
        remote.max_tokens = sampling.max_tokens;
    return remote;
}

serve::RemoteReply remoteChat(const RemoteTarget& target, const std::vector<ChatMessage>& messages,
                              const SamplingParams& sampling,
                              const std::function<bool(const serve::RemoteDelta&)>& onDelta,
                              const std::atomic<bool>* cancel) {
    auto client = serve::OpenAiClient::create(target.baseUrl, target.apiKey);
    if (!client) {
        serve::RemoteReply reply;
        reply.error = serve::RemoteError{serve::RemoteErrorKind::Unreachable, 0, client.error().message};
        return reply;
    }
    return client->chat(target.model, messages, remoteSampling(sampling), onDelta, cancel);
}

Result<std::vector<std::string>> remoteModels(const std::string& baseUrl, const std::string& apiKey,
                                              const std::atomic<bool>* cancel) {
    auto client = serve::OpenAiClient::create(baseUrl, apiKey);
    PONDER_TRY(client);
    return client->models(cancel);
}

} // namespace

Result<std::unique_ptr<LocalApiServer>> serveLocalApi(ChatSession& session, int port, const std::string& apiKey) {
    serve::ServerOptions options;  // loopback only, the defaults ponder-cli serve uses
    options.port = static_cast<uint16_t>(port);
    options.api_key = apiKey;
    auto server = serve::Server::start(session, serve::model_id_from_path(session.model_info().path), options);
    PONDER_TRY(server);
    return std::unique_ptr<LocalApiServer>(std::make_unique<HttpLocalServer>(std::move(*server)));
}

EngineApi realEngine() {
    return EngineApi{
        [](const std::string& path, const LoadOptions& options) { return ChatSession::load(path, options); },
        [](const std::string& path) { return inspect_model(path); },
        [](const std::string& path, const LoadOptions& options) { return estimate_memory(path, options); },
        [](const std::string& path, const LoadOptions& options) { return estimate_model_memory(path, options); },
        [](const LoadOptions& options) { return device_memory(options); },
        serveLocalApi,
        remoteChat,
        remoteModels,
    };
}

} // namespace ponder::app
