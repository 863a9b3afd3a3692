// Stop strings (OpenAI's "stop"): text passes through until one appears; that string and all after
// it are never sent. Only a tail that could still become a stop string is held back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ponder::serve {

class StopScanner {
public:
    explicit StopScanner(std::vector<std::string> stops);

    // The text that is certain to come before any stop string.
    std::string feed(std::string_view text);
    // End of generation: what was held back (nothing after a stop).
    std::string finish();
    bool stopped() const { return stopped_; }

private:
    std::vector<std::string> stops_;
    std::string pending_;
    bool stopped_ = false;
};

} // namespace ponder::serve
