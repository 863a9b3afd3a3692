#include "serve/sse_parser.h"

namespace ponder::serve {

void SseParser::feed(std::string_view bytes, const std::function<void(const SseEvent&)>& on_event) {
    for (char c : bytes) {
        if (after_cr_) {
            after_cr_ = false;
            if (c == '\n') continue;  // the second half of "\r\n"
        }
        if (c == '\r' || c == '\n') {
            after_cr_ = c == '\r';
            std::string text = std::move(line_);
            line_.clear();
            line(text, on_event);
        } else {
            line_ += c;
        }
    }
}

void SseParser::line(std::string_view text, const std::function<void(const SseEvent&)>& on_event) {
    if (at_start_) {
        at_start_ = false;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    }
    if (text.empty()) {  // end of the event
        if (has_data_) on_event(event_);
        event_ = SseEvent{};
        has_data_ = false;
        return;
    }
    if (text.front() == ':') {
        ++comments_;
        return;
    }
    const size_t colon = text.find(':');
    const std::string_view field = text.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "data") {
        if (has_data_) event_.data += '\n';
        event_.data += value;
        has_data_ = true;
    } else if (field == "event") {
        event_.type = std::string(value);
    }  // "id" and "retry" do not matter for one request's stream
}

} // namespace ponder::serve
