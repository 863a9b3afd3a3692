#include "serve/chat_stream_decoder.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ponder::serve {
namespace {

using nlohmann::json;

// The text of `object[name]`, treating a missing key, null and "" alike.
std::string text_of(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An error in any of the shapes servers use: {"error":{"message":...}}, {"error":"text"},
// {"object":"error","message":...}.
std::optional<std::string> error_message(const json& chunk) {
    if (auto it = chunk.find("error"); it != chunk.end() && !it->is_null()) {
        if (it->is_string()) return it->get<std::string>();
        if (it->is_object() && it->contains("message") && (*it)["message"].is_string())
            return (*it)["message"].get<std::string>();
        return it->dump();
    }
    if (text_of(chunk, "object") == "error") return text_of(chunk, "message");
    return std::nullopt;
}

int count_of(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// Length of the longest tail of `text` that begins `tag` (without being all of it).
size_t partial_tag(std::string_view text, std::string_view tag) {
    for (size_t n = std::min(text.size(), tag.size() - 1); n > 0; --n)
        if (text.substr(text.size() - n) == tag.substr(0, n)) return n;
    return 0;
}

} // namespace

const char* to_string(RemoteErrorKind kind) {
    switch (kind) {
    case RemoteErrorKind::Unreachable: return "unreachable";
    case RemoteErrorKind::Unauthorized: return "unauthorized";
    case RemoteErrorKind::RateLimited: return "rate_limited";
    case RemoteErrorKind::ServerError: return "server_error";
    case RemoteErrorKind::Rejected: return "rejected";
    case RemoteErrorKind::StreamError: return "stream_error";
    case RemoteErrorKind::CutOff: return "cut_off";
    case RemoteErrorKind::Protocol: return "protocol";
    }
    return "unknown";
}

ChatStreamDecoder::ChatStreamDecoder(std::function<bool(const RemoteDelta&)> on_delta)
    : on_delta_(std::move(on_delta)), splitter_(ReplyStart::Fresh) {}

bool ChatStreamDecoder::emit(RemoteDelta delta) {
    if (delta.reasoning.empty() && delta.content.empty() && !delta.answer_was_reasoning) return true;
    if (!delta.reasoning.empty()) reasoning_seen_ = true;
    if (delta.answer_was_reasoning) {
        reply_.reasoning = delta.reasoning;
        reply_.content.clear();
    } else {
        reply_.reasoning += delta.reasoning;
    }
    reply_.content += delta.content;
    if (on_delta_ && !on_delta_(delta)) stopped_ = true;
    return !stopped_;
}

void ChatStreamDecoder::answer_text(std::string_view text) {
    if (reasoning_seen_ || reasoning_field_seen_) {  // a late </think> can only close an unopened trace
        if (after_late_close_) {  // newlines after the tag are layout
            text.remove_prefix(std::min(text.size(), text.find_first_not_of('\n')));
            after_late_close_ = text.empty();
        }
        emit({{}, std::string(text)});
        return;
    }
    held_ += text;
    const size_t close = held_.find(kThinkClose);
    if (close == std::string::npos) {
        const size_t keep = partial_tag(held_, kThinkClose);
        emit({{}, held_.substr(0, held_.size() - keep)});
        held_.erase(0, held_.size() - keep);
        return;
    }
    // Everything up to </think> was the trace; newlines before the tag are the template's layout.
    std::string trace = reply_.content + held_.substr(0, close);
    while (!trace.empty() && trace.back() == '\n') trace.pop_back();
    std::string rest = held_.substr(close + kThinkClose.size());
    held_.clear();
    emit({trace, {}, /*answer_was_reasoning=*/true});
    reasoning_seen_ = true;
    const size_t first = rest.find_first_not_of('\n');
    after_late_close_ = first == std::string::npos;
    if (first != std::string::npos) emit({{}, rest.substr(first)});
}

bool ChatStreamDecoder::data(std::string_view payload) {
    if (done_ || stopped_ || reply_.error) return false;
    if (payload == "[DONE]") {
        done_ = true;
        return false;
    }
    const json chunk = json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (chunk.is_discarded() || !chunk.is_object()) {
        reply_.error = RemoteError{RemoteErrorKind::Protocol, 0,
                                   "the server sent an event that is not a JSON object: " +
                                       std::string(payload.substr(0, 200))};
        return false;
    }
    if (auto message = error_message(chunk)) {
        reply_.error = RemoteError{RemoteErrorKind::StreamError, 0, *message};
        return false;
    }
    if (auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
        RemoteUsage u{count_of(*usage, "prompt_tokens"), count_of(*usage, "completion_tokens"),
                      count_of(*usage, "total_tokens"), -1};
        if (auto details = usage->find("completion_tokens_details"); details != usage->end() && details->is_object() &&
                                                                      details->contains("reasoning_tokens"))
            u.reasoning_tokens = count_of(*details, "reasoning_tokens");
        reply_.usage = u;
    }
    auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) return true;
    const json& choice = (*choices)[0];
    if (auto delta = choice.find("delta"); delta != choice.end() && delta->is_object()) {
        // vLLM 0.11-0.15 sends the same text under both names: take one.
        std::string reasoning = text_of(*delta, "reasoning");
        if (reasoning.empty()) reasoning = text_of(*delta, "reasoning_content");
        if (!reasoning.empty()) {
            reasoning_field_seen_ = true;
            if (!emit({reasoning, {}})) return false;
        }
        const std::string content = text_of(*delta, "content");
        if (!content.empty()) {
            if (reasoning_field_seen_) {
                emit({{}, content});
            } else {
                const ReasoningSplitter::Delta split = splitter_.feed(content);
                if (!emit({split.reasoning, {}})) return false;
                if (!split.answer.empty()) answer_text(split.answer);
            }
        }
    }
    if (auto finish = choice.find("finish_reason"); finish != choice.end() && finish->is_string())
        reply_.finish_reason = finish->get<std::string>();
    return !stopped_;
}

RemoteReply ChatStreamDecoder::finish() {
    if (!stopped_) {
        const ReasoningSplitter::Delta split = splitter_.finish();
        emit({split.reasoning, {}});
        if (!split.answer.empty()) answer_text(split.answer);
        if (!held_.empty()) emit({{}, held_});  // a partial "</thi" at the very end is just text
        held_.clear();
    }
    if (!reply_.error && !stopped_ && !done_ && reply_.finish_reason.empty())
        reply_.error = RemoteError{RemoteErrorKind::CutOff, 0, "the stream ended before the reply was complete"};
    return reply_;
}

RemoteReply ChatStreamDecoder::fail(RemoteError error) {
    RemoteReply reply = finish();
    reply.error = std::move(error);
    return reply;
}

} // namespace ponder::serve
