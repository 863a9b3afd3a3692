#include "serve/reply_shaper.h"

#include "chat/reasoning_splitter.h"

namespace ponder::serve {

ReplyShaper::ReplyShaper(std::vector<std::string> stops, bool inline_reasoning)
    : stops_(std::move(stops)), inline_(inline_reasoning) {}

ReplyShaper::Piece ReplyShaper::feed(const ChatSession::Delta& delta) {
    Piece out;
    if (stops_.stopped()) return out;
    if (!delta.reasoning.empty()) {
        if (!inline_) {
            out.reasoning = delta.reasoning;
        } else {
            if (!in_think_) out.content = std::string(kThinkOpen) + "\n";
            in_think_ = true;
            out.content += delta.reasoning;
        }
    }
    if (!delta.content.empty()) {
        if (in_think_) out.content += "\n" + std::string(kThinkClose) + "\n\n";
        in_think_ = false;
        out.content += stops_.feed(delta.content);  // stop strings end the answer, not the trace
    }
    return out;
}

ReplyShaper::Piece ReplyShaper::finish() { return Piece{{}, stops_.finish()}; }

} // namespace ponder::serve
