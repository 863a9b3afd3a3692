// Settings → "Local API server": the app serves its loaded model to other programs through the
// same server as `ponder-cli serve`, run by the inference worker; the app's own chats go on.
#include "chat/chat_controller.h"
#include "chat/settings_controller.h"
#include "scripted_engine.h"

#include "serve/openai_client.h"
#include "serve/socket.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;
using app::ChatController;

namespace {

int freePort() {
    auto listener = serve::Listener::bind("127.0.0.1", 0);
    return listener ? listener->port() : 0;  // closed again here: free for the server to take
}

serve::RemoteReply ask(const QString& url, const std::string& key = "") {
    auto client = serve::OpenAiClient::create(url.toStdString() + "/v1", key);
    return client->chat("model", {{"user", "What is six times seven?", ""}}, {}, nullptr);
}

} // namespace

class LocalServerTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<app::SettingsController> settings_;

    std::unique_ptr<ChatController> makeController() {
        auto store = store::ChatStore::open(dir_.path());
        if (!store)
            qFatal("%s", store.error().message.c_str());
        app::EngineApi engine = testing::scriptedEngine();
        engine.serve = app::serveLocalApi;
        return std::make_unique<ChatController>(std::move(store).value(), engine, settings_.get());
    }

  private slots:
    void init() {
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("local_server_test");
        QSettings().clear();
        settings_ = std::make_unique<app::SettingsController>();
    }

    void offByDefault() {
        QVERIFY(!settings_->localServerEnabled());
        auto chat = makeController();
        chat->loadModel("model.gguf");
        QVERIFY(QTest::qWaitFor([&] { return chat->modelReady(); }, 5000));
        QTest::qWait(100);
        QCOMPARE(chat->localServerUrl(), QString());
    }

    void servesTheLoadedModelWhileTheAppChats() {
        const int port = freePort();
        settings_->setLocalServerPort(port);
        settings_->setLocalServerEnabled(true);
        auto chat = makeController();
        QTRY_COMPARE(chat->localServerStatus(), QStringLiteral("Starts when a model is loaded."));
        QCOMPARE(chat->localServerUrl(), QString());

        chat->loadModel("model.gguf");
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QTRY_COMPARE(chat->localServerUrl(), url);

        auto client = serve::OpenAiClient::create(url.toStdString());
        auto models = client->models();
        QVERIFY2(models.ok(), models ? "" : models.error().message.c_str());
        QCOMPARE(*models, std::vector<std::string>{"model"});
        const serve::RemoteReply reply = ask(url);
        QVERIFY2(!reply.error, reply.error ? reply.error->message.c_str() : "");
        QCOMPARE(reply.reasoning, std::string("Let me think about this carefully."));
        QCOMPARE(reply.content, std::string("The answer is **42**."));

        chat->newChat();
        chat->send("And in the app?");
        QVERIFY(QTest::qWaitFor([&] { return !chat->generating(); }, 10000));
        QCOMPARE(chat->messages()->index(1).data(app::MessageListModel::ContentRole).toString(),
                 QStringLiteral("The answer is **42**."));

        settings_->setLocalServerEnabled(false);
        QTRY_COMPARE(chat->localServerUrl(), QString());
        const serve::RemoteReply refused = ask(url);
        QVERIFY(refused.error);
        QCOMPARE(refused.error->kind, serve::RemoteErrorKind::Unreachable);
    }

    void keyIsRequiredWhenSet() {
        const int port = freePort();
        settings_->setLocalServerPort(port);
        settings_->setLocalServerKey("sk-app");
        settings_->setLocalServerEnabled(true);
        auto chat = makeController();
        chat->loadModel("model.gguf");
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QTRY_COMPARE(chat->localServerUrl(), url);
        const serve::RemoteReply without = ask(url);
        QVERIFY(without.error);
        QCOMPARE(without.error->kind, serve::RemoteErrorKind::Unauthorized);
        QVERIFY(!ask(url, "sk-app").error);
    }

    void aTakenPortIsReportedInPlainWords() {
        auto taken = serve::Listener::bind("127.0.0.1", 0);
        QVERIFY(taken.ok());
        settings_->setLocalServerPort(taken->port());
        settings_->setLocalServerEnabled(true);
        auto chat = makeController();
        chat->loadModel("model.gguf");
        QTRY_VERIFY(chat->localServerStatus().contains(QStringLiteral("cannot listen")));
        QCOMPARE(chat->localServerUrl(), QString());
        QVERIFY(chat->modelReady());
    }
};

QTEST_GUILESS_MAIN(LocalServerTest)
#include "local_server_test.moc"
