#include "chat/chat_controller.h"

#include "chat/chat_title.h"
#include "chat/settings_controller.h"
#include "remote/remote_endpoints.h"
#include "store/conversation_export.h"

#include <QClipboard>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJSEngine>
#include <QUrl>

#include <utility>

namespace ponder::app {

namespace {
ChatController* g_instance = nullptr;
constexpr int kUndoDeleteMs = 5000;
constexpr int kSearchHits = 500; // matching messages; the list shows one row per conversation

store::MessageStatus statusAfter(const GenerationOutcome& outcome) {
    if (outcome.failed)
        return store::MessageStatus::Error;
    if (outcome.stopReason == QLatin1String("cancelled"))
        return store::MessageStatus::Interrupted;
    return store::MessageStatus::Complete;
}
} // namespace

ChatController::ChatController(store::ChatStore store, EngineApi engine, SettingsController* settings,
                               QObject* parent)
    : QObject(parent), store_(std::move(store)), settings_(settings),
      worker_(new InferenceWorker(std::move(engine))) {
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<GenerationOutcome>();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &ChatController::generationRequested, worker_, &InferenceWorker::generate);
    connect(this, &ChatController::loadRequested, worker_, &InferenceWorker::loadModel);
    connect(worker_, &InferenceWorker::delta, this, &ChatController::onDelta);
    connect(worker_, &InferenceWorker::generationFinished, this, &ChatController::onGenerationFinished);
    connect(worker_, &InferenceWorker::modelLoaded, this, &ChatController::onModelLoaded);
    connect(worker_, &InferenceWorker::loadFailed, this, &ChatController::onLoadFailed);
    connect(this, &ChatController::localServerRequested, worker_, &InferenceWorker::configureLocalServer);
    connect(worker_, &InferenceWorker::localServerChanged, this, [this](const QString& url, const QString& status) {
        localServerUrl_ = url;
        localServerStatus_ = status;
        emit localServerChanged();
    });
    if (settings_)
        connect(settings_, &SettingsController::changed, this, &ChatController::applyLocalServerSettings);
    connect(worker_, &InferenceWorker::loadProgress, this, [this](double fraction) {
        loadProgress_ = fraction;
        emit loadingChanged();
    });
    thread_.setObjectName(QStringLiteral("inference"));
    thread_.start();

    deletionTimer_.setSingleShot(true);
    deletionTimer_.setInterval(kUndoDeleteMs);
    connect(&deletionTimer_, &QTimer::timeout, this, &ChatController::commitPendingDeletion);
    connect(this, &ChatController::currentConversationChanged, this, &ChatController::updateSuggestedModel);
    connect(this, &ChatController::modelChanged, this, &ChatController::updateSuggestedModel);
    connect(this, &ChatController::currentConversationChanged, this, &ChatController::readConversationThinking);
    reloadConversations();
    applyLocalServerSettings();
}

void ChatController::applyLocalServerSettings() {
    if (!settings_)
        return;
    const std::tuple<bool, int, QString> asked{settings_->localServerEnabled(), settings_->localServerPort(),
                                               settings_->localServerKey()};
    if (asked == localServerAsked_)
        return;
    localServerAsked_ = asked;
    emit localServerRequested(std::get<0>(asked), std::get<1>(asked), std::get<2>(asked));
}

ChatController::~ChatController() {
    shutdown();
    thread_.quit();
    thread_.wait();
}

ChatController* ChatController::create(QQmlEngine*, QJSEngine*) {
    Q_ASSERT_X(g_instance, "ChatController", "main() sets the instance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void ChatController::setInstance(ChatController* instance) {
    g_instance = instance;
}

QString ChatController::currentTitle() const {
    const int row = conversations_.rowOf(currentId_);
    return row < 0
               ? tr("New chat")
               : conversations_.data(conversations_.index(row), ConversationListModel::TitleRole).toString();
}

QString ChatController::composerDisabledReason() const {
    if (!modelReady() && !loading_)
        return tr("Open a model (.gguf) to start chatting");
    return {};
}

QString ChatController::composerWaitingReason() const {
    return loading_ ? tr("Loading the model… type away: your message is sent when it is ready") : QString();
}

bool ChatController::report(const Status& status) {
    if (status)
        return true;
    emit errorOccurred(QString::fromStdString(status.error().message));
    return false;
}

void ChatController::reloadConversations() {
    auto list = store_.conversations();
    if (!report(list.ok() ? Status{} : Status{list.error()}))
        return;
    std::erase_if(*list, [this](const store::Conversation& c) { return c.id == pendingDeletionId_; });
    conversations_.setConversations(std::move(list).value());
}

void ChatController::reloadMessages() {
    if (currentId_ == 0) {
        messages_.setPath({});
        return;
    }
    auto all = store_.messages(currentId_);
    if (!report(all.ok() ? Status{} : Status{all.error()}))
        return;
    std::erase_if(*all, [](const store::Message& m) { return m.role == QLatin1String("system"); });
    messages_.setPath(store::activePath(*all));
}

std::optional<int64_t> ChatController::lastMessageId() const {
    const store::Message* last = messages_.messageAt(messages_.rowCount() - 1);
    return last ? std::optional<int64_t>(last->id) : std::nullopt;
}

void ChatController::newChat() {
    if (generating())
        stop();
    currentId_ = 0;
    reloadMessages();
    emit currentConversationChanged();
}

void ChatController::openConversation(qint64 id) {
    if (id == currentId_)
        return;
    if (generating())
        stop();
    currentId_ = id;
    reloadMessages();
    followConversationModel();
    emit currentConversationChanged();
}

void ChatController::send(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || generating())
        return;
    if (!modelReady()) {
        if (loading_ && queuedMessage_.isEmpty()) {
            queuedMessage_ = trimmed;
            emit queuedMessageChanged();
        }
        return;
    }
    if (currentId_ == 0) {
        auto id = store_.createConversation({.title = titleFromFirstMessage(trimmed),
                                             .systemPrompt = settings_->systemPrompt(),
                                             .samplingJson = QStringLiteral("{}"),
                                             .modelPath = remote_ ? QString() : model_->path,
                                             .remoteEndpointId = remote_ ? remote_->endpoint.id : QString(),
                                             .remoteModel = remote_ ? remote_->model : QString(),
                                             .thinkEnabled = thinkingEnabled_});
        if (!report(id.ok() ? Status{} : Status{id.error()}))
            return;
        currentId_ = *id;
        reloadConversations();
        emit currentConversationChanged();
    }
    auto userId = store_.addMessage({currentId_, lastMessageId(), QStringLiteral("user"), trimmed});
    if (!report(userId.ok() ? Status{} : Status{userId.error()}))
        return;
    startReply(*userId);
}

QString ChatController::takeQueuedMessage() {
    const QString text = std::exchange(queuedMessage_, QString());
    if (!text.isEmpty())
        emit queuedMessageChanged();
    return text;
}

void ChatController::startReply(std::optional<int64_t> parentId) {
    auto replyId = store_.addMessage(
        {currentId_, parentId, QStringLiteral("assistant"), {}, {}, store::MessageStatus::Streaming});
    if (!report(replyId.ok() ? Status{} : Status{replyId.error()}))
        return;
    reloadMessages(); // the new reply is now the chosen branch, at the end of the path
    auto request = requestForLastRow(*replyId);
    if (!request)
        return;
    saver_ = std::make_unique<store::StreamingSaver>(store_, *replyId);
    resumedFrom_ = {};
    beginStreaming(*request);
}

void ChatController::resumeReply(qint64 messageId, bool closeReasoning) {
    if (generating() || !local() || lastMessageId() != messageId) // a remote server cannot go on with a trace
        return;
    const store::Message reply = *messages_.messageAt(messages_.rowCount() - 1);
    if (reply.role != QLatin1String("assistant") || !reply.reasoningOpen)
        return;
    auto request = requestForLastRow(messageId);
    if (!request || !report(store_.resumeMessage(messageId)))
        return;
    request->messages.push_back({"assistant", reply.content.toStdString(), reply.reasoning.toStdString(),
                                 /*reasoning_open=*/!closeReasoning});
    messages_.setStatus(messageId, store::MessageStatus::Streaming, 0);
    saver_ = std::make_unique<store::StreamingSaver>(store_, messageId);
    saver_->resumeFrom(reply.reasoning, reply.content, reply.reasoningMs);
    resumedFrom_ = {reply.reasoningTokens, reply.answerTokens, reply.completionTokens, reply.reasoningMs,
                    reply.budgetReached};
    beginStreaming(*request);
}

void ChatController::continueReply(qint64 assistantMessageId) {
    resumeReply(assistantMessageId, /*closeReasoning=*/false);
}

void ChatController::answerNow(qint64 assistantMessageId) {
    resumeReply(assistantMessageId, /*closeReasoning=*/true);
}

std::optional<GenerationRequest> ChatController::requestForLastRow(qint64 replyId) {
    auto conversation = store_.conversation(currentId_);
    if (!report(conversation.ok() ? Status{} : Status{conversation.error()}))
        return std::nullopt;
    if (remote_ && endpoints_) // renamed or moved in Settings since it was chosen
        if (const auto current = endpoints_->find(remote_->endpoint.id))
            remote_->endpoint = *current;
    const QString path = remote_ ? QString() : model_->path;
    const QString endpointId = remote_ ? remote_->endpoint.id : QString();
    const QString remoteModel = remote_ ? remote_->model : QString();
    if (conversation->modelPath != path || conversation->remoteEndpointId != endpointId ||
        conversation->remoteModel != remoteModel) { // the chat goes on with this model now
        report(store_.setModel(currentId_, path, endpointId, remoteModel));
        updateSuggestedModel();
    }
    GenerationRequest request;
    request.messageId = replyId;
    request.sampling = settings_->samplingFor(conversation->samplingJson);
    if (remote_)
        request.remote = RemoteTarget{remote_->endpoint.baseUrl.toStdString(), remote_->apiKey.toStdString(),
                                      remote_->model.toStdString()};
    if (thinkingSwitchAvailable())
        request.sampling.thinking.enabled = conversation->thinkEnabled;
    request.sampling.thinking.budget_tokens =
        conversation->thinkingBudget >= 0 ? conversation->thinkingBudget : settings_->thinkingBudget();
    request.sampling.thinking.budget_transition = settings_->budgetTransition().toStdString();
    if (!conversation->systemPrompt.isEmpty())
        request.messages.push_back({"system", conversation->systemPrompt.toStdString(), {}});
    for (int row = 0; row + 1 < messages_.rowCount(); ++row) { // all but the reply being written
        const store::Message* m = messages_.messageAt(row);
        request.messages.push_back(
            {m->role.toStdString(), m->content.toStdString(), m->reasoning.toStdString()});
    }
    return request;
}

void ChatController::beginStreaming(const GenerationRequest& request) {
    streamingId_ = request.messageId;
    emit generatingChanged();
    emit generationRequested(request);
}

void ChatController::onDelta(qint64 messageId, const QString& reasoning, const QString& content,
                             qint64 reasoningMs, int contextUsed, bool restart) {
    if (messageId != streamingId_ || !saver_)
        return;
    if (restart) { // what looked like the answer was the reasoning: the reply starts over
        saver_->restart();
        messages_.clearText(messageId);
    }
    const qint64 totalReasoningMs = resumedFrom_.reasoningMs + reasoningMs;
    messages_.appendDelta(messageId, reasoning, content, totalReasoningMs);
    if (contextUsed != contextUsed_) {
        contextUsed_ = contextUsed;
        emit statsChanged();
    }
    report(saver_->append(reasoning, content, totalReasoningMs));
}

void ChatController::onGenerationFinished(const GenerationOutcome& outcome) {
    if (outcome.messageId != streamingId_ || !saver_)
        return;
    store::GenerationRecord record;
    record.status = statusAfter(outcome);
    record.reasoningMs = resumedFrom_.reasoningMs + outcome.reasoningMs;
    record.promptTokens = outcome.promptTokens;
    record.completionTokens = resumedFrom_.completionTokens + outcome.completionTokens;
    record.tokensPerS = outcome.tokensPerSecond;
    record.stopReason = outcome.stopReason;
    record.reasoningOpen = !outcome.failed && outcome.reasoningOpen;
    record.budgetReached = resumedFrom_.budgetReached || outcome.budgetReached;
    record.reasoningTokens = resumedFrom_.reasoningTokens + outcome.reasoningTokens;
    record.answerTokens = resumedFrom_.answerTokens + outcome.answerTokens;
    record.error = outcome.failed ? outcome.error : QString();
    report(saver_->finish(record));
    record.content = saver_->content();
    record.reasoning = saver_->reasoning();
    messages_.setOutcome(outcome.messageId, record);
    saver_.reset();
    streamingId_ = 0;
    contextUsed_ = outcome.contextUsed;
    tokensPerSecond_ = outcome.tokensPerSecond;
    ttftMs_ = outcome.timeToFirstTokenMs;
    emit statsChanged();
    emit generatingChanged();
    if (conversations_.idAt(0) != currentId_)
        reloadConversations(); // the active chat moves to the top
    if (outcome.failed)
        emit errorOccurred(outcome.error);
    else if (outcome.droppedMessages > 0)
        emit errorOccurred(
            tr("The conversation is longer than the context; %n older message(s) were left out.", nullptr,
               outcome.droppedMessages));
}

void ChatController::stop() {
    if (generating())
        worker_->requestStop();
}

void ChatController::regenerate(qint64 assistantMessageId) {
    if (generating() || !modelReady())
        return;
    auto message = store_.message(assistantMessageId);
    if (!report(message.ok() ? Status{} : Status{message.error()}))
        return;
    startReply(message->parentId);
}

void ChatController::editAndResend(qint64 userMessageId, const QString& text) {
    if (generating() || !modelReady() || text.trimmed().isEmpty())
        return;
    auto original = store_.message(userMessageId);
    if (!report(original.ok() ? Status{} : Status{original.error()}))
        return;
    auto edited = store_.addMessage({currentId_, original->parentId, QStringLiteral("user"), text.trimmed()});
    if (!report(edited.ok() ? Status{} : Status{edited.error()}))
        return;
    startReply(*edited);
}

void ChatController::showSibling(qint64 messageId, int step) {
    if (generating())
        return;
    auto all = store_.messages(currentId_);
    if (!report(all.ok() ? Status{} : Status{all.error()}))
        return;
    const auto siblings = store::siblingIds(*all, messageId);
    const auto self = std::find(siblings.begin(), siblings.end(), messageId);
    if (self == siblings.end())
        return;
    const auto target = (self - siblings.begin()) + step;
    if (target < 0 || target >= qsizetype(siblings.size()))
        return;
    if (report(store_.chooseMessage(siblings[size_t(target)])))
        reloadMessages();
}

void ChatController::deleteMessage(qint64 messageId) {
    if (generating())
        return;
    if (report(store_.deleteMessage(messageId)))
        reloadMessages();
}

void ChatController::setReasoningExpanded(qint64 messageId, bool expanded) {
    if (report(store_.setReasoningExpanded(messageId, expanded)))
        messages_.setReasoningExpanded(messageId, expanded);
}

void ChatController::renameConversation(qint64 id, const QString& title) {
    const QString trimmed = title.simplified();
    if (trimmed.isEmpty() || !report(store_.renameConversation(id, trimmed)))
        return;
    conversations_.setTitle(id, trimmed);
    if (id == currentId_)
        emit currentConversationChanged();
}

void ChatController::setPinned(qint64 id, bool pinned) {
    if (report(store_.setPinned(id, pinned)))
        reloadConversations();
}

void ChatController::deleteConversation(qint64 id) {
    commitPendingDeletion(); // only one Undo at a time
    pendingDeletionId_ = id;
    conversations_.remove(id);
    if (id == currentId_)
        newChat();
    deletionTimer_.start();
    emit pendingDeletionChanged();
}

void ChatController::undoDelete() {
    if (pendingDeletionId_ == 0)
        return;
    deletionTimer_.stop();
    pendingDeletionId_ = 0;
    reloadConversations();
    emit pendingDeletionChanged();
}

void ChatController::commitPendingDeletion() {
    if (pendingDeletionId_ == 0)
        return;
    deletionTimer_.stop();
    report(store_.deleteConversation(pendingDeletionId_));
    pendingDeletionId_ = 0;
    emit pendingDeletionChanged();
}

void ChatController::search(const QString& query) {
    auto hits = store_.search(query, kSearchHits);
    if (!report(hits.ok() ? Status{} : Status{hits.error()}))
        return;
    std::erase_if(*hits,
                  [this](const store::SearchHit& h) { return h.conversationId == pendingDeletionId_; });
    searchResults_.setHits(*hits);
}

bool ChatController::exportConversation(qint64 id, const QUrl& fileUrl) {
    auto conversation = store_.conversation(id);
    auto all = store_.messages(id);
    if (!report(conversation.ok() ? Status{} : Status{conversation.error()}))
        return false;
    if (!report(all.ok() ? Status{} : Status{all.error()}))
        return false;
    const QString path = fileUrl.isLocalFile() ? fileUrl.toLocalFile() : fileUrl.toString();
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        emit errorOccurred(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    file.write(path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                   ? store::exportJson(*conversation, *all)
                   : store::exportMarkdown(*conversation, *all).toUtf8());
    return true;
}

bool ChatController::importConversation(const QUrl& fileUrl) {
    const QString path = fileUrl.isLocalFile() ? fileUrl.toLocalFile() : fileUrl.toString();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emit errorOccurred(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    auto id = store::importJson(store_, file.readAll());
    if (!report(id.ok() ? Status{} : Status{id.error()}))
        return false;
    reloadConversations();
    openConversation(*id);
    return true;
}

void ChatController::copyToClipboard(const QString& text) {
    if (auto* clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

QString ChatController::conversationSystemPrompt() const {
    auto conversation = const_cast<store::ChatStore&>(store_).conversation(currentId_);
    return conversation ? conversation->systemPrompt : QString();
}

QString ChatController::conversationSamplingJson() const {
    auto conversation = const_cast<store::ChatStore&>(store_).conversation(currentId_);
    return conversation ? conversation->samplingJson : QStringLiteral("{}");
}

void ChatController::setConversationSettings(const QString& systemPrompt, const QString& samplingJson) {
    if (currentId_ != 0)
        report(store_.setConversationSettings(currentId_, systemPrompt, samplingJson));
}

void ChatController::setThinkingEnabled(bool enabled) {
    if (enabled == thinkingEnabled_)
        return;
    if (currentId_ != 0 && !report(store_.setThinkEnabled(currentId_, enabled)))
        return;
    thinkingEnabled_ = enabled;
    emit thinkingChanged();
}

int ChatController::conversationThinkingBudget() const {
    auto conversation = const_cast<store::ChatStore&>(store_).conversation(currentId_);
    return conversation ? conversation->thinkingBudget : -1;
}

void ChatController::setConversationThinkingBudget(int budget) {
    if (currentId_ != 0)
        report(store_.setThinkingBudget(currentId_, budget));
}

void ChatController::readConversationThinking() {
    bool enabled = true; // a new chat thinks
    if (currentId_ != 0) {
        auto conversation = store_.conversation(currentId_);
        enabled = !conversation || conversation->thinkEnabled;
    }
    if (enabled == thinkingEnabled_)
        return;
    thinkingEnabled_ = enabled;
    emit thinkingChanged();
}

void ChatController::loadModel(const QString& path) {
    if (loading_ || path.isEmpty())
        return;
    if (generating())
        stop();
    if (remote_ && model_ && model_->path == path) { // still loaded: no need to load it again
        remote_.reset();
        settings_->setLastModel(path);
        emit modelChanged();
        return;
    }
    remote_.reset();
    loading_ = true;
    loadProgress_ = 0;
    model_.reset();
    emit modelChanged();
    emit loadingChanged();
    emit loadRequested(path, settings_->contextLength(), settings_->deviceIndex(), settings_->kvCacheType());
}

void ChatController::useRemoteModel(const QString& endpointId, const QString& model) {
    if (loading_ || model.trimmed().isEmpty())
        return;
    const auto endpoint = endpoints_ ? endpoints_->find(endpointId) : std::nullopt;
    if (!endpoint) {
        emit errorOccurred(tr("That remote server is no longer in Settings → Remote servers."));
        return;
    }
    if (generating())
        stop();
    loading_ = true; // until the key is read: a message sent meanwhile waits
    loadProgress_ = 0;
    emit loadingChanged();
    endpoints_->readApiKey(endpointId, this, [this, endpoint = *endpoint, model = model.trimmed()](Result<QString> key) {
        loading_ = false;
        emit loadingChanged();
        if (!key) {
            onLoadFailed(QString::fromStdString(key.error().message));
            return;
        }
        remote_ = ActiveRemote{endpoint, model, *key};
        emit modelChanged();
        if (!queuedMessage_.isEmpty())
            send(takeQueuedMessage());
    });
}

void ChatController::useRemoteModelNamed(const QString& serverName, const QString& model) {
    const auto endpoint = endpoints_ ? endpoints_->findByName(serverName) : std::nullopt;
    if (!endpoint) {
        emit errorOccurred(tr("There is no remote server named %1 in Settings → Remote servers.").arg(serverName));
        return;
    }
    useRemoteModel(endpoint->id, model);
}

void ChatController::followConversationModel() {
    if (currentId_ == 0 || loading_)
        return;
    auto conversation = store_.conversation(currentId_);
    if (!conversation)
        return;
    if (!conversation->remoteModel.isEmpty()) {
        const bool already = remote_ && remote_->endpoint.id == conversation->remoteEndpointId &&
                             remote_->model == conversation->remoteModel;
        if (!already && endpoints_ && endpoints_->find(conversation->remoteEndpointId))
            useRemoteModel(conversation->remoteEndpointId, conversation->remoteModel);
    } else if (remote_ && model_ && model_->path == conversation->modelPath) {
        remote_.reset(); // the file it was written with is loaded: back to it
        emit modelChanged();
    }
}

void ChatController::cancelLoad() {
    if (loading_)
        worker_->requestCancelLoad();
}

void ChatController::onModelLoaded(const LoadedModel& model) {
    loading_ = false;
    model_ = model;
    settings_->setLastModel(model.path);
    contextUsed_ = 0;
    emit loadingChanged();
    emit modelChanged();
    emit statsChanged();
    if (!model.templateWarning.isEmpty())
        emit errorOccurred(model.templateWarning);
    if (!queuedMessage_.isEmpty())
        send(takeQueuedMessage());
}

void ChatController::onLoadFailed(const QString& message) {
    loading_ = false;
    emit loadingChanged();
    emit modelChanged();
    const QString waiting = takeQueuedMessage();
    if (waiting.isEmpty()) {
        emit errorOccurred(message);
        return;
    }
    emit queuedMessageReturned(waiting);
    emit errorOccurred(tr("%1\nYour message was not sent; it is back in the message box.").arg(message));
}

void ChatController::updateSuggestedModel() {
    QString suggested;
    if (currentId_ != 0 && !loading_) {
        auto conversation = store_.conversation(currentId_);
        const QString path = conversation ? conversation->modelPath : QString();
        if (!path.isEmpty() && (!local() || model_->path != path) && QFileInfo::exists(path))
            suggested = path;
    }
    if (suggested == suggestedModelPath_)
        return;
    suggestedModelPath_ = suggested;
    emit suggestedModelChanged();
}

void ChatController::shutdown() {
    if (saver_) {
        worker_->requestStop();
        store::GenerationRecord record;
        record.status = store::MessageStatus::Interrupted;
        record.stopReason = QStringLiteral("cancelled");
        record.reasoningOpen = saver_->content().isEmpty() && !saver_->reasoning().isEmpty();
        report(saver_->finish(record));
        saver_.reset();
        streamingId_ = 0;
    }
    commitPendingDeletion();
}

} // namespace ponder::app
