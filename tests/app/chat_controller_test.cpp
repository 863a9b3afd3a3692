// ChatController end to end on a scripted engine: streaming into the model and the store,
// Stop, regenerate/edit branches, deletion with Undo, and errors in plain words.
#include "chat/chat_controller.h"
#include "chat/settings_controller.h"
#include "scripted_engine.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;
using app::ChatController;
using app::MessageListModel;

class ChatControllerTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<app::SettingsController> settings_;

    std::unique_ptr<ChatController> makeController(testing::ReplyScript script = {}) {
        auto store = store::ChatStore::open(dir_.path());
        if (!store)
            qFatal("%s", store.error().message.c_str());
        auto chat = std::make_unique<ChatController>(std::move(store).value(),
                                                     testing::scriptedEngine(script), settings_.get());
        chat->loadModel("model.gguf");
        if (!QTest::qWaitFor([&] { return chat->modelReady(); }, 5000))
            qFatal("the scripted model did not load");
        return chat;
    }
    static bool waitUntilIdle(ChatController& chat) {
        return QTest::qWaitFor([&] { return !chat.generating(); }, 10000);
    }
    static QVariant replyData(ChatController& chat, int row, int role) {
        return chat.messages()->index(row).data(role);
    }

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("chat_controller_test");
        QSettings().clear();
        settings_ = std::make_unique<app::SettingsController>();
        settings_->setSystemPrompt("You are terse.");
    }

    void sendStreamsTheReplyIntoTheListAndTheStore() {
        auto chat = makeController();
        chat->newChat();
        chat->send("  What is six times seven?  ");
        QVERIFY(chat->generating());
        QVERIFY(waitUntilIdle(*chat));

        QCOMPARE(chat->messages()->rowCount(), 2);
        QCOMPARE(replyData(*chat, 0, MessageListModel::ContentRole).toString(),
                 QStringLiteral("What is six times seven?"));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ReasoningRole).toString(),
                 QStringLiteral("Let me think about this carefully."));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ContentRole).toString(),
                 QStringLiteral("The answer is **42**."));
        QCOMPARE(replyData(*chat, 1, MessageListModel::StatusRole).toString(), QStringLiteral("complete"));
        QCOMPARE(chat->currentTitle(), QStringLiteral("What is six times seven?"));
        QCOMPARE(chat->tokensPerSecond(), 42.5);

        // The prompt had the conversation's system prompt first.
        const auto& prompt = testing::lastPromptMessages();
        QCOMPARE(prompt.size(), size_t(2));
        QCOMPARE(prompt[0].role, std::string("system"));
        QCOMPARE(prompt[0].content, std::string("You are terse."));

        // Reopening the history shows the same, with the stats kept.
        const qint64 conversation = chat->currentConversationId();
        chat.reset();
        auto store = store::ChatStore::open(dir_.path());
        const auto path = store::activePath(*store->messages(conversation));
        QCOMPARE(path.size(), size_t(2));
        QCOMPARE(path[1].message.content, QStringLiteral("The answer is **42**."));
        QCOMPARE(path[1].message.reasoning, QStringLiteral("Let me think about this carefully."));
        QCOMPARE(toString(path[1].message.status), QStringLiteral("complete"));
        QCOMPARE(path[1].message.tokensPerS, 42.5);
    }

    void followUpsCarryEarlierTurnsWithTheirReasoning() {
        auto chat = makeController();
        chat->newChat();
        chat->send("first");
        QVERIFY(waitUntilIdle(*chat));
        chat->send("second");
        QVERIFY(waitUntilIdle(*chat));
        const auto& prompt = testing::lastPromptMessages();
        QCOMPARE(prompt.size(), size_t(4)); // system, user, assistant, user
        QCOMPARE(prompt[2].role, std::string("assistant"));
        QCOMPARE(prompt[2].reasoning, std::string("Let me think about this carefully."));
        QCOMPARE(prompt[3].content, std::string("second"));
    }

    void stopLeavesAnInterruptedPartialReply() {
        testing::ReplyScript slow;
        slow.reasoning.assign(200, "step ");
        slow.pieceDelayMs = 5;
        auto chat = makeController(slow);
        chat->newChat();
        chat->send("count slowly");
        QTest::qWait(150);
        chat->stop();
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(replyData(*chat, 1, MessageListModel::StatusRole).toString(), QStringLiteral("interrupted"));
        const QString reasoning = replyData(*chat, 1, MessageListModel::ReasoningRole).toString();
        QVERIFY(!reasoning.isEmpty());
        QVERIFY(reasoning.size() < 200 * 5);
        QVERIFY(!replyData(*chat, 1, MessageListModel::ThinkingRole).toBool());
        QCOMPARE(replyData(*chat, 1, MessageListModel::CutShortRole).toString(),
                 QStringLiteral("Stopped while thinking."));
        QVERIFY(replyData(*chat, 1, MessageListModel::CanAnswerNowRole).toBool());
    }

    // A reply cut short inside its reasoning says so and offers Continue and Answer now; either
    // leaves one stored, well-formed message with reasoning and answer apart.
    static testing::ReplyScript cutAfterFourPieces() {
        testing::ReplyScript script;
        script.reasoning = {"Six ", "times ", "seven: ", "six sevens ", "are ", "42."};
        script.answer = {"It is ", "**42**."};
        script.maxPieces = 4;
        return script;
    }

    // Sends `text` in a new chat and waits for the reply; returns the reply's id.
    static qint64 sendAndWait(ChatController& chat, const QString& text) {
        chat.newChat();
        chat.send(text);
        if (!waitUntilIdle(chat))
            return 0;
        return replyData(chat, 1, MessageListModel::IdRole).toLongLong();
    }

    void aReplyCutShortInsideItsReasoningOffersContinueAndAnswerNow() {
        auto chat = makeController(cutAfterFourPieces());
        chat->newChat();
        chat->send("six times seven?");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ReasoningRole).toString(),
                 QStringLiteral("Six times seven: six sevens "));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ContentRole).toString(), QString());
        QCOMPARE(replyData(*chat, 1, MessageListModel::CutShortRole).toString(),
                 QStringLiteral("The reply limit was reached while thinking."));
        QVERIFY(replyData(*chat, 1, MessageListModel::CanAnswerNowRole).toBool());

        auto store = store::ChatStore::open(dir_.path());
        const store::Message cut = *store->message(replyData(*chat, 1, MessageListModel::IdRole).toLongLong());
        QVERIFY(cut.reasoningOpen);
        QCOMPARE(cut.stopReason, QStringLiteral("max_tokens"));
        QCOMPARE(cut.reasoningTokens, 4);
        QCOMPARE(cut.answerTokens, 0);
    }

    void continueResumesTheTraceAndFinishesTheSameMessage() {
        auto chat = makeController(cutAfterFourPieces());
        const qint64 reply = sendAndWait(*chat, "six times seven?");

        chat->continueReply(reply);
        QVERIFY(waitUntilIdle(*chat));
        // The engine got the stored trace to go on from, still open.
        const auto& prompt = testing::lastPromptMessages();
        QCOMPARE(prompt.back().role, std::string("assistant"));
        QCOMPARE(prompt.back().reasoning, std::string("Six times seven: six sevens "));
        QVERIFY(prompt.back().reasoning_open);

        QCOMPARE(chat->messages()->rowCount(), 2);
        QCOMPARE(replyData(*chat, 1, MessageListModel::IdRole).toLongLong(), reply);
        QCOMPARE(replyData(*chat, 1, MessageListModel::CutShortRole).toString(), QString());
        auto store = store::ChatStore::open(dir_.path());
        const store::Message done = *store->message(reply);
        QCOMPARE(done.reasoning, QStringLiteral("Six times seven: six sevens are 42."));
        QCOMPARE(done.content, QStringLiteral("It is **42**."));
        QCOMPARE(toString(done.status), QStringLiteral("complete"));
        QVERIFY(!done.reasoningOpen);
        QCOMPARE(done.reasoningTokens, 6);
        QCOMPARE(done.answerTokens, 2);
    }

    void answerNowClosesTheTraceAndTheModelAnswers() {
        auto chat = makeController(cutAfterFourPieces());
        const qint64 reply = sendAndWait(*chat, "six times seven?");

        chat->answerNow(reply);
        QVERIFY(waitUntilIdle(*chat));
        QVERIFY(!testing::lastPromptMessages().back().reasoning_open);
        auto store = store::ChatStore::open(dir_.path());
        const store::Message done = *store->message(reply);
        QCOMPARE(done.reasoning, QStringLiteral("Six times seven: six sevens ")); // as it was cut
        QCOMPARE(done.content, QStringLiteral("It is **42**."));
        QCOMPARE(toString(done.status), QStringLiteral("complete"));
        QVERIFY(!done.reasoningOpen);
        QCOMPARE(done.reasoningTokens, 4);
        QCOMPARE(done.answerTokens, 2);
        QCOMPARE(replyData(*chat, 1, MessageListModel::ContentRole).toString(), QStringLiteral("It is **42**."));
    }

    // The Think switch: only for models whose template has one; per conversation, remembered.
    void thinkSwitchIsPerConversationRememberedAndReachesTheEngine() {
        testing::ReplyScript hybrid;
        hybrid.thinkingSwitch = true;
        auto chat = makeController(hybrid);
        QVERIFY(chat->thinkingSwitchAvailable());
        chat->newChat();
        QVERIFY(chat->thinkingEnabled());
        QSignalSpy changed(chat.get(), &ChatController::thinkingChanged);
        chat->setThinkingEnabled(false);
        QCOMPARE(changed.count(), 1);
        chat->send("just answer");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(testing::lastSampling().thinking.enabled, std::optional<bool>(false));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ReasoningRole).toString(), QString());
        const qint64 direct = chat->currentConversationId();

        chat->newChat(); // a new chat thinks again
        QVERIFY(chat->thinkingEnabled());
        chat->send("think first");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(testing::lastSampling().thinking.enabled, std::optional<bool>(true));
        QVERIFY(!replyData(*chat, 1, MessageListModel::ReasoningRole).toString().isEmpty());

        chat->openConversation(direct);
        QVERIFY(!chat->thinkingEnabled());
        chat.reset(); // and after a restart
        auto again = makeController(hybrid);
        again->openConversation(direct);
        QVERIFY(!again->thinkingEnabled());
    }

    void modelsThatAlwaysReasonHaveNoSwitch() {
        auto chat = makeController();
        QVERIFY(!chat->thinkingSwitchAvailable());
        chat->newChat();
        chat->setThinkingEnabled(false); // stored, but not sent: the template cannot do it
        chat->send("hi");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(testing::lastSampling().thinking.enabled, std::optional<bool>());
    }

    // The thinking budget: from the settings, or the conversation's own; the reply says it was reached.
    void thinkingBudgetEndsTheReasoningAndTheReplySaysSo() {
        auto chat = makeController();
        settings_->setThinkingBudget(2);
        settings_->setBudgetTransition("I must answer now.");
        chat->newChat();
        chat->send("six times seven?");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(testing::lastSampling().thinking.budget_tokens, 2);
        QCOMPARE(replyData(*chat, 1, MessageListModel::ReasoningRole).toString(),
                 QStringLiteral("Let me think \n\nI must answer now."));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ContentRole).toString(), QStringLiteral("The answer is **42**."));
        QCOMPARE(replyData(*chat, 1, MessageListModel::ReasoningNoteRole).toString(),
                 QStringLiteral("budget reached · 2 reasoning + 4 answer tokens"));
        auto store = store::ChatStore::open(dir_.path());
        QVERIFY(store->message(replyData(*chat, 1, MessageListModel::IdRole).toLongLong())->budgetReached);

        chat->setConversationThinkingBudget(0); // this conversation: no limit
        QCOMPARE(chat->conversationThinkingBudget(), 0);
        chat->send("again?");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(testing::lastSampling().thinking.budget_tokens, 0);
        QCOMPARE(replyData(*chat, 3, MessageListModel::ReasoningNoteRole).toString(),
                 QStringLiteral("5 reasoning + 4 answer tokens"));
        settings_->setThinkingBudget(0);
        settings_->setBudgetTransition({});
    }

    void regenerateAddsABranchAndNavigationSwitchesBetweenThem() {
        auto chat = makeController();
        chat->newChat();
        chat->send("pick a number");
        QVERIFY(waitUntilIdle(*chat));
        const qint64 first = replyData(*chat, 1, MessageListModel::IdRole).toLongLong();

        chat->regenerate(first);
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(chat->messages()->rowCount(), 2);
        QCOMPARE(replyData(*chat, 1, MessageListModel::BranchIndexRole).toInt(), 1);
        QCOMPARE(replyData(*chat, 1, MessageListModel::BranchCountRole).toInt(), 2);
        const qint64 second = replyData(*chat, 1, MessageListModel::IdRole).toLongLong();
        QVERIFY(second != first);

        chat->showSibling(second, -1);
        QCOMPARE(replyData(*chat, 1, MessageListModel::IdRole).toLongLong(), first);
        QCOMPARE(replyData(*chat, 1, MessageListModel::BranchIndexRole).toInt(), 0);
        chat->showSibling(first, -1); // already the first: nothing happens
        QCOMPARE(replyData(*chat, 1, MessageListModel::IdRole).toLongLong(), first);
    }

    void editAndResendBranchesAtTheUserMessage() {
        auto chat = makeController();
        chat->newChat();
        chat->send("original question");
        QVERIFY(waitUntilIdle(*chat));
        const qint64 question = replyData(*chat, 0, MessageListModel::IdRole).toLongLong();
        chat->editAndResend(question, "edited question");
        QVERIFY(waitUntilIdle(*chat));
        QCOMPARE(chat->messages()->rowCount(), 2);
        QCOMPARE(replyData(*chat, 0, MessageListModel::ContentRole).toString(),
                 QStringLiteral("edited question"));
        QCOMPARE(replyData(*chat, 0, MessageListModel::BranchCountRole).toInt(), 2);
        QCOMPARE(testing::lastPromptMessages().back().content, std::string("edited question"));
    }

    void deleteCanBeUndoneAndIsCommittedOtherwise() {
        auto chat = makeController();
        chat->newChat();
        chat->send("to be deleted");
        QVERIFY(waitUntilIdle(*chat));
        const qint64 id = chat->currentConversationId();
        const int rows = chat->conversations()->rowCount();

        chat->deleteConversation(id);
        QCOMPARE(chat->conversations()->rowCount(), rows - 1);
        QCOMPARE(chat->currentConversationId(), 0);
        chat->undoDelete();
        QCOMPARE(chat->conversations()->rowCount(), rows);

        chat->deleteConversation(id);
        chat->shutdown(); // quitting commits the pending deletion
        auto store = store::ChatStore::open(dir_.path());
        QVERIFY(!store->conversation(id).ok());
    }

    void loadFailuresAreReportedInPlainWords() {
        auto chat = makeController();
        QSignalSpy errors(chat.get(), &ChatController::errorOccurred);
        chat->loadModel("/models/missing.gguf");
        QVERIFY(errors.wait(5000));
        QVERIFY(errors[0][0].toString().contains("missing.gguf"));
        QVERIFY(!chat->modelReady());
        QVERIFY(!chat->composerDisabledReason().isEmpty());
    }

    void aMessageSentWhileTheModelLoadsIsSentWhenItIsReady() {
        auto store = store::ChatStore::open(dir_.path());
        ChatController chat(std::move(store).value(), testing::scriptedEngine(), settings_.get());
        chat.loadModel("model.gguf");
        QVERIFY(chat.loading());
        QVERIFY2(chat.composerDisabledReason().isEmpty(), "typing stays possible while loading");
        QVERIFY(!chat.composerWaitingReason().isEmpty());
        chat.newChat();
        chat.send("written while loading");
        QCOMPARE(chat.queuedMessage(), QStringLiteral("written while loading"));
        QVERIFY(!chat.generating());

        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QVERIFY(chat.queuedMessage().isEmpty());
        QVERIFY(waitUntilIdle(chat));
        QCOMPARE(chat.messages()->rowCount(), 2);
        QCOMPARE(replyData(chat, 0, MessageListModel::ContentRole).toString(),
                 QStringLiteral("written while loading"));
        QCOMPARE(replyData(chat, 1, MessageListModel::StatusRole).toString(), QStringLiteral("complete"));
    }

    void aWaitingMessageComesBackWhenTheModelFailsToLoad() {
        auto store = store::ChatStore::open(dir_.path());
        ChatController chat(std::move(store).value(), testing::scriptedEngine(), settings_.get());
        QSignalSpy returned(&chat, &ChatController::queuedMessageReturned);
        QSignalSpy errors(&chat, &ChatController::errorOccurred);
        chat.loadModel("/models/missing.gguf");
        chat.newChat();
        chat.send("keep me");
        QVERIFY(returned.wait(5000));
        QCOMPARE(returned[0][0].toString(), QStringLiteral("keep me"));
        QVERIFY(chat.queuedMessage().isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0][0].toString().contains("missing.gguf"));
        QVERIFY(errors[0][0].toString().contains("not sent"));
        QCOMPARE(chat.messages()->rowCount(), 0);
    }

    void aWaitingMessageCanBeTakenBack() {
        auto store = store::ChatStore::open(dir_.path());
        ChatController chat(std::move(store).value(), testing::scriptedEngine(), settings_.get());
        chat.loadModel("model.gguf");
        chat.newChat();
        chat.send("second thoughts");
        QCOMPARE(chat.takeQueuedMessage(), QStringLiteral("second thoughts"));
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QVERIFY(!chat.generating());
        QCOMPARE(chat.messages()->rowCount(), 0);
    }

    void aChatWrittenWithAnotherModelSuggestsSwitchingToIt() {
        QFile a(dir_.filePath("a.gguf")), b(dir_.filePath("b.gguf"));
        QVERIFY(a.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly)); // the files exist
        auto store = store::ChatStore::open(dir_.path());
        ChatController chat(std::move(store).value(), testing::scriptedEngine(), settings_.get());
        chat.loadModel(a.fileName());
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        chat.newChat();
        chat.send("written with a");
        QVERIFY(waitUntilIdle(chat));
        const qint64 withA = chat.currentConversationId();
        QVERIFY(chat.suggestedModelPath().isEmpty()); // the loaded model wrote it

        chat.loadModel(b.fileName());
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(chat.suggestedModelPath(), a.fileName());
        chat.newChat();
        QVERIFY(chat.suggestedModelPath().isEmpty());
        chat.openConversation(withA);
        QCOMPARE(chat.suggestedModelPath(), a.fileName());
        // Going on with b: the chat is now b's, and the offer goes.
        chat.send("continued with b");
        QVERIFY(waitUntilIdle(chat));
        QVERIFY(chat.suggestedModelPath().isEmpty());
        a.remove();
        chat.loadModel("c.gguf");
        QVERIFY(QTest::qWaitFor([&] { return chat.modelReady(); }, 5000));
        QCOMPARE(chat.suggestedModelPath(), b.fileName());
        b.remove();
        chat.newChat();
        chat.openConversation(withA);
        QVERIFY2(chat.suggestedModelPath().isEmpty(), "a model file that is gone is not offered");
    }

    void searchFindsReasoning() {
        auto chat = makeController();
        chat->newChat();
        chat->send("answer carefully");
        QVERIFY(waitUntilIdle(*chat));
        chat->search("carefully"); // the title, the question and the reasoning: one row, 3 matches
        const auto* results = chat->searchResults();
        int rowsForThisChat = 0;
        for (int row = 0; row < results->rowCount(); ++row) {
            const QModelIndex index = results->index(row);
            if (index.data(app::SearchResultModel::ConversationIdRole).toLongLong() != chat->currentConversationId())
                continue;
            ++rowsForThisChat;
            QCOMPARE(index.data(app::SearchResultModel::MatchCountRole).toInt(), 3);
        }
        QCOMPARE(rowsForThisChat, 1);
    }
};

QTEST_MAIN(ChatControllerTest)
#include "chat_controller_test.moc"
