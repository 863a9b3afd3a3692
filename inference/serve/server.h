// Ponder's local API server: OpenAI-compatible HTTP on loopback, serving one loaded model.
//   GET /health, GET /v1/models, POST /v1/chat/completions, POST /v1/completions
// Safe by default: binds 127.0.0.1, answers only Host names of this machine, no CORS, a body size
// limit, one generation at a time with a bounded line of waiting requests (503 beyond it). One
// thread per connection; a client that disconnects cancels its generation and frees the model.
#pragma once

#include "chat/chat_session.h"
#include "error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ponder::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";  // the address to listen on
    uint16_t port = 8080;            // 0: any free port (see Server::port())
    std::string api_key;             // non-empty: requests need "Authorization: Bearer <key>"
    std::string cors_origin;         // non-empty: this browser origin ("*": any) may call the API
    std::vector<std::string> extra_hosts;  // Host names accepted besides localhost (a LAN name, when bound to it)
    bool allow_ip_hosts = false;  // any IP address as Host too (listening beyond loopback; see AccessPolicy)
    size_t max_body_bytes = 8 * 1024 * 1024;
    int max_waiting = 8;        // requests waiting for the model beyond the one generating
    int max_connections = 128;  // open connections; more are answered 503 at once
    int request_timeout_ms = 30'000;  // for a client to send its whole request
};

class Server {
public:
    // Listens and serves `session` under the name `model_id` until stop() or destruction. The
    // session must outlive the server, and nothing else may use it meanwhile.
    static Result<std::unique_ptr<Server>> start(ChatSession& session, std::string model_id, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    uint16_t port() const;
    std::string url() const;  // "http://127.0.0.1:8080"
    // Stops accepting, cancels the running generation, closes every connection and waits for
    // their threads. Called by the destructor.
    void stop();

private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The name a model file is served under: its file name without ".gguf" ("qwq-32b-q4_k_m").
std::string model_id_from_path(const std::string& path);

} // namespace ponder::serve
