#include "serve/stop_scanner.h"

#include <algorithm>

namespace ponder::serve {

StopScanner::StopScanner(std::vector<std::string> stops) : stops_(std::move(stops)) {
    std::erase_if(stops_, [](const std::string& s) { return s.empty(); });
}

std::string StopScanner::feed(std::string_view text) {
    if (stopped_) return {};
    pending_ += text;
    size_t first = std::string::npos;
    for (const std::string& stop : stops_) first = std::min(first, pending_.find(stop));
    if (first != std::string::npos) {
        stopped_ = true;
        std::string out = pending_.substr(0, first);
        pending_.clear();
        return out;
    }
    // Hold back the longest tail that is the start of some stop string.
    size_t hold = 0;
    for (const std::string& stop : stops_)
        for (size_t n = std::min(pending_.size(), stop.size() - 1); n > hold; --n)
            if (pending_.compare(pending_.size() - n, n, stop, 0, n) == 0) {
                hold = n;
                break;
            }
    std::string out = pending_.substr(0, pending_.size() - hold);
    pending_.erase(0, pending_.size() - hold);
    return out;
}

std::string StopScanner::finish() {
    std::string out = stopped_ ? std::string() : pending_;
    pending_.clear();
    return out;
}

} // namespace ponder::serve
