// HTTP/1.1 message heads: parsing a request or response head, writing one. Bodies are the
// caller's business (the server reads Content-Length bytes; see http_request_reader.h).
#pragma once

#include "error.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ponder::serve {

// Header names are stored lower-cased (HTTP names are case-insensitive); values trimmed.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of the first header called `name` (lower-case), or nullopt.
std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // "/v1/models" (a query string, if any, is kept)
    HttpHeaders headers;
    std::string body;

    std::string path() const { return target.substr(0, target.find('?')); }
};

struct HttpResponseHead {
    int status = 0;
    HttpHeaders headers;
};

// The end of a message head ("\r\n\r\n", or a bare "\n\n"): the offset just past it, or npos.
size_t find_head_end(std::string_view bytes);

// "POST /v1/chat/completions HTTP/1.1\r\nHost: ...\r\n\r\n" (without body). Errors name what is wrong.
Result<HttpRequest> parse_request_head(std::string_view head);
// "HTTP/1.1 200 OK\r\nContent-Type: ...\r\n\r\n".
Result<HttpResponseHead> parse_response_head(std::string_view head);

// "Not Found" for 404; "Unknown" for codes Ponder never sends.
std::string_view reason_phrase(int status);
// The status line and headers, ending with the blank line.
std::string format_response_head(int status, const HttpHeaders& headers);

} // namespace ponder::serve
