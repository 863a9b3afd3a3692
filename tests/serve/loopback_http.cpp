#include "loopback_http.h"

#include "serve/socket.h"

#include <chrono>

namespace ponder::serve::testing {

RawResponse round_trip(uint16_t port, std::string_view request, int timeout_ms) {
    RawResponse response;
    auto socket = connect_tcp("127.0.0.1", port, 5000);
    if (!socket || !socket->write_all(request)) return response;
    std::string bytes;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char chunk[16384];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return response;  // the server did not finish in time: status stays 0
        const ReadResult r = socket->read_some(chunk, static_cast<int>(left.count()));
        if (r.status != IoStatus::Ok) break;
        bytes.append(chunk, r.bytes);
    }
    const size_t head_end = find_head_end(bytes);
    if (head_end == std::string::npos) return response;
    auto head = parse_response_head(std::string_view(bytes).substr(0, head_end));
    if (!head) return response;
    response.status = head->status;
    response.headers = head->headers;
    response.body = bytes.substr(head_end);
    return response;
}

std::string post(std::string_view path, std::string_view body, std::string_view extra_headers) {
    return "POST " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
           std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           std::string(body);
}

std::string get(std::string_view path, std::string_view extra_headers) {
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra_headers) + "\r\n";
}

std::vector<std::string> sse_data(std::string_view body) {
    std::vector<std::string> events;
    size_t pos = 0;
    while (pos < body.size()) {
        size_t end = body.find('\n', pos);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view line = body.substr(pos, end - pos);
        if (line.substr(0, 6) == "data: ") events.emplace_back(line.substr(6));
        pos = end + 1;
    }
    return events;
}

} // namespace ponder::serve::testing
