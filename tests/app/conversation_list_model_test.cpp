// The sidebar list: date sections, pinned on top, exact change notifications.
#include "models/conversation_list_model.h"
#include "models/date_section.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace ponder;
using app::ConversationListModel;

class ConversationListModelTest : public QObject {
    Q_OBJECT

    const QDateTime now_{QDate(2026, 3, 18), QTime(15, 0)};

    store::Conversation conversation(qint64 id, const QString& title, QDateTime updated,
                                     bool pinned = false) {
        store::Conversation c;
        c.id = id;
        c.title = title;
        c.updatedAt = updated.toMSecsSinceEpoch();
        c.pinned = pinned;
        return c;
    }

  private slots:
    void dateSection_data() {
        QTest::addColumn<QDateTime>("updated");
        QTest::addColumn<bool>("pinned");
        QTest::addColumn<QString>("section");
        QTest::newRow("this morning") << QDateTime(QDate(2026, 3, 18), QTime(0, 5)) << false << "Today";
        QTest::newRow("late yesterday")
            << QDateTime(QDate(2026, 3, 17), QTime(23, 59)) << false << "Yesterday";
        QTest::newRow("six days ago") << QDateTime(QDate(2026, 3, 12), QTime(9, 0)) << false << "Last 7 days";
        QTest::newRow("a week ago") << QDateTime(QDate(2026, 3, 11), QTime(9, 0)) << false << "Older";
        QTest::newRow("pinned and old") << QDateTime(QDate(2020, 1, 1), QTime(9, 0)) << true << "Pinned";
    }

    void dateSection() {
        QFETCH(QDateTime, updated);
        QFETCH(bool, pinned);
        QFETCH(QString, section);
        QCOMPARE(app::dateSection(pinned, updated, now_), section);
    }

    void pinnedFirstThenNewest() {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConversations({conversation(1, "old", now_.addDays(-30)),
                                conversation(2, "new", now_.addSecs(-60)),
                                conversation(3, "pinned", now_.addDays(-90), true)},
                               now_);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.idAt(0), 3);
        QCOMPARE(model.idAt(1), 2);
        QCOMPARE(model.idAt(2), 1);
        QCOMPARE(model.index(0).data(ConversationListModel::SectionRole).toString(),
                 QStringLiteral("Pinned"));
        QCOMPARE(model.index(1).data(ConversationListModel::SectionRole).toString(), QStringLiteral("Today"));
        QCOMPARE(model.index(2).data(ConversationListModel::SectionRole).toString(), QStringLiteral("Older"));
    }

    void renameChangesOnlyTheTitle() {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConversations({conversation(1, "a", now_), conversation(2, "b", now_.addSecs(-5))}, now_);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setTitle(2, "renamed");
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 1);
        const auto roles = changed[0][2].value<QList<int>>();
        QVERIFY(roles.contains(ConversationListModel::TitleRole));
        QVERIFY(!roles.contains(ConversationListModel::SectionRole));
        QCOMPARE(model.index(1).data(ConversationListModel::TitleRole).toString(), QStringLiteral("renamed"));
    }

    void removeTakesOutOneRow() {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConversations({conversation(1, "a", now_), conversation(2, "b", now_.addSecs(-5))}, now_);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.remove(1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(1), -1);
    }

    void untitledConversationsReadAsNewChat() {
        ConversationListModel model;
        model.setConversations({conversation(1, "", now_)}, now_);
        QCOMPARE(model.index(0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("New chat"));
    }
};

QTEST_GUILESS_MAIN(ConversationListModelTest)
#include "conversation_list_model_test.moc"
