#include "store/chat_store.h"

#include "store/schema.h"

#include <QDateTime>
#include <QDir>
#include <QRegularExpression>

#include <unordered_map>

namespace ponder::store {

namespace {

constexpr const char* kConnectionPragmas =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

constexpr const char* kSelectConversations = "SELECT id, title, pinned, created_at, updated_at, "
                                             "system_prompt, sampling_json, model_path, think_enabled, "
                                             "thinking_budget, remote_endpoint, remote_model FROM conversations "
                                             "ORDER BY pinned DESC, updated_at DESC, id DESC";
constexpr const char* kSelectConversation = "SELECT id, title, pinned, created_at, updated_at, "
                                            "system_prompt, sampling_json, model_path, think_enabled, "
                                            "thinking_budget, remote_endpoint, remote_model FROM conversations "
                                            "WHERE id = ?1";
constexpr const char* kInsertConversation =
    "INSERT INTO conversations (title, system_prompt, sampling_json, model_path, created_at, updated_at, "
    "think_enabled, remote_endpoint, remote_model) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)";
constexpr const char* kRenameConversation =
    "UPDATE conversations SET title = ?2, updated_at = ?3 WHERE id = ?1";
constexpr const char* kPinConversation = "UPDATE conversations SET pinned = ?2 WHERE id = ?1";
constexpr const char* kSetConversationSettings =
    "UPDATE conversations SET system_prompt = ?2, sampling_json = ?3 WHERE id = ?1";
constexpr const char* kSetModel =
    "UPDATE conversations SET model_path = ?2, remote_endpoint = ?3, remote_model = ?4 WHERE id = ?1";
constexpr const char* kSetThinkEnabled = "UPDATE conversations SET think_enabled = ?2 WHERE id = ?1";
constexpr const char* kSetThinkingBudget = "UPDATE conversations SET thinking_budget = ?2 WHERE id = ?1";
constexpr const char* kTouchConversation = "UPDATE conversations SET updated_at = ?2 WHERE id = ?1";
constexpr const char* kDeleteConversation = "DELETE FROM conversations WHERE id = ?1";

constexpr const char* kMessageColumns =
    "SELECT id, conversation_id, parent_id, role, content, reasoning, reasoning_ms, status, created_at, "
    "updated_at, "
    "chosen_at, prompt_tokens, completion_tokens, tokens_per_s, reasoning_expanded, stop_reason, reasoning_open, "
    "budget_reached, reasoning_tokens, answer_tokens, error FROM messages ";
constexpr const char* kInsertMessage =
    "INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, reasoning_ms, status, "
    "created_at, updated_at, chosen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, "
    "MAX(?8, COALESCE((SELECT MAX(chosen_at) FROM messages WHERE conversation_id = ?1 AND parent_id IS ?2), "
    "0) + 1))";
constexpr const char* kImportConversation = "INSERT INTO conversations (title, pinned, system_prompt, "
                                            "sampling_json, model_path, created_at, updated_at, "
                                            "think_enabled, thinking_budget, remote_endpoint, remote_model) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kImportMessage =
    "INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, reasoning_ms, status, "
    "created_at, "
    "updated_at, chosen_at, prompt_tokens, completion_tokens, tokens_per_s, reasoning_expanded, stop_reason, "
    "reasoning_open, budget_reached, reasoning_tokens, answer_tokens, error) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
constexpr const char* kSaveStreamingText =
    "UPDATE messages SET content = ?2, reasoning = ?3, reasoning_ms = ?4, updated_at = ?5 WHERE id = ?1";
constexpr const char* kFinishMessage =
    "UPDATE messages SET status = ?2, content = ?3, reasoning = ?4, reasoning_ms = ?5, prompt_tokens = ?6, "
    "completion_tokens = ?7, tokens_per_s = ?8, updated_at = ?9, stop_reason = ?10, reasoning_open = ?11, "
    "budget_reached = ?12, reasoning_tokens = ?13, answer_tokens = ?14, error = ?15 WHERE id = ?1";
constexpr const char* kResumeMessage =
    "UPDATE messages SET status = 'streaming', updated_at = ?2 WHERE id = ?1";
constexpr const char* kEditMessageContent = "UPDATE messages SET content = ?2, updated_at = ?3 WHERE id = ?1";
constexpr const char* kChooseMessage =
    "UPDATE messages SET chosen_at = (SELECT COALESCE(MAX(s.chosen_at), 0) + 1 FROM messages AS s "
    "WHERE s.conversation_id = messages.conversation_id AND s.parent_id IS messages.parent_id) WHERE id = ?1";
constexpr const char* kSetReasoningExpanded = "UPDATE messages SET reasoning_expanded = ?2 WHERE id = ?1";
constexpr const char* kDeleteMessage = "DELETE FROM messages WHERE id = ?1";
constexpr const char* kMarkStreamingInterrupted =
    "UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'";

// Matches in titles and in messages, merged; \x02/\x03 mark the match so it can be escaped safely.
constexpr const char* kSearch = R"sql(
SELECT c.id, 0, c.title, snippet(conversation_fts, 0, char(2), char(3), '…', 12), c.updated_at, bm25(conversation_fts)
  FROM conversation_fts JOIN conversations AS c ON c.id = conversation_fts.rowid
  WHERE conversation_fts MATCH ?1
UNION ALL
SELECT m.conversation_id, m.id, c.title, snippet(message_fts, -1, char(2), char(3), '…', 12), c.updated_at,
       bm25(message_fts)
  FROM message_fts JOIN messages AS m ON m.id = message_fts.rowid JOIN conversations AS c ON c.id = m.conversation_id
  WHERE message_fts MATCH ?1
ORDER BY 5 DESC, 6 ASC LIMIT ?2
)sql";

int64_t now() {
    return QDateTime::currentMSecsSinceEpoch();
}

Conversation readConversation(const Statement& s) {
    Conversation c;
    c.id = s.int64At(0);
    c.title = s.textAt(1);
    c.pinned = s.int64At(2) != 0;
    c.createdAt = s.int64At(3);
    c.updatedAt = s.int64At(4);
    c.systemPrompt = s.textAt(5);
    c.samplingJson = s.textAt(6);
    c.modelPath = s.textAt(7);
    c.thinkEnabled = s.int64At(8) != 0;
    c.thinkingBudget = int(s.int64At(9));
    c.remoteEndpointId = s.textAt(10);
    c.remoteModel = s.textAt(11);
    return c;
}

Message readMessage(const Statement& s) {
    Message m;
    m.id = s.int64At(0);
    m.conversationId = s.int64At(1);
    m.parentId = s.nullableIdAt(2);
    m.role = s.textAt(3);
    m.content = s.textAt(4);
    m.reasoning = s.textAt(5);
    m.reasoningMs = s.int64At(6);
    m.status = messageStatusFromString(s.textAt(7));
    m.createdAt = s.int64At(8);
    m.updatedAt = s.int64At(9);
    m.chosenAt = s.int64At(10);
    m.promptTokens = int(s.int64At(11));
    m.completionTokens = int(s.int64At(12));
    m.tokensPerS = s.doubleAt(13);
    m.reasoningExpanded = s.int64At(14) != 0;
    m.stopReason = s.textAt(15);
    m.reasoningOpen = s.int64At(16) != 0;
    m.budgetReached = s.int64At(17) != 0;
    m.reasoningTokens = int(s.int64At(18));
    m.answerTokens = int(s.int64At(19));
    m.error = s.textAt(20);
    return m;
}

QString highlightedSnippet(const QString& raw) {
    return raw.toHtmlEscaped()
        .replace(QChar(2), QStringLiteral("<b>"))
        .replace(QChar(3), QStringLiteral("</b>"));
}

// One statement in one transaction: the shape of nearly every write below.
template <class Bind> Status writeOne(Database& db, const char* sql, Bind&& bind) {
    Transaction transaction(db);
    PONDER_TRY(transaction.begun());
    auto stmt = db.prepare(sql);
    PONDER_TRY(stmt);
    bind(*stmt);
    PONDER_TRY(stmt->run());
    return transaction.commit();
}

} // namespace

QString toString(MessageStatus status) {
    switch (status) {
    case MessageStatus::Complete:
        return QStringLiteral("complete");
    case MessageStatus::Streaming:
        return QStringLiteral("streaming");
    case MessageStatus::Interrupted:
        return QStringLiteral("interrupted");
    case MessageStatus::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("complete");
}

MessageStatus messageStatusFromString(const QString& text) {
    if (text == QLatin1String("streaming"))
        return MessageStatus::Streaming;
    if (text == QLatin1String("interrupted"))
        return MessageStatus::Interrupted;
    if (text == QLatin1String("error"))
        return MessageStatus::Error;
    return MessageStatus::Complete;
}

QString ftsQueryFor(const QString& text) {
    QStringList terms;
    for (QString word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        terms << QLatin1Char('"') + word.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
    if (!terms.isEmpty())
        terms.last() += QLatin1Char('*');
    return terms.join(QLatin1Char(' '));
}

Result<ChatStore> ChatStore::open(const QString& dataDir) {
    if (!QDir().mkpath(dataDir))
        return make_error("Cannot create the data directory " + dataDir.toStdString() +
                          "; check its permissions.");
    auto db = Database::open(QDir(dataDir).filePath(fileName()));
    PONDER_TRY(db);
    PONDER_TRY(db->exec(kConnectionPragmas));
    PONDER_TRY(migrate(*db));
    ChatStore store(std::move(db).value());
    PONDER_TRY(store.markStreamingInterrupted());
    return store;
}

Result<int64_t> ChatStore::createConversation(const NewConversation& c) {
    Transaction transaction(db_);
    PONDER_TRY(transaction.begun());
    auto stmt = db_.prepare(kInsertConversation);
    PONDER_TRY(stmt);
    stmt->bind(1, c.title)
        .bind(2, c.systemPrompt)
        .bind(3, c.samplingJson)
        .bind(4, c.modelPath)
        .bind(5, now())
        .bind(6, int(c.thinkEnabled))
        .bind(7, c.remoteEndpointId)
        .bind(8, c.remoteModel);
    PONDER_TRY(stmt->run());
    const int64_t id = db_.lastInsertId();
    PONDER_TRY(transaction.commit());
    return id;
}

Result<std::vector<Conversation>> ChatStore::conversations() {
    auto stmt = db_.prepare(kSelectConversations);
    PONDER_TRY(stmt);
    std::vector<Conversation> list;
    while (stmt->step())
        list.push_back(readConversation(*stmt));
    if (stmt->error())
        return *stmt->error();
    return list;
}

Result<Conversation> ChatStore::conversation(int64_t id) {
    auto stmt = db_.prepare(kSelectConversation);
    PONDER_TRY(stmt);
    stmt->bind(1, id);
    if (!stmt->step())
        return make_error("Conversation " + std::to_string(id) + " no longer exists.");
    return readConversation(*stmt);
}

Status ChatStore::renameConversation(int64_t id, const QString& title) {
    return writeOne(db_, kRenameConversation,
                    [&](Statement& s) { s.bind(1, id).bind(2, title).bind(3, now()); });
}

Status ChatStore::setPinned(int64_t id, bool pinned) {
    return writeOne(db_, kPinConversation, [&](Statement& s) { s.bind(1, id).bind(2, int(pinned)); });
}

Status ChatStore::setConversationSettings(int64_t id, const QString& systemPrompt,
                                          const QString& samplingJson) {
    return writeOne(db_, kSetConversationSettings,
                    [&](Statement& s) { s.bind(1, id).bind(2, systemPrompt).bind(3, samplingJson); });
}

Status ChatStore::setModel(int64_t id, const QString& modelPath, const QString& remoteEndpointId,
                           const QString& remoteModel) {
    return writeOne(db_, kSetModel, [&](Statement& s) {
        s.bind(1, id).bind(2, modelPath).bind(3, remoteEndpointId).bind(4, remoteModel);
    });
}

Status ChatStore::setThinkEnabled(int64_t id, bool enabled) {
    return writeOne(db_, kSetThinkEnabled, [&](Statement& s) { s.bind(1, id).bind(2, int(enabled)); });
}

Status ChatStore::setThinkingBudget(int64_t id, int budget) {
    return writeOne(db_, kSetThinkingBudget, [&](Statement& s) { s.bind(1, id).bind(2, std::max(budget, -1)); });
}

Status ChatStore::deleteConversation(int64_t id) {
    return writeOne(db_, kDeleteConversation, [&](Statement& s) { s.bind(1, id); });
}

Status ChatStore::touchConversation(int64_t id) {
    auto stmt = db_.prepare(kTouchConversation);
    PONDER_TRY(stmt);
    stmt->bind(1, id).bind(2, now());
    return stmt->run();
}

Result<int64_t> ChatStore::addMessage(const NewMessage& m) {
    Transaction transaction(db_);
    PONDER_TRY(transaction.begun());
    auto stmt = db_.prepare(kInsertMessage);
    PONDER_TRY(stmt);
    stmt->bind(1, m.conversationId).bindNullableId(2, m.parentId).bind(3, m.role).bind(4, m.content);
    stmt->bind(5, m.reasoning).bind(6, m.reasoningMs).bind(7, toString(m.status)).bind(8, now());
    PONDER_TRY(stmt->run());
    const int64_t id = db_.lastInsertId();
    PONDER_TRY(touchConversation(m.conversationId));
    PONDER_TRY(transaction.commit());
    return id;
}

Result<std::vector<Message>> ChatStore::messages(int64_t conversationId) {
    auto stmt =
        db_.prepare((std::string(kMessageColumns) + "WHERE conversation_id = ?1 ORDER BY id").c_str());
    PONDER_TRY(stmt);
    stmt->bind(1, conversationId);
    std::vector<Message> list;
    while (stmt->step())
        list.push_back(readMessage(*stmt));
    if (stmt->error())
        return *stmt->error();
    return list;
}

Result<Message> ChatStore::message(int64_t id) {
    auto stmt = db_.prepare((std::string(kMessageColumns) + "WHERE id = ?1").c_str());
    PONDER_TRY(stmt);
    stmt->bind(1, id);
    if (!stmt->step())
        return make_error("Message " + std::to_string(id) + " no longer exists.");
    return readMessage(*stmt);
}

Status ChatStore::saveStreamingText(int64_t id, const QString& content, const QString& reasoning,
                                    int64_t reasoningMs) {
    return writeOne(db_, kSaveStreamingText, [&](Statement& s) {
        s.bind(1, id).bind(2, content).bind(3, reasoning).bind(4, reasoningMs).bind(5, now());
    });
}

Status ChatStore::finishMessage(int64_t id, const GenerationRecord& r) {
    return writeOne(db_, kFinishMessage, [&](Statement& s) {
        s.bind(1, id)
            .bind(2, toString(r.status))
            .bind(3, r.content)
            .bind(4, r.reasoning)
            .bind(5, r.reasoningMs);
        s.bind(6, r.promptTokens).bind(7, r.completionTokens).bind(8, r.tokensPerS).bind(9, now());
        s.bind(10, r.stopReason).bind(11, int(r.reasoningOpen)).bind(12, int(r.budgetReached));
        s.bind(13, r.reasoningTokens).bind(14, r.answerTokens).bind(15, r.error);
    });
}

Status ChatStore::resumeMessage(int64_t id) {
    return writeOne(db_, kResumeMessage, [&](Statement& s) { s.bind(1, id).bind(2, now()); });
}

Status ChatStore::editMessageContent(int64_t id, const QString& content) {
    return writeOne(db_, kEditMessageContent,
                    [&](Statement& s) { s.bind(1, id).bind(2, content).bind(3, now()); });
}

Status ChatStore::chooseMessage(int64_t id) {
    return writeOne(db_, kChooseMessage, [&](Statement& s) { s.bind(1, id); });
}

Status ChatStore::setReasoningExpanded(int64_t id, bool expanded) {
    return writeOne(db_, kSetReasoningExpanded, [&](Statement& s) { s.bind(1, id).bind(2, int(expanded)); });
}

Status ChatStore::deleteMessage(int64_t id) {
    return writeOne(db_, kDeleteMessage, [&](Statement& s) { s.bind(1, id); });
}

Result<int64_t> ChatStore::importConversation(const Conversation& c, const std::vector<Message>& messages) {
    Transaction transaction(db_);
    PONDER_TRY(transaction.begun());
    auto insertConversation = db_.prepare(kImportConversation);
    PONDER_TRY(insertConversation);
    insertConversation->bind(1, c.title)
        .bind(2, int(c.pinned))
        .bind(3, c.systemPrompt)
        .bind(4, c.samplingJson);
    insertConversation->bind(5, c.modelPath).bind(6, c.createdAt).bind(7, c.updatedAt);
    insertConversation->bind(8, int(c.thinkEnabled)).bind(9, c.thinkingBudget);
    insertConversation->bind(10, c.remoteEndpointId).bind(11, c.remoteModel);
    PONDER_TRY(insertConversation->run());
    const int64_t conversationId = db_.lastInsertId();

    std::unordered_map<int64_t, int64_t> newIdOf; // ids in the file -> ids in this database
    for (const Message& m : messages) {           // parents come before children (ordered by id on export)
        std::optional<int64_t> parent;
        if (m.parentId) {
            const auto found = newIdOf.find(*m.parentId);
            if (found == newIdOf.end())
                return make_error("The imported conversation is damaged: message " + std::to_string(m.id) +
                                  " refers to a missing parent.");
            parent = found->second;
        }
        auto stmt = db_.prepare(kImportMessage);
        PONDER_TRY(stmt);
        stmt->bind(1, conversationId).bindNullableId(2, parent).bind(3, m.role).bind(4, m.content);
        stmt->bind(5, m.reasoning).bind(6, m.reasoningMs).bind(7, toString(m.status)).bind(8, m.createdAt);
        stmt->bind(9, m.updatedAt).bind(10, m.chosenAt).bind(11, m.promptTokens).bind(12, m.completionTokens);
        stmt->bind(13, m.tokensPerS).bind(14, int(m.reasoningExpanded)).bind(15, m.stopReason);
        stmt->bind(16, int(m.reasoningOpen)).bind(17, int(m.budgetReached)).bind(18, m.reasoningTokens);
        stmt->bind(19, m.answerTokens).bind(20, m.error);
        PONDER_TRY(stmt->run());
        newIdOf[m.id] = db_.lastInsertId();
    }
    PONDER_TRY(transaction.commit());
    return conversationId;
}

Result<int> ChatStore::markStreamingInterrupted() {
    PONDER_TRY(writeOne(db_, kMarkStreamingInterrupted, [](Statement&) {}));
    return db_.changes();
}

Result<std::vector<SearchHit>> ChatStore::search(const QString& query, int limit) {
    const QString fts = ftsQueryFor(query);
    if (fts.isEmpty())
        return std::vector<SearchHit>{};
    auto stmt = db_.prepare(kSearch);
    PONDER_TRY(stmt);
    stmt->bind(1, fts).bind(2, limit);
    std::vector<SearchHit> hits;
    while (stmt->step())
        hits.push_back(
            {stmt->int64At(0), stmt->int64At(1), stmt->textAt(2), highlightedSnippet(stmt->textAt(3))});
    if (stmt->error())
        return *stmt->error();
    return hits;
}

Result<QString> ChatStore::integrityCheck() {
    auto stmt = db_.prepare("PRAGMA integrity_check");
    PONDER_TRY(stmt);
    if (!stmt->step())
        return make_error("The integrity check returned nothing.");
    return stmt->textAt(0);
}

} // namespace ponder::store
