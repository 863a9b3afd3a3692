// One generation at a time on a model, with a bounded line of requests waiting for it: a request
// that would make the line longer than its limit is refused at once (the server answers 503).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>

namespace ponder::serve {

class GenerationSlot {
public:
    explicit GenerationSlot(int max_waiting) : max_waiting_(max_waiting) {}

    enum class Outcome { Granted, Full, Abandoned };
    // Takes the slot, waiting in line when it is busy. `abandoned` is asked now and then while
    // waiting (the client left, the server stops): then the request leaves the line.
    Outcome acquire(const std::function<bool()>& abandoned);
    void release();

    // Holds the slot from a Granted acquire() until it goes away.
    class Lease {
    public:
        explicit Lease(GenerationSlot& slot) : slot_(slot) {}
        ~Lease() { slot_.release(); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

    private:
        GenerationSlot& slot_;
    };

private:
    const int max_waiting_;
    std::mutex mutex_;
    std::condition_variable freed_;
    bool busy_ = false;
    int waiting_ = 0;
};

} // namespace ponder::serve
