// Who may use the server: the checks every request passes before it reaches an endpoint.
//  - Host must name this machine (or a name the user allowed): a web page that rebinds its own
//    domain to 127.0.0.1 (DNS rebinding) still sends its domain as Host, and is refused.
//  - A browser's Origin must be the one the user allowed (--cors); by default none is, so web
//    pages cannot drive the server even with "simple" requests.
//  - With an API key, "Authorization: Bearer KEY" must carry it.
#pragma once

#include "serve/api_error.h"
#include "serve/http_message.h"

#include <optional>
#include <string>
#include <vector>

namespace ponder::serve {

struct AccessPolicy {
    std::vector<std::string> extra_hosts;  // Host names allowed besides the loopback ones
    // Also any IP address as Host: safe, as rebinding needs a domain name; for a server that
    // listens beyond loopback, reached by its LAN address.
    bool allow_ip_hosts = false;
    std::string cors_origin;               // "" none, "*" any, or one origin ("http://localhost:3000")
    std::string api_key;                   // "" no key needed
};

// The host name of a Host header value: "localhost:8080" -> "localhost", "[::1]:80" -> "::1".
std::string host_name(std::string_view host_header);
// True for "192.168.1.7" and IPv6 addresses ("fe80::1"), false for names.
bool is_ip_literal(std::string_view host);

// Why the request is refused (403 or 401), or nullopt.
std::optional<ApiError> check_host(const HttpHeaders& headers, const AccessPolicy& policy);
std::optional<ApiError> check_origin(const HttpHeaders& headers, const AccessPolicy& policy);
std::optional<ApiError> check_api_key(const HttpHeaders& headers, const AccessPolicy& policy);

// The CORS headers for this request's Origin when the policy allows it (empty otherwise).
HttpHeaders cors_headers(const HttpHeaders& headers, const AccessPolicy& policy);

} // namespace ponder::serve
