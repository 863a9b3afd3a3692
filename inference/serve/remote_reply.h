// What a remote OpenAI-compatible server sent back for one chat request: the reply so far, and
// what went wrong, if anything, kept apart so that a failed reply keeps what arrived.
#pragma once

#include <optional>
#include <string>

namespace ponder::serve {

enum class RemoteErrorKind {
    Unreachable,   // no connection (refused, no route, name not found, timed out connecting)
    Unauthorized,  // 401 / 403: the API key is missing or wrong
    RateLimited,   // 429: too many requests, or out of quota
    ServerError,   // 5xx
    Rejected,      // another 4xx: the server refused the request (unknown model, bad field)
    StreamError,   // the server reported an error in the middle of the stream
    CutOff,        // the connection ended before the reply was complete
    Protocol,      // the answer was not HTTP, SSE or JSON of the expected shape
};
const char* to_string(RemoteErrorKind kind);  // "unreachable", "unauthorized", ...

struct RemoteError {
    RemoteErrorKind kind = RemoteErrorKind::Protocol;
    int http_status = 0;  // 0 when no HTTP status applies
    std::string message;  // the server's own message when it sent one
};

struct RemoteUsage {
    int prompt_tokens = 0, completion_tokens = 0, total_tokens = 0;
    int reasoning_tokens = -1;  // -1: the server did not say
};

// One streamed piece. `answer_was_reasoning`: the content delivered so far was in fact reasoning
// (an inline trace whose <think> was in the prompt only shows itself at </think>): drop it from the
// answer; `reasoning` then holds the whole trace up to here.
struct RemoteDelta {
    std::string reasoning, content;
    bool answer_was_reasoning = false;
};

struct RemoteReply {
    std::string reasoning, content;
    std::string finish_reason;  // "stop", "length", ... ("" when none came)
    std::optional<RemoteUsage> usage;
    std::optional<RemoteError> error;
};

} // namespace ponder::serve
