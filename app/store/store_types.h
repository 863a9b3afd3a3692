// Plain value snapshots of the chat history: what the store returns and the models display.
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace ponder::store {

enum class MessageStatus { Complete, Streaming, Interrupted, Error };
QString toString(MessageStatus status);                     // "complete", "streaming", "interrupted", "error"
MessageStatus messageStatusFromString(const QString& text); // unknown text reads as Complete

struct Conversation {
    int64_t id = 0;
    QString title;
    bool pinned = false;
    int64_t createdAt = 0, updatedAt = 0; // ms since the epoch, UTC
    QString systemPrompt;
    QString samplingJson = QStringLiteral("{}"); // per-conversation overrides of the defaults
    QString modelPath;
    // A model on a remote server instead of a file: the endpoint's id and the model's name there.
    QString remoteEndpointId, remoteModel;
    bool thinkEnabled = true; // the Think switch, for models whose template has one
    int thinkingBudget = -1;  // reasoning tokens before Ponder ends the trace; -1: the default, 0: none
};

struct Message {
    int64_t id = 0;
    int64_t conversationId = 0;
    std::optional<int64_t> parentId; // empty for the first message of a branch root
    QString role;                    // "system", "user", "assistant"
    QString content;                 // the answer, for assistant messages
    QString reasoning;               // the thinking trace, without <think> tags
    int64_t reasoningMs = 0;
    bool reasoningExpanded = false; // the reader left the reasoning panel open
    MessageStatus status = MessageStatus::Complete;
    int64_t createdAt = 0, updatedAt = 0;
    int64_t chosenAt = 0; // among siblings, the newest-chosen one lies on the active path
    int promptTokens = 0, completionTokens = 0;
    double tokensPerS = 0;
    QString stopReason;          // "eos", "max_tokens", "cancelled", "context_full"; empty: unknown
    bool reasoningOpen = false;  // the reply stopped inside its reasoning: it can be continued
    bool budgetReached = false;  // Ponder ended the reasoning at the thinking budget
    int reasoningTokens = 0, answerTokens = 0;
    QString error;               // why the reply failed (status Error), in plain words
};

// What a finished generation leaves on its message.
struct GenerationRecord {
    MessageStatus status = MessageStatus::Complete;
    QString content, reasoning;
    int64_t reasoningMs = 0;
    int promptTokens = 0, completionTokens = 0;
    double tokensPerS = 0;
    QString stopReason;
    bool reasoningOpen = false, budgetReached = false;
    int reasoningTokens = 0, answerTokens = 0;
    QString error;
};

struct SearchHit {
    int64_t conversationId = 0;
    int64_t messageId = 0; // 0 when the title matched
    QString conversationTitle;
    QString snippetHtml; // escaped text with the matches in <b>…</b>
};

} // namespace ponder::store
