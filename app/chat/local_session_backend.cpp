#include "chat/local_session_backend.h"

namespace ponder::app {

namespace {
// Kept here rather than calling the engine's to_string so this library links without the engine.
QString stopReasonName(StopReason reason) {
    switch (reason) {
    case StopReason::EndOfGeneration:
        return QStringLiteral("eos");
    case StopReason::MaxTokens:
        return QStringLiteral("max_tokens");
    case StopReason::Cancelled:
        return QStringLiteral("cancelled");
    case StopReason::ContextFull:
        return QStringLiteral("context_full");
    }
    return QStringLiteral("eos");
}
} // namespace

int LocalSessionBackend::contextUsed() const {
    return int(generating_ ? session_.context_used() : shared_.context_used());
}

void LocalSessionBackend::generate(const GenerationRequest& request, const OnPiece& onPiece,
                                   const std::atomic<bool>& stop, GenerationOutcome& outcome) {
    generating_ = true;
    auto result = shared_.generate(
        request.messages, request.sampling,
        [&](const ChatSession::Delta& d) { return onPiece({d.reasoning, d.content}); }, &stop);
    generating_ = false;
    if (!result) {
        outcome.failed = true;
        outcome.error = QString::fromStdString(result.error().message);
        return;
    }
    const GenerationStats& stats = *result;
    outcome.stopReason = stopReasonName(stats.stop_reason);
    outcome.promptTokens = stats.prompt_tokens;
    outcome.completionTokens = stats.completion_tokens;
    outcome.tokensPerSecond = stats.tokens_per_s;
    outcome.timeToFirstTokenMs = stats.time_to_first_token_ms;
    outcome.droppedMessages = stats.dropped_messages;
    outcome.reasoningTokens = stats.reasoning_tokens;
    outcome.answerTokens = stats.answer_tokens;
    outcome.reasoningOpen = stats.stopped_in_reasoning;
    outcome.budgetReached = stats.thinking_budget_reached;
}

} // namespace ponder::app
