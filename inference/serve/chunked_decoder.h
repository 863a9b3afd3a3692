// HTTP/1.1 chunked transfer coding, decoded from bytes cut anywhere (servers stream SSE this way:
// llama.cpp's server, uvicorn under vLLM and SGLang).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ponder::serve {

class ChunkedDecoder {
public:
    // Appends the payload bytes in `bytes` to `out`; false when the coding is malformed.
    bool feed(std::string_view bytes, std::string& out);
    bool finished() const { return state_ == State::Done; }  // the last (zero-size) chunk and trailers arrived

private:
    enum class State { Size, SizeLineRest, Data, DataEnd, Trailer, Done };
    State state_ = State::Size;
    size_t remaining_ = 0;
    bool size_digits_ = false;
    std::string trailer_line_;
};

} // namespace ponder::serve
