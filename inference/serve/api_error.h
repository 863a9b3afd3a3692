// An error answered the OpenAI way: an HTTP status and {"error":{"message","type","code"}}.
#pragma once

#include <string>

namespace ponder::serve {

struct ApiError {
    int status = 500;
    std::string message;  // for the person reading it: what was wrong and what to send instead
    std::string code;     // machine-readable ("model_not_found", "invalid_api_key"); may be empty
};

// The error's "type", from its status as OpenAI names them: "invalid_request_error",
// "authentication_error", "permission_error", "server_error", ...
const char* error_type(int status);
// {"error":{"message":...,"type":...,"code":...|null}}
std::string error_body(const ApiError& error);

} // namespace ponder::serve
