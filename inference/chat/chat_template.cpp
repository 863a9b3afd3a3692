// The public face of the Jinja engine: parse, render, and turn TemplateError into an Error value.
#include "chat/chat_template.h"

#include "chat/jinja_interpreter.h"
#include "chat/jinja_parser.h"

namespace ponder {

const std::string_view kChatMLTemplate =
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

Result<std::string> render_chat_template(std::string_view source, const nlohmann::ordered_json& context) {
    if (!context.is_object()) return make_error("chat template context must be a JSON object");
    try {
        jinja::Body body = jinja::parse_template(source);
        jinja::Value variables = jinja::from_json(context);
        return jinja::render(body, variables.as_dict());
    } catch (const jinja::TemplateError& e) {
        return make_error("chat template line " + std::to_string(e.line) + ", column " + std::to_string(e.column) +
                          ": " + e.what());
    }
}

Result<std::string> render_chat_template(std::string_view source, const nlohmann::json& context) {
    return render_chat_template(source, nlohmann::ordered_json::parse(context.dump()));
}

nlohmann::ordered_json chat_template_context(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                                             const std::string& bos_token, const std::string& eos_token,
                                             std::optional<bool> enable_thinking) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ChatMessage& m : messages) {
        nlohmann::ordered_json item = {{"role", m.role}, {"content", m.content}};
        if (m.role == "assistant" && !m.reasoning.empty()) item["reasoning_content"] = m.reasoning;
        list.push_back(std::move(item));
    }
    nlohmann::ordered_json context = {{"messages", std::move(list)},
                                      {"add_generation_prompt", add_generation_prompt},
                                      {"bos_token", bos_token},
                                      {"eos_token", eos_token}};
    if (enable_thinking) context["enable_thinking"] = *enable_thinking;
    return context;
}

bool template_has_thinking_switch(std::string_view source) {
    return source.find("enable_thinking") != std::string_view::npos;
}

Result<std::optional<std::string>> chat_template_from_gguf(const GgufFile& file) {
    auto source = file.get_string("tokenizer.chat_template");
    if (!source) return make_error(file.path() + ": " + source.error().message);
    return *source;
}

Result<SpecialTokenTexts> special_token_texts_from_gguf(const GgufFile& file) {
    const GgufArray* tokens = file.get_array("tokenizer.ggml.tokens");
    SpecialTokenTexts texts;
    auto text_of = [&](std::string_view key, std::string& out) -> Status {
        auto id = file.get_uint(key);
        if (!id) return id.error();
        if (!*id || !tokens) return {};
        if (**id >= tokens->strings.size())
            return make_error(file.path() + ": " + std::string(key) + " " + std::to_string(**id) +
                              " is past the end of tokenizer.ggml.tokens (" + std::to_string(tokens->strings.size()) + " tokens)");
        out = tokens->strings[**id];
        return {};
    };
    PONDER_TRY(text_of("tokenizer.ggml.bos_token_id", texts.bos));
    PONDER_TRY(text_of("tokenizer.ggml.eos_token_id", texts.eos));
    return texts;
}

} // namespace ponder
