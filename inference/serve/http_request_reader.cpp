#include "serve/http_request_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>

namespace ponder::serve {
namespace {

using Clock = std::chrono::steady_clock;

ReceivedRequest failed(int status, std::string message) { return {std::nullopt, {status, std::move(message)}}; }

// Reads more bytes into `buffer` before `deadline`; a failure to answer when none came.
std::optional<ReceivedRequest> read_more(Socket& socket, std::string& buffer, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return failed(408, "the request did not arrive in time");
    char chunk[16384];
    const ReadResult r = socket.read_some(chunk, static_cast<int>(left));
    if (r.status == IoStatus::TimedOut) return failed(408, "the request did not arrive in time");
    if (r.status != IoStatus::Ok) return failed(0, "the client closed the connection");
    buffer.append(chunk, r.bytes);
    return std::nullopt;
}

} // namespace

ReceivedRequest read_request(Socket& socket, const RequestLimits& limits) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_ms);
    std::string buffer;
    size_t head_end;
    while ((head_end = find_head_end(buffer)) == std::string::npos) {
        if (buffer.size() > limits.max_head_bytes)
            return failed(431, "the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes");
        if (auto failure = read_more(socket, buffer, deadline)) return *failure;
    }
    if (head_end > limits.max_head_bytes)
        return failed(431, "the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes");

    auto parsed = parse_request_head(std::string_view(buffer).substr(0, head_end));
    if (!parsed) return failed(400, "malformed HTTP request: " + parsed.error().message);
    HttpRequest request = std::move(*parsed);
    if (find_header(request.headers, "transfer-encoding"))
        return failed(501, "chunked request bodies are not supported; send the body with a Content-Length");

    size_t length = 0;
    if (auto value = find_header(request.headers, "content-length")) {
        auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), length);
        if (ec == std::errc::result_out_of_range) length = SIZE_MAX;
        else if (ec != std::errc() || end != value->data() + value->size() || value->empty())
            return failed(400, "malformed Content-Length");
    }
    if (length > limits.max_body_bytes)
        return failed(413, "the request body is larger than the limit of " + std::to_string(limits.max_body_bytes) +
                               " bytes");
    // curl and others wait for this before sending a larger body.
    if (auto expect = find_header(request.headers, "expect"); expect && length > 0 && buffer.size() == head_end)
        if (*expect == "100-continue" || *expect == "100-Continue")
            socket.write_all("HTTP/1.1 100 Continue\r\n\r\n");

    request.body = buffer.substr(head_end);
    while (request.body.size() < length)
        if (auto failure = read_more(socket, request.body, deadline)) return *failure;
    request.body.resize(length);  // bytes past the body (a pipelined request) are not served
    return {std::move(request), {}};
}

} // namespace ponder::serve
