// A history written by schema v1 opens in the current Ponder with nothing lost.
#include "store/active_path.h"
#include "store/chat_store.h"
#include "store/schema.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder::store;

class StoreMigrationTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString dbPath() const { return dir_.filePath(ChatStore::fileName()); }

    void writeV1History() {
        auto db = Database::open(dbPath());
        QVERIFY(db.ok());
        QVERIFY(migrate(*db, 1).ok());
        QCOMPARE(schemaVersion(*db), 1);
        QVERIFY(db->exec(R"sql(
            INSERT INTO conversations (id, title, created_at, updated_at) VALUES (7, 'Prime numbers', 1000, 2000);
            INSERT INTO messages (conversation_id, role, content, created_at) VALUES
              (7, 'user', 'Is 91 prime?', 1000),
              (7, 'assistant', '<think>91 = 7 * 13, so no.</think>No: 91 is 7 times 13.', 1500),
              (7, 'user', 'And 97?', 1800),
              (7, 'assistant', 'Yes, 97 is prime.', 2000);
        )sql")
                    .ok());
    }

  private slots:
    void init() {
        QFile::remove(dbPath());
        QFile::remove(dbPath() + "-wal");
        QFile::remove(dbPath() + "-shm");
    }

    void freshHistoryStartsAtTheCurrentVersion() {
        auto store = ChatStore::open(dir_.path());
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(schemaVersion(store->database()), kSchemaVersion);
    }

    void v1TranscriptBecomesOneChainWithReasoningSplitOut() {
        writeV1History();
        auto store = ChatStore::open(dir_.path());
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(schemaVersion(store->database()), kSchemaVersion);

        auto messages = store->messages(7);
        QVERIFY(messages.ok());
        const auto path = activePath(*messages);
        QCOMPARE(path.size(), size_t(4));
        QVERIFY(!path[0].message.parentId.has_value());
        for (size_t i = 1; i < path.size(); ++i)
            QCOMPARE(*path[i].message.parentId, path[i - 1].message.id);

        const Message& answer = path[1].message;
        QCOMPARE(answer.reasoning, QStringLiteral("91 = 7 * 13, so no."));
        QCOMPARE(answer.content, QStringLiteral("No: 91 is 7 times 13."));
        QCOMPARE(toString(answer.status), toString(MessageStatus::Complete));
        QCOMPARE(path[3].message.content, QStringLiteral("Yes, 97 is prime."));
        QVERIFY(path[3].message.reasoning.isEmpty());

        auto conversation = store->conversation(7);
        QVERIFY(conversation.ok());
        QCOMPARE(conversation->title, QStringLiteral("Prime numbers"));
        QVERIFY(!conversation->pinned);
    }

    void migratedTextIsSearchable() {
        writeV1History();
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        auto inReasoning = store->search("13");
        QVERIFY(inReasoning.ok());
        QVERIFY(!inReasoning->empty());
        auto inTitle = store->search("prime numbers");
        QVERIFY(inTitle.ok());
        QVERIFY(std::any_of(inTitle->begin(), inTitle->end(),
                            [](const SearchHit& h) { return h.messageId == 0; }));
    }

    void v2RepliesOpenWithTheirReasoningFolded() {
        {
            auto db = Database::open(dbPath());
            QVERIFY(db.ok());
            QVERIFY(migrate(*db, 2).ok());
            QVERIFY(
                db->exec(
                      "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 't', 1, 1);"
                      "INSERT INTO messages (id, conversation_id, role, content, reasoning, created_at) "
                      "VALUES (5, 1, 'assistant', 'answer', 'thoughts', 1);")
                    .ok());
        }
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        QCOMPARE(schemaVersion(store->database()), kSchemaVersion);
        QVERIFY(!store->message(5)->reasoningExpanded);
        QVERIFY(store->setReasoningExpanded(5, true).ok());
        QVERIFY(store->message(5)->reasoningExpanded);
    }

    // v4 keeps how a reply ended, so a reply cut short inside its reasoning can be resumed.
    void v3RepliesOpenAsEndedAndNewRepliesKeepHowTheyEnded() {
        {
            auto db = Database::open(dbPath());
            QVERIFY(db.ok());
            QVERIFY(migrate(*db, 3).ok());
            QVERIFY(db->exec("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 't', 1, 1);"
                             "INSERT INTO messages (id, conversation_id, role, content, reasoning, created_at) "
                             "VALUES (5, 1, 'assistant', 'answer', 'thoughts', 1);")
                        .ok());
        }
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        QCOMPARE(schemaVersion(store->database()), kSchemaVersion);
        const Message old = *store->message(5);
        QVERIFY(!old.reasoningOpen);
        QVERIFY(!old.budgetReached);
        QCOMPARE(old.stopReason, QString());
        QCOMPARE(old.reasoningTokens + old.answerTokens, 0);

        GenerationRecord cut;
        cut.status = MessageStatus::Interrupted;
        cut.stopReason = QStringLiteral("cancelled");
        cut.reasoningOpen = true;
        cut.budgetReached = true;
        cut.reasoningTokens = 1200;
        cut.answerTokens = 34;
        QVERIFY(store->finishMessage(5, cut).ok());
        const Message after = *store->message(5);
        QCOMPARE(after.stopReason, QStringLiteral("cancelled"));
        QVERIFY(after.reasoningOpen);
        QVERIFY(after.budgetReached);
        QCOMPARE(after.reasoningTokens, 1200);
        QCOMPARE(after.answerTokens, 34);
        QVERIFY(store->resumeMessage(5).ok());
        QCOMPARE(toString(store->message(5)->status), toString(MessageStatus::Streaming));
    }

    // v6 remembers a remote model per conversation; older conversations keep their model file.
    void v5ConversationsKeepTheirFileAndCanMoveToARemoteModel() {
        {
            auto db = Database::open(dbPath());
            QVERIFY(db.ok());
            QVERIFY(migrate(*db, 5).ok());
            QVERIFY(db->exec("INSERT INTO conversations (id, title, created_at, updated_at, model_path) "
                             "VALUES (1, 't', 1, 1, '/models/qwq.gguf');")
                        .ok());
        }
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        QCOMPARE(schemaVersion(store->database()), kSchemaVersion);
        const Conversation old = *store->conversation(1);
        QCOMPARE(old.modelPath, QStringLiteral("/models/qwq.gguf"));
        QCOMPARE(old.remoteModel, QString());

        QVERIFY(store->setModel(1, {}, QStringLiteral("endpoint-1"), QStringLiteral("deepseek-r1")).ok());
        const Conversation moved = *store->conversation(1);
        QCOMPARE(moved.modelPath, QString());
        QCOMPARE(moved.remoteEndpointId, QStringLiteral("endpoint-1"));
        QCOMPARE(moved.remoteModel, QStringLiteral("deepseek-r1"));
    }

    void historyFromANewerPonderIsRefusedWithAReason() {
        {
            auto db = Database::open(dbPath());
            QVERIFY(db.ok());
            QVERIFY(db->exec("PRAGMA user_version = 99").ok());
        }
        auto store = ChatStore::open(dir_.path());
        QVERIFY(!store.ok());
        QVERIFY(QString::fromStdString(store.error().message).contains("newer Ponder"));
    }

    void historyUsesWriteAheadLogging() {
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        auto stmt = store->database().prepare("PRAGMA journal_mode");
        QVERIFY(stmt.ok() && stmt->step());
        QCOMPARE(stmt->textAt(0), QStringLiteral("wal"));
    }
};

QTEST_GUILESS_MAIN(StoreMigrationTest)
#include "store_migration_test.moc"
