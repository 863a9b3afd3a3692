// A small state machine over a pending buffer; each step consumes as much as can be decided.
#include "chat/reasoning_splitter.h"

namespace ponder {
namespace {

constexpr std::string_view kOpen = kThinkOpen;
constexpr std::string_view kClose = kThinkClose;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of the longest suffix of `text` that is a proper prefix of `tag`.
size_t partial_tag_suffix(std::string_view text, std::string_view tag) {
    for (size_t n = std::min(text.size(), tag.size() - 1); n > 0; --n)
        if (text.substr(text.size() - n) == tag.substr(0, n)) return n;
    return 0;
}

} // namespace

ReasoningSplitter::ReasoningSplitter(bool starts_in_reasoning)
    : state_(starts_in_reasoning ? State::Reasoning : State::Start) {}

ReasoningSplitter::ReasoningSplitter(ReplyStart start) {
    switch (start) {
    case ReplyStart::Fresh: state_ = State::Start; break;
    case ReplyStart::InReasoning: state_ = State::Reasoning; break;
    case ReplyStart::ContinuingReasoning:  // mid-trace: its newlines are the model's, not the template's
        state_ = State::Reasoning;
        reasoning_started_ = true;
        break;
    case ReplyStart::AfterReasoning: state_ = State::AfterThink; break;
    case ReplyStart::ContinuingAnswer: state_ = State::Answer; break;
    }
}

ReasoningSplitter::Delta ReasoningSplitter::feed(std::string_view piece) {
    pending_ += piece;
    Delta out;
    step(out, false);
    return out;
}

ReasoningSplitter::Delta ReasoningSplitter::finish() {
    Delta out;
    step(out, true);
    if (state_ == State::Start || state_ == State::Answer) out.answer += pending_;
    pending_.clear();  // an unclosed block's trailing newlines or partial tag are dropped
    return out;
}

void ReasoningSplitter::step(Delta& out, bool at_end) {
    while (!pending_.empty()) {
        switch (state_) {
        case State::Start: {
            size_t first = 0;
            while (first < pending_.size() && is_space(pending_[first])) ++first;
            std::string_view rest = std::string_view(pending_).substr(first);
            if (rest.substr(0, kOpen.size()) == kOpen) {
                pending_.erase(0, first + kOpen.size());
                state_ = State::Reasoning;
                continue;
            }
            if (!at_end && kOpen.substr(0, rest.size()) == rest) return;  // whitespace or "<thi": wait
            state_ = State::Answer;
            continue;
        }
        case State::Reasoning: {
            if (!reasoning_started_) {  // newlines after <think>, or a repeated <think>, are dropped
                size_t first = 0;
                while (first < pending_.size() && pending_[first] == '\n') ++first;
                pending_.erase(0, first);
                std::string_view rest = pending_;
                if (rest.substr(0, kOpen.size()) == kOpen) {
                    pending_.erase(0, kOpen.size());
                    continue;
                }
                if (rest.empty() || (!at_end && kOpen.substr(0, rest.size()) == rest)) return;
            }
            size_t close = pending_.find(kClose);
            size_t usable = close != std::string::npos ? close
                            : at_end                   ? pending_.size()
                                                       : pending_.size() - partial_tag_suffix(pending_, kClose);
            // Newlines just before </think> belong to the template's layout; hold them until
            // something other than the tag follows.
            size_t text_end = usable;
            while (text_end > 0 && pending_[text_end - 1] == '\n') --text_end;
            if (text_end > 0) {
                out.reasoning.append(pending_, 0, text_end);
                reasoning_started_ = true;
                pending_.erase(0, text_end);
                if (close != std::string::npos) close -= text_end;
            }
            if (close == std::string::npos) return;
            pending_.erase(0, close + kClose.size());
            state_ = State::AfterThink;
            continue;
        }
        case State::AfterThink: {
            size_t first = 0;
            while (first < pending_.size() && pending_[first] == '\n') ++first;
            pending_.erase(0, first);
            if (pending_.empty()) return;
            state_ = State::Answer;
            continue;
        }
        case State::Answer:
            out.answer += pending_;
            pending_.clear();
            return;
        }
    }
}

bool prompt_opens_reasoning(std::string_view prompt) {
    while (!prompt.empty() && is_space(prompt.back())) prompt.remove_suffix(1);
    return prompt.size() >= kOpen.size() && prompt.substr(prompt.size() - kOpen.size()) == kOpen;
}

} // namespace ponder
