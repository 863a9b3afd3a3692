#include "serve/openai_client.h"

#include "serve/chat_stream_decoder.h"
#include "serve/sse_parser.h"

#include <nlohmann/json.hpp>

namespace ponder::serve {
namespace {

using nlohmann::json;

// The message a server put in an error body, or the body itself (shortened).
std::string error_text(std::string_view body) {
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_object()) {
        if (auto it = parsed.find("error"); it != parsed.end()) {
            if (it->is_string()) return it->get<std::string>();
            if (it->is_object() && it->contains("message") && (*it)["message"].is_string())
                return (*it)["message"].get<std::string>();
        }
        if (auto it = parsed.find("message"); it != parsed.end() && it->is_string()) return it->get<std::string>();
        if (auto it = parsed.find("detail"); it != parsed.end() && it->is_string()) return it->get<std::string>();
    }
    std::string text(body.substr(0, 300));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

} // namespace

RemoteError remote_error(const HttpResult& result, std::string_view body) {
    switch (result.transport) {
    case Transport::Unreachable: return {RemoteErrorKind::Unreachable, 0, result.message};
    case Transport::Cut:
    case Transport::TimedOut:  // a status other than 200 says more than the cut
        if (result.status == 0 || result.status == 200) return {RemoteErrorKind::CutOff, result.status, result.message};
        break;
    case Transport::Cancelled: return {RemoteErrorKind::CutOff, result.status, "cancelled"};
    case Transport::Malformed: return {RemoteErrorKind::Protocol, result.status, result.message};
    case Transport::Complete: break;
    }
    const int status = result.status;
    const std::string message = error_text(body);
    if (status == 401 || status == 403)
        return {RemoteErrorKind::Unauthorized, status, message.empty() ? "the API key was refused" : message};
    if (status == 429) return {RemoteErrorKind::RateLimited, status, message};
    if (status >= 500) return {RemoteErrorKind::ServerError, status, message};
    if (status >= 400) return {RemoteErrorKind::Rejected, status, message};
    return {RemoteErrorKind::Protocol, status, "unexpected HTTP status " + std::to_string(status)};
}

Result<OpenAiClient> OpenAiClient::create(const std::string& base_url, std::string api_key) {
    auto url = parse_http_url(base_url);
    PONDER_TRY(url);
    if (url->path.empty()) url->path = "/v1";
    return OpenAiClient(*url, base_url, std::move(api_key));
}

HttpCall OpenAiClient::call(std::string method, const std::string& endpoint, const std::atomic<bool>* cancel) const {
    HttpCall call;
    call.method = std::move(method);
    call.path = url_.path + endpoint;
    call.cancel = cancel;
    if (!api_key_.empty()) call.headers.emplace_back("Authorization", "Bearer " + api_key_);
    return call;
}

Result<std::vector<std::string>> OpenAiClient::models(const std::atomic<bool>* cancel) const {
    std::string body;
    const HttpResult result = http_request(url_, call("GET", "/models", cancel), [&](std::string_view piece) {
        body += piece;
        return body.size() < (16u << 20);
    });
    if (result.transport != Transport::Complete || result.status != 200) {
        const RemoteError error = remote_error(result, body);
        return make_error(base_url_ + ": " + error.message);
    }
    const json list = json::parse(body, nullptr, false);
    if (!list.is_object() || !list.contains("data") || !list["data"].is_array())
        return make_error(base_url_ + "/models did not answer with a model list");
    std::vector<std::string> ids;
    for (const json& model : list["data"])
        if (model.is_object() && model.contains("id") && model["id"].is_string()) ids.push_back(model["id"]);
    return ids;
}

RemoteReply OpenAiClient::chat(const std::string& model, const std::vector<ChatMessage>& messages,
                               const RemoteSampling& sampling,
                               const std::function<bool(const RemoteDelta&)>& on_delta,
                               const std::atomic<bool>* cancel) const {
    json request = {{"model", model}, {"stream", true}, {"stream_options", {{"include_usage", true}}}};
    json& list = request["messages"] = json::array();
    for (const ChatMessage& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    if (sampling.temperature) request["temperature"] = *sampling.temperature;
    if (sampling.top_p) request["top_p"] = *sampling.top_p;
    if (sampling.min_p) request["min_p"] = *sampling.min_p;
    if (sampling.top_k) request["top_k"] = *sampling.top_k;
    if (sampling.max_tokens) request["max_tokens"] = *sampling.max_tokens;
    if (sampling.seed) request["seed"] = *sampling.seed;
    if (sampling.thinking_budget_tokens) request["thinking_budget_tokens"] = *sampling.thinking_budget_tokens;

    HttpCall post = call("POST", "/chat/completions", cancel);
    post.headers.emplace_back("Content-Type", "application/json");
    post.headers.emplace_back("Accept", "text/event-stream");
    post.body = request.dump(-1, ' ', false, json::error_handler_t::replace);

    ChatStreamDecoder decoder(on_delta);
    SseParser events;
    std::string head_of_body;  // the start of the body: the message of a non-200 answer
    bool more = true;
    HttpResult result = http_request(url_, post, [&](std::string_view piece) {
        if (head_of_body.size() < 64 * 1024) head_of_body += piece;
        events.feed(piece, [&](const SseEvent& event) {
            if (more) more = decoder.data(event.data);
        });
        return more;
    });
    if (result.transport == Transport::Cancelled) return decoder.fail({RemoteErrorKind::CutOff, 0, "cancelled"});
    if (result.status != 200) return decoder.fail(remote_error(result, head_of_body));
    if (result.transport != Transport::Complete) return decoder.fail(remote_error(result, ""));
    return decoder.finish();
}

} // namespace ponder::serve
