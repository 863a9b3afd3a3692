#include "serve/generation_slot.h"

#include <chrono>

namespace ponder::serve {

GenerationSlot::Outcome GenerationSlot::acquire(const std::function<bool()>& abandoned) {
    std::unique_lock lock(mutex_);
    if (!busy_) {
        busy_ = true;
        return Outcome::Granted;
    }
    if (waiting_ >= max_waiting_) return Outcome::Full;
    ++waiting_;
    for (;;) {
        // Wake now and then to notice a client that left while waiting.
        freed_.wait_for(lock, std::chrono::milliseconds(100));
        if (!busy_) {
            busy_ = true;
            --waiting_;
            return Outcome::Granted;
        }
        lock.unlock();
        const bool gone = abandoned && abandoned();
        lock.lock();
        if (gone) {
            --waiting_;
            return Outcome::Abandoned;
        }
    }
}

void GenerationSlot::release() {
    {
        std::lock_guard lock(mutex_);
        busy_ = false;
    }
    freed_.notify_one();
}

} // namespace ponder::serve
