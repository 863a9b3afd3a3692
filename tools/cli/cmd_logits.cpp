// `ponder-cli logits -m MODEL --tokens "ID ID ..." -o OUT.f32 [--device N] [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]`:
// one batched prefill; writes float32 logits, n_tokens x n_vocab row-major (for comparing with other
// implementations).
#include "args.h"
#include "backend_args.h"
#include "cache_args.h"
#include "command.h"
#include "load_plan_print.h"

#include "model/engine.h"

#include <cstdio>
#include <sstream>

namespace ponder::cli {
namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli logits: %s\n", message.c_str());
    return 1;
}

int run_logits(std::span<const std::string> raw_args) {
    Args args(raw_args);
    const auto model = args.take({"-m", "--model"});
    const auto token_text = args.take({"--tokens"});
    const auto out_path = args.take({"-o", "--output"});
    const auto device = args.take_int({"--device"});
    const auto cache_types = take_cache_types(args);
    auto backend = take_backend(args);
    if (auto error = args.finish())
        return fail(*error);
    if (!model || !token_text || !out_path)
        return fail("usage: logits -m MODEL --tokens \"ID ID ...\" -o OUT.f32");
    if (!cache_types)
        return fail(cache_types.error().message);
    if (!backend)
        return fail(backend.error().message);

    std::vector<int32_t> tokens;
    std::istringstream in(*token_text);
    for (std::string word; in >> word;) {
        try {
            size_t used = 0;
            tokens.push_back(static_cast<int32_t>(std::stol(word, &used)));
            if (used != word.size())
                throw std::invalid_argument(word);
        } catch (const std::exception&) {
            return fail("'" + word + "' in --tokens is not a token id");
        }
    }
    if (tokens.empty())
        return fail("--tokens holds no token ids");

    EngineOptions options;
    options.n_threads = backend->n_threads;
    if (device)
        options.device.index = static_cast<uint32_t>(*device);
    options.n_ctx = static_cast<uint32_t>(tokens.size());
    options.n_batch = static_cast<uint32_t>(tokens.size());
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
    auto logits = (*engine)->forward(tokens, 0, /*all_logits=*/true);
    if (!logits)
        return fail(logits.error().message);

    std::FILE* out = std::fopen(out_path->c_str(), "wb");
    if (!out)
        return fail("cannot write " + *out_path);
    const size_t written = std::fwrite(logits->data(), sizeof(float), logits->size(), out);
    if (std::fclose(out) != 0 || written != logits->size())
        return fail("could not write all of " + *out_path);
    std::fprintf(stderr, "%zu tokens x %u logits -> %s\n", tokens.size(), (*engine)->config().n_vocab,
                 out_path->c_str());
    return 0;
}

} // namespace

PONDER_CLI_COMMAND(
    "logits",
    "logits -m MODEL --tokens \"ID ...\" -o OUT.f32 [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]   prefill; write float32 "
    "logits [tokens x vocab]",
    run_logits);

} // namespace ponder::cli
