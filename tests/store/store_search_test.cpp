// Full-text search over titles, answers and reasoning, with highlighted snippets.
#include "store/chat_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder::store;

class StoreSearchTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::optional<ChatStore> store_;
    int64_t conversation_ = 0;
    int64_t answer_ = 0;

  private slots:
    void initTestCase() {
        auto store = ChatStore::open(dir_.path());
        QVERIFY(store.ok());
        store_.emplace(std::move(store).value());
        conversation_ = *store_->createConversation({.title = "Sorting algorithms"});
        const int64_t question = *store_->addMessage({conversation_, {}, "user", "Which sort is stable?"});
        answer_ = *store_->addMessage({conversation_, question, "assistant",
                                       "Merge sort keeps equal keys in order.",
                                       "Quicksort swaps across the pivot, so <equal> keys may reorder."});
    }

    void search_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<qint64>("messageId"); // -1: the answer, 0: the title
        QTest::addColumn<QString>("highlighted");
        QTest::newRow("answer") << "merge" << qint64(-1) << "<b>Merge</b>";
        QTest::newRow("reasoning") << "pivot" << qint64(-1) << "<b>pivot</b>";
        QTest::newRow("title") << "algorithms" << qint64(0) << "<b>algorithms</b>";
        QTest::newRow("prefix of the last word") << "quick" << qint64(-1) << "<b>Quicksort</b>";
    }

    void search() {
        QFETCH(QString, query);
        QFETCH(qint64, messageId);
        QFETCH(QString, highlighted);
        auto hits = store_->search(query);
        QVERIFY(hits.ok());
        QCOMPARE(hits->size(), size_t(1));
        const SearchHit& hit = hits->front();
        QCOMPARE(hit.conversationId, conversation_);
        QCOMPARE(hit.messageId, messageId < 0 ? answer_ : 0);
        QCOMPARE(hit.conversationTitle, QStringLiteral("Sorting algorithms"));
        QVERIFY2(hit.snippetHtml.contains(highlighted), qPrintable(hit.snippetHtml));
    }

    void snippetsEscapeHtml() {
        auto hits = store_->search("reorder");
        QVERIFY(hits.ok() && hits->size() == 1);
        QVERIFY2(hits->front().snippetHtml.contains("&lt;equal&gt;"), qPrintable(hits->front().snippetHtml));
    }

    void queryTextIsNeverFtsSyntax() {
        auto hits = store_->search("sort\" OR (NEAR");
        QVERIFY2(hits.ok(), hits.ok() ? "" : hits.error().message.c_str());
        QVERIFY(hits->empty());
        QCOMPARE(ftsQueryFor("  stable   sort "), QStringLiteral("\"stable\" \"sort\"*"));
    }

    void streamedAndRenamedTextIsReindexed() {
        QVERIFY(store_->saveStreamingText(answer_, "Timsort is stable too.", "", 0).ok());
        QCOMPARE(store_->search("timsort")->size(), size_t(1));
        QVERIFY(store_->search("merge")->empty());
        QVERIFY(store_->renameConversation(conversation_, "Stable sorting").ok());
        QVERIFY(store_->search("algorithms")->empty());
    }

    void deletedConversationsLeaveNoHits() {
        QVERIFY(store_->deleteConversation(conversation_).ok());
        QVERIFY(store_->search("timsort")->empty());
        QVERIFY(store_->search("stable")->empty());
    }
};

QTEST_GUILESS_MAIN(StoreSearchTest)
#include "store_search_test.moc"
