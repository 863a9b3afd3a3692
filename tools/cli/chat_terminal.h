// What `ponder-cli chat` shows on a terminal, for a local model and a remote server alike: the
// reasoning dimmed, "Thought for N s", then the answer; and the line-by-line conversation loop.
#pragma once

#include "chat/chat_session.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ponder::cli {

class ReplyPrinter {
public:
    ReplyPrinter() : start_(std::chrono::steady_clock::now()) {}
    void print(const std::string& reasoning, const std::string& content);
    // Ends the reply's output (resets the dim colour, newline); call before printing stats.
    void finish();

private:
    std::chrono::steady_clock::time_point start_;
    bool reasoning_open_ = false;
};

// Reads a line per message from stdin until an empty line or end of input; `turn` answers the
// conversation so far (streaming to the terminal itself) with the reply to store, or nullopt to end.
int chat_on_terminal(const std::string& banner, std::vector<ChatMessage> messages,
                     const std::function<std::optional<ChatMessage>(const std::vector<ChatMessage>&)>& turn);

} // namespace ponder::cli
