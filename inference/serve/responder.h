// Writes one response on a connection: a whole one (JSON or an OpenAI error), or a stream of
// server-sent events. Every response closes the connection (one request per connection). A failed
// write means the client is gone; later writes are skipped and client_gone() says so.
#pragma once

#include "serve/api_error.h"
#include "serve/http_message.h"
#include "serve/openai_response.h"
#include "serve/socket.h"

#include <string_view>

namespace ponder::serve {

class Responder {
public:
    // `extra_headers` go on every response (the CORS headers, when enabled).
    Responder(Socket& socket, HttpHeaders extra_headers) : socket_(socket), extra_(std::move(extra_headers)) {}

    bool send(int status, std::string_view content_type, std::string_view body);
    bool send_json(int status, const OrderedJson& body);
    bool send_error(const ApiError& error);

    // Server-sent events: the head is written by the first event.
    bool send_event(const OrderedJson& data);  // "data: {...}\n\n"
    bool send_done();                          // "data: [DONE]\n\n"
    bool streaming() const { return streaming_; }

    // A write failed, or (checked now, without waiting) the client closed the connection.
    bool client_gone();

private:
    bool write(std::string_view bytes);

    Socket& socket_;
    HttpHeaders extra_;
    bool streaming_ = false;
    bool failed_ = false;
};

} // namespace ponder::serve
