#include "cpu/thread_pool.h"

#include "platform/cpu_cores.h"

#include <algorithm>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ponder::cpu {
namespace {

// Tells the core we are busy-waiting (frees execution resources for the sibling hardware thread).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// About 50-100 microseconds of pause instructions: longer than the gap between two kernels of one
// forward pass, far shorter than the gap between two tokens a user waits for.
constexpr int kSpinIterations = 2000;

} // namespace

ThreadPool::ThreadPool(unsigned n_threads) : n_threads_(n_threads ? n_threads : physical_core_count()) {
    workers_.reserve(n_threads_ - 1);
    for (unsigned i = 1; i < n_threads_; ++i) workers_.emplace_back([this, i] { work(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
}

void ThreadPool::run_erased(void* job, Call call) {
    if (n_threads_ == 1) {
        call(job, 0, 1);
        return;
    }
    job_ = job;
    call_ = call;
    running_.store(n_threads_ - 1, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    {
        // Taking the mutex orders this wake-up after any worker's check of generation_ (no lost wake-up).
        std::lock_guard lock(mutex_);
        if (sleeping_ > 0) wake_.notify_all();
    }
    call(job, 0, n_threads_);
    for (int spins = 0; running_.load(std::memory_order_acquire) != 0; ++spins) {
        if (spins < kSpinIterations)
            cpu_relax();
        else
            std::this_thread::yield();
    }
}

void ThreadPool::work(unsigned index) {
    uint64_t seen = 0;
    for (;;) {
        uint64_t generation = generation_.load(std::memory_order_acquire);
        for (int spins = 0; generation == seen && spins < kSpinIterations; ++spins) {
            cpu_relax();
            generation = generation_.load(std::memory_order_acquire);
        }
        if (generation == seen) {
            std::unique_lock lock(mutex_);
            ++sleeping_;
            wake_.wait(lock, [&] { return stopping_ || generation_.load(std::memory_order_acquire) != seen; });
            --sleeping_;
            if (stopping_) return;
            generation = generation_.load(std::memory_order_acquire);
        }
        seen = generation;
        call_(job_, index, n_threads_);
        running_.fetch_sub(1, std::memory_order_acq_rel);
    }
}

} // namespace ponder::cpu
