// Keeps a streaming reply safe: the text is written to the store at most `interval` after it
// arrived, so a crash or SIGKILL loses at most that much of the reply.
#pragma once

#include "store/chat_store.h"

#include <QElapsedTimer>

namespace ponder::store {

class StreamingSaver {
  public:
    StreamingSaver(ChatStore& store, int64_t messageId, int intervalMs = 1000);

    // A reply that goes on: the stored text the new text is appended to.
    void resumeFrom(const QString& reasoning, const QString& content, int64_t reasoningMs);
    // The reply starts over as empty (what looked like its answer was its reasoning).
    void restart() { resumeFrom({}, {}, reasoningMs_); }
    // Appends streamed text; saves when the last save is older than the interval.
    Status append(const QString& reasoningDelta, const QString& contentDelta, int64_t reasoningMs);
    // Final save with the generation's outcome.
    Status finish(GenerationRecord record);

    const QString& content() const { return content_; }
    const QString& reasoning() const { return reasoning_; }
    int64_t messageId() const { return messageId_; }

  private:
    ChatStore& store_;
    int64_t messageId_;
    int intervalMs_;
    QString content_, reasoning_;
    int64_t reasoningMs_ = 0;
    QElapsedTimer sinceSave_;
};

} // namespace ponder::store
