// What the server refuses, and how: every refusal is a 4xx/5xx with an OpenAI error object, the
// model is never used by two requests at once, and no client can hold it after leaving.
#include "loopback_http.h"
#include "served_model.h"

#include "serve/socket.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

namespace ponder::serve::testing {
namespace {

using nlohmann::json;

const std::string kHello = R"({"messages":[{"role":"user","content":"hello"}],"max_tokens":2,"temperature":0})";

// The status, and that the body is {"error":{"message":<non-empty>,"type":<string>,"code":...}}.
void expect_error(const RawResponse& response, int status, const std::string& code = "") {
    EXPECT_EQ(response.status, status);
    const json body = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object() && body.contains("error")) << response.body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    EXPECT_TRUE(body["error"]["type"].is_string());
    EXPECT_TRUE(body["error"].contains("code"));
    if (!code.empty()) EXPECT_EQ(body["error"]["code"], code);
}

std::string with_host(std::string_view host, std::string_view path) {
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n";
}

TEST(ServerHardening, ForeignHostIsRefusedLoopbackNamesAreServed) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    for (const char* host : {"evil.example", "evil.example:8080", "192.168.1.7", "localhost.evil.example"})
        expect_error(round_trip(server->port(), with_host(host, "/v1/models")), 403, "host_not_allowed");
    expect_error(round_trip(server->port(), "GET /v1/models HTTP/1.1\r\n\r\n"), 403, "host_not_allowed");
    for (const char* host : {"localhost", "localhost:8080", "127.0.0.1:1234", "[::1]:8080", "LOCALHOST"})
        EXPECT_EQ(round_trip(server->port(), with_host(host, "/v1/models")).status, 200) << host;
}

TEST(ServerHardening, WebPageOriginsAreRefusedUnlessCorsAllowsThem) {
    auto closed = start_test_server();
    ASSERT_TRUE(closed);
    expect_error(round_trip(closed->port(), get("/v1/models", "Origin: http://evil.example\r\n")), 403,
                 "origin_not_allowed");
    const RawResponse plain = round_trip(closed->port(), get("/v1/models"));
    EXPECT_FALSE(find_header(plain.headers, "access-control-allow-origin"));

    ServerOptions options;
    options.cors_origin = "http://localhost:3000";
    auto open = start_test_server(options);
    ASSERT_TRUE(open);
    const RawResponse allowed = round_trip(open->port(), get("/v1/models", "Origin: http://localhost:3000\r\n"));
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(find_header(allowed.headers, "access-control-allow-origin"), "http://localhost:3000");
    expect_error(round_trip(open->port(), get("/v1/models", "Origin: http://evil.example\r\n")), 403);
}

TEST(ServerHardening, OversizedBodyIsRefusedBeforeItIsRead) {
    ServerOptions options;
    options.max_body_bytes = 4096;
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    // Claims 100 MB, sends a little: the answer comes from the head alone.
    const std::string head = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\n";
    expect_error(round_trip(server->port(), head + std::string(1000, '{')), 413);
    expect_error(round_trip(server->port(), post("/v1/chat/completions", std::string(5000, ' '))), 413);
}

TEST(ServerHardening, MalformedJsonWrongTypesAndUnknownModelGetErrorObjects) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    const uint16_t port = server->port();
    for (const char* body : {"{bad", "", "[1,2]", R"({"messages":[{"role":"user","content":"hi"})"})
        expect_error(round_trip(port, post("/v1/chat/completions", body)), 400, "invalid_request");
    // Wrong types and out-of-range values name the field.
    const std::pair<const char*, const char*> cases[] = {
        {R"({"messages":"hello"})", "messages"},
        {R"({"messages":[{"role":"user","content":"hi"}],"temperature":"hot"})", "temperature"},
        {R"({"messages":[{"role":"user","content":"hi"}],"max_tokens":-5})", "max_tokens"},
        {R"({"messages":[{"role":"user","content":"hi"}],"top_p":7})", "top_p"},
        {R"({"messages":[{"role":"user","content":"hi"}],"stop":[1]})", "stop"},
        {R"({"messages":[{"role":"user","content":"hi"}],"stream":"yes"})", "stream"},
        {R"({"messages":[{"role":"robot","content":"hi"}]})", "role"},
        {R"({"messages":[{"role":"user","content":[{"type":"image_url"}]}]})", "content"},
        {R"({"prompt":42})", "prompt"},
    };
    for (const auto& [body, field] : cases) {
        const bool completion = std::string_view(body).find("prompt") != std::string_view::npos;
        const RawResponse response = round_trip(port, post(completion ? "/v1/completions" : "/v1/chat/completions", body));
        expect_error(response, 400);
        EXPECT_NE(response.body.find(field), std::string::npos) << body << " -> " << response.body;
    }
    expect_error(round_trip(port, post("/v1/chat/completions", R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})")),
                 404, "model_not_found");
    expect_error(round_trip(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404);
    expect_error(round_trip(port, get("/v1/chat/completions")), 405);
    expect_error(round_trip(port, "NOT HTTP AT ALL\r\n\r\n"), 400);
    EXPECT_EQ(round_trip(port, get("/health")).status, 200);  // and the server still serves
}

TEST(ServerHardening, ApiKeyIsRequiredWhenSetExceptForHealth) {
    ServerOptions options;
    options.api_key = "sk-local-secret";
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    expect_error(round_trip(server->port(), get("/v1/models")), 401, "invalid_api_key");
    expect_error(round_trip(server->port(), get("/v1/models", "Authorization: Bearer sk-local-secreT\r\n")), 401);
    expect_error(round_trip(server->port(), post("/v1/chat/completions", kHello)), 401);
    EXPECT_EQ(round_trip(server->port(), get("/v1/models", "Authorization: Bearer sk-local-secret\r\n")).status, 200);
    EXPECT_EQ(round_trip(server->port(), get("/health")).status, 200);
}

TEST(ServerHardening, HundredConcurrentRequestsAreAllAnsweredOrRefusedNoneHang) {
    ServerOptions options;
    options.max_waiting = 4;
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    std::vector<std::future<RawResponse>> replies;
    for (int i = 0; i < 100; ++i)
        replies.push_back(std::async(std::launch::async, [port = server->port()] {
            return round_trip(port, post("/v1/chat/completions", kHello), 120'000);
        }));
    int ok = 0, busy = 0;
    for (auto& reply : replies) {
        const RawResponse response = reply.get();
        if (response.status == 200) {
            ++ok;
            EXPECT_EQ(json::parse(response.body)["usage"]["completion_tokens"], 2);
        } else {
            expect_error(response, 503, "server_busy");
            ++busy;
        }
    }
    EXPECT_EQ(ok + busy, 100);
    EXPECT_GE(ok, 5);  // the one generating and the four waiting, at least
    EXPECT_EQ(recording_session().most_running(), 1);
}

TEST(ServerHardening, ClientThatDisconnectsMidStreamCancelsAndFreesTheModel) {
    ServerOptions options;
    options.max_waiting = 0;  // nobody may wait: a request while the model is held gets 503 at once
    auto server = start_test_server(options);
    ASSERT_TRUE(server);
    const size_t cancelled_before =
        std::ranges::count(recording_session().stop_reasons(), StopReason::Cancelled);
    {
        // A long reply (until the context is full: minutes on a CPU device); leave after its first event.
        auto socket = connect_tcp("127.0.0.1", server->port(), 5000);
        ASSERT_TRUE(socket.ok());
        ASSERT_TRUE(socket->write_all(post(
            "/v1/chat/completions",
            R"({"messages":[{"role":"user","content":"hello"}],"max_tokens":100000,"stream":true})")));
        std::string received;
        char chunk[4096];
        while (received.find("reasoning_content") == std::string::npos) {
            const ReadResult r = socket->read_some(chunk, 60'000);
            ASSERT_EQ(r.status, IoStatus::Ok);
            received.append(chunk, r.bytes);
        }
        EXPECT_EQ(round_trip(server->port(), post("/v1/chat/completions", kHello)).status, 503);  // held
    }  // the client closes its socket here
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::ranges::count(recording_session().stop_reasons(), StopReason::Cancelled) == cancelled_before &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(std::ranges::count(recording_session().stop_reasons(), StopReason::Cancelled), cancelled_before + 1);
    EXPECT_EQ(round_trip(server->port(), post("/v1/chat/completions", kHello)).status, 200);  // free again
}

TEST(ServerHardening, StopEndsARunningGenerationAndItsConnection) {
    auto server = start_test_server();
    ASSERT_TRUE(server);
    auto reply = std::async(std::launch::async, [port = server->port()] {
        return round_trip(port, post("/v1/chat/completions",
                                   R"({"messages":[{"role":"user","content":"hello"}],"max_tokens":100000})"));
    });
    while (recording_session().running() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto start = std::chrono::steady_clock::now();
    server->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    EXPECT_EQ(reply.get().status, 0);  // closed without a reply: the request was not served
}

} // namespace
} // namespace ponder::serve::testing
