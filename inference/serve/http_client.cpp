#include "serve/http_client.h"

#include "serve/chunked_decoder.h"
#include "serve/socket.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

namespace ponder::serve {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

// Reads the next bytes, waking every 200 ms to look at the cancel flag.
struct Reader {
    Socket& socket;
    const HttpCall& call;

    // nullopt with `failure` set when nothing more comes.
    std::optional<std::string> next(Transport& failure, std::string& message) {
        const auto give_up = Clock::now() + std::chrono::milliseconds(call.idle_timeout_ms);
        char chunk[16384];
        for (;;) {
            if (call.cancel && call.cancel->load()) {
                failure = Transport::Cancelled;
                message = "cancelled";
                return std::nullopt;
            }
            const ReadResult r = socket.read_some(chunk, 200);
            if (r.status == IoStatus::Ok) return std::string(chunk, r.bytes);
            if (r.status == IoStatus::TimedOut && Clock::now() < give_up) continue;
            failure = r.status == IoStatus::TimedOut ? Transport::TimedOut : Transport::Cut;
            message = r.status == IoStatus::TimedOut ? "the server sent nothing for " +
                                                           std::to_string(call.idle_timeout_ms / 1000) + " s"
                                                     : "the server closed the connection";
            return std::nullopt;
        }
    }
};

} // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
    const std::string scheme = lower(url.substr(0, url.find("://") == std::string_view::npos ? 0 : url.find("://")));
    if (scheme == "https")
        return make_error("https is not supported by Ponder yet; use http:// (for a server elsewhere, through an "
                          "SSH tunnel or a local TLS proxy)");
    if (scheme != "http") return make_error("'" + std::string(url) + "' is not an http:// URL");
    std::string_view rest = url.substr(7);
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (authority.find('@') != std::string_view::npos)
        return make_error("credentials in the URL are not supported; pass the API key with --api-key");
    HttpUrl out;
    out.path = path;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) return make_error("malformed IPv6 address in '" + std::string(url) + "'");
        out.host = std::string(authority.substr(1, close - 1));
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return make_error("malformed URL '" + std::string(url) + "'");
            port_text = authority.substr(close + 2);
        }
    } else {
        const size_t colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (out.host.empty()) return make_error("the URL '" + std::string(url) + "' names no host");
    if (!port_text.empty()) {
        unsigned port = 0;
        auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
            return make_error("bad port in '" + std::string(url) + "'");
        out.port = static_cast<uint16_t>(port);
    }
    return out;
}

HttpResult http_request(const HttpUrl& server, const HttpCall& call,
                        const std::function<bool(std::string_view)>& on_body) {
    HttpResult result;
    auto socket = connect_tcp(server.host, server.port, call.connect_timeout_ms);
    if (!socket) {
        result.transport = Transport::Unreachable;
        result.message = socket.error().message;
        return result;
    }
    const bool ipv6 = server.host.find(':') != std::string::npos;
    std::string head = call.method + " " + call.path + " HTTP/1.1\r\nHost: " +
                       (ipv6 ? "[" + server.host + "]" : server.host) + ":" + std::to_string(server.port) +
                       "\r\nConnection: close\r\n";
    for (const auto& [name, value] : call.headers) head += name + ": " + value + "\r\n";
    if (!call.body.empty() || call.method == "POST") head += "Content-Length: " + std::to_string(call.body.size()) + "\r\n";
    if (!socket->write_all(head + "\r\n" + call.body)) {
        result.transport = Transport::Cut;
        result.message = "the server closed the connection while the request was sent";
        return result;
    }

    Reader reader{*socket, call};
    std::string buffer;
    size_t head_end;
    while ((head_end = find_head_end(buffer)) == std::string::npos) {
        if (buffer.size() > 64 * 1024) {
            result.message = "the response head is too large: is this an HTTP server?";
            return result;
        }
        auto more = reader.next(result.transport, result.message);
        if (!more) return result;
        buffer += *more;
    }
    auto parsed = parse_response_head(std::string_view(buffer).substr(0, head_end));
    if (!parsed) {
        result.message = "not an HTTP response (" + parsed.error().message + ")";
        return result;
    }
    result.status = parsed->status;
    result.headers = parsed->headers;

    const auto encoding = find_header(result.headers, "transfer-encoding");
    const bool chunked = encoding && lower(*encoding).find("chunked") != std::string::npos;
    std::optional<size_t> length;
    if (auto value = find_header(result.headers, "content-length"); value && !chunked) {
        size_t n = 0;
        if (std::from_chars(value->data(), value->data() + value->size(), n).ec == std::errc()) length = n;
    }
    ChunkedDecoder decoder;
    size_t received = 0;
    std::string piece = buffer.substr(head_end);
    for (;;) {
        std::string body;
        if (chunked) {
            if (!decoder.feed(piece, body)) {
                result.transport = Transport::Malformed;
                result.message = "malformed chunked response";
                return result;
            }
        } else {
            body = length ? piece.substr(0, *length - std::min(*length, received)) : piece;
        }
        received += body.size();
        if (!body.empty() && on_body && !on_body(body)) break;
        if ((chunked && decoder.finished()) || (length && received >= *length)) break;
        auto more = reader.next(result.transport, result.message);
        if (!more) {
            if (!chunked && !length && result.transport == Transport::Cut) break;  // the body ends at the close
            return result;
        }
        piece = std::move(*more);
    }
    result.transport = Transport::Complete;
    result.message.clear();
    return result;
}

} // namespace ponder::serve
