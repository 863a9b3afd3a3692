// The app as a process: --version, bad arguments, and SIGTERM mid-reply quits cleanly with the
// partial reply saved as 'interrupted'.
#include "store/sqlite_db.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ponder::store;

class AppLifecycleTest : public QObject {
    Q_OBJECT

    static QProcessEnvironment offscreen() {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        return env;
    }

    // Status of the newest assistant message, read without migrating or repairing anything.
    static QString replyStatus(const QString& dataDir) {
        auto db = Database::open(dataDir + "/ponder.sqlite3");
        if (!db) return {};
        auto stmt = db->prepare("SELECT status FROM messages WHERE role = 'assistant' ORDER BY id DESC LIMIT 1");
        if (!stmt || !stmt->step()) return {};
        return stmt->textAt(0);
    }

private slots:
    void versionIsPrinted() {
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.start(PONDER_PREVIEW, {"--version"});
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(app.readAllStandardOutput().startsWith("ponder "));
    }

    void unknownArgumentsAreExplained() {
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.start(PONDER_PREVIEW, {"--no-such-flag"});
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitCode(), 2);
        QVERIFY(app.readAllStandardError().contains("no-such-flag"));
    }

    void sigtermMidReplySavesAndQuits() {
        QTemporaryDir dir;
        QProcess app;
        app.setProcessEnvironment(offscreen());
        app.start(PONDER_PREVIEW, {"--data-dir", dir.path(), "--model", "scripted.gguf", "--new-chat", "Count to ten"});
        QVERIFY(app.waitForStarted());
        QVERIFY2(QTest::qWaitFor([&] { return replyStatus(dir.path()) == "streaming"; }, 20000),
                 "the reply never started streaming");
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QCOMPARE(replyStatus(dir.path()), QStringLiteral("interrupted"));
    }
};

QTEST_GUILESS_MAIN(AppLifecycleTest)
#include "app_lifecycle_test.moc"
