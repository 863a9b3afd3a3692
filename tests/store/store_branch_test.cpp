// Regenerate and edit create siblings; the active path follows the chosen child at each level.
#include "store/active_path.h"
#include "store/chat_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder::store;

class StoreBranchTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::optional<ChatStore> store_;
    int64_t conversation_ = 0;

    QStringList activeContents() {
        QStringList contents;
        for (const PathEntry& e : activePath(*store_->messages(conversation_)))
            contents << e.message.content;
        return contents;
    }

  private slots:
    void init() {
        if (!store_)
            store_.emplace(std::move(ChatStore::open(dir_.path())).value());
        conversation_ = *store_->createConversation({.title = "Branches"});
    }

    void regeneratedAnswerIsASiblingAndBecomesActive() {
        const int64_t q = *store_->addMessage({conversation_, {}, "user", "Q"});
        const int64_t a1 = *store_->addMessage({conversation_, q, "assistant", "A1"});
        const int64_t a2 = *store_->addMessage({conversation_, q, "assistant", "A2"});
        QCOMPARE(activeContents(), QStringList({"Q", "A2"}));
        const auto path = activePath(*store_->messages(conversation_));
        QCOMPARE(path[1].branchIndex, 1);
        QCOMPARE(path[1].branchCount, 2);
        QCOMPARE(siblingIds(*store_->messages(conversation_), a2), std::vector<int64_t>({a1, a2}));
    }

    void choosingASiblingSwitchesTheWholeTail() {
        const int64_t q1 = *store_->addMessage({conversation_, {}, "user", "Q1"});
        const int64_t a1 = *store_->addMessage({conversation_, q1, "assistant", "A1"});
        const int64_t q2 = *store_->addMessage({conversation_, a1, "user", "Q2"});
        *store_->addMessage({conversation_, q2, "assistant", "A2"});
        // Edit-and-resend of Q1: a sibling of Q1 with its own reply.
        const int64_t q1b = *store_->addMessage({conversation_, {}, "user", "Q1 edited"});
        *store_->addMessage({conversation_, q1b, "assistant", "A1 for the edit"});
        QCOMPARE(activeContents(), QStringList({"Q1 edited", "A1 for the edit"}));

        QVERIFY(store_->chooseMessage(q1).ok());
        QCOMPARE(activeContents(), QStringList({"Q1", "A1", "Q2", "A2"}));
        QVERIFY(store_->chooseMessage(q1b).ok());
        QCOMPARE(activeContents(), QStringList({"Q1 edited", "A1 for the edit"}));
    }

    void deletingAMessageRemovesItsSubtree() {
        const int64_t q = *store_->addMessage({conversation_, {}, "user", "Q"});
        const int64_t a1 = *store_->addMessage({conversation_, q, "assistant", "A1"});
        *store_->addMessage({conversation_, a1, "user", "follow-up"});
        const int64_t a2 = *store_->addMessage({conversation_, q, "assistant", "A2"});
        QVERIFY(store_->deleteMessage(a2).ok());
        QCOMPARE(activeContents(), QStringList({"Q", "A1", "follow-up"}));
        QVERIFY(store_->deleteMessage(a1).ok());
        QCOMPARE(store_->messages(conversation_)->size(), size_t(1));
    }

    void streamingMessagesBecomeInterruptedOnReopen() {
        const int64_t q = *store_->addMessage({conversation_, {}, "user", "Q"});
        const int64_t a =
            *store_->addMessage({conversation_, q, "assistant", "", "", MessageStatus::Streaming});
        QVERIFY(store_->saveStreamingText(a, "partial", "some thought", 1200).ok());
        store_.reset();
        store_.emplace(std::move(ChatStore::open(dir_.path())).value());
        const Message m = *store_->message(a);
        QCOMPARE(toString(m.status), toString(MessageStatus::Interrupted));
        QCOMPARE(m.content, QStringLiteral("partial"));
        QCOMPARE(m.reasoningMs, int64_t(1200));
    }

    void pinnedConversationsListFirst() {
        const int64_t older = *store_->createConversation({.title = "older"});
        *store_->createConversation({.title = "newer"});
        QVERIFY(store_->setPinned(older, true).ok());
        const auto list = *store_->conversations();
        QCOMPARE(list.front().id, older);
        QVERIFY(list.front().pinned);
    }
};

QTEST_GUILESS_MAIN(StoreBranchTest)
#include "store_branch_test.moc"
