// Both generating endpoints run through generate(): parse, check the model, wait for the slot,
// stream (or collect) what ReplyShaper lets through, then the finish, usage and [DONE].
#include "serve/openai_routes.h"

#include "serve/openai_request.h"
#include "serve/openai_response.h"
#include "serve/reply_shaper.h"

#include <chrono>
#include <functional>

namespace ponder::serve {

using Delta = ChatSession::Delta;
using DeltaSink = std::function<bool(const Delta&)>;

// What differs between /v1/chat/completions and /v1/completions.
struct OpenAiRoutes::Endpoint {
    const char* id_prefix;
    const char* chunk_object;
    bool inline_reasoning;
    std::function<Result<GenerationStats>(const DeltaSink&, const std::atomic<bool>*)> run;
    std::function<OrderedJson(const ReplyIds&)> first_chunk;  // may be null
    std::function<OrderedJson(const ReplyIds&, const ReplyShaper::Piece&, const char* finish)> chunk;
    std::function<OrderedJson(const ReplyIds&, const std::string& reasoning, const std::string& content,
                              const char* finish, const GenerationStats&)>
        whole;
};

OpenAiRoutes::OpenAiRoutes(ChatSession& session, std::string model_id, int max_waiting,
                           const std::atomic<bool>& stopping)
    : session_(session), model_id_(std::move(model_id)), slot_(max_waiting), stopping_(stopping),
      created_(std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count()) {}

void OpenAiRoutes::models(Responder& out) { out.send_json(200, models_json(model_id_, created_)); }

void OpenAiRoutes::generate(const Endpoint& endpoint, const GenerationRequest& request, Responder& out) {
    if (!request.model.empty() && request.model != model_id_) {
        out.send_error({404, "model '" + request.model + "' is not loaded; this server has '" + model_id_ + "'",
                        "model_not_found"});
        return;
    }
    switch (slot_.acquire([&] { return stopping_.load() || out.client_gone(); })) {
    case GenerationSlot::Outcome::Granted: break;
    case GenerationSlot::Outcome::Abandoned: return;
    case GenerationSlot::Outcome::Full:
        out.send_error({503, "the model is busy and enough requests are waiting for it; try again shortly",
                        "server_busy"});
        return;
    }
    GenerationSlot::Lease lease(slot_);

    const ReplyIds ids = new_reply_ids(endpoint.id_prefix, model_id_);
    ReplyShaper shaper(request.stop, endpoint.inline_reasoning);
    std::string reasoning, content;
    auto pass_on = [&](const ReplyShaper::Piece& piece) {
        if (piece.empty()) return true;
        if (!request.stream) {
            reasoning += piece.reasoning;
            content += piece.content;
            return !out.client_gone();
        }
        if (!out.streaming() && endpoint.first_chunk && !out.send_event(endpoint.first_chunk(ids))) return false;
        return out.send_event(endpoint.chunk(ids, piece, nullptr));
    };
    auto stats = endpoint.run([&](const Delta& d) { return pass_on(shaper.feed(d)) && !shaper.stopped(); }, &stopping_);
    if (out.client_gone() || stopping_) return;
    if (!stats) {
        const ApiError error{500, "generation failed: " + stats.error().message, "generation_failed"};
        if (!out.streaming()) {
            out.send_error(error);
        } else {
            out.send_event(OrderedJson::parse(error_body(error)));
            out.send_done();
        }
        return;
    }
    if (stats->completion_tokens == 0 && stats->stop_reason == StopReason::ContextFull && !out.streaming()) {
        out.send_error({400,
                        "the prompt is " + std::to_string(stats->prompt_tokens) + " tokens long; the context holds " +
                            std::to_string(session_.context_length()),
                        "context_length_exceeded"});
        return;
    }
    if (!pass_on(shaper.finish())) return;
    const char* finish = finish_reason(stats->stop_reason, shaper.stopped());
    if (!request.stream) {
        out.send_json(200, endpoint.whole(ids, reasoning, content, finish, *stats));
        return;
    }
    if (!out.streaming() && endpoint.first_chunk) out.send_event(endpoint.first_chunk(ids));
    out.send_event(endpoint.chunk(ids, {}, finish));
    if (request.include_usage) out.send_event(usage_chunk_json(ids, endpoint.chunk_object, *stats));
    out.send_done();
}

void OpenAiRoutes::chat_completions(const HttpRequest& http, Responder& out) {
    auto request = parse_chat_completion_request(http.body);
    if (!request) {
        out.send_error({400, request.error().message, "invalid_request"});
        return;
    }
    Endpoint endpoint{
        "chatcmpl-", "chat.completion.chunk", request->inline_reasoning,
        [&](const DeltaSink& sink, const std::atomic<bool>* cancel) {
            return session_.generate(request->messages, request->sampling, sink, cancel);
        },
        [](const ReplyIds& ids) { return chat_chunk_json(ids, {{"role", "assistant"}, {"content", ""}}); },
        [](const ReplyIds& ids, const ReplyShaper::Piece& piece, const char* finish) {
            OrderedJson delta = OrderedJson::object();
            if (!piece.reasoning.empty()) delta["reasoning_content"] = piece.reasoning;
            if (!piece.content.empty()) delta["content"] = piece.content;
            return chat_chunk_json(ids, std::move(delta), finish);
        },
        chat_completion_json};
    generate(endpoint, *request, out);
}

void OpenAiRoutes::completions(const HttpRequest& http, Responder& out) {
    auto request = parse_completion_request(http.body);
    if (!request) {
        out.send_error({400, request.error().message, "invalid_request"});
        return;
    }
    Endpoint endpoint{
        "cmpl-", "text_completion", false,
        [&](const DeltaSink& sink, const std::atomic<bool>* cancel) {
            return session_.complete(request->prompt, request->sampling, sink, cancel);
        },
        nullptr,
        [](const ReplyIds& ids, const ReplyShaper::Piece& piece, const char* finish) {
            return completion_chunk_json(ids, piece.content, finish);
        },
        [](const ReplyIds& ids, const std::string&, const std::string& content, const char* finish,
           const GenerationStats& stats) { return completion_json(ids, content, finish, stats); }};
    generate(endpoint, *request, out);
}

} // namespace ponder::serve
