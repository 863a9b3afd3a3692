// A process killed with SIGKILL mid-reply loses at most the last second of tokens, and the
// database stays sound.
#include "store/chat_store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace ponder::store;

class StoreCrashTest : public QObject {
    Q_OBJECT

  private slots:
    void sigkillLosesAtMostTheLastSecond() {
        QTemporaryDir dir;
        QProcess helper;
        helper.start(PONDER_STREAM_HELPER, {dir.path()});
        QVERIFY(helper.waitForStarted());
        QTest::qWait(2600);
        helper.kill(); // SIGKILL: no chance to flush anything
        QVERIFY(helper.waitForFinished());
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);

        // Produced tokens and when each was produced, as the helper reported them.
        QMap<int, qint64> producedAt;
        int64_t messageId = 0;
        for (const QByteArray& line : helper.readAllStandardOutput().split('\n')) {
            const auto fields = line.split(' ');
            if (fields.size() != 2)
                continue;
            if (fields[0] == "message")
                messageId = fields[1].toLongLong();
            else
                producedAt[fields[0].toInt()] = fields[1].toLongLong();
        }
        QVERIFY(messageId > 0);
        QVERIFY2(producedAt.size() > 100, "the helper produced too few tokens to judge");

        auto store = ChatStore::open(dir.path());
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(*store->integrityCheck(), QStringLiteral("ok"));
        const Message reply = *store->message(messageId);
        QCOMPARE(toString(reply.status), toString(MessageStatus::Interrupted));

        const QStringList saved = reply.content.split(' ', Qt::SkipEmptyParts);
        QVERIFY(!saved.isEmpty());
        for (int i = 0; i < saved.size(); ++i)
            QCOMPARE(saved[i], QStringLiteral("t%1").arg(i));
        const qint64 lastSavedAt = producedAt.value(saved.size() - 1);
        const qint64 lastProducedAt = producedAt.last();
        // One second of save interval plus a little scheduling slack on a loaded machine.
        QVERIFY2(lastProducedAt - lastSavedAt <= 1300,
                 qPrintable(QStringLiteral("lost %1 ms of tokens").arg(lastProducedAt - lastSavedAt)));
    }
};

QTEST_GUILESS_MAIN(StoreCrashTest)
#include "store_crash_test.moc"
