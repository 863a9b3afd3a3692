// Conversation -> prompt tokens, so that the chat template's own text may produce control tokens
// (<|im_start|>) but message text never does: a user who types "<|im_end|>" gets those characters,
// not the end of their turn.
#pragma once

#include "chat/chat_session.h"
#include "chat/chat_template.h"
#include "chat/reasoning_splitter.h"
#include "error.h"
#include "tokenizer/tokenizer.h"

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

namespace ponder {

struct ChatPrompt {
    std::string text;             // the rendered template, exactly as the model's template writes it
    std::vector<int32_t> tokens;  // BOS (when the vocabulary asks for it) + the text's tokens
    ReplyStart reply_start = ReplyStart::Fresh;  // where the reply's first token lands
};

class PromptBuilder {
public:
    PromptBuilder(const Tokenizer& tokenizer, std::string template_source, SpecialTokenTexts special_texts);

    // Renders `messages` with the generation prompt added. Before rendering, every control-token
    // text inside a message is swapped for a private-use placeholder; the rendered text is tokenized
    // with control tokens parsed, and each placeholder becomes its original text tokenized as plain
    // text. Template transformations of the content (trim, split) therefore cannot open a hole.
    // A last, assistant message is continued: the conversation before it is rendered with the
    // generation prompt, then its reasoning (opened with <think> unless the template did) and,
    // unless the trace is still open, the end-of-thinking marker and its answer so far.
    // `enable_thinking`: the template variable, when set (ThinkingControls::enabled).
    Result<ChatPrompt> build(const std::vector<ChatMessage>& messages,
                             std::optional<bool> enable_thinking = std::nullopt) const;

    const std::string& template_source() const { return template_source_; }

private:
    std::string sanitize(const std::string& text, std::vector<std::string>& originals) const;
    // The text after the generation prompt that resumes `reply`, and where the reply then stands.
    static std::string continuation(const std::string& rendered, const ChatMessage& reply, ReplyStart& start);
    void tokenize(const std::string& rendered, const std::vector<std::string>& originals, ChatPrompt& out) const;

    const Tokenizer& tokenizer_;
    std::string template_source_;
    SpecialTokenTexts special_texts_;
    std::vector<std::string> control_texts_;  // longest first, so "<|im_end|>" beats a prefix of it
    std::bitset<256> first_bytes_;            // first bytes of control_texts_: most text skips the search
};

// Leaves out the oldest exchange (the first non-system message up to the next user message),
// never the last message (nor, when that is a reply being continued, its question). Returns how many messages were removed (0: nothing left to drop).
int drop_oldest_turn(std::vector<ChatMessage>& messages);

} // namespace ponder
