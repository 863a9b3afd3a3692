// One HTTP/1.1 request to a server the user named, its response body streamed back as it arrives
// (Content-Length, chunked, or up to the close). Plain http only: https is refused with a clear
// error (Ponder links no TLS library).
#pragma once

#include "error.h"
#include "serve/http_message.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ponder::serve {

struct HttpUrl {
    std::string host;  // without brackets for IPv6
    uint16_t port = 80;
    std::string path;  // "" or "/v1" (no trailing slash)
};

// "http://host[:port][/path]". https:// and other schemes are errors that say so.
Result<HttpUrl> parse_http_url(std::string_view url);

struct HttpCall {
    std::string method = "GET";
    std::string path;  // "/v1/models"
    HttpHeaders headers;
    std::string body;
    int connect_timeout_ms = 10'000;
    int idle_timeout_ms = 600'000;        // between bytes of the response (a long prefill sends nothing)
    const std::atomic<bool>* cancel = nullptr;  // checked a few times a second while waiting
};

enum class Transport {
    Complete,     // the whole response arrived (or the body callback stopped it)
    Unreachable,  // no connection
    Cut,          // the connection ended before the response was complete
    TimedOut,     // nothing arrived within idle_timeout_ms
    Cancelled,    // call.cancel became true
    Malformed,    // not an HTTP response
};

struct HttpResult {
    Transport transport = Transport::Malformed;
    std::string message;  // why, when not Complete
    int status = 0;       // 0 until a response head arrived
    HttpHeaders headers;
};

// Sends `call` to `server` and passes the decoded body to `on_body` in pieces as they arrive;
// `on_body` returning false ends the exchange early (still Complete).
HttpResult http_request(const HttpUrl& server, const HttpCall& call,
                        const std::function<bool(std::string_view)>& on_body);

} // namespace ponder::serve
