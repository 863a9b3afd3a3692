// The JSON Ponder's server answers with, in the shapes OpenAI's API (and vLLM, llama.cpp) use:
// whole replies, stream chunks, usage and the model list.
#pragma once

#include "chat/chat_session.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ponder::serve {

using OrderedJson = nlohmann::ordered_json;

// What every chunk and reply of one request repeats.
struct ReplyIds {
    std::string id;       // "chatcmpl-..." or "cmpl-..."
    int64_t created = 0;  // Unix seconds
    std::string model;
};
ReplyIds new_reply_ids(const char* prefix, const std::string& model);

// "stop" (end of generation, or a stop string), "length" (max_tokens or the context is full).
const char* finish_reason(StopReason reason, bool stop_string_hit);

// {"prompt_tokens","completion_tokens","total_tokens","completion_tokens_details":{"reasoning_tokens"}}
OrderedJson usage_json(const GenerationStats& stats);

// POST /v1/chat/completions without streaming. `reasoning` goes to reasoning_content (left out when empty).
OrderedJson chat_completion_json(const ReplyIds& ids, const std::string& reasoning, const std::string& content,
                                 const char* finish, const GenerationStats& stats);
// One "chat.completion.chunk" with `delta`; finish null until the last one.
OrderedJson chat_chunk_json(const ReplyIds& ids, OrderedJson delta, const char* finish = nullptr);
// The chunk after the last one when stream_options.include_usage: no choices, the usage.
OrderedJson usage_chunk_json(const ReplyIds& ids, const char* object, const GenerationStats& stats);

// POST /v1/completions: the whole reply, and one stream chunk ("text_completion" in both).
OrderedJson completion_json(const ReplyIds& ids, const std::string& text, const char* finish,
                            const GenerationStats& stats);
OrderedJson completion_chunk_json(const ReplyIds& ids, const std::string& text, const char* finish = nullptr);

// GET /v1/models with the one model served.
OrderedJson models_json(const std::string& model_id, int64_t created);

// Serialized for the wire; bytes that are not UTF-8 become U+FFFD instead of failing.
std::string to_wire(const OrderedJson& value);

} // namespace ponder::serve
