#include "chat_remote.h"

#include "chat_terminal.h"

#include "serve/openai_client.h"

#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

namespace ponder::cli {
namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli chat: %s\n", message.c_str());
    return 1;
}

// "[40 tokens (27 reasoning), stop]" from what the server reported.
void print_usage_line(const serve::RemoteReply& reply) {
    if (reply.usage) {
        std::fprintf(stderr, "[%d tokens", reply.usage->completion_tokens);
        if (reply.usage->reasoning_tokens >= 0) std::fprintf(stderr, " (%d reasoning)", reply.usage->reasoning_tokens);
        std::fprintf(stderr, ", %s]\n", reply.finish_reason.empty() ? "no finish reason" : reply.finish_reason.c_str());
    } else if (!reply.finish_reason.empty()) {
        std::fprintf(stderr, "[%s]\n", reply.finish_reason.c_str());
    }
}

void print_error(const serve::RemoteError& error, const serve::RemoteReply& reply) {
    std::string what = std::string(to_string(error.kind));
    if (error.http_status) what += " (HTTP " + std::to_string(error.http_status) + ")";
    std::fprintf(stderr, "ponder-cli chat: %s: %s%s\n", what.c_str(), error.message.c_str(),
                 reply.reasoning.empty() && reply.content.empty() ? "" : "; the reply above is what arrived");
}

} // namespace

int run_remote_chat(Args& args, const std::string& url) {
    const auto model = args.take({"-m", "--model"});
    const auto api_key = args.take({"--api-key"});
    const auto system = args.take({"--system"});
    const auto prompt = args.take({"-p", "--prompt"});
    const bool json = args.take_flag({"--json"});
    serve::RemoteSampling sampling;  // only what the user set: servers differ in what they accept
    if (auto n = args.take_int({"-n", "--n-predict"})) sampling.max_tokens = static_cast<int>(*n);
    if (auto t = args.take_float({"--temp"})) sampling.temperature = static_cast<float>(*t);
    if (auto k = args.take_int({"--top-k"})) sampling.top_k = static_cast<int>(*k);
    if (auto p = args.take_float({"--top-p"})) sampling.top_p = static_cast<float>(*p);
    if (auto m = args.take_float({"--min-p"})) sampling.min_p = static_cast<float>(*m);
    if (auto s = args.take_int({"--seed"})) sampling.seed = static_cast<uint64_t>(*s);
    if (auto error = args.finish())
        return fail(*error + " (with --remote: --model, --api-key, --system, --prompt, --json, -n, --temp, "
                             "--top-k, --top-p, --min-p, --seed)");
    if (json && !prompt)
        return fail("--json needs --prompt TEXT (one turn)");
    auto client = serve::OpenAiClient::create(url, api_key.value_or(""));
    if (!client)
        return fail(client.error().message);
    if (!model) {  // name the server's models, so the user can pick one
        auto models = client->models();
        if (!models)
            return fail("--remote needs --model NAME (and the model list could not be read: " +
                        models.error().message + ")");
        std::string names;
        for (const std::string& id : *models) names += "\n  " + id;
        return fail("--remote needs --model NAME; " + client->base_url() + " serves:" +
                    (names.empty() ? std::string(" no models") : names));
    }

    std::vector<ChatMessage> messages;
    if (system)
        messages.push_back({"system", *system, ""});
    // One turn on the terminal; what arrived is kept (and shown) even when the reply failed.
    auto turn_on_terminal = [&](const std::vector<ChatMessage>& so_far) {
        ReplyPrinter printer;
        serve::RemoteReply reply = client->chat(*model, so_far, sampling, [&](const serve::RemoteDelta& d) {
            if (d.answer_was_reasoning)
                std::fputs("\n[the text above was the model's reasoning]\n", stdout);
            printer.print(d.answer_was_reasoning ? "" : d.reasoning, d.content);
            return true;
        });
        printer.finish();
        if (reply.error) print_error(*reply.error, reply);
        else print_usage_line(reply);
        return reply;
    };

    if (!prompt) {
        return chat_on_terminal(*model + " at " + client->base_url() + ".", std::move(messages),
                                [&](const std::vector<ChatMessage>& so_far) {
                                    const serve::RemoteReply reply = turn_on_terminal(so_far);
                                    if (reply.error && reply.content.empty() && reply.reasoning.empty())
                                        return std::optional<ChatMessage>();
                                    return std::optional<ChatMessage>(ChatMessage{"assistant", reply.content, reply.reasoning});
                                });
    }
    messages.push_back({"user", *prompt, ""});
    if (!json) return turn_on_terminal(messages).error ? 1 : 0;

    const serve::RemoteReply reply = client->chat(*model, messages, sampling, nullptr);
    nlohmann::ordered_json out = {{"reasoning", reply.reasoning},
                                  {"content", reply.content},
                                  {"finish_reason", reply.finish_reason}};
    if (reply.usage)
        out["usage"] = {{"prompt_tokens", reply.usage->prompt_tokens},
                        {"completion_tokens", reply.usage->completion_tokens},
                        {"reasoning_tokens", reply.usage->reasoning_tokens}};
    if (reply.error)
        out["error"] = {{"kind", to_string(reply.error->kind)},
                        {"http_status", reply.error->http_status},
                        {"message", reply.error->message}};
    std::puts(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return reply.error ? 1 : 0;
}

} // namespace ponder::cli
