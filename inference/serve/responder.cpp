#include "serve/responder.h"

namespace ponder::serve {

bool Responder::write(std::string_view bytes) {
    if (!failed_ && !socket_.write_all(bytes)) failed_ = true;
    return !failed_;
}

bool Responder::send(int status, std::string_view content_type, std::string_view body) {
    HttpHeaders headers = {{"Content-Type", std::string(content_type)},
                           {"Content-Length", std::to_string(body.size())},
                           {"Connection", "close"}};
    headers.insert(headers.end(), extra_.begin(), extra_.end());
    return write(format_response_head(status, headers)) && write(body);
}

bool Responder::send_json(int status, const OrderedJson& body) {
    return send(status, "application/json", to_wire(body));
}

bool Responder::send_error(const ApiError& error) { return send(error.status, "application/json", error_body(error)); }

bool Responder::send_event(const OrderedJson& data) {
    if (!streaming_) {
        HttpHeaders headers = {{"Content-Type", "text/event-stream"},
                               {"Cache-Control", "no-cache"},
                               {"Connection", "close"},
                               {"X-Accel-Buffering", "no"}};  // proxies: pass each event on at once
        headers.insert(headers.end(), extra_.begin(), extra_.end());
        streaming_ = true;
        if (!write(format_response_head(200, headers))) return false;
    }
    return write("data: " + to_wire(data) + "\n\n");
}

bool Responder::send_done() { return write("data: [DONE]\n\n"); }

bool Responder::client_gone() {
    if (!failed_ && socket_.peer_closed()) failed_ = true;
    return failed_;
}

} // namespace ponder::serve
