// `ponder-cli membw [--mib N] [-r R] [--threads T] [--device N]`: memory bandwidth in GB/s.
// Without --device, host memory read bandwidth: the ceiling for decode on an integrated or CPU device
// (lavapipe); every thread sums its slice of one buffer. With --device, the device's copy bandwidth
// (bytes read + written) from a copy kernel: the ceiling for decode on a GPU. Best of R passes.
#include "args.h"
#include "command.h"
#include "device_bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

namespace ponder::cli {
namespace {

// Sums a slice with four independent accumulators so the loop is bound by loads, not by the adds.
uint64_t sum_slice(const uint64_t* data, size_t n) {
    uint64_t a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        a += data[i];
        b += data[i + 1];
        c += data[i + 2];
        d += data[i + 3];
    }
    for (; i < n; ++i) a += data[i];
    return a + b + c + d;
}

int report_device(const vk::DeviceChoice& choice, uint64_t bytes, int repetitions) {
    auto measured = measure_device_bandwidth(choice, bytes, repetitions);
    if (!measured) {
        std::fprintf(stderr, "ponder-cli membw: %s\n", measured.error().message.c_str());
        return 1;
    }
    std::printf("device copy bandwidth: %.1f GB/s (read + write; %s, %llu MiB copied, best of %d, %s)\n",
                measured->gb_per_s, measured->device_name.c_str(),
                static_cast<unsigned long long>(measured->copy_bytes >> 20), repetitions,
                measured->gpu_timed ? "GPU timestamps" : "wall time");
    return 0;
}

int run_membw(std::span<const std::string> raw) {
    Args args(raw);
    const int64_t mib = args.take_int({"--mib"}).value_or(1024);
    const int64_t repetitions = args.take_int({"-r"}).value_or(5);
    const int64_t threads = args.take_int({"--threads"}).value_or(std::max(1u, std::thread::hardware_concurrency()));
    const auto device = args.take_int({"--device"});
    if (auto error = args.finish()) {
        std::fprintf(stderr, "ponder-cli membw: %s\n", error->c_str());
        return 2;
    }
    if (mib < 1 || repetitions < 1 || threads < 1) {
        std::fprintf(stderr, "ponder-cli membw: --mib, -r and --threads must be positive\n");
        return 2;
    }
    if (device) {
        vk::DeviceChoice choice;
        choice.index = static_cast<uint32_t>(*device);
        return report_device(choice, static_cast<uint64_t>(mib) << 20, static_cast<int>(repetitions));
    }
    const size_t n = static_cast<size_t>(mib) * 1024 * 1024 / sizeof(uint64_t);
    std::vector<uint64_t> data(n);
    for (size_t i = 0; i < n; ++i) data[i] = i;  // touch every page before timing

    double best_gb_per_s = 0;
    uint64_t checksum = 0;
    for (int64_t r = 0; r < repetitions; ++r) {
        std::vector<uint64_t> partial(threads);
        std::vector<std::thread> workers;
        const auto start = std::chrono::steady_clock::now();
        for (int64_t t = 0; t < threads; ++t) {
            const size_t begin = n * t / threads, end = n * (t + 1) / threads;
            workers.emplace_back([&, t, begin, end] { partial[t] = sum_slice(data.data() + begin, end - begin); });
        }
        for (auto& w : workers) w.join();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (uint64_t p : partial) checksum += p;
        best_gb_per_s = std::max(best_gb_per_s, n * sizeof(uint64_t) / seconds / 1e9);
    }
    std::printf("memory read bandwidth: %.2f GB/s (%lld MiB, %lld threads, best of %lld; checksum %llu)\n",
                best_gb_per_s, static_cast<long long>(mib), static_cast<long long>(threads),
                static_cast<long long>(repetitions), static_cast<unsigned long long>(checksum % 1000));
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("membw",
                   "membw [--mib N] [-r R] [--threads T] [--device N]   host read / device copy bandwidth (GB/s)",
                   run_membw);

} // namespace ponder::cli
