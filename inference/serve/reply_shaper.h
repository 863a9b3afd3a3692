// Turns a ChatSession's deltas into what one OpenAI reply sends: stop strings end the answer, and
// with inline reasoning ("reasoning_format": "none") the trace goes back into the content between
// <think> and </think>, laid out as the reasoning templates write it.
#pragma once

#include "chat/chat_session.h"
#include "serve/stop_scanner.h"

#include <string>
#include <vector>

namespace ponder::serve {

class ReplyShaper {
public:
    ReplyShaper(std::vector<std::string> stops, bool inline_reasoning);

    struct Piece {
        std::string reasoning;  // for "reasoning_content"; always empty when inline
        std::string content;
        bool empty() const { return reasoning.empty() && content.empty(); }
    };
    Piece feed(const ChatSession::Delta& delta);
    // End of generation: the answer held back while it could have been the start of a stop string.
    Piece finish();
    // A stop string appeared: generation should end (nothing more is sent).
    bool stopped() const { return stops_.stopped(); }

private:
    StopScanner stops_;
    bool inline_ = false;
    bool in_think_ = false;  // inline: "<think>" written, "</think>" not yet
};

} // namespace ponder::serve
