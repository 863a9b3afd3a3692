#include "serve/http_message.h"

#include <cctype>

namespace ponder::serve {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// A token character (RFC 9110 tchar): what header names and methods are made of.
bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!is_token_char(c)) return false;
    return true;
}

// Splits the head into its first line and the parsed header lines.
Result<std::pair<std::string_view, HttpHeaders>> split_head(std::string_view head) {
    std::vector<std::string_view> lines;
    while (!head.empty()) {
        const size_t end = head.find('\n');
        std::string_view line = head.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;  // the blank line that ends the head
        lines.push_back(line);
        if (end == std::string_view::npos) break;
        head.remove_prefix(end + 1);
    }
    if (lines.empty()) return make_error("empty message head");
    HttpHeaders headers;
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
            return make_error("malformed header line");
        for (char c : line)
            if (c == '\0' || c == '\r') return make_error("malformed header line");
        headers.emplace_back(lower(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
    }
    return std::pair{lines.front(), std::move(headers)};
}

} // namespace

std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (key == name) return std::string_view(value);
    return std::nullopt;
}

size_t find_head_end(std::string_view bytes) {
    const size_t crlf = bytes.find("\r\n\r\n");
    const size_t lf = bytes.find("\n\n");
    if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
    if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) return crlf + 4;
    return lf + 2;
}

Result<HttpRequest> parse_request_head(std::string_view head) {
    auto split = split_head(head);
    PONDER_TRY(split);
    const std::string_view line = split->first;
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return make_error("malformed request line");
    const std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                           version = line.substr(sp2 + 1);
    if (!is_token(method)) return make_error("malformed request method");
    if (target.empty() || target.front() != '/') return make_error("the request target must be a path");
    for (char c : target)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return make_error("malformed request target");
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return make_error("unsupported HTTP version");
    HttpRequest request;
    request.method = std::string(method);
    request.target = std::string(target);
    request.headers = std::move(split->second);
    return request;
}

Result<HttpResponseHead> parse_response_head(std::string_view head) {
    auto split = split_head(head);
    PONDER_TRY(split);
    const std::string_view line = split->first;
    // "HTTP/1.1 200 OK" (the reason phrase may be empty or missing)
    if (line.substr(0, 5) != "HTTP/" || line.size() < 12 || line[8] != ' ')
        return make_error("not an HTTP response");
    int status = 0;
    for (char c : line.substr(9, 3)) {
        if (c < '0' || c > '9') return make_error("malformed HTTP status");
        status = status * 10 + (c - '0');
    }
    return HttpResponseHead{status, std::move(split->second)};
}

std::string_view reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    }
    return "Unknown";
}

std::string format_response_head(int status, const HttpHeaders& headers) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
    for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

} // namespace ponder::serve
