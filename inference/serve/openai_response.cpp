#include "serve/openai_response.h"

#include <chrono>
#include <random>

namespace ponder::serve {

ReplyIds new_reply_ids(const char* prefix, const std::string& model) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::random_device random;
    std::string id = prefix;
    for (int i = 0; i < 24; ++i) id += kHex[random() % 16];
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return {id, std::chrono::duration_cast<std::chrono::seconds>(now).count(), model};
}

const char* finish_reason(StopReason reason, bool stop_string_hit) {
    if (stop_string_hit) return "stop";
    switch (reason) {
    case StopReason::MaxTokens:
    case StopReason::ContextFull: return "length";
    case StopReason::EndOfGeneration:
    case StopReason::Cancelled: break;
    }
    return "stop";
}

OrderedJson usage_json(const GenerationStats& stats) {
    return {{"prompt_tokens", stats.prompt_tokens},
            {"completion_tokens", stats.completion_tokens},
            {"total_tokens", stats.prompt_tokens + stats.completion_tokens},
            {"completion_tokens_details", {{"reasoning_tokens", stats.reasoning_tokens}}}};
}

namespace {

OrderedJson envelope(const ReplyIds& ids, const char* object) {
    return {{"id", ids.id}, {"object", object}, {"created", ids.created}, {"model", ids.model}};
}

OrderedJson finish_json(const char* finish) { return finish ? OrderedJson(finish) : OrderedJson(nullptr); }

} // namespace

OrderedJson chat_completion_json(const ReplyIds& ids, const std::string& reasoning, const std::string& content,
                                 const char* finish, const GenerationStats& stats) {
    OrderedJson message = {{"role", "assistant"}, {"content", content}};
    if (!reasoning.empty()) message["reasoning_content"] = reasoning;
    OrderedJson out = envelope(ids, "chat.completion");
    out["choices"] = OrderedJson::array({{{"index", 0}, {"message", message}, {"finish_reason", finish_json(finish)}}});
    out["usage"] = usage_json(stats);
    return out;
}

OrderedJson chat_chunk_json(const ReplyIds& ids, OrderedJson delta, const char* finish) {
    OrderedJson out = envelope(ids, "chat.completion.chunk");
    out["choices"] = OrderedJson::array(
        {{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish_json(finish)}}});
    return out;
}

OrderedJson usage_chunk_json(const ReplyIds& ids, const char* object, const GenerationStats& stats) {
    OrderedJson out = envelope(ids, object);
    out["choices"] = OrderedJson::array();
    out["usage"] = usage_json(stats);
    return out;
}

OrderedJson completion_json(const ReplyIds& ids, const std::string& text, const char* finish,
                            const GenerationStats& stats) {
    OrderedJson out = completion_chunk_json(ids, text, finish);
    out["usage"] = usage_json(stats);
    return out;
}

OrderedJson completion_chunk_json(const ReplyIds& ids, const std::string& text, const char* finish) {
    OrderedJson out = envelope(ids, "text_completion");
    out["choices"] = OrderedJson::array(
        {{{"index", 0}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", finish_json(finish)}}});
    return out;
}

OrderedJson models_json(const std::string& model_id, int64_t created) {
    return {{"object", "list"},
            {"data", OrderedJson::array({{{"id", model_id}, {"object", "model"}, {"created", created},
                                          {"owned_by", "ponder"}}})}};
}

std::string to_wire(const OrderedJson& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace ponder::serve
