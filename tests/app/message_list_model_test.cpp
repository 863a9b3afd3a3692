// The message list: a streaming reply grows in place and each change names exactly its roles.
#include "models/message_list_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace ponder;
using app::MessageListModel;

class MessageListModelTest : public QObject {
    Q_OBJECT

    static store::PathEntry entry(qint64 id, const QString& role, store::MessageStatus status, int index = 0,
                                  int count = 1) {
        store::PathEntry e;
        e.message.id = id;
        e.message.role = role;
        e.message.status = status;
        e.branchIndex = index;
        e.branchCount = count;
        return e;
    }

    static QList<int> rolesOf(const QSignalSpy& spy, int signal) {
        return spy[signal][2].value<QList<int>>();
    }

  private slots:
    void reasoningThenAnswerThenFinish() {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPath({entry(1, "user", store::MessageStatus::Complete)});
        model.append(entry(2, "assistant", store::MessageStatus::Streaming, 1, 2));
        const QModelIndex reply = model.index(1);
        QVERIFY(reply.data(MessageListModel::ThinkingRole).toBool());
        QCOMPARE(reply.data(MessageListModel::BranchIndexRole).toInt(), 1);
        QCOMPARE(reply.data(MessageListModel::BranchCountRole).toInt(), 2);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendDelta(2, "hmm ", "", 0);
        QCOMPARE(rolesOf(changed, 0), QList<int>({MessageListModel::ReasoningRole}));

        model.appendDelta(2, "ok", "", 1500);
        QCOMPARE(rolesOf(changed, 1),
                 QList<int>({MessageListModel::ReasoningRole, MessageListModel::ReasoningMsRole}));

        model.appendDelta(2, "", "Answer", 1500);
        QCOMPARE(rolesOf(changed, 2), QList<int>({MessageListModel::ContentRole, Qt::DisplayRole,
                                                  MessageListModel::ThinkingRole}));
        QVERIFY(!reply.data(MessageListModel::ThinkingRole).toBool());
        QCOMPARE(reply.data(MessageListModel::ReasoningRole).toString(), QStringLiteral("hmm ok"));
        QCOMPARE(reply.data(MessageListModel::ContentRole).toString(), QStringLiteral("Answer"));
        QCOMPARE(reply.data(MessageListModel::ReasoningMsRole).toLongLong(), 1500);

        model.setStatus(2, store::MessageStatus::Complete, 33.0);
        QCOMPARE(rolesOf(changed, 3),
                 QList<int>({MessageListModel::StatusRole, MessageListModel::TokensPerSecondRole}));
        QCOMPARE(reply.data(MessageListModel::StatusRole).toString(), QStringLiteral("complete"));
        QCOMPARE(changed.size(), 4);
    }

    void stoppingWhileThinkingEndsTheThinking() {
        MessageListModel model;
        model.setPath({entry(5, "assistant", store::MessageStatus::Streaming)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStatus(5, store::MessageStatus::Interrupted, 0);
        QVERIFY(rolesOf(changed, 0).contains(MessageListModel::ThinkingRole));
        QVERIFY(!model.index(0).data(MessageListModel::ThinkingRole).toBool());
    }

    void deltasForUnknownMessagesAreIgnored() {
        MessageListModel model;
        model.setPath({entry(1, "user", store::MessageStatus::Complete)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendDelta(99, "x", "y", 1);
        QCOMPARE(changed.size(), 0);
    }

    void rolesAreNamedForQml() {
        MessageListModel model;
        const auto names = model.roleNames();
        for (const char* name : {"messageId", "role", "content", "reasoning", "reasoningMs", "thinking",
                                 "status", "branchIndex", "branchCount", "tokensPerSecond"})
            QVERIFY2(names.values().contains(name), name);
    }
};

QTEST_GUILESS_MAIN(MessageListModelTest)
#include "message_list_model_test.moc"
