// The real `ponder` executable as a user runs it, on a generated tiny QwQ-shaped model:
// `ponder --data-dir D --model M --new-chat TEXT` answers, keeps the reply, and SIGTERM quits
// with exit code 0 without losing it -- complete, or cut short and marked interrupted. A second
// `ponder` on the same data directory hands its --new-chat to the first and exits 0. With Settings →
// Local API server on, the window's model answers HTTP clients on loopback. With a remote server in
// Settings (another `ponder-cli serve` process), the window chats through it and stores the reply.
// ctest runs this under xvfb-run when there is one (a real X server), otherwise offscreen.
#include "store/sqlite_db.h"
#include "gen/test_model.h"
#include "serve/openai_client.h"
#include "serve/socket.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ponder;

namespace {

struct StoredReply {
    QString status, reasoning, content;
};

// The newest assistant message, read without migrating or repairing anything.
StoredReply newestReply(const QString& dataDir) {
    auto db = store::Database::open(dataDir + "/ponder.sqlite3");
    if (!db)
        return {};
    auto stmt = db->prepare(
        "SELECT status, reasoning, content FROM messages WHERE role = 'assistant' ORDER BY id DESC LIMIT 1");
    if (!stmt || !stmt->step())
        return {};
    return {stmt->textAt(0), stmt->textAt(1), stmt->textAt(2)};
}

// The remote server and model the newest conversation was written with ("endpoint/model").
QString newestConversationRemoteModel(const QString& dataDir) {
    auto db = store::Database::open(dataDir + "/ponder.sqlite3");
    if (!db)
        return {};
    auto stmt = db->prepare("SELECT remote_endpoint || '/' || remote_model FROM conversations ORDER BY id DESC LIMIT 1");
    if (!stmt || !stmt->step())
        return {};
    return stmt->textAt(0);
}

QString newestUserMessage(const QString& dataDir) {
    auto db = store::Database::open(dataDir + "/ponder.sqlite3");
    if (!db)
        return {};
    auto stmt = db->prepare("SELECT content FROM messages WHERE role = 'user' ORDER BY id DESC LIMIT 1");
    if (!stmt || !stmt->step())
        return {};
    return stmt->textAt(0);
}

} // namespace

class GuiAcceptanceTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString modelPath_;

    // Settings live under XDG_CONFIG_HOME; each run gets its own, with a reply length cap.
    QProcessEnvironment environment(const QString& home, int maxTokens, const QString& extraSettings = {}) {
        QDir().mkpath(home + "/Ponder");
        QFile conf(home + "/Ponder/Ponder.conf");
        if (!conf.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(conf.fileName()));
        conf.write(QStringLiteral("[sampling]\ntemperature=0\nmax_tokens=%1\n[model]\ncontext_length=512\n%2")
                       .arg(maxTokens)
                       .arg(extraSettings)
                       .toUtf8());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", home);
        if (!env.contains("DISPLAY") && !env.contains("QT_QPA_PLATFORM"))
            env.insert("QT_QPA_PLATFORM", "offscreen");
        return env;
    }

    void startPonder(QProcess& app, const QString& name, int maxTokens) {
        app.setProcessEnvironment(environment(dir_.path() + "/" + name + "-config", maxTokens));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(PONDER_EXE, {"--data-dir", dir_.path() + "/" + name, "--model", modelPath_, "--new-chat",
                               "Why is the sky blue?"});
        QVERIFY(app.waitForStarted());
    }

    static void terminate(QProcess& app) {
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY2(app.waitForFinished(30'000), "ponder did not quit within 30 s of SIGTERM");
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        gen::TestModelSpec spec;
        spec.arch = "qwen2";
        spec.shape = "tiny";
        spec.type = "q4_k_m";
        spec.tokenizer = PONDER_TESTDATA_DIR "/tokenizers/qwen3-tokenizer.json";
        spec.chat_template_path = PONDER_TESTDATA_DIR "/templates/Qwen-QwQ-32B.jinja";
        modelPath_ = dir_.path() + "/qwq-tiny.gguf";
        const Status written = gen::write_test_model(spec, modelPath_.toStdString());
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
    }

    // `--measure-startup` (docs/APP.md) reports the first frame and quits on its own. The time is
    // only bounded loosely here: CI machines are shared; the < 1 s goal is measured by hand.
    void measureStartupReportsTheFirstFrame() {
        QProcess app;
        app.setProcessEnvironment(environment(dir_.path() + "/startup-config", 16));
        app.start(PONDER_EXE, {"--data-dir", dir_.path() + "/startup", "--measure-startup"});
        QVERIFY(app.waitForFinished(30'000));
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        static const QRegularExpression line(R"(first frame ([0-9.]+) ms after process start)");
        const auto match = line.match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out));
        const double ms = match.captured(1).toDouble();
        QVERIFY2(ms > 0 && ms < 10'000, qPrintable(out));
    }

    void newChatRepliesAndTheReplyOutlivesSigterm() {
        QProcess app;
        startPonder(app, "complete", 24);
        const QString dataDir = dir_.path() + "/complete";
        QVERIFY2(QTest::qWaitFor([&] { return newestReply(dataDir).status == "complete"; }, 240'000),
                 "the reply never completed");
        const StoredReply reply = newestReply(dataDir);
        QVERIFY(!(reply.reasoning + reply.content).isEmpty());
        terminate(app);
        const StoredReply after = newestReply(dataDir);
        QCOMPARE(after.status, QStringLiteral("complete"));
        QCOMPARE(after.reasoning, reply.reasoning);
        QCOMPARE(after.content, reply.content);
    }

    void aSecondPonderHandsItsNewChatToTheFirst() {
        const QString dataDir = dir_.path() + "/two";
        QProcess first;
        first.setProcessEnvironment(environment(dir_.path() + "/two-config", 8));
        first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        first.start(PONDER_EXE, {"--data-dir", dataDir, "--model", modelPath_});
        QVERIFY(first.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(dataDir + "/ponder.lock"); }, 60'000));

        QProcess second;
        second.setProcessEnvironment(environment(dir_.path() + "/two-config", 8));
        second.start(PONDER_EXE, {"--data-dir", dataDir, "--new-chat", "Hello from a second ponder"});
        QVERIFY(second.waitForFinished(60'000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QVERIFY2(QTest::qWaitFor([&] { return newestUserMessage(dataDir) == "Hello from a second ponder"; }, 240'000),
                 "the first ponder never received --new-chat");
        QCOMPARE(first.state(), QProcess::Running);
        terminate(first);
    }

    // Settings → Local API server, switched on: the window's loaded model answers other programs
    // over loopback HTTP, reasoning apart, and the app still quits cleanly.
    void localApiServerServesTheWindowsModel() {
        const int port = [] {
            auto listener = serve::Listener::bind("127.0.0.1", 0);
            return listener ? int(listener->port()) : 0;
        }();
        QVERIFY(port > 0);
        QProcess app;
        app.setProcessEnvironment(environment(dir_.path() + "/server-config", 8,
                                              QStringLiteral("[server]\nenabled=true\nport=%1\n").arg(port)));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(PONDER_EXE, {"--data-dir", dir_.path() + "/server", "--model", modelPath_});
        QVERIFY(app.waitForStarted());

        auto client = serve::OpenAiClient::create("http://127.0.0.1:" + std::to_string(port) + "/v1");
        QVERIFY(client.ok());
        QVERIFY2(QTest::qWaitFor([&] { return client->models().ok(); }, 240'000),
                 "the app never served its model on the local API port");
        QCOMPARE(*client->models(), std::vector<std::string>{"qwq-tiny"});
        serve::RemoteSampling sampling;
        sampling.max_tokens = 6;
        sampling.temperature = 0;
        const serve::RemoteReply reply = client->chat("qwq-tiny", {{"user", "Why is the sky blue?", ""}}, sampling, nullptr);
        QVERIFY2(!reply.error, reply.error ? reply.error->message.c_str() : "");
        QVERIFY(!reply.reasoning.empty());  // QwQ's template opens <think>: the reply starts as reasoning
        QCOMPARE(reply.finish_reason, std::string("length"));
        QCOMPARE(reply.usage->completion_tokens, 6);
        terminate(app);
        QVERIFY(!client->models().ok());  // gone with the app
    }

    // Settings → Remote servers names another process, `ponder-cli serve`: the window chats with
    // its model over loopback HTTP and keeps the conversation like a local one.
    void chatsThroughARemoteServer() {
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(PONDER_CLI, {"serve", "-m", modelPath_, "--port", "0", "-c", "512"});
        QVERIFY(server.waitForStarted());
        QVERIFY2(server.waitForReadyRead(240'000), "ponder-cli serve printed no address");
        const QString url = QString::fromUtf8(server.readLine()).trimmed(); // "http://127.0.0.1:PORT"
        QVERIFY2(url.startsWith("http://127.0.0.1:"), qPrintable(url));

        QProcess app;
        app.setProcessEnvironment(environment(
            dir_.path() + "/remote-config", 8,
            QStringLiteral("[remote_servers]\n1\\id=acceptance-1\n1\\name=cli box\n1\\base_url=%1/v1\n"
                           "1\\has_key=false\nsize=1\n")
                .arg(url)));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QString dataDir = dir_.path() + "/remote";
        app.start(PONDER_EXE, {"--data-dir", dataDir, "--remote-model", "cli box/qwq-tiny", "--new-chat",
                               "Why is the sky blue?"});
        QVERIFY(app.waitForStarted());
        QVERIFY2(QTest::qWaitFor([&] { return newestReply(dataDir).status == "complete"; }, 240'000),
                 qPrintable("the remote reply never completed: " + newestReply(dataDir).status));
        const StoredReply reply = newestReply(dataDir);
        QVERIFY(!reply.reasoning.isEmpty()); // QwQ's template opens <think>: the reply starts as reasoning
        QCOMPARE(newestConversationRemoteModel(dataDir), QStringLiteral("acceptance-1/qwq-tiny"));
        QCOMPARE(newestUserMessage(dataDir), QStringLiteral("Why is the sky blue?"));
        terminate(app);
        server.terminate();
        QVERIFY(server.waitForFinished(30'000));
    }

    void sigtermMidReplyKeepsWhatWasWritten() {
        QProcess app;
        startPonder(app, "interrupted", 4096);
        const QString dataDir = dir_.path() + "/interrupted";
        QVERIFY2(QTest::qWaitFor([&] { return !newestReply(dataDir).reasoning.isEmpty(); }, 240'000),
                 "no reasoning was saved while streaming");
        terminate(app);
        const StoredReply after = newestReply(dataDir);
        QCOMPARE(after.status, QStringLiteral("interrupted"));
        QVERIFY(!after.reasoning.isEmpty());
    }
};

QTEST_GUILESS_MAIN(GuiAcceptanceTest)
#include "gui_acceptance_test.moc"
