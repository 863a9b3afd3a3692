// The OpenAI endpoints over real loopback HTTP, checked against the same session called directly:
// the server adds transport, never a different reply.
#include "loopback_http.h"
#include "served_model.h"

#include "chat_test_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ponder::serve::testing {
namespace {

using nlohmann::json;

// What the session itself replies (reasoning, content, stats) to `messages` with `sampling`.
struct DirectReply {
    std::string reasoning, content;
    GenerationStats stats;
};

DirectReply direct_chat(const std::vector<ChatMessage>& messages, const SamplingParams& sampling) {
    DirectReply reply;
    auto stats = test_session().generate(messages, sampling, [&](const ChatSession::Delta& d) {
        reply.reasoning += d.reasoning;
        reply.content += d.content;
        return true;
    });
    EXPECT_TRUE(stats.ok());
    if (stats) reply.stats = *stats;
    return reply;
}

// Greedy, 3 reasoning tokens then Ponder's </think> and the answer: both parts in one reply.
SamplingParams budgeted_sampling() {
    SamplingParams s;
    s.temperature = 0;
    s.seed = 5;
    s.max_tokens = 9;
    s.thinking.budget_tokens = 3;
    return s;
}

const char* kBudgetedRequest =
    R"("messages":[{"role":"user","content":"hello"}],"temperature":0,"seed":5,"max_tokens":9,"thinking_budget_tokens":3)";

struct StreamedReply {
    std::string reasoning, content, finish_reason;
    json usage;
    bool content_before_reasoning_ended = false;  // an answer delta came before the last reasoning delta
    bool done = false;
    int role_chunks = 0;
};

StreamedReply read_stream(const RawResponse& response) {
    StreamedReply reply;
    for (const std::string& data : sse_data(response.body)) {
        if (data == "[DONE]") {
            reply.done = true;
            continue;
        }
        const json chunk = json::parse(data);
        if (chunk.contains("usage")) reply.usage = chunk["usage"];
        if (chunk["choices"].empty()) continue;
        const json& choice = chunk["choices"][0];
        const json& delta = choice["delta"];
        if (delta.contains("role")) ++reply.role_chunks;
        if (delta.contains("reasoning_content")) {
            if (!reply.content.empty()) reply.content_before_reasoning_ended = true;
            reply.reasoning += delta["reasoning_content"].get<std::string>();
        }
        if (delta.contains("content")) reply.content += delta["content"].get<std::string>();
        if (!choice["finish_reason"].is_null()) reply.finish_reason = choice["finish_reason"];
    }
    return reply;
}

TEST(ServerEndpoints, HealthAndModelsNameTheServedModel) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const RawResponse health = round_trip(server->port(), get("/health"));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body)["status"], "ok");
    const RawResponse models = round_trip(server->port(), get("/v1/models"));
    ASSERT_EQ(models.status, 200);
    const json list = json::parse(models.body);
    EXPECT_EQ(list["object"], "list");
    ASSERT_EQ(list["data"].size(), 1u);
    EXPECT_EQ(list["data"][0]["id"], kModelId);
    EXPECT_EQ(find_header(models.headers, "content-type"), "application/json");
}

TEST(ServerEndpoints, StreamedReasoningAndAnswerArriveSeparatedWithRightUsage) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const std::vector<ChatMessage> messages = {{"user", "hello", ""}};
    const DirectReply direct = direct_chat(messages, budgeted_sampling());
    ASSERT_FALSE(direct.reasoning.empty());
    ASSERT_FALSE(direct.content.empty());

    const RawResponse response = round_trip(
        server->port(), post("/v1/chat/completions", std::string("{") + kBudgetedRequest +
                                                         R"(,"stream":true,"stream_options":{"include_usage":true}})"));
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(find_header(response.headers, "content-type"), "text/event-stream");
    const StreamedReply streamed = read_stream(response);
    EXPECT_EQ(streamed.reasoning, direct.reasoning);
    EXPECT_EQ(streamed.content, direct.content);
    EXPECT_FALSE(streamed.content_before_reasoning_ended);
    EXPECT_EQ(streamed.content.find("</think>"), std::string::npos);
    EXPECT_EQ(streamed.role_chunks, 1);
    EXPECT_EQ(streamed.finish_reason, "length");
    EXPECT_TRUE(streamed.done);

    // The prompt as the template renders and the tokenizer counts it; the completion as sampled.
    ASSERT_TRUE(streamed.usage.is_object());
    const int prompt_tokens = static_cast<int>(ponder::testing::plain_prompt_tokens(messages).size());
    EXPECT_EQ(streamed.usage["prompt_tokens"], prompt_tokens);
    EXPECT_EQ(streamed.usage["completion_tokens"], 9);
    EXPECT_EQ(streamed.usage["completion_tokens"], direct.stats.completion_tokens);
    EXPECT_EQ(streamed.usage["total_tokens"], prompt_tokens + 9);
    EXPECT_EQ(streamed.usage["completion_tokens_details"]["reasoning_tokens"], 3);
}

TEST(ServerEndpoints, NonStreamedReplyCarriesTheSameReasoningContentAndUsage) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const DirectReply direct = direct_chat({{"user", "hello", ""}}, budgeted_sampling());
    const RawResponse response =
        round_trip(server->port(), post("/v1/chat/completions", std::string("{") + kBudgetedRequest + "}"));
    ASSERT_EQ(response.status, 200);
    const json reply = json::parse(response.body);
    EXPECT_EQ(reply["object"], "chat.completion");
    EXPECT_EQ(reply["model"], kModelId);
    const json& choice = reply["choices"][0];
    EXPECT_EQ(choice["message"]["role"], "assistant");
    EXPECT_EQ(choice["message"]["reasoning_content"], direct.reasoning);
    EXPECT_EQ(choice["message"]["content"], direct.content);
    EXPECT_EQ(choice["finish_reason"], "length");
    EXPECT_EQ(reply["usage"]["completion_tokens"], direct.stats.completion_tokens);
    EXPECT_EQ(reply["usage"]["prompt_tokens"], direct.stats.prompt_tokens);
}

TEST(ServerEndpoints, ReasoningFormatNoneWritesTheTraceInlineBetweenThinkTags) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const DirectReply direct = direct_chat({{"user", "hello", ""}}, budgeted_sampling());
    const RawResponse response = round_trip(
        server->port(),
        post("/v1/chat/completions", std::string("{") + kBudgetedRequest + R"(,"reasoning_format":"none"})"));
    ASSERT_EQ(response.status, 200);
    const json message = json::parse(response.body)["choices"][0]["message"];
    EXPECT_FALSE(message.contains("reasoning_content"));
    EXPECT_EQ(message["content"], "<think>\n" + direct.reasoning + "\n</think>\n\n" + direct.content);
}

TEST(ServerEndpoints, StopStringEndsTheAnswerBeforeIt) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const DirectReply direct = direct_chat({{"user", "hello", ""}}, budgeted_sampling());
    ASSERT_GE(direct.content.size(), 2u);
    // The answer's last character as the stop string: everything from its first occurrence is cut.
    const std::string stop = direct.content.substr(direct.content.size() - 1);
    const RawResponse response = round_trip(
        server->port(),
        post("/v1/chat/completions", std::string("{") + kBudgetedRequest + R"(,"stop":[)" + json(stop).dump() + "]}"));
    ASSERT_EQ(response.status, 200);
    const json choice = json::parse(response.body)["choices"][0];
    EXPECT_EQ(choice["message"]["content"], direct.content.substr(0, direct.content.find(stop)));
    EXPECT_EQ(choice["finish_reason"], "stop");
}

TEST(ServerEndpoints, CompletionsContinueRawTextStreamedOrNot) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    SamplingParams sampling;
    sampling.temperature = 0;
    sampling.max_tokens = 6;
    DirectReply direct;
    auto stats = test_session().complete("Once upon a time", sampling, [&](const ChatSession::Delta& d) {
        EXPECT_TRUE(d.reasoning.empty());
        direct.content += d.content;
        return true;
    });
    ASSERT_TRUE(stats.ok());
    const std::string body = R"({"model":"qwq-test","prompt":"Once upon a time","max_tokens":6,"temperature":0)";

    const RawResponse whole = round_trip(server->port(), post("/v1/completions", body + "}"));
    ASSERT_EQ(whole.status, 200);
    const json reply = json::parse(whole.body);
    EXPECT_EQ(reply["object"], "text_completion");
    EXPECT_EQ(reply["choices"][0]["text"], direct.content);
    EXPECT_EQ(reply["choices"][0]["finish_reason"], "length");
    EXPECT_EQ(reply["usage"]["completion_tokens"], 6);
    EXPECT_EQ(reply["usage"]["prompt_tokens"], stats->prompt_tokens);

    const RawResponse streamed = round_trip(server->port(), post("/v1/completions", body + R"(,"stream":true})"));
    ASSERT_EQ(streamed.status, 200);
    std::string text;
    bool done = false;
    for (const std::string& data : sse_data(streamed.body)) {
        if (data == "[DONE]") {
            done = true;
            continue;
        }
        text += json::parse(data)["choices"][0]["text"].get<std::string>();
    }
    EXPECT_EQ(text, direct.content);
    EXPECT_TRUE(done);
}

} // namespace
} // namespace ponder::serve::testing
