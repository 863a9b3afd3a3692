#include "serve/request_policy.h"

#include "serve/socket.h"

#include <algorithm>
#include <cctype>

namespace ponder::serve {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Compares in time independent of where the texts differ, so a key cannot be guessed byte by byte.
bool same_secret(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % std::max<size_t>(b.size(), 1)]);
    return diff == 0 && !b.empty();
}

bool origin_allowed(std::string_view origin, const AccessPolicy& policy) {
    return policy.cors_origin == "*" || (!policy.cors_origin.empty() && origin == policy.cors_origin);
}

} // namespace

std::string host_name(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
        const size_t close = host.find(']');
        return lower(host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    const size_t colon = host.find(':');
    if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos)
        host = host.substr(0, colon);  // name:port (a bare IPv6 address has several colons)
    return lower(host);
}

bool is_ip_literal(std::string_view host) {
    if (host.find(':') != std::string_view::npos)  // IPv6: hex digits, colons, maybe a dotted tail
        return host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
    int parts = 0;
    size_t digits = 0;
    for (char c : host) {
        if (c == '.') {
            if (digits == 0 || digits > 3) return false;
            ++parts;
            digits = 0;
        } else if (c >= '0' && c <= '9') {
            ++digits;
        } else {
            return false;
        }
    }
    return parts == 3 && digits > 0 && digits <= 3;
}

std::optional<ApiError> check_host(const HttpHeaders& headers, const AccessPolicy& policy) {
    const auto host = find_header(headers, "host");
    if (!host) return ApiError{403, "the request has no Host header", "host_not_allowed"};
    const std::string name = host_name(*host);
    if (is_loopback_host(name) || (policy.allow_ip_hosts && is_ip_literal(name))) return std::nullopt;
    for (const std::string& allowed : policy.extra_hosts)
        if (name == lower(allowed)) return std::nullopt;
    return ApiError{403,
                    "Host '" + std::string(*host) +
                        "' is not this machine: Ponder's server answers only requests addressed to localhost "
                        "(this protects it from web pages that rebind their domain to 127.0.0.1)",
                    "host_not_allowed"};
}

std::optional<ApiError> check_origin(const HttpHeaders& headers, const AccessPolicy& policy) {
    const auto origin = find_header(headers, "origin");
    if (!origin || origin_allowed(*origin, policy)) return std::nullopt;
    return ApiError{403,
                    "requests from web pages (Origin '" + std::string(*origin) +
                        "') are refused; start the server with --cors ORIGIN to allow one",
                    "origin_not_allowed"};
}

std::optional<ApiError> check_api_key(const HttpHeaders& headers, const AccessPolicy& policy) {
    if (policy.api_key.empty()) return std::nullopt;
    const auto authorization = find_header(headers, "authorization");
    constexpr std::string_view kBearer = "bearer ";
    if (authorization && authorization->size() > kBearer.size() &&
        lower(authorization->substr(0, kBearer.size())) == kBearer &&
        same_secret(authorization->substr(kBearer.size()), policy.api_key))
        return std::nullopt;
    return ApiError{401,
                    authorization ? "invalid API key" : "this server needs an API key: send \"Authorization: Bearer KEY\"",
                    "invalid_api_key"};
}

HttpHeaders cors_headers(const HttpHeaders& headers, const AccessPolicy& policy) {
    const auto origin = find_header(headers, "origin");
    if (!origin || !origin_allowed(*origin, policy)) return {};
    return {{"Access-Control-Allow-Origin", policy.cors_origin == "*" ? "*" : std::string(*origin)},
            {"Vary", "Origin"}};
}

} // namespace ponder::serve
