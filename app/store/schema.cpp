#include "store/schema.h"

namespace ponder::store {

namespace {

// v1: the first release kept a flat transcript; reasoning stayed inside <think> tags in `content`.
constexpr const char* kCreateV1 = R"sql(
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL);
CREATE INDEX messages_by_conversation ON messages(conversation_id);
)sql";

// v2: branches (parent_id + chosen_at: the newest-chosen sibling is on the active path), reasoning
// split from the answer, streaming status, per-conversation settings and full-text search.
constexpr const char* kMigrateV1ToV2Columns = R"sql(
ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN system_prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN sampling_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN model_path TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE;
ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN reasoning_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'complete';
ALTER TABLE messages ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN chosen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN prompt_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN completion_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tokens_per_s REAL NOT NULL DEFAULT 0;
CREATE INDEX messages_by_parent ON messages(parent_id);
)sql";

// v1 transcripts become a single chain; "<think>…</think>answer" is split into reasoning + answer.
constexpr const char* kMigrateV1ToV2Data = R"sql(
UPDATE messages SET
  parent_id = (SELECT prev.id FROM messages AS prev
               WHERE prev.conversation_id = messages.conversation_id AND prev.id < messages.id
               ORDER BY prev.id DESC LIMIT 1),
  updated_at = created_at,
  chosen_at = created_at;
UPDATE messages SET
  reasoning = trim(substr(content, instr(content, '<think>') + 7,
                          instr(content, '</think>') - instr(content, '<think>') - 7)),
  content = trim(substr(content, instr(content, '</think>') + 8))
WHERE role = 'assistant' AND instr(content, '<think>') > 0
  AND instr(content, '</think>') > instr(content, '<think>');
)sql";

// External-content FTS5 tables kept in sync by triggers.
constexpr const char* kCreateSearchV2 = R"sql(
CREATE VIRTUAL TABLE conversation_fts USING fts5(title, content='conversations', content_rowid='id');
CREATE VIRTUAL TABLE message_fts USING fts5(content, reasoning, content='messages', content_rowid='id');
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversation_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversation_fts(conversation_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversation_fts(conversation_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO conversation_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_fts(rowid, content, reasoning) VALUES (new.id, new.content, new.reasoning);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_fts(message_fts, rowid, content, reasoning)
    VALUES ('delete', old.id, old.content, old.reasoning);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, reasoning ON messages BEGIN
  INSERT INTO message_fts(message_fts, rowid, content, reasoning)
    VALUES ('delete', old.id, old.content, old.reasoning);
  INSERT INTO message_fts(rowid, content, reasoning) VALUES (new.id, new.content, new.reasoning);
END;
INSERT INTO conversation_fts(conversation_fts) VALUES ('rebuild');
INSERT INTO message_fts(message_fts) VALUES ('rebuild');
)sql";

// v3: whether the reader left a reply's reasoning open, so it reopens the same way.
constexpr const char* kMigrateV2ToV3 =
    "ALTER TABLE messages ADD COLUMN reasoning_expanded INTEGER NOT NULL DEFAULT 0;";

// v4: how a reply ended (stop reason; whether its reasoning was cut short, or ended by the
// thinking budget) and its tokens split into reasoning and answer, so a cut reply can be resumed.
constexpr const char* kMigrateV3ToV4 = R"sql(
ALTER TABLE messages ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN reasoning_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN budget_reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN answer_tokens INTEGER NOT NULL DEFAULT 0;
)sql";

// v5: a conversation's reasoning controls: the Think switch (on unless the user turned it off)
// and its thinking budget in tokens (-1: the settings' default, 0: none).
constexpr const char* kMigrateV4ToV5 = R"sql(
ALTER TABLE conversations ADD COLUMN think_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE conversations ADD COLUMN thinking_budget INTEGER NOT NULL DEFAULT -1;
)sql";

// v6: a conversation written with a model on a remote OpenAI-compatible server: the endpoint's id
// (Settings → Remote servers) and the model's name there, both empty for a local model file; and
// why a failed reply failed ("unauthorized (401): invalid key"), shown under what arrived.
constexpr const char* kMigrateV5ToV6 = R"sql(
ALTER TABLE conversations ADD COLUMN remote_endpoint TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN remote_model TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN error TEXT NOT NULL DEFAULT '';
)sql";

Status setVersion(Database& db, int version) {
    const std::string sql = "PRAGMA user_version = " + std::to_string(version);
    return db.exec(sql.c_str());
}

Status migrateToV1(Database& db) {
    return db.exec(kCreateV1);
}

Status migrateToV2(Database& db) {
    PONDER_TRY(db.exec(kMigrateV1ToV2Columns));
    PONDER_TRY(db.exec(kMigrateV1ToV2Data));
    return db.exec(kCreateSearchV2);
}

Status migrateToV3(Database& db) {
    return db.exec(kMigrateV2ToV3);
}

Status migrateToV4(Database& db) {
    return db.exec(kMigrateV3ToV4);
}

Status migrateToV5(Database& db) {
    return db.exec(kMigrateV4ToV5);
}

Status migrateToV6(Database& db) {
    return db.exec(kMigrateV5ToV6);
}

using Migration = Status (*)(Database&);
// kMigrations[i] moves a database from version i to version i + 1.
constexpr Migration kMigrations[] = {migrateToV1, migrateToV2, migrateToV3, migrateToV4, migrateToV5,
                                     migrateToV6};
static_assert(std::size(kMigrations) == kSchemaVersion);

} // namespace

int schemaVersion(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt || !stmt->step())
        return -1;
    return int(stmt->int64At(0));
}

Status migrate(Database& db, int target) {
    const int current = schemaVersion(db);
    if (current < 0)
        return make_error("Cannot read the chat history version: " + db.lastError().toStdString());
    if (current > kSchemaVersion)
        return make_error("The chat history was written by a newer Ponder (schema " +
                          std::to_string(current) + "); update Ponder or choose another data directory.");
    for (int version = current; version < target; ++version) {
        Transaction transaction(db);
        PONDER_TRY(transaction.begun());
        PONDER_TRY(kMigrations[version](db));
        PONDER_TRY(setVersion(db, version + 1));
        PONDER_TRY(transaction.commit());
    }
    return {};
}

} // namespace ponder::store
