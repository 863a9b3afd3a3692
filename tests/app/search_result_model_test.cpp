// Search results: one row per conversation however many of its messages match, with the count,
// in the order of each conversation's best hit, showing a message's snippet over the title's.
#include "models/search_result_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace ponder;
using app::SearchResultModel;

namespace {

store::SearchHit hit(int64_t conversation, int64_t message, const QString& snippet) {
    return {conversation, message, QStringLiteral("Chat %1").arg(conversation), snippet};
}

} // namespace

class SearchResultModelTest : public QObject {
    Q_OBJECT

  private slots:
    void hitsAreGroupedByConversation() {
        SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setHits({hit(7, 0, "title <b>prime</b>"), hit(7, 71, "a <b>prime</b> p"), hit(3, 31, "<b>primes</b>"),
                       hit(7, 72, "every <b>prime</b>"), hit(7, 73, "<b>prime</b> gaps")});
        QCOMPARE(model.rowCount(), 2);
        auto at = [&](int row, int role) { return model.index(row).data(role); };
        QCOMPARE(at(0, SearchResultModel::ConversationIdRole).toLongLong(), 7);
        QCOMPARE(at(0, SearchResultModel::MatchCountRole).toInt(), 4);
        QCOMPARE(at(0, SearchResultModel::MessageIdRole).toLongLong(), 71);
        QCOMPARE(at(0, SearchResultModel::SnippetRole).toString(), QStringLiteral("a <b>prime</b> p"));
        QCOMPARE(at(1, SearchResultModel::ConversationIdRole).toLongLong(), 3);
        QCOMPARE(at(1, SearchResultModel::MatchCountRole).toInt(), 1);

        model.setHits({});
        QCOMPARE(model.rowCount(), 0);
    }

    void aTitleOnlyMatchShowsTheTitle() {
        SearchResultModel model;
        model.setHits({hit(5, 0, "<b>Sorting</b> algorithms")});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(SearchResultModel::MessageIdRole).toLongLong(), 0);
        QCOMPARE(model.index(0).data(SearchResultModel::MatchCountRole).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(SearchResultModelTest)
#include "search_result_model_test.moc"
