// The bodies of POST /v1/chat/completions and /v1/completions, read into Ponder's types. Anything
// malformed, of the wrong type or out of range is an Error naming the field, answered with 400.
#pragma once

#include "chat/chat_session.h"
#include "error.h"

#include <string>
#include <string_view>
#include <vector>

namespace ponder::serve {

// What both endpoints share.
struct GenerationRequest {
    std::string model;  // empty: whichever model is loaded
    SamplingParams sampling;
    std::vector<std::string> stop;
    bool stream = false;
    bool include_usage = false;  // stream_options.include_usage: a last chunk with the token counts
};

struct ChatCompletionRequest : GenerationRequest {
    std::vector<ChatMessage> messages;
    bool inline_reasoning = false;  // "reasoning_format": "none": <think>...</think> inside the content
};

struct CompletionRequest : GenerationRequest {
    std::string prompt;
};

// Fields left out keep Ponder's defaults (SamplingParams), except the seed: a fresh random one, as
// OpenAI's API does, unless "seed" is given.
Result<ChatCompletionRequest> parse_chat_completion_request(std::string_view body);
Result<CompletionRequest> parse_completion_request(std::string_view body);

} // namespace ponder::serve
