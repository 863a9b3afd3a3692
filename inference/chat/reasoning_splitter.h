// Splits a reasoning model's streamed output into reasoning and answer as it arrives.
// Text between <think> and </think> is reasoning; the rest is the answer. Pieces may be cut
// anywhere (inside a tag, inside a UTF-8 sequence); only text that might still turn out to be
// part of a tag is held back. Tags are never emitted, nor the newlines around the reasoning
// that the templates put there (<think>\n ... \n</think>\n\n).
#pragma once

#include <string>
#include <string_view>

namespace ponder {

// The reasoning models' trace markers. "</think>" is also what Ponder writes to end a trace
// (Answer now, the thinking budget): every supported reasoning template uses these.
inline constexpr std::string_view kThinkOpen = "<think>";
inline constexpr std::string_view kThinkClose = "</think>";

// Where a reply starts: fresh (a <think> may come), inside a trace the prompt opened, or
// continuing a stored reply (in its trace, just after it, or in its answer).
enum class ReplyStart { Fresh, InReasoning, ContinuingReasoning, AfterReasoning, ContinuingAnswer };

class ReasoningSplitter {
public:
    struct Delta {
        std::string reasoning;
        std::string answer;
        bool empty() const { return reasoning.empty() && answer.empty(); }
    };

    // starts_in_reasoning: the prompt already opened <think> (QwQ-32B, R1 distills), so the
    // output begins inside the reasoning and only </think> will arrive.
    explicit ReasoningSplitter(bool starts_in_reasoning = false);
    explicit ReasoningSplitter(ReplyStart start);

    Delta feed(std::string_view piece);
    // End of generation: releases anything held back (an unclosed reasoning block stays reasoning).
    Delta finish();

    bool in_reasoning() const { return state_ == State::Reasoning; }
    // Past the trace (or there was none): everything from here on is answer.
    bool in_answer() const { return state_ == State::AfterThink || state_ == State::Answer; }

private:
    enum class State {
        Start,       // nothing seen but whitespace: a <think> may still come
        Reasoning,   // inside <think>
        AfterThink,  // just after </think>: newlines here are dropped
        Answer,
    };
    void step(Delta& out, bool at_end);

    State state_;
    bool reasoning_started_ = false;  // a non-newline reasoning character has been emitted
    std::string pending_;             // received but not yet classified
};

// True when a rendered prompt leaves generation inside a think block (it ends with "<think>"
// and optional whitespace), so the splitter must start in reasoning.
bool prompt_opens_reasoning(std::string_view prompt);

} // namespace ponder
