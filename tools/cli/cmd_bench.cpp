// `ponder-cli bench -m MODEL [-p 512] [-n 128] [-r 3] [-d DEPTH] [--membw GBPS] [--json] [--passes]
// [--device N] [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]`: prompt processing (pp) and text generation (tg)
// speed, like llama-bench: tokens/s mean ± sd over r repetitions. tg also reports the bytes it reads
// per token (weights + KV cache) as GB/s and as a fraction of the device's copy bandwidth (--membw,
// else measured first with the copy kernel). --passes prints GPU time per step (timestamps) and where
// the host's time goes per token.
#include "args.h"
#include "backend_args.h"
#include "cache_args.h"
#include "command.h"
#include "load_plan_print.h"
#include "device_bandwidth.h"

#include "gguf/gguf_file.h"
#include "model/default_backend.h"
#include "model/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

namespace ponder::cli {
namespace {

using Clock = std::chrono::steady_clock;

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli bench: %s\n", message.c_str());
    return 1;
}

struct Stats {
    double mean, sd;
};

Stats stats(const std::vector<double>& values) {
    double sum = 0, sq = 0;
    for (double v : values)
        sum += v;
    const double mean = sum / values.size();
    for (double v : values)
        sq += (v - mean) * (v - mean);
    return {mean, values.size() > 1 ? std::sqrt(sq / (values.size() - 1)) : 0.0};
}

// Mean bytes per decoded token over positions depth .. depth + n_gen - 1.
double decode_bytes_per_token(const Engine& engine, int64_t depth, int64_t n_gen) {
    double sum = 0;
    for (int64_t i = 0; i < n_gen; ++i)
        sum += double(engine.decode_read_bytes(static_cast<uint32_t>(depth + i)));
    return n_gen > 0 ? sum / double(n_gen) : 0;
}

// One result line. `gb_per_s` (bytes read per token x tokens/s) and `bound` (the device's copy
// bandwidth) are 0 where they do not apply.
void report(const std::string& test, const Stats& s, double gb_per_s, double bound, bool json) {
    const double fraction = bound > 0 ? gb_per_s / bound : 0;
    if (json)
        std::printf(
            "{\"test\": \"%s\", \"tokens_per_s\": %.3f, \"tokens_per_s_sd\": %.3f, \"gb_per_s\": %.3f, "
            "\"device_gb_per_s\": %.3f, \"bandwidth_fraction\": %.4f}\n",
            test.c_str(), s.mean, s.sd, gb_per_s, bound, fraction);
    else if (gb_per_s > 0 && bound > 0)
        std::printf("%-14s %10.2f ± %.2f tokens/s  %8.2f GB/s  %5.1f%% of %.1f GB/s\n", test.c_str(), s.mean,
                    s.sd, gb_per_s, 100 * fraction, bound);
    else if (gb_per_s > 0)
        std::printf("%-14s %10.2f ± %.2f tokens/s  %8.2f GB/s\n", test.c_str(), s.mean, s.sd, gb_per_s);
    else
        std::printf("%-14s %10.2f ± %.2f tokens/s\n", test.c_str(), s.mean, s.sd);
    std::fflush(stdout);
}

// Host time per forward call of the last run, beside the GPU's own time for it.
void print_host_times(const Engine& engine) {
    const Engine::HostTimes& h = engine.last_host_times();
    double gpu_ms = 0;
    for (const vk::PassTime& p : engine.last_pass_times())
        gpu_ms += p.ms;
    std::fprintf(stderr,
                 "  host: record %.3f ms, submit to fence %.3f ms (GPU passes %.3f ms), logits readback "
                 "%.3f ms\n",
                 h.record_ms, h.gpu_wait_ms, gpu_ms, h.readback_ms);
}

// GPU time of the last forward per step, summed over layers, in order of first appearance.
void print_passes(const Engine& engine) {
    std::vector<vk::PassTime> steps;
    double total = 0;
    for (const vk::PassTime& p : engine.last_pass_times()) {
        auto same = std::find_if(steps.begin(), steps.end(),
                                 [&](const vk::PassTime& s) { return s.label == p.label; });
        if (same == steps.end())
            steps.push_back(p);
        else
            same->ms += p.ms;
        total += p.ms;
    }
    for (const vk::PassTime& s : steps)
        std::fprintf(stderr, "  %-12s %9.3f ms %5.1f%%\n", s.label.c_str(), s.ms, 100.0 * s.ms / total);
}

int run_bench(std::span<const std::string> raw_args) {
    Args args(raw_args);
    const auto model = args.take({"-m", "--model"});
    const int64_t n_prompt = args.take_int({"-p", "--n-prompt"}).value_or(512);
    const int64_t n_gen = args.take_int({"-n", "--n-gen"}).value_or(128);
    const int64_t reps = args.take_int({"-r", "--repetitions"}).value_or(3);
    const int64_t depth = args.take_int({"-d", "--depth"}).value_or(0);
    const bool json = args.take_flag({"--json"});
    const bool passes = args.take_flag({"--passes"});
    const auto device = args.take_int({"--device"});
    const auto cache_types = take_cache_types(args);
    auto backend = take_backend(args);
    const auto membw = args.take_float({"--membw"});
    if (auto error = args.finish())
        return fail(*error);
    if (!cache_types)
        return fail(cache_types.error().message);
    if (!backend)
        return fail(backend.error().message);
    if (!model)
        return fail("missing -m MODEL.gguf");
    if (n_prompt < 0 || n_gen < 0 || reps < 1 || depth < 0)
        return fail("-p, -n, -d must be >= 0 and -r >= 1");

    EngineOptions options;
    options.n_threads = backend->n_threads;
    if (device)
        options.device.index = static_cast<uint32_t>(*device);
    options.n_ctx = static_cast<uint32_t>(depth + std::max(n_prompt, n_gen) + 1);
    options.n_batch = static_cast<uint32_t>(std::max<int64_t>(1, std::max(n_prompt, depth)));
    options.cache_types = *cache_types;
    if (auto plan = plan_and_choose_backend(*model, {.n_ctx = options.n_ctx, .n_batch = options.n_batch,
                                                     .cache_types = options.cache_types,
                                                     .device_index = device ? static_cast<int>(*device) : -1}, *backend); !plan)
        return fail(plan.error().message);
    options.backend = backend->backend;
    options.gpu_layers = backend->gpu_layers;
    // The bound tg is compared with: the device's copy bandwidth, measured before the model takes the
    // memory unless given.
    double bound = membw.value_or(0);
    // (On the CPU backend the bound is host memory: give it with --membw from `ponder-cli membw`.)
    if (!membw && n_gen > 0 && resolve_backend(options.backend, options.device, true) == Backend::Vulkan) {
        auto measured = measure_device_bandwidth(options.device, 1ull << 30, 5);
        if (!measured)
            return fail(measured.error().message);
        bound = measured->gb_per_s;
    }
    auto loaded = Engine::load(*model, options);
    if (!loaded)
        return fail(loaded.error().message);
    Engine& engine = **loaded;
    engine.set_profile_steps(passes);
    if (!json)
        std::printf("%s on %s, KV cache %s keys / %s values\n",
                    engine.config().model_name.empty() ? model->c_str() : engine.config().model_name.c_str(),
                    engine.device_name().c_str(), kv_cache_type_name(cache_types->k),
                    kv_cache_type_name(cache_types->v));

    std::mt19937 rng(42);
    std::uniform_int_distribution<int32_t> token(0, static_cast<int32_t>(engine.config().n_vocab) - 1);
    auto random_tokens = [&](int64_t n) {
        std::vector<int32_t> t(n);
        for (int32_t& id : t)
            id = token(rng);
        return t;
    };
    const std::vector<int32_t> context = random_tokens(depth);
    auto fill_depth = [&]() -> Status {
        if (depth == 0)
            return {};
        auto r = engine.forward(context, 0);
        PONDER_TRY(r);
        return {};
    };
    auto seconds = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    const std::string at = depth ? " @ d" + std::to_string(depth) : "";

    // Warm-up: the first run pays the shaders' JIT compilation on some drivers.
    if (auto warm = fill_depth(); !warm)
        return fail(warm.error().message);
    if (auto warm =
            engine.forward(random_tokens(std::min<int64_t>(std::max<int64_t>(n_prompt, 1), 8)), depth);
        !warm)
        return fail(warm.error().message);
    if (n_prompt > 0) {
        std::vector<double> rates;
        for (int64_t r = 0; r < reps; ++r) {
            const std::vector<int32_t> prompt = random_tokens(n_prompt);
            const auto start = Clock::now();
            auto logits = engine.forward(prompt, depth);
            if (!logits)
                return fail(logits.error().message);
            rates.push_back(n_prompt / seconds(start, Clock::now()));
        }
        report("pp" + std::to_string(n_prompt) + at, stats(rates), 0, 0, json);
        if (passes)
            print_passes(engine);
    }
    if (n_gen > 0) {
        std::vector<double> rates;
        for (int64_t r = 0; r < reps; ++r) {
            engine.truncate_cache(depth);
            std::vector<int32_t> next = {token(rng)};
            const auto start = Clock::now();
            for (int64_t i = 0; i < n_gen; ++i) {
                auto logits = engine.forward(next, static_cast<uint32_t>(depth + i));
                if (!logits)
                    return fail(logits.error().message);
                next[0] = token(rng);
            }
            rates.push_back(n_gen / seconds(start, Clock::now()));
        }
        const Stats s = stats(rates);
        report("tg" + std::to_string(n_gen) + at, s,
               s.mean * decode_bytes_per_token(engine, depth, n_gen) / 1e9, bound, json);
        if (passes) {
            print_passes(engine);
            print_host_times(engine);
        }
    }
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("bench",
                   "bench -m MODEL [-p 512] [-n 128] [-r 3] [-d DEPTH] [--membw GBPS] [--json] [--passes] "
                   "[--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]   "
                   "prompt/generation speed",
                   run_bench);

} // namespace ponder::cli
