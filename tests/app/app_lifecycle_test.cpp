// The app as a process: --version, bad arguments, SIGTERM mid-reply quits cleanly with the
// partial reply saved as 'interrupted', and one process per data directory: a second launch
// hands its request to the first and exits 0, and a lock left by a killed process is taken over.
#include "store/sqlite_db.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ponder::store;

class AppLifecycleTest : public QObject {
    Q_OBJECT

    // Settings (the last model among them) stay out of the user's own configuration.
    static QProcessEnvironment offscreen(int pieceMs = 0) {
        static QTemporaryDir config;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", config.path());
        if (pieceMs > 0)
            env.insert("PONDER_PREVIEW_PIECE_MS", QString::number(pieceMs));
        return env;
    }

    // Values from the history, read without migrating or repairing anything.
    static QString queryText(const QString& dataDir, const char* sql) {
        auto db = Database::open(dataDir + "/ponder.sqlite3");
        if (!db) return {};
        auto stmt = db->prepare(sql);
        if (!stmt || !stmt->step()) return {};
        return stmt->textAt(0);
    }

    static void terminate(QProcess& app) {
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(20000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }

    // Starts the preview on `dataDir` and waits until it owns the directory.
    static void startOwner(QProcess& app, const QString& dataDir, const QStringList& more, int pieceMs = 0) {
        app.setProcessEnvironment(offscreen(pieceMs));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(PONDER_PREVIEW, QStringList{"--data-dir", dataDir} + more);
        QVERIFY(app.waitForStarted());
        QVERIFY2(QTest::qWaitFor([&] { return QFile::exists(dataDir + "/ponder.lock"); }, 20000),
                 "the first launch never took the data directory's lock");
    }

    // Status of the newest assistant message, read without migrating or repairing anything.
    static QString replyStatus(const QString& dataDir) {
        return queryText(dataDir, "SELECT status FROM messages WHERE role = 'assistant' ORDER BY id DESC LIMIT 1");
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

    void aSecondLaunchHandsItsRequestToTheFirst() {
        QTemporaryDir dir;
        QProcess first;
        startOwner(first, dir.path(), {});
        QProcess second;
        second.setProcessEnvironment(offscreen());
        second.start(PONDER_PREVIEW, {"--data-dir", dir.path(), "--model", "scripted.gguf", "--new-chat",
                                      "Hello from the second launch"});
        QVERIFY(second.waitForFinished(20000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QVERIFY(second.readAllStandardOutput().contains("passed on"));
        // The first loads the model and starts the new chat.
        QVERIFY2(QTest::qWaitFor([&] {
                     return queryText(dir.path(), "SELECT content FROM messages WHERE role = 'user'") ==
                            "Hello from the second launch";
                 }, 20000),
                 "the first process never received --new-chat");
        QCOMPARE(first.state(), QProcess::Running);
        terminate(first);
    }

    void aSecondLaunchLeavesTheFirstOnesReplyStreaming() {
        QTemporaryDir dir;
        QProcess first;
        startOwner(first, dir.path(), {"--model", "scripted.gguf", "--new-chat", "Count slowly"}, 500);
        QVERIFY2(QTest::qWaitFor([&] { return replyStatus(dir.path()) == "streaming"; }, 20000),
                 "the reply never started streaming");
        QProcess second;
        second.setProcessEnvironment(offscreen());
        second.start(PONDER_PREVIEW, {"--data-dir", dir.path()});
        QVERIFY(second.waitForFinished(20000));
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(replyStatus(dir.path()), QStringLiteral("streaming")); // not 'interrupted'
        terminate(first);
        QCOMPARE(replyStatus(dir.path()), QStringLiteral("interrupted"));
    }

    void aLockLeftByAKilledProcessIsTakenOver() {
        QTemporaryDir dir;
        QProcess killed;
        startOwner(killed, dir.path(), {"--model", "scripted.gguf", "--new-chat", "Count slowly"}, 500);
        QVERIFY2(QTest::qWaitFor([&] { return replyStatus(dir.path()) == "streaming"; }, 20000),
                 "the reply never started streaming");
        ::kill(pid_t(killed.processId()), SIGKILL);
        QVERIFY(killed.waitForFinished(20000));
        QVERIFY2(QFile::exists(dir.path() + "/ponder.lock"), "kill -9 leaves the lock behind");

        QProcess next;
        next.setProcessEnvironment(offscreen());
        next.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        next.start(PONDER_PREVIEW, {"--data-dir", dir.path()});
        QVERIFY(next.waitForStarted());
        // It owns the directory now: the orphaned reply is recovered and the app stays open.
        QVERIFY2(QTest::qWaitFor([&] { return replyStatus(dir.path()) == "interrupted"; }, 20000),
                 "the killed process's reply was not recovered");
        QCOMPARE(next.state(), QProcess::Running);
        terminate(next);
    }
};

QTEST_GUILESS_MAIN(AppLifecycleTest)
#include "app_lifecycle_test.moc"
