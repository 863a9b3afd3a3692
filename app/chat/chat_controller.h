// The chat on the GUI thread: the history store, the list models QML shows, and the inference
// thread. QML calls the invokables; nothing in QML touches the engine or the store.
#pragma once

#include "chat/inference_worker.h"
#include "remote/remote_endpoint.h"
#include "models/conversation_list_model.h"
#include "models/message_list_model.h"
#include "models/search_result_model.h"
#include "store/chat_store.h"
#include "store/streaming_saver.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <tuple>
#include <memory>
#include <optional>

class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class SettingsController;
class RemoteEndpoints;

class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(SearchResultModel* searchResults READ searchResults CONSTANT)
    Q_PROPERTY(qint64 currentConversationId READ currentConversationId NOTIFY currentConversationChanged)
    Q_PROPERTY(QString currentTitle READ currentTitle NOTIFY currentConversationChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(bool modelReady READ modelReady NOTIFY modelChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadingChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
    Q_PROPERTY(QString modelArchitecture READ modelArchitecture NOTIFY modelChanged)
    Q_PROPERTY(QString modelQuantization READ modelQuantization NOTIFY modelChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY modelChanged)
    Q_PROPERTY(int contextLimit READ contextLimit NOTIFY modelChanged)
    // Why the context is as long as it is ("the model's trained context (32,768 tokens), which fits in memory").
    Q_PROPERTY(QString contextReason READ contextReason NOTIFY modelChanged)
    Q_PROPERTY(int contextUsed READ contextUsed NOTIFY statsChanged)
    Q_PROPERTY(double tokensPerSecond READ tokensPerSecond NOTIFY statsChanged)
    Q_PROPERTY(double timeToFirstTokenMs READ timeToFirstTokenMs NOTIFY statsChanged)
    Q_PROPERTY(QString composerDisabledReason READ composerDisabledReason NOTIFY modelChanged)
    // While a model loads the composer stays open: what it says, and the message waiting to go.
    Q_PROPERTY(QString composerWaitingReason READ composerWaitingReason NOTIFY loadingChanged)
    Q_PROPERTY(QString queuedMessage READ queuedMessage NOTIFY queuedMessageChanged)
    Q_PROPERTY(qint64 pendingDeletionId READ pendingDeletionId NOTIFY pendingDeletionChanged)
    // The model this conversation was written with, when it is not the one loaded and its file
    // is still there: the UI offers to switch to it.
    Q_PROPERTY(QString suggestedModelPath READ suggestedModelPath NOTIFY suggestedModelChanged)
    // The Think switch: shown for models whose template can turn reasoning off; its state is the
    // current conversation's (a new chat starts with thinking on).
    Q_PROPERTY(bool thinkingSwitchAvailable READ thinkingSwitchAvailable NOTIFY modelChanged)
    Q_PROPERTY(bool thinkingEnabled READ thinkingEnabled NOTIFY thinkingChanged)
    // The local API server (Settings): where it listens ("" when not running), and why it is not.
    Q_PROPERTY(QString localServerUrl READ localServerUrl NOTIFY localServerChanged)
    Q_PROPERTY(QString localServerStatus READ localServerStatus NOTIFY localServerChanged)
    // The chat goes to a model on a remote server (Settings → Remote servers): its name there is
    // modelName, the server's name this; "" while the loaded model file answers.
    Q_PROPERTY(QString remoteServer READ remoteServer NOTIFY modelChanged)

  public:
    ChatController(store::ChatStore store, EngineApi engine, SettingsController* settings,
                   QObject* parent = nullptr);
    ~ChatController() override;
    static ChatController* create(QQmlEngine*, QJSEngine*);
    static void setInstance(ChatController* instance);

    ConversationListModel* conversations() { return &conversations_; }
    MessageListModel* messages() { return &messages_; }
    SearchResultModel* searchResults() { return &searchResults_; }
    qint64 currentConversationId() const { return currentId_; }
    QString currentTitle() const;
    bool generating() const { return streamingId_ != 0; }
    bool modelReady() const { return remote_.has_value() || model_.has_value(); }
    bool loading() const { return loading_; }
    double loadProgress() const { return loadProgress_; }
    QString modelName() const { return remote_ ? remote_->model : local() ? model_->name : QString(); }
    QString modelArchitecture() const { return local() ? model_->architecture : QString(); }
    QString modelQuantization() const { return local() ? model_->quantization : QString(); }
    QString deviceName() const { return local() ? model_->deviceName : QString(); }
    int contextLimit() const { return local() ? model_->contextLength : 0; }
    QString contextReason() const { return local() ? model_->contextReason : QString(); }
    int contextUsed() const { return contextUsed_; }
    double tokensPerSecond() const { return tokensPerSecond_; }
    double timeToFirstTokenMs() const { return ttftMs_; }
    QString composerDisabledReason() const;
    QString composerWaitingReason() const;
    QString queuedMessage() const { return queuedMessage_; }
    qint64 pendingDeletionId() const { return pendingDeletionId_; }
    QString suggestedModelPath() const { return suggestedModelPath_; }
    bool thinkingSwitchAvailable() const { return local() && model_->hasThinkingSwitch; }
    bool thinkingEnabled() const { return thinkingEnabled_; }
    QString localServerUrl() const { return localServerUrl_; }
    QString localServerStatus() const { return localServerStatus_; }
    QString remoteServer() const { return remote_ ? remote_->endpoint.name : QString(); }

    // Where remote models come from (the app sets it; without it only local models are offered).
    void setRemoteEndpoints(RemoteEndpoints* endpoints) { endpoints_ = endpoints; }

    Q_INVOKABLE void newChat();
    Q_INVOKABLE void openConversation(qint64 id);
    // Sends now; while a model loads, the message waits and is sent once it is ready.
    Q_INVOKABLE void send(const QString& text);
    // Takes a waiting message back (to edit it); returns its text.
    Q_INVOKABLE QString takeQueuedMessage();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate(qint64 assistantMessageId);
    // For the last reply, cut short inside its reasoning: Continue resumes the trace from the
    // stored text; Answer now closes it with the end-of-thinking marker and lets the model answer.
    Q_INVOKABLE void continueReply(qint64 assistantMessageId);
    Q_INVOKABLE void answerNow(qint64 assistantMessageId);
    Q_INVOKABLE void editAndResend(qint64 userMessageId, const QString& text);
    Q_INVOKABLE void showSibling(qint64 messageId, int step); // step -1: previous branch, +1: next
    Q_INVOKABLE void deleteMessage(qint64 messageId);
    Q_INVOKABLE void setReasoningExpanded(qint64 messageId, bool expanded);
    Q_INVOKABLE void renameConversation(qint64 id, const QString& title);
    Q_INVOKABLE void setPinned(qint64 id, bool pinned);
    // Hides the conversation now and deletes it after a few seconds unless undoDelete() is called.
    Q_INVOKABLE void deleteConversation(qint64 id);
    Q_INVOKABLE void undoDelete();
    Q_INVOKABLE void search(const QString& query);
    Q_INVOKABLE bool exportConversation(qint64 id, const QUrl& file); // .md or .json by extension
    Q_INVOKABLE bool importConversation(const QUrl& file);
    Q_INVOKABLE void copyToClipboard(const QString& text);
    // Per-conversation overrides of the defaults (system prompt, sampling as JSON).
    Q_INVOKABLE QString conversationSystemPrompt() const;
    Q_INVOKABLE QString conversationSamplingJson() const;
    Q_INVOKABLE void setConversationSettings(const QString& systemPrompt, const QString& samplingJson);
    // The Think switch, remembered with the conversation (or for the chat about to start).
    Q_INVOKABLE void setThinkingEnabled(bool enabled);
    // This conversation's thinking budget in tokens: -1 follows the settings, 0 is no limit.
    Q_INVOKABLE int conversationThinkingBudget() const;
    Q_INVOKABLE void setConversationThinkingBudget(int budget);

    // A local model file: loaded (or, when it is the one loaded behind a remote choice, used again).
    Q_INVOKABLE void loadModel(const QString& path);
    // A model on a remote server: chats go there (the loaded model stays loaded). Its API key is
    // read from the keychain first; a message sent meanwhile waits, as during a load.
    Q_INVOKABLE void useRemoteModel(const QString& endpointId, const QString& model);
    // The same, by the server's name in Settings (ponder --remote-model NAME/MODEL).
    void useRemoteModelNamed(const QString& serverName, const QString& model);
    Q_INVOKABLE void cancelLoad();

    // Finishes pending work: stops generation, saves the streaming reply, commits deletions.
    void shutdown();

  signals:
    void localServerChanged();
    void localServerRequested(bool enabled, int port, const QString& apiKey);
    void currentConversationChanged();
    void generatingChanged();
    void modelChanged();
    void loadingChanged();
    void statsChanged();
    void pendingDeletionChanged();
    void errorOccurred(const QString& message); // plain words for a toast
    void queuedMessageChanged();
    void suggestedModelChanged();
    void thinkingChanged();
    // A waiting message that cannot be sent (the model failed to load), back to the composer.
    void queuedMessageReturned(const QString& text);
    // To the worker (queued: it lives on the inference thread).
    void generationRequested(const ponder::app::GenerationRequest& request);
    void loadRequested(const QString& path, int contextLength, int deviceIndex, const QString& kvCacheType);

  private:
    // Passes the Local API server settings to the worker when they changed.
    void applyLocalServerSettings();
    void onDelta(qint64 messageId, const QString& reasoning, const QString& content, qint64 reasoningMs,
                 int contextUsed, bool restart);
    void onGenerationFinished(const GenerationOutcome& outcome);
    void onModelLoaded(const LoadedModel& model);
    void onLoadFailed(const QString& message);
    void startReply(std::optional<int64_t> parentId);
    void resumeReply(qint64 messageId, bool closeReasoning);
    // The request for the reply in the last row: the conversation's settings and the path before it.
    std::optional<GenerationRequest> requestForLastRow(qint64 replyId);
    void beginStreaming(const GenerationRequest& request);
    void reloadConversations();
    void reloadMessages();
    void commitPendingDeletion();
    void updateSuggestedModel();
    void readConversationThinking();
    // Opening a chat written with a remote model goes back to it; one written with the loaded file, to that.
    void followConversationModel();
    bool local() const { return !remote_ && model_; } // the loaded model file answers
    std::optional<int64_t> lastMessageId() const;
    bool report(const Status& status); // false (and a toast) when it failed

    store::ChatStore store_;
    SettingsController* settings_;
    ConversationListModel conversations_;
    MessageListModel messages_;
    SearchResultModel searchResults_;
    QThread thread_;
    InferenceWorker* worker_; // parentless, lives on thread_, deleted when thread_ finishes
    qint64 currentId_ = 0;
    qint64 streamingId_ = 0;
    std::unique_ptr<store::StreamingSaver> saver_;
    // What a resumed reply had before it went on: its new tokens and thinking time add to these.
    struct ResumedFrom {
        int reasoningTokens = 0, answerTokens = 0, completionTokens = 0;
        qint64 reasoningMs = 0;
        bool budgetReached = false;
    } resumedFrom_;
    std::optional<LoadedModel> model_; // loaded in the worker (it may stay loaded behind remote_)
    struct ActiveRemote {
        RemoteEndpoint endpoint;
        QString model;
        QString apiKey;
    };
    std::optional<ActiveRemote> remote_;
    RemoteEndpoints* endpoints_ = nullptr;
    bool loading_ = false;
    double loadProgress_ = 0;
    int contextUsed_ = 0;
    double tokensPerSecond_ = 0, ttftMs_ = 0;
    qint64 pendingDeletionId_ = 0;
    QString queuedMessage_;
    QString suggestedModelPath_;
    bool thinkingEnabled_ = true;
    QString localServerUrl_, localServerStatus_;
    std::tuple<bool, int, QString> localServerAsked_{false, 0, QString()};  // the settings last sent to the worker
    QTimer deletionTimer_;
};

} // namespace ponder::app
