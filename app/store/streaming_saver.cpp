#include "store/streaming_saver.h"

namespace ponder::store {

StreamingSaver::StreamingSaver(ChatStore& store, int64_t messageId, int intervalMs)
    : store_(store), messageId_(messageId), intervalMs_(intervalMs) {
    sinceSave_.start();
}

void StreamingSaver::resumeFrom(const QString& reasoning, const QString& content, int64_t reasoningMs) {
    reasoning_ = reasoning;
    content_ = content;
    reasoningMs_ = reasoningMs;
}

Status StreamingSaver::append(const QString& reasoningDelta, const QString& contentDelta,
                              int64_t reasoningMs) {
    reasoning_ += reasoningDelta;
    content_ += contentDelta;
    reasoningMs_ = reasoningMs;
    if (sinceSave_.elapsed() < intervalMs_)
        return {};
    sinceSave_.restart();
    return store_.saveStreamingText(messageId_, content_, reasoning_, reasoningMs_);
}

Status StreamingSaver::finish(GenerationRecord record) {
    record.content = content_;
    record.reasoning = reasoning_;
    if (record.reasoningMs == 0)
        record.reasoningMs = reasoningMs_;
    return store_.finishMessage(messageId_, record);
}

} // namespace ponder::store
