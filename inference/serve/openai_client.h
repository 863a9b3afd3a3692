// A client for OpenAI-compatible servers (vLLM, SGLang, llama.cpp's server, Ollama, LM Studio,
// Ponder's own): the model list, and a streamed chat whose reasoning and answer arrive apart.
// Talks only to the base URL it was made with.
#pragma once

#include "chat/chat_session.h"
#include "error.h"
#include "serve/http_client.h"
#include "serve/remote_reply.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ponder::serve {

// Sampling fields sent only when set: servers differ in what they accept beyond the OpenAI ones.
struct RemoteSampling {
    std::optional<float> temperature, top_p, min_p;
    std::optional<int> top_k, max_tokens;
    std::optional<uint64_t> seed;
    std::optional<int> thinking_budget_tokens;  // Ponder's own server only (others ignore or refuse it)
};

class OpenAiClient {
public:
    // base_url: "http://host:port/v1" (the OpenAI convention) or "http://host:port" (then /v1 is added).
    static Result<OpenAiClient> create(const std::string& base_url, std::string api_key = "");

    // GET /models: the ids the server offers.
    Result<std::vector<std::string>> models(const std::atomic<bool>* cancel = nullptr) const;

    // POST /chat/completions with "stream": true. Deltas arrive as they come; on_delta returning
    // false, or `cancel` becoming true, stops the request. The reply keeps what arrived even when
    // `error` is set.
    RemoteReply chat(const std::string& model, const std::vector<ChatMessage>& messages,
                     const RemoteSampling& sampling, const std::function<bool(const RemoteDelta&)>& on_delta,
                     const std::atomic<bool>* cancel = nullptr) const;

    const std::string& base_url() const { return base_url_; }

private:
    OpenAiClient(HttpUrl url, std::string base_url, std::string api_key)
        : url_(std::move(url)), base_url_(std::move(base_url)), api_key_(std::move(api_key)) {}
    HttpCall call(std::string method, const std::string& endpoint, const std::atomic<bool>* cancel) const;

    HttpUrl url_;
    std::string base_url_;
    std::string api_key_;
};

// The error for a failed HTTP exchange: from the transport, else from the status and the body
// the server sent (its error message, in any of the shapes servers use).
RemoteError remote_error(const HttpResult& result, std::string_view body);

} // namespace ponder::serve
