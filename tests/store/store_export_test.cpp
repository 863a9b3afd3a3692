// Export to Markdown and JSON, and JSON back in, keeps every branch and the reasoning.
#include "store/active_path.h"
#include "store/conversation_export.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder::store;

class StoreExportTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::optional<ChatStore> store_;
    int64_t conversation_ = 0;

  private slots:
    void initTestCase() {
        store_.emplace(std::move(ChatStore::open(dir_.path())).value());
        conversation_ = *store_->createConversation(
            {.title = "Export me", .systemPrompt = "Be brief.", .samplingJson = R"({"temperature":0.3})"});
        const int64_t q = *store_->addMessage({conversation_, {}, "user", "What is 2+2?"});
        const int64_t a1 =
            *store_->addMessage({conversation_, q, "assistant", "", "", MessageStatus::Streaming});
        QVERIFY(store_
                    ->finishMessage(
                        a1, {MessageStatus::Complete, "Four.", "Two plus two is four.", 3400, 12, 5, 21.5, "eos",
                             /*reasoningOpen=*/false, /*budgetReached=*/true, /*reasoningTokens=*/4,
                             /*answerTokens=*/1})
                    .ok());
        *store_->addMessage({conversation_, q, "assistant", "It is 4.", "Counting: 1, 2, 3, 4.",
                             MessageStatus::Complete, 900});
        QVERIFY(store_->chooseMessage(a1).ok());
        QVERIFY(store_->setReasoningExpanded(a1, true).ok());
        QVERIFY(store_->setThinkEnabled(conversation_, false).ok());
    }

    void markdownShowsTheActivePathWithReasoning() {
        const QString md =
            exportMarkdown(*store_->conversation(conversation_), *store_->messages(conversation_));
        QVERIFY(md.startsWith("# Export me\n"));
        QVERIFY(md.contains("**System prompt:** Be brief."));
        QVERIFY(md.contains("## You\n\nWhat is 2+2?"));
        QVERIFY(md.contains("<summary>Thought for 3 s · budget reached · 4 reasoning + 1 answer tokens</summary>"
                            "\n\nTwo plus two is four."));
        QVERIFY(md.contains("Four."));
        QVERIFY2(!md.contains("It is 4."), "only the active branch is exported to Markdown");
    }

    // A chat with a model on a remote server whose reply failed mid-way: the export keeps the
    // server and model, what arrived, and why it failed.
    void aRemoteChatsFailedReplyExportsWithItsReason() {
        const int64_t id = *store_->createConversation(
            {.title = "Remote", .remoteEndpointId = "server-1", .remoteModel = "Qwen/QwQ-32B"});
        const int64_t q = *store_->addMessage({id, {}, "user", "Why?"});
        const int64_t a = *store_->addMessage({id, q, "assistant", "", "", MessageStatus::Streaming});
        GenerationRecord failed;
        failed.status = MessageStatus::Error;
        failed.content = "Because";
        failed.error = "http://gpu-box:8000/v1 failed (HTTP 503): overloaded";
        QVERIFY(store_->finishMessage(a, failed).ok());

        const QString md = exportMarkdown(*store_->conversation(id), *store_->messages(id));
        QVERIFY2(md.contains("Because\n\n> *The reply failed: http://gpu-box:8000/v1 failed (HTTP 503): overloaded*"),
                 qPrintable(md));
        auto imported = importJson(*store_, exportJson(*store_->conversation(id), *store_->messages(id)));
        QVERIFY(imported.ok());
        const Conversation copy = *store_->conversation(*imported);
        QCOMPARE(copy.remoteEndpointId, QStringLiteral("server-1"));
        QCOMPARE(copy.remoteModel, QStringLiteral("Qwen/QwQ-32B"));
        QCOMPARE(activePath(*store_->messages(*imported))[1].message.error, failed.error);
        QVERIFY(store_->deleteConversation(*imported).ok());
        QVERIFY(store_->deleteConversation(id).ok());
    }

    void jsonRoundTripKeepsBranchesReasoningAndChoice() {
        const auto original = *store_->messages(conversation_);
        const QByteArray json = exportJson(*store_->conversation(conversation_), original);
        auto imported = importJson(*store_, json);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        QVERIFY(*imported != conversation_);

        const Conversation copy = *store_->conversation(*imported);
        QCOMPARE(copy.title, QStringLiteral("Export me"));
        QCOMPARE(copy.systemPrompt, QStringLiteral("Be brief."));
        QCOMPARE(copy.samplingJson, QStringLiteral(R"({"temperature":0.3})"));
        QVERIFY(!copy.thinkEnabled);

        const auto messages = *store_->messages(*imported);
        QCOMPARE(messages.size(), original.size());
        const auto path = activePath(messages);
        QCOMPARE(path.size(), size_t(2));
        QCOMPARE(path[1].message.content, QStringLiteral("Four."));
        QCOMPARE(path[1].message.reasoning, QStringLiteral("Two plus two is four."));
        QCOMPARE(path[1].message.reasoningMs, int64_t(3400));
        QCOMPARE(path[1].message.tokensPerS, 21.5);
        QVERIFY(path[1].message.reasoningExpanded);
        QCOMPARE(path[1].message.reasoningTokens, 4);
        QCOMPARE(path[1].message.answerTokens, 1);
        QVERIFY(path[1].message.budgetReached);
        QCOMPARE(path[1].message.stopReason, QStringLiteral("eos"));
        QCOMPARE(path[1].branchCount, 2);
        QCOMPARE(exportMarkdown(copy, messages),
                 exportMarkdown(*store_->conversation(conversation_), original));
    }

    void importRejectsForeignJsonWithAReason() {
        auto result = importJson(*store_, R"({"messages": []})");
        QVERIFY(!result.ok());
        QVERIFY(QString::fromStdString(result.error().message).contains("not a Ponder conversation"));
        QVERIFY(!importJson(*store_, "{not json").ok());
    }

    void importWithADanglingParentStoresNothing() {
        const int before = int(store_->conversations()->size());
        auto result = importJson(*store_, R"({"format":"ponder-conversation","version":1,"title":"broken",
            "messages":[{"id":5,"parent_id":4,"role":"user","content":"orphan"}]})");
        QVERIFY(!result.ok());
        QCOMPARE(int(store_->conversations()->size()), before);
    }
};

QTEST_GUILESS_MAIN(StoreExportTest)
#include "store_export_test.moc"
