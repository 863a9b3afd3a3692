// `ponder-cli run -m MODEL -p PROMPT [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p M]
// [--repeat-penalty R] [--seed S] [-c CTX] [--device N] [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]`: continues the raw prompt (no chat template),
// streaming text to stdout as it is generated; stops at an end-of-generation token or after N tokens.
#include "args.h"
#include "backend_args.h"
#include "cache_args.h"
#include "command.h"
#include "load_plan_print.h"

#include "gguf/gguf_file.h"
#include "model/engine.h"
#include "model/sampler.h"
#include "tokenizer/streaming_detokenizer.h"
#include "tokenizer/tokenizer.h"

#include <chrono>
#include <cstdio>

namespace ponder::cli {
namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli run: %s\n", message.c_str());
    return 1;
}

int run_run(std::span<const std::string> raw_args) {
    Args args(raw_args);
    const auto model = args.take({"-m", "--model"});
    const auto prompt = args.take({"-p", "--prompt"});
    const int64_t n_predict = args.take_int({"-n", "--n-predict"}).value_or(256);
    const int64_t n_ctx = args.take_int({"-c", "--ctx-size"}).value_or(4096);
    const auto device = args.take_int({"--device"});
    const auto cache_types = take_cache_types(args);
    auto backend = take_backend(args);
    SamplerConfig sampling;
    sampling.temperature = static_cast<float>(args.take_float({"--temp"}).value_or(sampling.temperature));
    sampling.top_k = static_cast<int>(args.take_int({"--top-k"}).value_or(sampling.top_k));
    sampling.top_p = static_cast<float>(args.take_float({"--top-p"}).value_or(sampling.top_p));
    sampling.min_p = static_cast<float>(args.take_float({"--min-p"}).value_or(sampling.min_p));
    sampling.repeat_penalty =
        static_cast<float>(args.take_float({"--repeat-penalty"}).value_or(sampling.repeat_penalty));
    sampling.seed = static_cast<uint64_t>(args.take_int({"--seed"}).value_or(0));
    if (auto error = args.finish())
        return fail(*error);
    if (!cache_types)
        return fail(cache_types.error().message);
    if (!backend)
        return fail(backend.error().message);
    if (!model || !prompt)
        return fail("usage: run -m MODEL -p PROMPT [-n N] [--temp T] ...");
    if (n_predict < 0 || n_ctx < 1)
        return fail("-n must be >= 0 and -c >= 1");

    EngineOptions options;
    options.n_threads = backend->n_threads;
    if (device)
        options.device.index = static_cast<uint32_t>(*device);
    options.n_ctx = static_cast<uint32_t>(n_ctx);
    options.cache_types = *cache_types;
    if (auto plan = plan_and_choose_backend(*model, {.n_ctx = options.n_ctx, .n_batch = options.n_batch,
                                                     .cache_types = options.cache_types,
                                                     .device_index = device ? static_cast<int>(*device) : -1}, *backend); !plan)
        return fail(plan.error().message);
    options.backend = backend->backend;
    options.gpu_layers = backend->gpu_layers;
    auto engine = Engine::load(*model, options);
    if (!engine)
        return fail(engine.error().message);
    auto vocab = read_tokenizer_vocab((*engine)->file());
    if (!vocab)
        return fail(vocab.error().message);
    auto tokenizer = Tokenizer::create(std::move(*vocab));
    if (!tokenizer)
        return fail(tokenizer.error().message);

    std::vector<int32_t> tokens;
    if (tokenizer->vocab().add_bos && tokenizer->vocab().bos_id >= 0)
        tokens.push_back(tokenizer->vocab().bos_id);
    const std::vector<int32_t> text = tokenizer->encode(*prompt, /*parse_special=*/true);
    tokens.insert(tokens.end(), text.begin(), text.end());
    if (tokens.empty())
        return fail("the prompt is empty");

    Sampler sampler(sampling);
    for (int32_t t : tokens)
        sampler.accept(t);
    StreamingDetokenizer detokenizer(*tokenizer);
    std::fputs(prompt->c_str(), stdout);
    std::fflush(stdout);

    // The token after `step` at `position`: found on the GPU when sampling is greedy, else drawn from the logits.
    auto next_after = [&](std::span<const int32_t> step, uint32_t position) -> Result<int32_t> {
        if (sampler.picks_argmax())
            return (*engine)->forward_argmax(step, position);
        auto logits = (*engine)->forward(step, position);
        PONDER_TRY(logits);
        return sampler.sample(*logits);
    };
    const auto start = std::chrono::steady_clock::now();
    auto next = next_after(tokens, 0);
    int64_t generated = 0;
    for (; next && generated < n_predict; ++generated) {
        if (tokenizer->is_end_of_generation(*next))
            break;
        sampler.accept(*next);
        std::fputs(detokenizer.push(*next).c_str(), stdout);
        std::fflush(stdout);
        const uint32_t position = static_cast<uint32_t>(tokens.size());
        tokens.push_back(*next);
        if (generated + 1 < n_predict)
            next = next_after(std::span(&tokens.back(), 1), position);
    }
    std::fputs(detokenizer.flush().c_str(), stdout);
    std::fputs("\n", stdout);
    if (!next)
        return fail(next.error().message);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "%lld tokens generated in %.2f s\n", static_cast<long long>(generated), seconds);
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("run",
                   "run -m MODEL -p PROMPT [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p M] "
                   "[--repeat-penalty R] [--seed S] [-c CTX] [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]   generate text",
                   run_run);

} // namespace ponder::cli
