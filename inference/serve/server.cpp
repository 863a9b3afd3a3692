// The accept loop and the life of one connection: read the request, pass the access checks, route.
#include "serve/server.h"

#include "serve/http_request_reader.h"
#include "serve/openai_routes.h"
#include "serve/request_policy.h"
#include "serve/responder.h"
#include "serve/socket.h"

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

namespace ponder::serve {

namespace {

struct Connection {
    Socket socket;
    std::thread thread;
    std::atomic<bool> finished{false};
};

} // namespace

struct Server::Impl {
    Impl(ChatSession& session, std::string model_id, ServerOptions opts, Listener bound)
        : options(std::move(opts)), listener(std::move(bound)),
          policy{options.extra_hosts, options.allow_ip_hosts, options.cors_origin, options.api_key},
          routes(session, std::move(model_id), options.max_waiting, stopping) {}

    void accept_loop();
    void serve(Socket& socket);
    void route(const HttpRequest& request, Responder& out);
    void reap_finished();  // joins the threads of connections that are done

    ServerOptions options;
    Listener listener;
    AccessPolicy policy;
    std::atomic<bool> stopping{false};
    OpenAiRoutes routes;
    std::thread acceptor;
    std::mutex connections_mutex;
    std::list<std::unique_ptr<Connection>> connections;
};

void Server::Impl::accept_loop() {
    while (!stopping) {
        Socket socket = listener.accept(100);
        reap_finished();
        if (!socket.valid()) continue;
        std::unique_lock lock(connections_mutex);
        if (static_cast<int>(connections.size()) >= options.max_connections) {
            lock.unlock();
            Responder(socket, {}).send_error({503, "too many open connections; try again shortly", "server_busy"});
            socket.finish_sending();
            continue;
        }
        auto connection = std::make_unique<Connection>();
        connection->socket = std::move(socket);
        Connection* c = connection.get();
        connections.push_back(std::move(connection));
        c->thread = std::thread([this, c] {
            serve(c->socket);
            c->finished = true;
        });
    }
}

void Server::Impl::reap_finished() {
    std::list<std::unique_ptr<Connection>> done;
    {
        std::lock_guard lock(connections_mutex);
        for (auto it = connections.begin(); it != connections.end();)
            if ((*it)->finished) done.splice(done.end(), connections, it++);
            else ++it;
    }
    for (auto& c : done) c->thread.join();
}

void Server::Impl::serve(Socket& socket) {
    const RequestLimits limits{16 * 1024, options.max_body_bytes, options.request_timeout_ms};
    ReceivedRequest received = read_request(socket, limits);
    if (!received.request) {
        if (received.failure.status != 0)
            Responder(socket, {}).send_error({received.failure.status, received.failure.message, ""});
        socket.finish_sending();
        return;
    }
    const HttpRequest& request = *received.request;
    Responder out(socket, cors_headers(request.headers, policy));
    route(request, out);
    socket.finish_sending();
}

void Server::Impl::route(const HttpRequest& request, Responder& out) {
    // Host first: a page that rebound its domain learns nothing, not even which paths exist.
    if (auto refused = check_host(request.headers, policy)) {
        out.send_error(*refused);
        return;
    }
    if (auto refused = check_origin(request.headers, policy)) {
        out.send_error(*refused);
        return;
    }
    const std::string path = request.path();
    if (request.method == "OPTIONS") {  // a CORS preflight: only reaches here for an allowed origin
        out.send(204, "text/plain", "");
        return;
    }
    struct Route {
        const char* method;
        const char* path;
        std::function<void()> handle;
    };
    const Route table[] = {
        {"GET", "/health", [&] { out.send_json(200, {{"status", "ok"}, {"model", routes.model_id()}}); }},
        {"GET", "/v1/models", [&] { routes.models(out); }},
        {"POST", "/v1/chat/completions", [&] { routes.chat_completions(request, out); }},
        {"POST", "/v1/completions", [&] { routes.completions(request, out); }},
    };
    for (const Route& r : table) {
        if (path != r.path) continue;
        if (request.method != r.method) {
            out.send_error({405, std::string(r.path) + " takes " + r.method + ", not " + request.method, ""});
            return;
        }
        if (path != "/health")  // a health check says nothing worth a key
            if (auto refused = check_api_key(request.headers, policy)) {
                out.send_error(*refused);
                return;
            }
        r.handle();
        return;
    }
    out.send_error({404, "no endpoint " + path + "; this server has /health, /v1/models, /v1/chat/completions and "
                         "/v1/completions", "not_found"});
}

Result<std::unique_ptr<Server>> Server::start(ChatSession& session, std::string model_id, ServerOptions options) {
    auto listener = Listener::bind(options.host, options.port);
    PONDER_TRY(listener);
    auto impl = std::make_unique<Impl>(session, std::move(model_id), std::move(options), std::move(*listener));
    Impl* raw = impl.get();
    impl->acceptor = std::thread([raw] { raw->accept_loop(); });
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

uint16_t Server::port() const { return impl_->listener.port(); }

std::string Server::url() const {
    const std::string& host = impl_->options.host;
    const bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port());
}

void Server::stop() {
    if (impl_->stopping.exchange(true)) return;
    if (impl_->acceptor.joinable()) impl_->acceptor.join();
    {
        std::lock_guard lock(impl_->connections_mutex);
        for (auto& c : impl_->connections) c->socket.shutdown();
    }
    for (auto& c : impl_->connections) c->thread.join();
    impl_->connections.clear();
}

std::string model_id_from_path(const std::string& path) {
    std::string name = path.substr(path.find_last_of("/\\") + 1);
    constexpr std::string_view kExtension = ".gguf";
    if (name.size() > kExtension.size() && name.ends_with(kExtension)) name.resize(name.size() - kExtension.size());
    return name;
}

} // namespace ponder::serve
