// A persistent pool of worker threads for the CPU backend: started once per engine, woken for each
// kernel (a forward pass runs hundreds of them, too many to start threads for). Workers spin briefly
// after a job so the next one starts without a system call, then sleep.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace ponder::cpu {

class ThreadPool {
public:
    // n_threads counts the calling thread; 0 = one per physical core.
    explicit ThreadPool(unsigned n_threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned size() const { return n_threads_; }

    // Calls job(index, size()) once for every index < size(), the caller taking index 0, and returns
    // when all have finished. Not reentrant: one run at a time, from one thread.
    template <class F>
    void run(F&& job) {
        run_erased(&job, [](void* f, unsigned index, unsigned n) { (*static_cast<F*>(f))(index, n); });
    }

    // Splits [0, n) into contiguous chunks, each a multiple of `granule` long (but the last), about
    // kChunksPerThread per thread, and calls body(begin, end) once for each. The threads take chunks in
    // turn until none is left, so a thread the system deschedules on a busy machine holds up one chunk,
    // not a whole thread's share, and the others finish its work.
    template <class F>
    void for_ranges(size_t n, size_t granule, F&& body) {
        const size_t units = (n + granule - 1) / granule;
        const size_t chunk = std::max<size_t>(1, units / (size_t(n_threads_) * kChunksPerThread)) * granule;
        std::atomic<size_t> next{0};
        run([&](unsigned, unsigned) {
            for (size_t begin; (begin = next.fetch_add(chunk, std::memory_order_relaxed)) < n;)
                body(begin, std::min(n, begin + chunk));
        });
    }
    static constexpr size_t kChunksPerThread = 4;

private:
    using Call = void (*)(void* job, unsigned index, unsigned n);
    void run_erased(void* job, Call call);
    void work(unsigned index);

    unsigned n_threads_;
    std::vector<std::thread> workers_;
    void* job_ = nullptr;
    Call call_ = nullptr;
    std::atomic<uint64_t> generation_{0};  // bumped for every job; workers run each generation once
    std::atomic<unsigned> running_{0};     // workers still inside the current job
    std::mutex mutex_;
    std::condition_variable wake_;
    unsigned sleeping_ = 0;                // workers waiting on wake_ (under mutex_)
    bool stopping_ = false;                // under mutex_
};

} // namespace ponder::cpu
