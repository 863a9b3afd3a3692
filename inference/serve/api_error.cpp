#include "serve/api_error.h"

#include "serve/openai_response.h"

namespace ponder::serve {

const char* error_type(int status) {
    switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 429: return "rate_limit_error";
    case 503: return "server_busy";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
}

std::string error_body(const ApiError& error) {
    const OrderedJson body = {{"error",
                               {{"message", error.message},
                                {"type", error_type(error.status)},
                                {"code", error.code.empty() ? OrderedJson(nullptr) : OrderedJson(error.code)}}}};
    return to_wire(body);
}

} // namespace ponder::serve
