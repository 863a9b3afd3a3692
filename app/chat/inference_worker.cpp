#include "chat/inference_worker.h"

#include "chat/context_choice.h"
#include "chat/local_session_backend.h"
#include "chat/remote_server_backend.h"

#include <QElapsedTimer>

#include <algorithm>

namespace ponder::app {

InferenceWorker::InferenceWorker(EngineApi engine, int batchIntervalMs)
    : engine_(std::move(engine)), batchIntervalMs_(batchIntervalMs) {}

InferenceWorker::~InferenceWorker() {
    stopLocalServer();
}

void InferenceWorker::configureLocalServer(bool enabled, int port, const QString& apiKey) {
    serverEnabled_ = enabled;
    serverPort_ = port;
    serverKey_ = apiKey.toStdString();
    restartLocalServer();
}

void InferenceWorker::stopLocalServer() {
    if (!server_)
        return;
    server_.reset();  // cancels a request in progress and waits for its thread
    emit localServerChanged(QString(), serverEnabled_ ? tr("Starts when a model is loaded.") : QString());
}

void InferenceWorker::restartLocalServer() {
    server_.reset();
    if (!serverEnabled_) {
        emit localServerChanged(QString(), QString());
        return;
    }
    if (!shared_) {
        emit localServerChanged(QString(), tr("Starts when a model is loaded."));
        return;
    }
    if (!engine_.serve) {
        emit localServerChanged(QString(), tr("This build cannot serve models."));
        return;
    }
    auto server = engine_.serve(*shared_, serverPort_, serverKey_);
    if (!server) {
        emit localServerChanged(QString(), QString::fromStdString(server.error().message));
        return;
    }
    server_ = std::move(*server);
    emit localServerChanged(QString::fromStdString(server_->url()), QString());
}

void InferenceWorker::loadModel(const QString& path, int contextLength, int deviceIndex,
                                const QString& kvCacheType) {
    stopLocalServer();
    shared_.reset();
    session_.reset(); // free the old model's memory before loading the next
    cancelLoad_.store(false);
    LoadOptions options;
    options.device_index = deviceIndex;
    options.cache_types = kvCacheTypesFor(kvCacheType);
    // Chosen after the old model is gone, so its memory counts as free.
    const std::string file = path.toStdString();
    ContextChoice context{contextLength > 0 ? contextLength : 4096, {}};
    if (auto info = engine_.inspect(file))
        context = chooseContext(info->n_ctx_max, uint32_t(std::max(contextLength, 0)), [&](uint32_t n) {
            LoadOptions probe = options;
            probe.context_length = n;
            return engine_.estimate(file, probe);
        });
    options.context_length = uint32_t(context.length);
    options.on_progress = [this](float fraction) {
        emit loadProgress(double(fraction));
        return !cancelLoad_.load();
    };
    auto loaded = engine_.load(file, options);
    if (!loaded) {
        emit loadFailed(cancelLoad_.load() ? tr("Loading was cancelled.")
                                           : QString::fromStdString(loaded.error().message));
        return;
    }
    session_ = std::move(loaded).value();
    shared_ = std::make_unique<LockedSession>(*session_);
    if (serverEnabled_)
        restartLocalServer();
    const ModelInfo& info = session_->model_info();
    emit modelLoaded(LoadedModel{
        path, QString::fromStdString(info.name), QString::fromStdString(info.architecture),
        QString::fromStdString(info.quantization), QString::fromStdString(session_->device_name()),
        QString::fromStdString(session_->template_warning()), int(session_->context_length()), context.reason,
        info.has_thinking_switch});
}

void InferenceWorker::unloadModel() {
    stopLocalServer();
    shared_.reset();
    session_.reset();
}

void InferenceWorker::generate(const GenerationRequest& request) {
    GenerationOutcome outcome;
    outcome.messageId = request.messageId;
    std::unique_ptr<GenerationBackend> backend;
    if (request.remote && engine_.remoteChat)
        backend = std::make_unique<RemoteServerBackend>(engine_);
    else if (!request.remote && session_)
        backend = std::make_unique<LocalSessionBackend>(*session_, *shared_);
    if (!backend) {
        outcome.failed = true;
        outcome.error = request.remote ? tr("This build cannot reach remote servers.")
                                       : tr("No model is loaded. Open a model first.");
        emit generationFinished(outcome);
        return;
    }
    stop_.store(false);

    QElapsedTimer clock, sinceFlush;
    clock.start();
    sinceFlush.start();
    std::string pendingReasoning, pendingContent;
    bool pendingRestart = false;
    qint64 reasoningMs = 0;
    bool answerStarted = false;
    auto flush = [&] {
        if (pendingReasoning.empty() && pendingContent.empty() && !pendingRestart)
            return;
        emit delta(request.messageId, QString::fromStdString(pendingReasoning),
                   QString::fromStdString(pendingContent), reasoningMs, backend->contextUsed(), pendingRestart);
        pendingReasoning.clear();
        pendingContent.clear();
        pendingRestart = false;
        sinceFlush.restart();
    };
    auto onPiece = [&](const GenerationBackend::Piece& piece) {
        if (piece.restart) { // what looked like answer was reasoning: start the reply over
            pendingReasoning.clear();
            pendingContent.clear();
            pendingRestart = true;
            answerStarted = false;
        }
        // Thinking time runs from the request until the first answer text.
        if (!answerStarted && !piece.reasoning.empty())
            reasoningMs = clock.elapsed();
        if (!piece.content.empty())
            answerStarted = true;
        pendingReasoning += piece.reasoning;
        pendingContent += piece.content;
        if (sinceFlush.elapsed() >= batchIntervalMs_)
            flush();
        return !stop_.load();
    };
    backend->generate(request, onPiece, stop_, outcome);
    flush();
    outcome.reasoningMs = reasoningMs;
    outcome.contextUsed = backend->contextUsed();
    emit generationFinished(outcome);
}

} // namespace ponder::app
