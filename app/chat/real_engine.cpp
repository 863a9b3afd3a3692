// The production wiring of EngineApi: straight to ponder_inference.
#include "chat/engine_api.h"

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
    };
}

} // namespace ponder::app
