// Reads one HTTP request (head and Content-Length body) from a connection, within limits: a head
// too big, a body too big, a chunked body or a client too slow ends with the status to answer.
#pragma once

#include "serve/http_message.h"
#include "serve/socket.h"

#include <cstddef>
#include <optional>
#include <string>

namespace ponder::serve {

struct RequestLimits {
    size_t max_head_bytes = 16 * 1024;
    size_t max_body_bytes = 8 * 1024 * 1024;
    int timeout_ms = 30'000;  // for the whole request: a client trickling bytes is cut off
};

struct RequestFailure {
    int status = 0;  // the status to answer; 0: the client left, nothing to answer
    std::string message;
};

struct ReceivedRequest {
    std::optional<HttpRequest> request;  // set when the whole request arrived
    RequestFailure failure;              // otherwise, why not
};

ReceivedRequest read_request(Socket& socket, const RequestLimits& limits);

} // namespace ponder::serve
