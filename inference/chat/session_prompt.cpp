#include "chat/session_prompt.h"

#include <algorithm>
#include <optional>

namespace ponder {
namespace {

// U+E000 and U+E001 (private use) bracket a placeholder's index: "\uE000" "12" "\uE001".
constexpr std::string_view kOpenMark = "\xEE\x80\x80";
constexpr std::string_view kCloseMark = "\xEE\x80\x81";

std::string placeholder(size_t index) {
    return std::string(kOpenMark) + std::to_string(index) + std::string(kCloseMark);
}

} // namespace

PromptBuilder::PromptBuilder(const Tokenizer& tokenizer, std::string template_source,
                             SpecialTokenTexts special_texts)
    : tokenizer_(tokenizer), template_source_(std::move(template_source)),
      special_texts_(std::move(special_texts)) {
    // The token types encode(text, parse_special=true) turns from text into ids (see the tokenizer).
    for (size_t id = 0; id < tokenizer_.size(); ++id) {
        const TokenType type = tokenizer_.type(static_cast<int32_t>(id));
        const std::string& text = tokenizer_.vocab().tokens[id];
        if ((type == TokenType::kControl || type == TokenType::kUnknown) && !text.empty())
            control_texts_.push_back(text);
    }
    // A placeholder mark typed by the user is itself swapped out, so marks in the rendering are ours.
    control_texts_.emplace_back(kOpenMark);
    std::stable_sort(control_texts_.begin(), control_texts_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& text : control_texts_)
        first_bytes_.set(static_cast<unsigned char>(text[0]));
}

std::string PromptBuilder::sanitize(const std::string& text, std::vector<std::string>& originals) const {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (!first_bytes_.test(static_cast<unsigned char>(text[i]))) {
            out += text[i++];
            continue;
        }
        const auto hit = std::find_if(control_texts_.begin(), control_texts_.end(), [&](const std::string& c) {
            return text.compare(i, c.size(), c) == 0;
        });
        if (hit == control_texts_.end()) {
            out += text[i++];
            continue;
        }
        out += placeholder(originals.size());
        originals.push_back(*hit);
        i += hit->size();
    }
    return out;
}

void PromptBuilder::tokenize(const std::string& rendered, const std::vector<std::string>& originals,
                             ChatPrompt& out) const {
    auto append = [&out](const std::vector<int32_t>& ids) { out.tokens.insert(out.tokens.end(), ids.begin(), ids.end()); };
    size_t start = 0;  // beginning of the template text not yet tokenized
    for (size_t open = rendered.find(kOpenMark); open != std::string::npos;
         open = rendered.find(kOpenMark, open + 1)) {
        const size_t digits = open + kOpenMark.size();
        const size_t close = rendered.find(kCloseMark, digits);
        if (close == std::string::npos || close == digits || close - digits > 9 ||
            !std::all_of(rendered.begin() + digits, rendered.begin() + close, [](char c) { return c >= '0' && c <= '9'; }))
            continue;  // a mark the template cut apart: ordinary text
        const size_t index = std::stoul(rendered.substr(digits, close - digits));
        if (index >= originals.size())
            continue;
        const std::string before = rendered.substr(start, open - start);
        append(tokenizer_.encode(before, /*parse_special=*/true));
        append(tokenizer_.encode(originals[index], /*parse_special=*/false));
        out.text += before + originals[index];
        start = close + kCloseMark.size();
        open = start - 1;
    }
    const std::string rest = rendered.substr(start);
    append(tokenizer_.encode(rest, /*parse_special=*/true));
    out.text += rest;
}

std::string PromptBuilder::continuation(const std::string& rendered, const ChatMessage& reply, ReplyStart& start) {
    std::string text;
    const bool opened = prompt_opens_reasoning(rendered);
    const bool has_trace = opened || reply.reasoning_open || !reply.reasoning.empty();
    if (has_trace && !opened)
        text += std::string(kThinkOpen) + "\n";
    text += reply.reasoning;
    if (reply.reasoning_open) {
        start = reply.reasoning.empty() ? ReplyStart::InReasoning : ReplyStart::ContinuingReasoning;
        return text;
    }
    if (has_trace)
        text += "\n" + std::string(kThinkClose) + "\n\n";  // the layout the reasoning templates write
    text += reply.content;
    start = reply.content.empty() ? ReplyStart::AfterReasoning : ReplyStart::ContinuingAnswer;
    return text;
}

Result<ChatPrompt> PromptBuilder::build(const std::vector<ChatMessage>& messages,
                                        std::optional<bool> enable_thinking) const {
    std::vector<std::string> originals;
    std::vector<ChatMessage> sanitized = messages;
    for (ChatMessage& m : sanitized) {
        m.content = sanitize(m.content, originals);
        m.reasoning = sanitize(m.reasoning, originals);
    }
    std::optional<ChatMessage> reply;
    if (!sanitized.empty() && sanitized.back().role == "assistant") {
        reply = std::move(sanitized.back());
        sanitized.pop_back();
    }
    auto rendered = render_chat_template(
        template_source_, chat_template_context(sanitized, /*add_generation_prompt=*/true, special_texts_.bos,
                                                special_texts_.eos, enable_thinking));
    PONDER_TRY(rendered);

    ChatPrompt prompt;
    prompt.reply_start = prompt_opens_reasoning(*rendered) ? ReplyStart::InReasoning : ReplyStart::Fresh;
    if (reply)
        *rendered += continuation(*rendered, *reply, prompt.reply_start);
    const TokenizerVocab& vocab = tokenizer_.vocab();
    const bool template_writes_bos = !special_texts_.bos.empty() && rendered->starts_with(special_texts_.bos);
    if (vocab.add_bos && vocab.bos_id != kNoToken && !template_writes_bos)
        prompt.tokens.push_back(vocab.bos_id);
    tokenize(*rendered, originals, prompt);
    return prompt;
}

int drop_oldest_turn(std::vector<ChatMessage>& messages) {
    const auto first = std::find_if(messages.begin(), messages.end(),
                                     [](const ChatMessage& m) { return m.role != "system"; });
    // The last message (the one being answered) always stays, and so does the question of a
    // reply being continued.
    auto keep = messages.end() - 1;
    if (!messages.empty() && keep->role == "assistant" && keep != messages.begin() && (keep - 1)->role == "user")
        --keep;
    if (first == messages.end() || first >= keep)
        return 0;
    // The turn runs to the next user message.
    auto end = std::find_if(first + 1, keep, [](const ChatMessage& m) { return m.role == "user"; });
    const int dropped = static_cast<int>(end - first);
    messages.erase(first, end);
    return dropped;
}

} // namespace ponder
