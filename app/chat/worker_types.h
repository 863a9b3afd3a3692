// Values that cross from the GUI thread to the inference thread and back, by queued signal.
#pragma once

#include "chat/chat_session.h"
#include "chat/engine_api.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace ponder::app {

struct GenerationRequest {
    qint64 messageId = 0; // the reply being written
    std::vector<ChatMessage> messages;
    SamplingParams sampling;
    std::optional<RemoteTarget> remote; // set: a remote server writes the reply, not the loaded model
};

// The KV cache types for the settings' "f16" / "q8_0" / "q4_0" (keys and values alike; f16 if unknown).
inline KvCacheTypes kvCacheTypesFor(const QString& name) {
    const auto type = parse_kv_cache_type(name.toStdString());
    return type ? KvCacheTypes{*type, *type} : KvCacheTypes{};
}

struct LoadedModel {
    QString path, name, architecture, quantization, deviceName, templateWarning;
    int contextLength = 0;
    QString contextReason; // why this context length (context_choice.h)
    bool hasThinkingSwitch = false; // the template can turn thinking off (ModelInfo::has_thinking_switch)
};

struct GenerationOutcome {
    qint64 messageId = 0;
    bool failed = false;
    QString error;      // plain words, when failed
    QString stopReason; // "eos", "max_tokens", "cancelled", "context_full"
    int promptTokens = 0, completionTokens = 0, contextUsed = 0, droppedMessages = 0;
    int reasoningTokens = 0, answerTokens = 0;
    bool reasoningOpen = false; // stopped inside the reasoning
    bool budgetReached = false; // Ponder ended the reasoning at the thinking budget
    double tokensPerSecond = 0, timeToFirstTokenMs = 0;
    qint64 reasoningMs = 0;
};

} // namespace ponder::app

Q_DECLARE_METATYPE(ponder::app::GenerationRequest)
Q_DECLARE_METATYPE(ponder::app::LoadedModel)
Q_DECLARE_METATYPE(ponder::app::GenerationOutcome)
