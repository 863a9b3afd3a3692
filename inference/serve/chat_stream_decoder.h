// Turns the data of a streamed chat completion into reasoning and answer, whichever way the server
// sends the reasoning: in delta.reasoning (vLLM >= 0.11, Ollama, OpenRouter, LM Studio for
// gpt-oss), in delta.reasoning_content (DeepSeek, vLLM <= 0.15, SGLang, llama.cpp, LM Studio), or
// inline in delta.content between <think> and </think> (no reasoning parser), the opening tag
// possibly missing because the prompt held it (R1 distills, QwQ).
#pragma once

#include "chat/reasoning_splitter.h"
#include "serve/remote_reply.h"

#include <functional>
#include <string>
#include <string_view>

namespace ponder::serve {

class ChatStreamDecoder {
public:
    // `on_delta` returning false stops the stream (the caller stops reading).
    explicit ChatStreamDecoder(std::function<bool(const RemoteDelta&)> on_delta);

    // One event's data ("{...}" or "[DONE]"). False: read no further (done, an error, or stopped).
    bool data(std::string_view payload);
    // The stream ended (connection closed): releases held text, and a reply that never finished
    // is CutOff unless an error was already reported.
    RemoteReply finish();
    // The reply so far with `error` set: for a failure the caller saw (cancelled, timed out).
    RemoteReply fail(RemoteError error);

private:
    void answer_text(std::string_view text);  // inline content after the splitter
    bool emit(RemoteDelta delta);

    std::function<bool(const RemoteDelta&)> on_delta_;
    ReasoningSplitter splitter_;
    bool reasoning_field_seen_ = false;  // the server separates reasoning itself: content is all answer
    bool reasoning_seen_ = false;        // any reasoning at all
    std::string held_;                   // answer text that may be the start of a late "</think>"
    bool after_late_close_ = false;      // just after a late "</think>": its newlines are layout
    bool done_ = false, stopped_ = false;
    RemoteReply reply_;
};

} // namespace ponder::serve
