// A deliberately plain HTTP client for the server tests: raw bytes out, the raw response back, so
// that tests can send what a real client never would (a foreign Host, a truncated body).
#pragma once

#include "serve/http_message.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::serve::testing {

struct RawResponse {
    int status = 0;  // 0: no complete response head came back in time
    HttpHeaders headers;
    std::string body;  // everything after the head, up to the server's close
};

// Sends `request` to 127.0.0.1:port and reads until the server closes the connection.
RawResponse round_trip(uint16_t port, std::string_view request, int timeout_ms = 120'000);

// "POST path HTTP/1.1" with Host: localhost, a JSON content type, Content-Length and `extra` header lines.
std::string post(std::string_view path, std::string_view body, std::string_view extra_headers = "");
std::string get(std::string_view path, std::string_view extra_headers = "");

// The payloads of the "data:" lines of a server-sent event stream, in order.
std::vector<std::string> sse_data(std::string_view body);

} // namespace ponder::serve::testing
