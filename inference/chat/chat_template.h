// Chat templates: renders a model's Jinja chat template byte for byte as HF transformers does
// (jinja2 sandbox, trim_blocks, lstrip_blocks, loop controls, tojson without HTML escaping,
// raise_exception and strftime_now), plus the ChatML fallback and GGUF lookups.
#pragma once

#include "chat/chat_session.h"
#include "error.h"
#include "gguf/gguf_file.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ponder {

// Used when a model has no template or its template fails to render.
extern const std::string_view kChatMLTemplate;

// `context` holds messages, add_generation_prompt, bos_token, eos_token and any extra variables
// (enable_thinking, tools, ...). Errors read "chat template line L, column C: <message>"; a
// raise_exception() in the template is such an error with the template's message.
// The ordered_json form keeps object key order (it shows in tojson output); prefer it.
Result<std::string> render_chat_template(std::string_view source, const nlohmann::ordered_json& context);
Result<std::string> render_chat_template(std::string_view source, const nlohmann::json& context);

// The template context for a conversation: assistant reasoning goes to `reasoning_content`,
// the key the reasoning models' templates read; enable_thinking is set when given.
nlohmann::ordered_json chat_template_context(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                                             const std::string& bos_token, const std::string& eos_token,
                                             std::optional<bool> enable_thinking = std::nullopt);

// True when `source` reads enable_thinking, i.e. it can render a reply without reasoning.
bool template_has_thinking_switch(std::string_view source);

// tokenizer.chat_template of a GGUF file; nullopt when the file has none.
Result<std::optional<std::string>> chat_template_from_gguf(const GgufFile& file);

// The text of the BOS and EOS tokens (tokenizer.ggml.tokens at the *_token_id keys); empty when absent.
struct SpecialTokenTexts {
    std::string bos, eos;
};
Result<SpecialTokenTexts> special_token_texts_from_gguf(const GgufFile& file);

} // namespace ponder
