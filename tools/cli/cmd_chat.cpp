// `ponder-cli chat -m MODEL [--system S] [-c CTX] [--device N] [--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N]
// [--think on|off] [sampling flags]`: a terminal chat on
// stdin, one line per message, reasoning shown dimmed. With `--prompt TEXT --json`: one turn,
// printed as one JSON object {reasoning, content, stop_reason, prompt_tokens, completion_tokens,
// reasoning_tokens, answer_tokens, tokens_per_s} for scripts and tests.
#include "args.h"
#include "backend_args.h"
#include "cache_args.h"
#include "chat_remote.h"
#include "chat_terminal.h"
#include "command.h"
#include "load_plan_print.h"

#include "chat/chat_session.h"

#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

namespace ponder::cli {
namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli chat: %s\n", message.c_str());
    return 1;
}

struct Reply {
    std::string reasoning, content;
    GenerationStats stats;
};

// One turn without output while it runs: for --json.
Result<Reply> answer_quietly(ChatSession& session, const std::vector<ChatMessage>& messages,
                             const SamplingParams& sampling) {
    Reply reply;
    auto stats = session.generate(messages, sampling, [&reply](const ChatSession::Delta& d) {
        reply.reasoning += d.reasoning;
        reply.content += d.content;
        return true;
    });
    PONDER_TRY(stats);
    reply.stats = *stats;
    return reply;
}

// One turn streamed to the terminal: reasoning dimmed, then "Thought for N s" and the answer.
Result<Reply> answer_on_terminal(ChatSession& session, const std::vector<ChatMessage>& messages,
                                 const SamplingParams& sampling) {
    Reply reply;
    ReplyPrinter printer;
    auto stats = session.generate(messages, sampling, [&](const ChatSession::Delta& d) {
        printer.print(d.reasoning, d.content);
        reply.reasoning += d.reasoning;
        reply.content += d.content;
        return true;
    });
    printer.finish();
    PONDER_TRY(stats);
    reply.stats = *stats;
    std::fprintf(stderr, "[%d tokens (%d reasoning, %d answer), %.1f tokens/s, %s%s]\n", stats->completion_tokens,
                 stats->reasoning_tokens, stats->answer_tokens, stats->tokens_per_s, to_string(stats->stop_reason),
                 stats->dropped_messages ? ", older messages left out: the context is full" : "");
    return reply;
}

int run_chat(std::span<const std::string> raw_args) {
    Args args(raw_args);
    if (const auto remote = args.take({"--remote"}))
        return run_remote_chat(args, *remote);
    const auto model = args.take({"-m", "--model"});
    const auto system = args.take({"--system"});
    const auto prompt = args.take({"-p", "--prompt"});
    const bool json = args.take_flag({"--json"});
    const int64_t n_ctx = args.take_int({"-c", "--ctx-size"}).value_or(4096);
    const auto device = args.take_int({"--device"});
    const auto cache_types = take_cache_types(args);
    auto backend = take_backend(args);
    const auto think = args.take({"--think"});
    SamplingParams sampling;
    sampling.max_tokens = static_cast<int>(args.take_int({"-n", "--n-predict"}).value_or(sampling.max_tokens));
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
    if (!model)
        return fail("usage: chat -m MODEL [--system S] [--prompt TEXT [--json]] [-n N] [--temp T] ...");
    if (json && !prompt)
        return fail("--json needs --prompt TEXT (one turn)");
    if (sampling.max_tokens < 0 || n_ctx < 1)
        return fail("-n must be >= 0 and -c >= 1");
    if (think && *think != "on" && *think != "off")
        return fail("--think takes on or off, not '" + *think + "'");

    LoadOptions options;
    options.n_threads = backend->n_threads;
    options.device_index = device ? static_cast<int>(*device) : -1;
    options.context_length = static_cast<uint32_t>(n_ctx);
    options.cache_types = *cache_types;
    if (auto plan = plan_and_choose_backend(*model, {.n_ctx = options.context_length, .cache_types = options.cache_types,
                                                     .device_index = options.device_index}, *backend); !plan)
        return fail(plan.error().message);
    options.backend = backend->backend;
    options.gpu_layers = backend->gpu_layers;
    auto session = ChatSession::load(*model, options);
    if (!session)
        return fail(session.error().message);
    if (!(*session)->template_warning().empty())
        std::fprintf(stderr, "warning: %s\n", (*session)->template_warning().c_str());
    if (think) {
        if (!(*session)->model_info().has_thinking_switch && *think == "off")
            return fail("--think off: this model always reasons (its chat template has no enable_thinking switch)");
        sampling.thinking.enabled = *think == "on";
    }

    std::vector<ChatMessage> messages;
    if (system)
        messages.push_back({"system", *system, ""});
    if (!prompt) {
        ChatSession& chat = **session;
        const std::string banner = chat.model_info().name + " on " + chat.device_name() + ", " +
                                   std::to_string(chat.context_length()) + " tokens of context.";
        return chat_on_terminal(banner, std::move(messages), [&](const std::vector<ChatMessage>& so_far) {
            auto reply = answer_on_terminal(chat, so_far, sampling);
            if (!reply) {
                fail(reply.error().message);
                return std::optional<ChatMessage>();
            }
            return std::optional<ChatMessage>(ChatMessage{"assistant", reply->content, reply->reasoning});
        });
    }

    messages.push_back({"user", *prompt, ""});
    auto reply = json ? answer_quietly(**session, messages, sampling) : answer_on_terminal(**session, messages, sampling);
    if (!reply)
        return fail(reply.error().message);
    if (json) {
        const nlohmann::ordered_json out = {{"reasoning", reply->reasoning},
                                            {"content", reply->content},
                                            {"stop_reason", to_string(reply->stats.stop_reason)},
                                            {"prompt_tokens", reply->stats.prompt_tokens},
                                            {"completion_tokens", reply->stats.completion_tokens},
                                            {"reasoning_tokens", reply->stats.reasoning_tokens},
                                            {"answer_tokens", reply->stats.answer_tokens},
                                            {"tokens_per_s", reply->stats.tokens_per_s}};
        // Random-weight models write invalid UTF-8 only as U+FFFD, but replace rather than throw regardless.
        std::puts(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("chat",
                   "chat -m MODEL [--system S] [--prompt TEXT [--json]] [-n N] [-c CTX] [--temp T] [--seed S] "
                   "[--cache-type-k T] [--cache-type-v T] [--backend vulkan|cpu] [--gpu-layers N] [--threads N] [--think on|off]   "
                   "chat with the model's template; or chat --remote URL --model NAME [--api-key K] [...]: "
                   "with a model an OpenAI-compatible server serves (vLLM, llama.cpp, ponder-cli serve)",
                   run_chat);

} // namespace ponder::cli
