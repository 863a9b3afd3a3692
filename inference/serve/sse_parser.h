// Server-sent events (the text/event-stream format of the WHATWG HTML standard) from bytes cut
// anywhere: a line, a "\r\n" or a UTF-8 character may be split across reads.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace ponder::serve {

struct SseEvent {
    std::string type = "message";  // the "event:" field
    std::string data;              // "data:" lines joined with "\n"
};

class SseParser {
public:
    // Calls `on_event` for every event completed by `bytes` (a blank line ends an event).
    void feed(std::string_view bytes, const std::function<void(const SseEvent&)>& on_event);
    // Comment lines seen so far (": keep-alive", ": OPENROUTER PROCESSING").
    int comments() const { return comments_; }

private:
    void line(std::string_view text, const std::function<void(const SseEvent&)>& on_event);

    std::string line_;              // the current line, not yet ended
    bool after_cr_ = false;         // the last byte was '\r': a '\n' next ends nothing more
    bool at_start_ = true;          // a byte order mark may come first
    SseEvent event_;
    bool has_data_ = false;
    int comments_ = 0;
};

} // namespace ponder::serve
