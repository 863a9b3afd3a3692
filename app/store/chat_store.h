// The chat history: <data-dir>/ponder.sqlite3 in WAL mode. Every write is one transaction.
// Not thread-safe: open it on the thread that uses it (the GUI thread in the app).
#pragma once

#include "store/sqlite_db.h"
#include "store/store_types.h"

#include <vector>

namespace ponder::store {

struct NewConversation {
    QString title;
    QString systemPrompt;
    QString samplingJson = QStringLiteral("{}");
    QString modelPath;
    QString remoteEndpointId, remoteModel; // a model on a remote server (then modelPath is empty)
    bool thinkEnabled = true;
};

struct NewMessage {
    int64_t conversationId = 0;
    std::optional<int64_t> parentId;
    QString role, content, reasoning;
    MessageStatus status = MessageStatus::Complete;
    int64_t reasoningMs = 0;
};

class ChatStore {
  public:
    static QString fileName() { return QStringLiteral("ponder.sqlite3"); }
    // Opens (creating if needed) and migrates the history in `dataDir`; messages left
    // 'streaming' by a crash become 'interrupted'. In the app only the data directory's owner
    // (SingleInstance) opens it, so no live process is writing those messages.
    static Result<ChatStore> open(const QString& dataDir);

    Result<int64_t> createConversation(const NewConversation& conversation);
    Result<std::vector<Conversation>> conversations();
    Result<Conversation> conversation(int64_t id);
    Status renameConversation(int64_t id, const QString& title);
    Status setPinned(int64_t id, bool pinned);
    Status setConversationSettings(int64_t id, const QString& systemPrompt, const QString& samplingJson);
    // The model the conversation goes on with: a file, or (remoteModel not empty) a remote one.
    Status setModel(int64_t id, const QString& modelPath, const QString& remoteEndpointId,
                    const QString& remoteModel);
    Status setThinkEnabled(int64_t id, bool enabled);
    Status setThinkingBudget(int64_t id, int budget); // -1: the default, 0: none
    Status deleteConversation(int64_t id);

    // The new message becomes the chosen one among its siblings.
    Result<int64_t> addMessage(const NewMessage& message);
    Result<std::vector<Message>> messages(int64_t conversationId);
    Result<Message> message(int64_t id);
    // Saves the text streamed so far; the message stays 'streaming'.
    Status saveStreamingText(int64_t id, const QString& content, const QString& reasoning,
                             int64_t reasoningMs);
    Status finishMessage(int64_t id, const GenerationRecord& record);
    // A finished reply goes on (Continue, Answer now): 'streaming' again until finishMessage.
    Status resumeMessage(int64_t id);
    Status editMessageContent(int64_t id, const QString& content);
    // Puts `id` on the active path (branch navigation).
    Status chooseMessage(int64_t id);
    Status setReasoningExpanded(int64_t id, bool expanded);
    // Deletes the message and everything below it.
    Status deleteMessage(int64_t id);

    // Inserts a whole conversation (all branches) in one transaction; ids are assigned anew and
    // parent links remapped. Returns the new conversation's id.
    Result<int64_t> importConversation(const Conversation& conversation,
                                       const std::vector<Message>& messages);

    Result<int> markStreamingInterrupted();
    // Full-text search over titles, answers and reasoning; newest conversations first.
    Result<std::vector<SearchHit>> search(const QString& query, int limit = 50);
    // "ok" when the database file is sound.
    Result<QString> integrityCheck();

    Database& database() { return db_; }

  private:
    explicit ChatStore(Database db) : db_(std::move(db)) {}
    Status touchConversation(int64_t id);
    Database db_;
};

// Turns free text into an FTS5 query: each word quoted, the last one a prefix ("rea" finds "reason").
QString ftsQueryFor(const QString& text);

} // namespace ponder::store
