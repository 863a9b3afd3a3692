// Field by field, with nlohmann::json's exception-free accessors: every type is checked before use.
#include "serve/openai_request.h"

#include <nlohmann/json.hpp>

#include <random>

namespace ponder::serve {
namespace {

using nlohmann::json;

Error field_error(const std::string& field, const std::string& what) { return make_error("'" + field + "' " + what); }

// Reads `body` as a JSON object.
Result<json> parse_object(std::string_view body) {
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return make_error("the request body is not valid JSON");
    if (!parsed.is_object()) return make_error("the request body must be a JSON object");
    return parsed;
}

// The member `name` of `object` when present and not null.
const json* member(const json& object, const char* name) {
    auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

Result<float> number_in(const json& object, const char* name, double lo, double hi, float fallback) {
    const json* v = member(object, name);
    if (!v) return fallback;
    if (!v->is_number()) return field_error(name, "must be a number");
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi))
        return field_error(name, "must be between " + json(lo).dump() + " and " + json(hi).dump());
    return static_cast<float>(x);
}

Result<int64_t> integer_in(const json& object, const char* name, int64_t lo, int64_t hi, int64_t fallback) {
    const json* v = member(object, name);
    if (!v) return fallback;
    if (!v->is_number_integer()) return field_error(name, "must be an integer");
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(hi))
        return field_error(name, "must be at most " + std::to_string(hi));
    const int64_t x = v->get<int64_t>();
    if (x < lo || x > hi)
        return field_error(name, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return x;
}

Result<bool> flag(const json& object, const char* name, bool fallback) {
    const json* v = member(object, name);
    if (!v) return fallback;
    if (!v->is_boolean()) return field_error(name, "must be true or false");
    return v->get<bool>();
}

// "stop": a string or an array of strings.
Result<std::vector<std::string>> stop_strings(const json& object) {
    const json* v = member(object, "stop");
    if (!v) return std::vector<std::string>{};
    if (v->is_string()) return std::vector<std::string>{v->get<std::string>()};
    if (!v->is_array() || v->size() > 16) return field_error("stop", "must be a string or an array of up to 16 strings");
    std::vector<std::string> stops;
    for (const json& s : *v) {
        if (!s.is_string()) return field_error("stop", "must hold only strings");
        stops.push_back(s.get<std::string>());
    }
    return stops;
}

Status read_generation_fields(const json& body, GenerationRequest& out, bool chat) {
    if (const json* model = member(body, "model")) {
        if (!model->is_string()) return field_error("model", "must be a string");
        out.model = model->get<std::string>();
    }
    SamplingParams& s = out.sampling;
    auto temperature = number_in(body, "temperature", 0, 2, s.temperature);
    PONDER_TRY(temperature);
    auto top_p = number_in(body, "top_p", 0, 1, s.top_p);
    PONDER_TRY(top_p);
    auto min_p = number_in(body, "min_p", 0, 1, s.min_p);
    PONDER_TRY(min_p);
    auto top_k = integer_in(body, "top_k", 0, 1'000'000, s.top_k);
    PONDER_TRY(top_k);
    // max_completion_tokens is the newer name; /v1/completions defaults to 16 tokens, as OpenAI's.
    auto max_tokens = integer_in(body, "max_tokens", 1, 1'000'000'000, chat ? s.max_tokens : 16);
    PONDER_TRY(max_tokens);
    auto max_completion = integer_in(body, "max_completion_tokens", 1, 1'000'000'000, *max_tokens);
    PONDER_TRY(max_completion);
    auto n = integer_in(body, "n", 1, 1, 1);
    if (!n) return field_error("n", "must be 1: Ponder writes one reply per request");
    s.temperature = *temperature;
    s.top_p = *top_p;
    s.min_p = *min_p;
    s.top_k = static_cast<int>(*top_k);
    s.max_tokens = static_cast<int>(*max_completion);
    if (const json* seed = member(body, "seed")) {
        if (!seed->is_number_integer()) return field_error("seed", "must be an integer");
        s.seed = seed->is_number_unsigned() ? seed->get<uint64_t>() : static_cast<uint64_t>(seed->get<int64_t>());
    } else {
        s.seed = std::random_device{}() | (static_cast<uint64_t>(std::random_device{}()) << 32);
    }
    auto stops = stop_strings(body);
    PONDER_TRY(stops);
    out.stop = std::move(*stops);
    auto stream = flag(body, "stream", false);
    PONDER_TRY(stream);
    out.stream = *stream;
    if (const json* options = member(body, "stream_options")) {
        if (!options->is_object()) return field_error("stream_options", "must be an object");
        auto usage = flag(*options, "include_usage", false);
        if (!usage) return field_error("stream_options.include_usage", "must be true or false");
        out.include_usage = *usage;
    }
    return {};
}

// A message's "content": a string, null, or an array of {"type":"text","text":...} parts.
Result<std::string> message_text(const json& message, size_t index) {
    const std::string field = "messages[" + std::to_string(index) + "].content";
    const json* content = member(message, "content");
    if (!content) return std::string();
    if (content->is_string()) return content->get<std::string>();
    if (!content->is_array()) return field_error(field, "must be a string or an array of text parts");
    std::string text;
    for (const json& part : *content) {
        const json* type = part.is_object() ? member(part, "type") : nullptr;
        const json* value = part.is_object() ? member(part, "text") : nullptr;
        if (!type || *type != "text" || !value || !value->is_string())
            return field_error(field, "may hold only {\"type\": \"text\", \"text\": ...} parts (Ponder reads text only)");
        text += value->get<std::string>();
    }
    return text;
}

Result<std::vector<ChatMessage>> read_messages(const json& body) {
    const json* messages = member(body, "messages");
    if (!messages || !messages->is_array() || messages->empty())
        return field_error("messages", "must be a non-empty array of messages");
    std::vector<ChatMessage> out;
    for (size_t i = 0; i < messages->size(); ++i) {
        const json& m = (*messages)[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!m.is_object()) return field_error(where, "must be an object");
        const json* role = member(m, "role");
        if (!role || !role->is_string()) return field_error(where + ".role", "must be a string");
        std::string name = role->get<std::string>();
        if (name == "developer") name = "system";  // OpenAI's newer name for the system message
        if (name != "system" && name != "user" && name != "assistant")
            return field_error(where + ".role", "must be system, developer, user or assistant (got '" + name + "')");
        auto text = message_text(m, i);
        PONDER_TRY(text);
        ChatMessage message{name, std::move(*text), ""};
        // Earlier replies' traces, under either name the servers use.
        for (const char* key : {"reasoning_content", "reasoning"})
            if (const json* r = member(m, key); r && name == "assistant") {
                if (!r->is_string()) return field_error(where + "." + key, "must be a string");
                message.reasoning = r->get<std::string>();
            }
        out.push_back(std::move(message));
    }
    return out;
}

} // namespace

Result<ChatCompletionRequest> parse_chat_completion_request(std::string_view text) {
    auto body = parse_object(text);
    PONDER_TRY(body);
    ChatCompletionRequest request;
    PONDER_TRY(read_generation_fields(*body, request, /*chat=*/true));
    auto messages = read_messages(*body);
    PONDER_TRY(messages);
    request.messages = std::move(*messages);
    if (const json* format = member(*body, "reasoning_format")) {
        if (!format->is_string() || (*format != "none" && *format != "deepseek" && *format != "auto"))
            return field_error("reasoning_format", "must be \"none\" (reasoning inline in <think>) or \"deepseek\"/\"auto\" "
                                                   "(reasoning in reasoning_content)");
        request.inline_reasoning = *format == "none";
    }
    // Ponder's own: end the trace after this many tokens and answer (ThinkingControls::budget_tokens).
    auto budget = integer_in(*body, "thinking_budget_tokens", 1, 1'000'000'000, 0);
    PONDER_TRY(budget);
    request.sampling.thinking.budget_tokens = static_cast<int>(*budget);
    // vLLM's and llama.cpp's way to switch thinking off for templates that can (Qwen3).
    if (const json* kwargs = member(*body, "chat_template_kwargs")) {
        if (!kwargs->is_object()) return field_error("chat_template_kwargs", "must be an object");
        auto thinking = flag(*kwargs, "enable_thinking", true);
        if (!thinking) return field_error("chat_template_kwargs.enable_thinking", "must be true or false");
        if (member(*kwargs, "enable_thinking")) request.sampling.thinking.enabled = *thinking;
    }
    return request;
}

Result<CompletionRequest> parse_completion_request(std::string_view text) {
    auto body = parse_object(text);
    PONDER_TRY(body);
    CompletionRequest request;
    PONDER_TRY(read_generation_fields(*body, request, /*chat=*/false));
    const json* prompt = member(*body, "prompt");
    if (prompt && prompt->is_array() && prompt->size() == 1 && (*prompt)[0].is_string()) prompt = &(*prompt)[0];
    if (!prompt || !prompt->is_string() || prompt->get<std::string>().empty())
        return field_error("prompt", "must be a non-empty string (or an array of one string)");
    request.prompt = prompt->get<std::string>();
    return request;
}

} // namespace ponder::serve
