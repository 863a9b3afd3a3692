// ChatController end to end on the real engine: a generated tiny QwQ-shaped model (the real
// Qwen tokenizer and QwQ chat template, random Q4_K_M weights) on whatever Vulkan device is
// present -- lavapipe in CI. Load, send, watch the reply stream, find it in SQLite, reload it.
//
// Random weights rarely produce </think>, and QwQ's template opens <think> itself, so the reply
// is almost always all reasoning. The tests therefore pin what holds either way: reasoning
// streams in several updates, no reasoning arrives after answer text started, the store holds
// exactly what was shown, and greedy decoding repeats itself through the KV-cache prefix reuse.
#include "chat/chat_controller.h"
#include "chat/engine_api.h"
#include "chat/settings_controller.h"
#include "library/library_controller.h"
#include "store/active_path.h"
#include "gen/test_model.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;
using app::ChatController;
using app::MessageListModel;

namespace {

constexpr int kMaxTokens = 48;
constexpr int kGenerationTimeoutMs = 240'000;

// What one dataChanged on the streaming reply carried.
enum class Update { Reasoning, Content, Other };

Update classify(const QList<int>& roles) {
    if (roles.contains(MessageListModel::ContentRole))
        return Update::Content;
    if (roles.contains(MessageListModel::ReasoningRole))
        return Update::Reasoning;
    return Update::Other;
}

} // namespace

class RealEngineChatTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString modelPath_;
    std::unique_ptr<app::SettingsController> settings_;

    static gen::TestModelSpec tinyQwqSpec() {
        gen::TestModelSpec spec;
        spec.arch = "qwen2";
        spec.shape = "tiny";
        spec.type = "q4_k_m";
        spec.tokenizer = PONDER_TESTDATA_DIR "/tokenizers/qwen3-tokenizer.json";
        spec.chat_template_path = PONDER_TESTDATA_DIR "/templates/Qwen-QwQ-32B.jinja";
        return spec;
    }

    std::unique_ptr<ChatController> loadedController() {
        auto store = store::ChatStore::open(dir_.path() + "/data");
        if (!store)
            qFatal("%s", store.error().message.c_str());
        auto chat = std::make_unique<ChatController>(std::move(store).value(), app::realEngine(),
                                                     settings_.get());
        QSignalSpy errors(chat.get(), &ChatController::errorOccurred);
        chat->loadModel(modelPath_);
        if (!QTest::qWaitFor([&] { return chat->modelReady() || !errors.isEmpty(); }, 120'000))
            qFatal("the model neither loaded nor failed within two minutes");
        if (!errors.isEmpty())
            qFatal("loading failed: %s", qPrintable(errors.first().first().toString()));
        return chat;
    }
    static bool waitUntilIdle(ChatController& chat) {
        return QTest::qWaitFor([&] { return !chat.generating(); }, kGenerationTimeoutMs);
    }
    static const store::Message& lastMessage(ChatController& chat) {
        return *chat.messages()->messageAt(chat.messages()->rowCount() - 1);
    }
    std::vector<store::PathEntry> storedPath(qint64 conversationId) {
        auto store = store::ChatStore::open(dir_.path() + "/data");
        if (!store)
            qFatal("%s", store.error().message.c_str());
        auto messages = store->messages(conversationId);
        if (!messages)
            qFatal("%s", messages.error().message.c_str());
        return store::activePath(*messages);
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        modelPath_ = dir_.path() + "/qwq-tiny.gguf";
        const Status written = gen::write_test_model(tinyQwqSpec(), modelPath_.toStdString());
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());

        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("real_engine_chat_test");
        QSettings().clear();
        settings_ = std::make_unique<app::SettingsController>();
        settings_->setTemperature(0); // greedy: the same prompt gives the same reply
        settings_->setMaxTokens(kMaxTokens);
        settings_->setContextLength(512);
    }

    void loadingDescribesTheModelAndDevice() {
        auto chat = loadedController();
        QCOMPARE(chat->modelArchitecture(), QStringLiteral("qwen2"));
        QVERIFY2(chat->modelQuantization().contains("Q4_K"), qPrintable(chat->modelQuantization()));
        QVERIFY(!chat->deviceName().isEmpty());
        // The tiny model's trained 4,096 positions fit lavapipe's memory: the setting of 512 is a floor.
        QCOMPARE(chat->contextLimit(), 4096);
        QVERIFY2(chat->contextReason().contains("trained"), qPrintable(chat->contextReason()));
        QVERIFY(chat->composerDisabledReason().isEmpty());
    }

    void replyStreamsReasoningFirstAndIsStoredAsShown() {
        auto chat = loadedController();
        QSignalSpy changes(chat->messages(), &QAbstractItemModel::dataChanged);
        QSignalSpy errors(chat.get(), &ChatController::errorOccurred);
        chat->newChat();
        chat->send("Why is the sky blue?");
        QVERIFY(chat->generating());
        QVERIFY2(waitUntilIdle(*chat), "the reply did not finish in time");
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));

        // The order of what reached the list: reasoning updates, then (if any) answer updates.
        std::vector<Update> updates;
        for (const auto& change : changes)
            if (const Update u = classify(change.at(2).value<QList<int>>()); u != Update::Other)
                updates.push_back(u);
        const auto reasoningUpdates = std::count(updates.begin(), updates.end(), Update::Reasoning);
        QVERIFY2(reasoningUpdates >= 1, "no reasoning streamed");
        qInfo("%td reasoning updates, %td answer updates", reasoningUpdates,
              std::count(updates.begin(), updates.end(), Update::Content));
        const auto firstContent = std::find(updates.begin(), updates.end(), Update::Content);
        QVERIFY2(std::find(firstContent, updates.end(), Update::Reasoning) == updates.end(),
                 "reasoning arrived after the answer had started");

        const store::Message& reply = lastMessage(*chat);
        QCOMPARE(reply.role, QStringLiteral("assistant"));
        QCOMPARE(toString(reply.status), QStringLiteral("complete"));
        QVERIFY(!reply.reasoning.isEmpty());
        QVERIFY2(!reply.reasoning.contains("<think>") && !reply.content.contains("<think>"),
                 "raw think tags leaked into the text");
        QVERIFY(chat->tokensPerSecond() > 0);
        QVERIFY(chat->contextUsed() > 0 && chat->contextUsed() <= chat->contextLimit());

        // The store, opened afresh, holds exactly what the list showed.
        const qint64 conversation = chat->currentConversationId();
        const store::Message shown = reply;
        chat.reset();
        const auto path = storedPath(conversation);
        QCOMPARE(path.size(), size_t(2));
        QCOMPARE(path[0].message.content, QStringLiteral("Why is the sky blue?"));
        QCOMPARE(path[1].message.reasoning, shown.reasoning);
        QCOMPARE(path[1].message.content, shown.content);
        QCOMPARE(toString(path[1].message.status), QStringLiteral("complete"));
        QVERIFY(path[1].message.completionTokens > 0 && path[1].message.completionTokens <= kMaxTokens);

        // Reopened in a new controller, the conversation shows the same messages.
        auto reopened = loadedController();
        reopened->openConversation(conversation);
        QCOMPARE(reopened->messages()->rowCount(), 2);
        QCOMPARE(lastMessage(*reopened).reasoning, shown.reasoning);
        QCOMPARE(lastMessage(*reopened).content, shown.content);
    }

    void regeneratingGreedilyRepeatsTheReplyAndContinuingSeesTheHistory() {
        auto chat = loadedController();
        chat->newChat();
        chat->send("Count the r's in strawberry.");
        QVERIFY(waitUntilIdle(*chat));
        const store::Message first = lastMessage(*chat);

        // The second run reuses the cached prompt prefix; greedy output must not change.
        chat->regenerate(first.id);
        QVERIFY(waitUntilIdle(*chat));
        const store::Message again = lastMessage(*chat);
        QVERIFY(again.id != first.id);
        QCOMPARE(again.reasoning, first.reasoning);
        QCOMPARE(again.content, first.content);
        QCOMPARE(chat->messages()->index(1).data(MessageListModel::BranchCountRole).toInt(), 2);

        // A follow-up renders the history through the real template and streams a new reply.
        chat->send("Are you sure?");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(chat->messages()->rowCount(), 4);
        QCOMPARE(toString(lastMessage(*chat).status), QStringLiteral("complete"));
        QVERIFY(!(lastMessage(*chat).reasoning + lastMessage(*chat).content).isEmpty());
        QCOMPARE(storedPath(chat->currentConversationId()).size(), size_t(4));
    }

    // The model library end to end: the same model as a split set in a Hugging Face cache (blobs
    // behind snapshot symlinks named like the parts) is listed once, fits, loads on click and chats.
    void aSplitModelFoundInAHuggingFaceCacheLoadsFromTheLibraryAndChats() {
        const QString repo = dir_.path() + "/hub/models--Qwen--QwQ-tiny-GGUF";
        QDir().mkpath(repo + "/blobs");
        QDir().mkpath(repo + "/snapshots/main");
        gen::TestModelSpec spec = tinyQwqSpec();
        spec.split_parts = 2;
        QDir().mkpath(dir_.path() + "/split");
        QVERIFY(gen::write_test_model(spec, (dir_.path() + "/split/qwq-tiny.gguf").toStdString()).ok());
        for (int part = 1; part <= 2; ++part) {
            const QString name = QStringLiteral("qwq-tiny-0000%1-of-00002.gguf").arg(part);
            QVERIFY(QFile::rename(dir_.path() + "/split/" + name, repo + "/blobs/blob" + QString::number(part)));
            QVERIFY(QFile::link("../../blobs/blob" + QString::number(part), repo + "/snapshots/main/" + name));
        }

        auto store = store::ChatStore::open(dir_.path() + "/library-data");
        QVERIFY(store);
        ChatController chat(std::move(store).value(), app::realEngine(), settings_.get());
        app::LibraryController library(app::realEngine(), &chat, {{dir_.path() + "/hub", library::ModelSource::HuggingFace}},
                                       dir_.path() + "/library.sqlite");
        library.rescan();
        QVERIFY(QTest::qWaitFor([&] { return !library.scanning(); }, 60'000));
        const app::LibraryListModel& rows = *library.models();
        QCOMPARE(rows.rowCount(), 1);
        const QModelIndex row = rows.index(0);
        QCOMPARE(row.data(app::LibraryListModel::FileNameRole).toString(),
                 QStringLiteral("Qwen/QwQ-tiny-GGUF/qwq-tiny-00001-of-00002.gguf"));
        QVERIFY(row.data(app::LibraryListModel::ReasoningRole).toBool());  // QwQ's template opens <think>
        // The machine's default backend decides: a GPU holds the tiny model whole; lavapipe alone means the CPU.
        const QString fit = row.data(app::LibraryListModel::FitRole).toString();
        QVERIFY2(fit == QStringLiteral("Fits on GPU") || fit == QStringLiteral("CPU only"), qPrintable(fit));

        QSignalSpy errors(&chat, &ChatController::errorOccurred);
        library.load(row.data(app::LibraryListModel::PathRole).toString());
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady() || !errors.isEmpty(); }, 120'000));
        QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().first().toString()));
        chat.newChat();
        chat.send("Hi");
        QVERIFY(waitUntilIdle(chat));
        QVERIFY(!(lastMessage(chat).reasoning + lastMessage(chat).content).isEmpty());
    }
};

QTEST_MAIN(RealEngineChatTest)
#include "real_engine_chat_test.moc"
