#include "serve/chunked_decoder.h"

#include <algorithm>

namespace ponder::serve {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

bool ChunkedDecoder::feed(std::string_view bytes, std::string& out) {
    size_t i = 0;
    while (i < bytes.size()) {
        const char c = bytes[i];
        switch (state_) {
        case State::Size: {  // hex digits, then extensions or CRLF
            const int v = hex_value(c);
            if (v >= 0) {
                if (remaining_ > (SIZE_MAX >> 4)) return false;
                remaining_ = remaining_ * 16 + static_cast<size_t>(v);
                size_digits_ = true;
                ++i;
                break;
            }
            if (!size_digits_) return false;
            state_ = State::SizeLineRest;
            break;
        }
        case State::SizeLineRest:  // ";ext=..." up to the line end
            ++i;
            if (c == '\n') {
                size_digits_ = false;
                state_ = remaining_ == 0 ? State::Trailer : State::Data;
            }
            break;
        case State::Data: {
            const size_t n = std::min(remaining_, bytes.size() - i);
            out.append(bytes.substr(i, n));
            i += n;
            remaining_ -= n;
            if (remaining_ == 0) state_ = State::DataEnd;
            break;
        }
        case State::DataEnd:  // the CRLF after the data
            ++i;
            if (c == '\n') state_ = State::Size;
            else if (c != '\r') return false;
            break;
        case State::Trailer:  // trailer lines until an empty one
            ++i;
            if (c == '\n') {
                if (trailer_line_.empty() || trailer_line_ == "\r") state_ = State::Done;
                trailer_line_.clear();
            } else {
                trailer_line_ += c;
            }
            break;
        case State::Done: return true;  // bytes after the end are not ours
        }
    }
    return true;
}

} // namespace ponder::serve
