#include "chat_terminal.h"

#include <cstdio>
#include <iostream>

namespace ponder::cli {

constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

void ReplyPrinter::print(const std::string& reasoning, const std::string& content) {
    if (!reasoning.empty()) {
        if (!reasoning_open_)
            std::fputs(kDim, stdout);
        reasoning_open_ = true;
        std::fputs(reasoning.c_str(), stdout);
    }
    if (!content.empty()) {
        if (reasoning_open_) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
            std::printf("%s\n\nThought for %.0f s\n\n", kReset, s);
            reasoning_open_ = false;
        }
        std::fputs(content.c_str(), stdout);
    }
    std::fflush(stdout);
}

void ReplyPrinter::finish() {
    if (reasoning_open_)
        std::fputs(kReset, stdout);
    reasoning_open_ = false;
    std::fputs("\n", stdout);
    std::fflush(stdout);  // before a stats line on stderr
}

int chat_on_terminal(const std::string& banner, std::vector<ChatMessage> messages,
                     const std::function<std::optional<ChatMessage>(const std::vector<ChatMessage>&)>& turn) {
    std::fprintf(stderr, "%s Empty line or Ctrl-D ends the chat.\n", banner.c_str());
    std::string line;
    for (;;) {
        std::fputs("> ", stdout);
        std::fflush(stdout);
        if (!std::getline(std::cin, line) || line.empty())
            return 0;
        messages.push_back({"user", line, ""});
        auto reply = turn(messages);
        if (!reply)
            return 1;
        messages.push_back(std::move(*reply));
    }
}

} // namespace ponder::cli
