// A conversation as a file: Markdown for reading (the active path, reasoning in <details>), JSON
// for moving between machines (every branch, reasoning, timings), and JSON back in.
#pragma once

#include "store/chat_store.h"

#include <QByteArray>

namespace ponder::store {

QString exportMarkdown(const Conversation& conversation, const std::vector<Message>& messages);
QByteArray exportJson(const Conversation& conversation, const std::vector<Message>& messages);

struct ParsedConversation {
    Conversation conversation;
    std::vector<Message> messages; // parents before children
};
Result<ParsedConversation> parseConversationJson(const QByteArray& json);
// Parses and stores; returns the new conversation's id.
Result<int64_t> importJson(ChatStore& store, const QByteArray& json);

} // namespace ponder::store
