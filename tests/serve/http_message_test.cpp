// Message heads as they arrive from clients and servers, and what is refused.
#include "serve/http_message.h"

#include <gtest/gtest.h>

namespace ponder::serve {
namespace {

TEST(HttpMessage, RequestHeadGivesMethodPathAndLowerCasedTrimmedHeaders) {
    auto request = parse_request_head("POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: localhost:8080\r\n"
                                      "Content-Type:  application/json \r\nX-Thing: a:b\r\n\r\n");
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->method, "POST");
    EXPECT_EQ(request->target, "/v1/chat/completions?x=1");
    EXPECT_EQ(request->path(), "/v1/chat/completions");
    EXPECT_EQ(find_header(request->headers, "host"), "localhost:8080");
    EXPECT_EQ(find_header(request->headers, "content-type"), "application/json");
    EXPECT_EQ(find_header(request->headers, "x-thing"), "a:b");
    EXPECT_FALSE(find_header(request->headers, "authorization"));
}

TEST(HttpMessage, MalformedRequestHeadsAreErrors) {
    for (const char* head : {"", "\r\n\r\n", "GET\r\n\r\n", "GET /x\r\n\r\n", "GET x HTTP/1.1\r\n\r\n",
                             "GET /x HTTP/2\r\n\r\n", "G(T /x HTTP/1.1\r\n\r\n", "GET /x HTTP/1.1\r\nNoColon\r\n\r\n",
                             "GET /x HTTP/1.1\r\nBad Name: v\r\n\r\n", "GET /a b HTTP/1.1\r\n\r\n"})
        EXPECT_FALSE(parse_request_head(head).ok()) << head;
}

TEST(HttpMessage, HeadEndIsFoundWithCrlfOrBareLf) {
    EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), 27u);
    EXPECT_EQ(find_head_end("GET / HTTP/1.1\nHost: a\n\nbody"), 24u);
    EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n"), std::string_view::npos);
}

TEST(HttpMessage, ResponseHeadRoundTrips) {
    const std::string head = format_response_head(413, {{"Content-Type", "application/json"}, {"Content-Length", "2"}});
    EXPECT_EQ(head, "HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n");
    auto parsed = parse_response_head(head);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->status, 413);
    EXPECT_EQ(find_header(parsed->headers, "content-length"), "2");
    EXPECT_EQ(parse_response_head("HTTP/1.0 200\r\n\r\n")->status, 200);
    EXPECT_FALSE(parse_response_head("SSH-2.0-OpenSSH\r\n\r\n").ok());
}

} // namespace
} // namespace ponder::serve
