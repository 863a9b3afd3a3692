#include "cpu/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace ponder::cpu {
namespace {

TEST(ThreadPool, RunsTheJobOnceOnEveryThreadPerCall) {
    ThreadPool pool(3);
    ASSERT_EQ(pool.size(), 3u);
    std::vector<std::atomic<int>> calls(3);
    for (int round = 0; round < 1000; ++round)
        pool.run([&](unsigned index, unsigned n) {
            EXPECT_EQ(n, 3u);
            calls[index]++;
        });
    for (auto& c : calls) EXPECT_EQ(c.load(), 1000);
}

TEST(ThreadPool, RangesCoverEveryIndexExactlyOnceInGranules) {
    ThreadPool pool(4);
    for (size_t n : {size_t(0), size_t(1), size_t(7), size_t(37), size_t(4096)}) {
        std::vector<std::atomic<int>> hits(n);
        pool.for_ranges(n, 4, [&](size_t begin, size_t end) {
            EXPECT_EQ(begin % 4, 0u);
            for (size_t i = begin; i < end; ++i) hits[i]++;
        });
        for (size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << "n " << n << " index " << i;
    }
}

TEST(ThreadPool, DefaultsToAtLeastOneThread) {
    ThreadPool pool;
    EXPECT_GE(pool.size(), 1u);
    int ran = 0;
    pool.run([&](unsigned index, unsigned) {
        if (index == 0) ++ran;
    });
    EXPECT_EQ(ran, 1);
}

} // namespace
} // namespace ponder::cpu
