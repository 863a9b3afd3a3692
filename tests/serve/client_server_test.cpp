// Ponder's client against Ponder's server over real loopback HTTP, and against a scripted peer for
// the failures a real server rarely shows on demand (429, 5xx, a cut stream).
#include "loopback_http.h"
#include "served_model.h"

#include "serve/chat_stream_decoder.h"
#include "serve/openai_client.h"
#include "serve/socket.h"
#include "serve/sse_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace ponder::serve::testing {
namespace {

struct Collected {
    RemoteReply reply;
    std::string reasoning, content;
    int deltas = 0;
    bool content_before_reasoning_ended = false;
};

Collected chat(const OpenAiClient& client, const std::string& model, const RemoteSampling& sampling,
               int stop_after = -1, const std::atomic<bool>* cancel = nullptr) {
    Collected out;
    out.reply = client.chat(model, {{"user", "hello", ""}}, sampling, [&](const RemoteDelta& d) {
        if (!d.reasoning.empty() && !out.content.empty()) out.content_before_reasoning_ended = true;
        out.reasoning += d.reasoning;
        out.content += d.content;
        return ++out.deltas != stop_after;
    }, cancel);
    return out;
}

RemoteSampling budgeted() {
    RemoteSampling s;
    s.temperature = 0;
    s.seed = 5;
    s.max_tokens = 9;
    s.thinking_budget_tokens = 3;
    return s;
}

SamplingParams budgeted_params() {
    SamplingParams s;
    s.temperature = 0;
    s.seed = 5;
    s.max_tokens = 9;
    s.thinking.budget_tokens = 3;
    return s;
}

TEST(ClientAndServer, ReasoningAndAnswerArriveSeparatedWithUsage) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    auto client = OpenAiClient::create(server->url() + "/v1");
    ASSERT_TRUE(client.ok());
    auto models = client->models();
    ASSERT_TRUE(models.ok()) << models.error().message;
    EXPECT_EQ(*models, std::vector<std::string>{kModelId});

    std::string reasoning, content;
    auto direct = test_session().generate({{"user", "hello", ""}}, budgeted_params(), [&](const ChatSession::Delta& d) {
        reasoning += d.reasoning;
        content += d.content;
        return true;
    });
    ASSERT_TRUE(direct.ok());
    ASSERT_FALSE(reasoning.empty());
    ASSERT_FALSE(content.empty());

    const Collected got = chat(*client, kModelId, budgeted());
    ASSERT_FALSE(got.reply.error) << got.reply.error->message;
    EXPECT_EQ(got.reply.reasoning, reasoning);
    EXPECT_EQ(got.reply.content, content);
    EXPECT_EQ(got.reasoning, reasoning);
    EXPECT_EQ(got.content, content);
    EXPECT_FALSE(got.content_before_reasoning_ended);
    EXPECT_EQ(got.reply.finish_reason, "length");
    ASSERT_TRUE(got.reply.usage);
    EXPECT_EQ(got.reply.usage->prompt_tokens, direct->prompt_tokens);
    EXPECT_EQ(got.reply.usage->completion_tokens, 9);
    EXPECT_EQ(got.reply.usage->reasoning_tokens, 3);
}

TEST(ClientAndServer, InlineThinkFromPondersServerSplitsTheSameWay) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    auto direct = chat(*OpenAiClient::create(server->url()), kModelId, budgeted());
    ASSERT_FALSE(direct.reply.error);
    const RawResponse raw = round_trip(
        server->port(),
        post("/v1/chat/completions",
             R"({"messages":[{"role":"user","content":"hello"}],"temperature":0,"seed":5,"max_tokens":9,)"
             R"("thinking_budget_tokens":3,"stream":true,"reasoning_format":"none"})"));
    ASSERT_EQ(raw.status, 200);
    ASSERT_NE(raw.body.find("<think>"), std::string::npos);
    ChatStreamDecoder decoder(nullptr);
    SseParser parser;
    parser.feed(raw.body, [&](const SseEvent& e) { decoder.data(e.data); });
    const RemoteReply reply = decoder.finish();
    EXPECT_EQ(reply.reasoning, direct.reply.reasoning);
    EXPECT_EQ(reply.content, direct.reply.content);
}

TEST(ClientAndServer, ErrorsAreDistinctUnreachableUnauthorizedRejected) {
    uint16_t closed_port;
    {
        auto listener = Listener::bind("127.0.0.1", 0);
        ASSERT_TRUE(listener.ok());
        closed_port = listener->port();
    }  // nothing listens there any more
    const Collected unreachable = chat(*OpenAiClient::create("http://127.0.0.1:" + std::to_string(closed_port)), "m", {});
    ASSERT_TRUE(unreachable.reply.error);
    EXPECT_EQ(unreachable.reply.error->kind, RemoteErrorKind::Unreachable);

    ServerOptions options;
    options.api_key = "sk-right";
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    const Collected no_key = chat(*OpenAiClient::create(server->url(), "sk-wrong"), kModelId, {});
    ASSERT_TRUE(no_key.reply.error);
    EXPECT_EQ(no_key.reply.error->kind, RemoteErrorKind::Unauthorized);
    EXPECT_EQ(no_key.reply.error->http_status, 401);
    EXPECT_FALSE(OpenAiClient::create(server->url(), "sk-wrong")->models().ok());

    const Collected wrong_model = chat(*OpenAiClient::create(server->url(), "sk-right"), "gpt-4o", {});
    ASSERT_TRUE(wrong_model.reply.error);
    EXPECT_EQ(wrong_model.reply.error->kind, RemoteErrorKind::Rejected);
    EXPECT_EQ(wrong_model.reply.error->http_status, 404);
    EXPECT_NE(wrong_model.reply.error->message.find("gpt-4o"), std::string::npos);
}

// A peer that answers every connection with `response` and closes: chunked or not, as written.
class ScriptedPeer {
public:
    explicit ScriptedPeer(std::string response) : response_(std::move(response)) {
        auto listener = Listener::bind("127.0.0.1", 0);
        EXPECT_TRUE(listener.ok());
        listener_ = std::move(*listener);
        thread_ = std::thread([this] {
            while (!stop_) {
                Socket s = listener_.accept(50);
                if (!s.valid()) continue;
                char sink[65536];
                s.read_some(sink, 1000);  // the request (small enough for one read here)
                s.write_all(response_);
                s.finish_sending();
            }
        });
    }
    ~ScriptedPeer() {
        stop_ = true;
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()) + "/v1"; }

private:
    std::string response_;
    Listener listener_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST(ClientAndServer, RateLimitServerErrorAndCutStreamKeepWhatArrived) {
    ScriptedPeer limited("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 55\r\n\r\n"
                         R"({"error":{"message":"slow down","type":"requests"}}    )");
    const Collected a = chat(*OpenAiClient::create(limited.url()), "m", {});
    ASSERT_TRUE(a.reply.error);
    EXPECT_EQ(a.reply.error->kind, RemoteErrorKind::RateLimited);
    EXPECT_EQ(a.reply.error->message, "slow down");

    ScriptedPeer broken("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\n\r\nupstream down");
    const Collected b = chat(*OpenAiClient::create(broken.url()), "m", {});
    ASSERT_TRUE(b.reply.error);
    EXPECT_EQ(b.reply.error->kind, RemoteErrorKind::ServerError);
    EXPECT_EQ(b.reply.error->http_status, 502);

    // Chunked, as uvicorn and llama.cpp's server send it, and cut after the first answer words.
    const std::string events = "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"Think.\"}}]}\n\n"
                               "data: {\"choices\":[{\"delta\":{\"content\":\"Four\"}}]}\n\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", events.size());
    ScriptedPeer cut("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     std::string(size) + "\r\n" + events + "\r\n");
    const Collected c = chat(*OpenAiClient::create(cut.url()), "m", {});
    ASSERT_TRUE(c.reply.error);
    EXPECT_EQ(c.reply.error->kind, RemoteErrorKind::CutOff);
    EXPECT_EQ(c.reply.reasoning, "Think.");
    EXPECT_EQ(c.reply.content, "Four");

    ScriptedPeer not_http("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    const Collected d = chat(*OpenAiClient::create(not_http.url()), "m", {});
    ASSERT_TRUE(d.reply.error);
    EXPECT_EQ(d.reply.error->kind, RemoteErrorKind::Protocol);
}

TEST(ClientAndServer, StoppingTheClientFreesThePondersModel) {
    ServerOptions options;
    options.max_waiting = 0;
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    auto client = OpenAiClient::create(server->url());
    auto cancelled = [] { return std::ranges::count(recording_session().stop_reasons(), StopReason::Cancelled); };
    const auto cancelled_before = cancelled();
    RemoteSampling longer;
    longer.max_tokens = 100000;
    const Collected stopped = chat(*client, kModelId, longer, /*stop_after=*/2);
    EXPECT_EQ(stopped.deltas, 2);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (recording_session().running() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(cancelled(), cancelled_before + 1);  // the generation was cancelled, not run to its end
    RemoteSampling short_reply;
    short_reply.max_tokens = 2;
    const Collected next = chat(*client, kModelId, short_reply);
    EXPECT_FALSE(next.reply.error) << next.reply.error->message;
}

} // namespace
} // namespace ponder::serve::testing
