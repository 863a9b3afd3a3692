// `ponder-cli serve -m MODEL [--host H] [--port P] [--api-key K] [--cors ORIGIN] [--allow-host NAME] [-c CTX] [--device N]
// [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]`: serves the model over OpenAI-compatible
// HTTP until Ctrl-C.
#include "args.h"
#include "backend_args.h"
#include "cache_args.h"
#include "command.h"
#include "load_plan_print.h"

#include "chat/chat_session.h"
#include "serve/request_policy.h"
#include "serve/server.h"
#include "serve/socket.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace ponder::cli {
namespace {

std::atomic<bool> g_interrupted{false};

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli serve: %s\n", message.c_str());
    return 1;
}

int run_serve(std::span<const std::string> raw_args) {
    Args args(raw_args);
    const auto model = args.take({"-m", "--model"});
    serve::ServerOptions options;
    options.host = args.take({"--host"}).value_or(options.host);
    const int64_t port = args.take_int({"--port"}).value_or(options.port);
    options.api_key = args.take({"--api-key"}).value_or("");
    options.cors_origin = args.take({"--cors"}).value_or("");
    const int64_t n_ctx = args.take_int({"-c", "--ctx-size"}).value_or(4096);
    const auto device = args.take_int({"--device"});
    const auto cache_types = take_cache_types(args);
    for (auto name = args.take({"--allow-host"}); name; name = args.take({"--allow-host"}))
        options.extra_hosts.push_back(*name);
    auto backend = take_backend(args);
    if (auto error = args.finish())
        return fail(*error);
    if (!cache_types)
        return fail(cache_types.error().message);
    if (!backend)
        return fail(backend.error().message);
    if (!model)
        return fail("usage: serve -m MODEL [--host H] [--port P] [--api-key K] [--cors ORIGIN] [-c CTX]");
    if (port < 0 || port > 65535)
        return fail("--port must be between 0 and 65535");
    if (n_ctx < 1)
        return fail("-c must be >= 1");
    options.port = static_cast<uint16_t>(port);
    // Listening beyond loopback, requests name this machine by its address (allowed), or by a name
    // the user allows with --allow-host (DNS rebinding needs a name, so names must be listed).
    if (!serve::is_loopback_host(options.host)) {
        options.allow_ip_hosts = true;
        if (!serve::is_ip_literal(options.host))
            options.extra_hosts.push_back(options.host);
    }
    if (!serve::is_loopback_host(options.host) && options.api_key.empty())
        std::fprintf(stderr, "warning: listening on %s without --api-key: anyone who can reach it can use the model\n",
                     options.host.c_str());

    LoadOptions load;
    load.n_threads = backend->n_threads;
    load.device_index = device ? static_cast<int>(*device) : -1;
    load.context_length = static_cast<uint32_t>(n_ctx);
    load.cache_types = *cache_types;
    if (auto plan = plan_and_choose_backend(*model, {.n_ctx = load.context_length, .cache_types = load.cache_types,
                                                     .device_index = load.device_index}, *backend); !plan)
        return fail(plan.error().message);
    load.backend = backend->backend;
    load.gpu_layers = backend->gpu_layers;
    auto session = ChatSession::load(*model, load);
    if (!session)
        return fail(session.error().message);
    if (!(*session)->template_warning().empty())
        std::fprintf(stderr, "warning: %s\n", (*session)->template_warning().c_str());

    const std::string model_id = serve::model_id_from_path(*model);
    auto server = serve::Server::start(**session, model_id, options);
    if (!server)
        return fail(server.error().message);
    std::signal(SIGINT, [](int) { g_interrupted = true; });
    std::signal(SIGTERM, [](int) { g_interrupted = true; });
    std::fprintf(stderr, "Serving %s on %s (%s, %u tokens of context). Ctrl-C stops.\n", model_id.c_str(),
                 (*server)->url().c_str(), (*session)->device_name().c_str(), (*session)->context_length());
    std::printf("%s\n", (*server)->url().c_str());  // for scripts: the address, once it listens
    std::fflush(stdout);
    while (!g_interrupted)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::fprintf(stderr, "Stopping.\n");
    (*server)->stop();
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("serve",
                   "serve -m MODEL [--host H] [--port P] [--api-key K] [--cors ORIGIN] [--allow-host NAME] [-c CTX] "
                   "[--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]   "
                   "OpenAI-compatible HTTP server (127.0.0.1:8080)",
                   run_serve);

} // namespace ponder::cli
