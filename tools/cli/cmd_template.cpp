// `ponder-cli template`: renders a conversation with a chat template, exactly as the engine will
// feed it to the model, so a template can be checked against HF transformers byte for byte.
#include "args.h"
#include "command.h"

#include "chat/chat_template.h"
#include "gguf/gguf_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ponder::cli {
namespace {

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot open '" + path + "'");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct TemplateSource {
    std::string text;
    std::string bos, eos;  // the model's tokens; empty for a template file
};

Result<TemplateSource> load_from_model(const std::string& path) {
    auto file = GgufFile::open(path);
    if (!file) return file.error();
    auto source = chat_template_from_gguf(*file);
    if (!source) return source.error();
    auto tokens = special_token_texts_from_gguf(*file);
    if (!tokens) return tokens.error();
    if (!*source) std::fprintf(stderr, "ponder-cli template: %s has no chat template, using ChatML\n", path.c_str());
    return TemplateSource{source->value_or(std::string(kChatMLTemplate)), tokens->bos, tokens->eos};
}

int fail(const std::string& message) {
    std::fprintf(stderr, "ponder-cli template: %s\n", message.c_str());
    return 1;
}

int run_template(std::span<const std::string> raw_args) {
    Args args(raw_args);
    auto template_path = args.take({"--template"});
    auto model_path = args.take({"-m", "--model"});
    auto messages_path = args.take({"--messages"});
    bool add_generation_prompt = args.take_flag({"--add-generation-prompt"});
    auto bos = args.take({"--bos-token"});
    auto eos = args.take({"--eos-token"});
    if (auto error = args.finish()) return fail(*error);
    if (template_path.has_value() == model_path.has_value()) return fail("give exactly one of --template FILE.jinja or -m MODEL.gguf");
    if (!messages_path) return fail("missing --messages CONV.json");

    Result<TemplateSource> source = model_path ? load_from_model(*model_path) : [&]() -> Result<TemplateSource> {
        auto text = read_text_file(*template_path);
        if (!text) return text.error();
        return TemplateSource{std::move(*text), "", ""};
    }();
    if (!source) return fail(source.error().message);

    auto conversation_text = read_text_file(*messages_path);
    if (!conversation_text) return fail(conversation_text.error().message);
    nlohmann::ordered_json context = nlohmann::ordered_json::parse(*conversation_text, nullptr, false);
    if (context.is_discarded() || !context.is_object() || !context.contains("messages") || !context["messages"].is_array())
        return fail(*messages_path + ": expected a JSON object with a \"messages\" array");

    context["add_generation_prompt"] = add_generation_prompt;
    context["bos_token"] = bos.value_or(source->bos);
    context["eos_token"] = eos.value_or(source->eos);
    Result<std::string> prompt = render_chat_template(source->text, context);
    if (!prompt) return fail(prompt.error().message);
    std::fwrite(prompt->data(), 1, prompt->size(), stdout);
    return 0;
}

} // namespace

PONDER_CLI_COMMAND("template",
                   "template (--template FILE.jinja | -m MODEL) --messages CONV.json [--add-generation-prompt] "
                   "[--bos-token S] [--eos-token S]   render a chat prompt",
                   run_template);

} // namespace ponder::cli
