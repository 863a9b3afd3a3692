// Remote backends in the app: a conversation chats with a model on an OpenAI-compatible server
// through the same controller path as a local model, so its replies are stored, searched and
// exported the same way. The servers are real loopback HTTP: Ponder's own (on the scripted engine)
// and a canned one that replays recorded streams and failures. API keys go to a keychain (a fake
// one here), never into the settings file.
#include "chat/chat_controller.h"
#include "chat/settings_controller.h"
#include "memory_secret_store.h"
#include "remote/remote_endpoints.h"
#include "scripted_engine.h"

#include "serve/socket.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace ponder;
using app::ChatController;
using app::MessageListModel;
using app::RemoteEndpoints;

namespace {

const QString kTestData = QStringLiteral(PONDER_TESTDATA_DIR "/openai/");

QByteArray fixture(const QString& name) {
    QFile file(kTestData + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

std::string response(int status, const QByteArray& contentType, const QByteArray& body, bool withLength = true) {
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType + "\r\n";
    if (withLength)
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return (head + "Connection: close\r\n\r\n" + body).toStdString();
}

std::string stream(const QByteArray& sse) {
    return response(200, "text/event-stream", sse, /*withLength=*/false);
}

// A loopback HTTP server that answers each connection with the next canned response (the last one
// repeats). With holdOpen it sends the response and then waits for the client to hang up.
class CannedServer {
  public:
    explicit CannedServer(std::vector<std::string> responses, bool holdOpen = false)
        : responses_(std::move(responses)), holdOpen_(holdOpen) {
        auto listener = serve::Listener::bind("127.0.0.1", 0);
        if (!listener)
            qFatal("%s", listener.error().message.c_str());
        listener_ = std::move(*listener);
        thread_ = std::thread([this] { run(); });
    }
    ~CannedServer() {
        done_ = true;
        thread_.join();
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(listener_.port()); }
    int connections() const { return connections_; }
    bool clientHungUp() const { return hungUp_; }
    std::string lastRequest() const {
        std::lock_guard lock(mutex_);
        return lastRequest_;
    }

  private:
    void run() {
        while (!done_) {
            serve::Socket client = listener_.accept(50);
            if (!client.valid())
                continue;
            const std::string& answer = responses_[std::min(size_t(connections_), responses_.size() - 1)];
            ++connections_;
            readRequest(client);
            client.write_all(answer);
            while (holdOpen_ && !done_ && !client.peer_closed())
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            hungUp_ = holdOpen_ && !done_;
            client.finish_sending();
        }
    }
    void readRequest(serve::Socket& client) {
        std::string request;
        char buffer[4096];
        for (;;) {
            const size_t head = request.find("\r\n\r\n");
            if (head != std::string::npos) {
                const size_t at = request.find("Content-Length: ");
                const size_t length = at == std::string::npos ? 0 : std::stoul(request.substr(at + 16));
                if (request.size() >= head + 4 + length)
                    break;
            }
            const auto got = client.read_some(buffer, 5000);
            if (got.status != serve::IoStatus::Ok)
                break;
            request.append(buffer, got.bytes);
        }
        std::lock_guard lock(mutex_);
        lastRequest_ = request;
    }

    serve::Listener listener_;
    std::vector<std::string> responses_;
    bool holdOpen_;
    std::atomic<bool> done_{false}, hungUp_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::string lastRequest_;
    std::thread thread_;
};

// Ponder's own server (`ponder-cli serve` and Settings → Local API server) on the scripted engine.
struct PonderServer {
    std::unique_ptr<ChatSession> session;
    std::unique_ptr<app::LocalApiServer> server;
    explicit PonderServer(const std::string& apiKey = "", testing::ReplyScript script = {}) {
        auto loaded = testing::scriptedEngine(script).load("model.gguf", {});
        session = std::move(loaded).value();
        auto listener = serve::Listener::bind("127.0.0.1", 0);
        const int port = listener->port();
        listener = make_error("closed"); // free the port for the server
        auto started = app::serveLocalApi(*session, port, apiKey);
        if (!started)
            qFatal("%s", started.error().message.c_str());
        server = std::move(*started);
    }
    QString url() const { return QString::fromStdString(server->url()) + "/v1"; }
};

} // namespace

class RemoteChatTest : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<app::SettingsController> settings_;
    std::unique_ptr<testing::MemorySecretStore> keychain_;
    std::unique_ptr<RemoteEndpoints> endpoints_;
    std::unique_ptr<ChatController> chat_;

    static app::EngineApi engine() {
        app::EngineApi engine = testing::scriptedEngine();
        const app::EngineApi real = app::realEngine(); // ponder_serve's client, nothing else of it
        engine.remoteChat = real.remoteChat;
        engine.remoteModels = real.remoteModels;
        return engine;
    }

    QString addServer(const QString& name, const QString& url, const QString& key = {}) {
        if (!endpoints_->add(name, url, key))
            qFatal("%s", qPrintable(endpoints_->problem()));
        const QString id = endpoints_->data(endpoints_->index(endpoints_->count() - 1), RemoteEndpoints::IdRole).toString();
        if (!key.isEmpty() && !QTest::qWaitFor([&] { return endpoints_->find(id)->hasKey; }, 2000))
            qFatal("the key never reached the keychain: %s", qPrintable(endpoints_->problem()));
        return id;
    }

    void useRemote(const QString& id, const QString& model) {
        chat_->useRemoteModel(id, model);
        QVERIFY(QTest::qWaitFor([&] { return chat_->modelReady() && !chat_->loading(); }, 2000));
    }

    QString reply(const char* what) const {
        const int row = chat_->messages()->rowCount() - 1;
        const QHash<QByteArray, int> roles{{"content", MessageListModel::ContentRole},
                                           {"reasoning", MessageListModel::ReasoningRole},
                                           {"status", MessageListModel::StatusRole},
                                           {"error", MessageListModel::ErrorRole}};
        return chat_->messages()->index(row).data(roles.value(what)).toString();
    }

    // Sends and waits for the reply to end; the reply as the history stored it (reopened).
    void sendAndWait(const QString& text) {
        chat_->send(text);
        QVERIFY(chat_->generating());
        QVERIFY(QTest::qWaitFor([&] { return !chat_->generating(); }, 20000));
        const qint64 id = chat_->currentConversationId();
        chat_->newChat();
        chat_->openConversation(id); // from the store, not from what streamed
    }

  private slots:
    void init() {
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("remote_chat_test");
        QSettings().clear();
        dir_ = std::make_unique<QTemporaryDir>();
        settings_ = std::make_unique<app::SettingsController>();
        keychain_ = std::make_unique<testing::MemorySecretStore>();
        endpoints_ = std::make_unique<RemoteEndpoints>(engine(), keychain_.get());
        auto store = store::ChatStore::open(dir_->path());
        chat_ = std::make_unique<ChatController>(std::move(store).value(), engine(), settings_.get());
        chat_->setRemoteEndpoints(endpoints_.get());
    }
    void cleanup() {
        chat_.reset();
        endpoints_.reset();
    }

    void serversAreKeptAndTheirModelsListedOnlyWhenAsked() {
        CannedServer server({response(200, "application/json", fixture("llama-server_b9749_models.json"))});
        const QString id = addServer("llama box", server.url());
        QVERIFY(!endpoints_->add("Llama Box", server.url(), {})); // names are unique
        QVERIFY(!endpoints_->add("tls", "https://example.com/v1", {}));
        QVERIFY(endpoints_->problem().contains("http://"));
        QVERIFY(!endpoints_->add("nothing", "gpu-box", {}));

        RemoteEndpoints reread(engine(), keychain_.get()); // what the next start sees
        QCOMPARE(reread.count(), 1);
        QCOMPARE(reread.find(id)->baseUrl, server.url());
        QTest::qWait(100);
        QCOMPARE(server.connections(), 0); // adding and starting contact no server

        endpoints_->listModels(id);
        const QModelIndex row = endpoints_->index(0);
        QTRY_VERIFY(!row.data(RemoteEndpoints::ModelsRole).toStringList().isEmpty());
        QCOMPARE(server.connections(), 1);
        QVERIFY(server.lastRequest().starts_with("GET /v1/models "));
        QCOMPARE(row.data(RemoteEndpoints::ModelsStatusRole).toString(), QString());

        QVERIFY(endpoints_->edit(id, "renamed", server.url()));
        QCOMPARE(endpoints_->find(id)->name, QStringLiteral("renamed"));
        endpoints_->remove(id);
        QCOMPARE(endpoints_->count(), 0);
        QCOMPARE(RemoteEndpoints(engine(), keychain_.get()).count(), 0);
    }

    void aModelListThatCannotBeReadSaysWhy() {
        const QString id = addServer("gone", QStringLiteral("http://127.0.0.1:%1/v1").arg([] {
            return serve::Listener::bind("127.0.0.1", 0)->port(); // closed again: nobody listens
        }()));
        endpoints_->listModels(id);
        QTRY_VERIFY(endpoints_->index(0).data(RemoteEndpoints::ModelsStatusRole).toString().contains("127.0.0.1"));
    }

    void theKeyGoesToTheKeychainNeverToTheSettings() {
        PonderServer ponder("sk-remote-secret");
        const QString id = addServer("ponder", ponder.url(), "sk-remote-secret");
        QCOMPARE(keychain_->secrets.value(app::secretKeyFor(id)), QStringLiteral("sk-remote-secret"));
        QSettings().sync();
        QFile file(QSettings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-remote-secret"));

        useRemote(id, "model");
        sendAndWait("Are you there?");
        QCOMPARE(reply("status"), QStringLiteral("complete"));

        endpoints_->setApiKey(id, "sk-wrong");
        QTRY_COMPARE(keychain_->secrets.value(app::secretKeyFor(id)), QStringLiteral("sk-wrong"));
        useRemote(id, "model"); // the key is read when the model is chosen
        sendAndWait("And now?");
        QCOMPARE(reply("status"), QStringLiteral("error"));
        QVERIFY2(reply("error").contains("refused the API key"), qPrintable(reply("error")));

        endpoints_->remove(id);
        QTRY_VERIFY(keychain_->secrets.isEmpty());
    }

    void aKeychainThatFailsIsSaidAndTheKeyIsNotKept() {
        keychain_->broken = true;
        QVERIFY(endpoints_->add("ponder", "http://127.0.0.1:9/v1", "sk-remote-secret"));
        QTRY_VERIFY(endpoints_->problem().contains("keychain"));
        QVERIFY(endpoints_->problem().contains("not saved"));
        QVERIFY(!endpoints_->find(endpoints_->index(0).data(RemoteEndpoints::IdRole).toString())->hasKey);
        QSettings().sync();
        QFile file(QSettings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-remote-secret"));
    }

    // Ponder's client against Ponder's server: the reasoning and the answer arrive apart and are
    // stored, searched and exported like a local reply; the conversation remembers its model.
    void chatsThroughPondersServerLikeALocalModel() {
        PonderServer ponder;
        const QString id = addServer("ponder", ponder.url());
        useRemote(id, "model");
        QCOMPARE(chat_->modelName(), QStringLiteral("model"));
        QCOMPARE(chat_->remoteServer(), QStringLiteral("ponder"));
        sendAndWait("What is six times seven?");
        QCOMPARE(reply("reasoning"), QStringLiteral("Let me think about this carefully."));
        QCOMPARE(reply("content"), QStringLiteral("The answer is **42**."));
        QCOMPARE(reply("status"), QStringLiteral("complete"));
        const qint64 remoteChat = chat_->currentConversationId();

        chat_->search("carefully");
        QCOMPARE(chat_->searchResults()->rowCount(), 1);
        const QString exported = dir_->filePath("remote.md");
        QVERIFY(chat_->exportConversation(remoteChat, QUrl::fromLocalFile(exported)));
        QFile md(exported);
        QVERIFY(md.open(QIODevice::ReadOnly));
        QVERIFY(md.readAll().contains("The answer is **42**."));

        // A local model for another chat; opening the remote chat again goes back to its server.
        chat_->loadModel("model.gguf");
        QTRY_VERIFY(chat_->modelReady() && chat_->remoteServer().isEmpty());
        chat_->newChat();
        sendAndWait("Local now?");
        const qint64 localChat = chat_->currentConversationId();
        chat_->openConversation(remoteChat);
        QTRY_COMPARE(chat_->remoteServer(), QStringLiteral("ponder"));
        chat_->openConversation(localChat);
        QTRY_COMPARE(chat_->remoteServer(), QString()); // its file is loaded: back to it
        QCOMPARE(chat_->modelName(), QStringLiteral("Scripted-R1-Distill-7B"));
    }

    // Recorded streams of servers that send the reasoning apart or inline: one panel either way.
    void recordedStreamsShowTheReasoningApart_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("DeepSeek reasoning_content") << "deepseek_reasoner.sse";
        QTest::newRow("vLLM reasoning") << "vllm_v0.16plus_reasoning.sse";
        QTest::newRow("Ollama inline <think>") << "ollama_openai_v0.10_inline_think.sse";
        QTest::newRow("R1 distill, <think> in the prompt") << "vllm_no_parser_r1_distill_missing_open_tag.sse";
    }
    void recordedStreamsShowTheReasoningApart() {
        QFETCH(QString, file);
        CannedServer server({stream(fixture(file))});
        useRemote(addServer("recorded", server.url()), "some-model");
        sendAndWait("What is 2+2?");
        QCOMPARE(reply("status"), QStringLiteral("complete"));
        QCOMPARE(reply("content").trimmed(), QStringLiteral("2 + 2 = **4**."));
        QVERIFY2(reply("reasoning").contains("The user asks for 2+2. Adding gives 4."), qPrintable(reply("reasoning")));
        QVERIFY(!reply("reasoning").contains("think>"));
        QVERIFY(server.lastRequest().find("\"model\":\"some-model\"") != std::string::npos);
    }

    // Failures show in the conversation, in words, under what arrived (which is stored).
    void failuresShowInTheConversationAndKeepWhatArrived_data() {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("saying");
        QTest::addColumn<QString>("kept");
        const QByteArray cut = fixture("deepseek_reasoner.sse").left(1400);
        QTest::newRow("401") << QString::fromStdString(response(401, "application/json", R"({"error":{"message":"Invalid API key"}})"))
                             << "refused the API key (HTTP 401): Invalid API key" << "";
        QTest::newRow("429") << QString::fromStdString(response(429, "application/json", fixture("openai_429_rate_limit.json")))
                             << "limiting requests (HTTP 429): Rate limit reached" << "";
        QTest::newRow("503") << QString::fromStdString(response(503, "application/json", R"({"error":"model is loading"})"))
                             << "failed (HTTP 503): model is loading" << "";
        QTest::newRow("error mid-stream") << QString::fromStdString(stream(fixture("vllm_error_midstream.sse")))
                                          << "reported an error during the reply: Internal server error"
                                          << "The user asks for 2+2";
        QTest::newRow("cut stream") << QString::fromStdString(stream(cut)) << "ended before the reply was complete"
                                    << "The user";
    }
    void failuresShowInTheConversationAndKeepWhatArrived() {
        QFETCH(QString, answer);
        QFETCH(QString, saying);
        QFETCH(QString, kept);
        CannedServer server({answer.toStdString()});
        useRemote(addServer("failing", server.url()), "some-model");
        sendAndWait("What is 2+2?");
        QCOMPARE(reply("status"), QStringLiteral("error"));
        QVERIFY2(reply("error").contains(saying), qPrintable(reply("error")));
        QVERIFY2(reply("reasoning").contains(kept), qPrintable(reply("reasoning")));
    }

    void anUnreachableServerIsSaid() {
        const int port = serve::Listener::bind("127.0.0.1", 0)->port(); // closed again: nobody listens
        useRemote(addServer("off", QStringLiteral("http://127.0.0.1:%1/v1").arg(port)), "some-model");
        sendAndWait("Hello?");
        QCOMPARE(reply("status"), QStringLiteral("error"));
        QVERIFY2(reply("error").startsWith(QStringLiteral("Cannot reach http://127.0.0.1:%1/v1").arg(port)),
                 qPrintable(reply("error")));
    }

    // Stop hangs up on the server; the reply keeps what arrived and reads as stopped.
    void stopCancelsTheRequest() {
        const QList<QByteArray> events = fixture("deepseek_reasoner.sse").split('\n');
        const QByteArray firstEvents = events.mid(0, 12).join('\n') + "\n\n"; // a few words of reasoning
        CannedServer server({stream(firstEvents)}, /*holdOpen=*/true);
        useRemote(addServer("slow", server.url()), "some-model");
        chat_->send("Think long.");
        QTRY_VERIFY(!reply("reasoning").isEmpty());
        chat_->stop();
        QTRY_VERIFY(!chat_->generating());
        QTRY_VERIFY(server.clientHungUp());
        QCOMPARE(reply("status"), QStringLiteral("interrupted"));
        QVERIFY(reply("reasoning").startsWith("The user"));
    }

    void aKeychainThatCannotBeReadKeepsTheMessageAndSaysWhy() {
        PonderServer ponder("sk-remote-secret");
        const QString id = addServer("ponder", ponder.url(), "sk-remote-secret");
        keychain_->broken = true;
        QSignalSpy errors(chat_.get(), &ChatController::errorOccurred);
        chat_->useRemoteModel(id, "model");
        QVERIFY(chat_->loading());
        chat_->send("Waiting for the key");
        QCOMPARE(chat_->queuedMessage(), QStringLiteral("Waiting for the key"));
        QTRY_VERIFY(!chat_->loading());
        QVERIFY(!chat_->modelReady());
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.first().first().toString().contains("keychain"));
    }
};

QTEST_MAIN(RemoteChatTest)
#include "remote_chat_test.moc"
