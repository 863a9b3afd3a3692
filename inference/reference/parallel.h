// A minimal parallel loop for the CPU reference and the test-model generator: [0, n) split into
// one contiguous chunk per hardware thread; small jobs stay on the calling thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace ponder::reference {

// Calls body(begin, end) over disjoint chunks covering [0, n), each at least `min_per_thread` long.
template <class F>
void parallel_for(size_t n, size_t min_per_thread, F&& body) {
    const size_t hw = std::max(1u, std::thread::hardware_concurrency());
    const size_t n_threads = std::clamp<size_t>(n / std::max<size_t>(min_per_thread, 1), 1, hw);
    if (n_threads == 1) {
        body(size_t{0}, n);
        return;
    }
    std::vector<std::thread> threads;
    const size_t chunk = (n + n_threads - 1) / n_threads;
    for (size_t begin = chunk; begin < n; begin += chunk)
        threads.emplace_back([&body, begin, end = std::min(n, begin + chunk)] { body(begin, end); });
    body(0, std::min(n, chunk));
    for (std::thread& t : threads) t.join();
}

} // namespace ponder::reference
