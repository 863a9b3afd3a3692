// Lives on the inference thread and owns the ChatSession. It is created without a parent, moved
// into its QThread, and talks to the GUI only through queued signals carrying values. Stopping
// is an atomic flag the GUI thread may set at any time.
#pragma once

#include "chat/engine_api.h"
#include "chat/locked_session.h"
#include "chat/worker_types.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace ponder::app {

class InferenceWorker : public QObject {
    Q_OBJECT

  public:
    explicit InferenceWorker(EngineApi engine, int batchIntervalMs = 40);
    ~InferenceWorker() override;

    // Thread-safe: ask the running generation / load to stop as soon as it can.
    void requestStop() { stop_.store(true); }
    void requestCancelLoad() { cancelLoad_.store(true); }

  public slots:
    // contextLength: the user's explicit minimum, 0 for none; the context is chosen by chooseContext.
    void loadModel(const QString& path, int contextLength, int deviceIndex, const QString& kvCacheType);
    void unloadModel();
    // Through the loaded model, or the remote server the request names (GenerationBackend).
    void generate(const ponder::app::GenerationRequest& request);
    // The local API server on the loaded model: runs while enabled and a model is loaded (restarted
    // on the next model), stopped otherwise. Reports through localServerChanged.
    void configureLocalServer(bool enabled, int port, const QString& apiKey);

  signals:
    void loadProgress(double fraction);
    void modelLoaded(const ponder::app::LoadedModel& model);
    void loadFailed(const QString& message);
    // Batched text, every `batchIntervalMs` at most, so the UI redraws smoothly.
    // contextUsed: tokens in the model's context so far, so the header's "ctx" counter runs live.
    // restart: the reply so far was all reasoning; it starts over with this delta (GenerationBackend::Piece).
    void delta(qint64 messageId, const QString& reasoning, const QString& content, qint64 reasoningMs,
               int contextUsed, bool restart);
    void generationFinished(const ponder::app::GenerationOutcome& outcome);
    // url: where the server listens ("" when it is not running); status: why not, in plain words.
    void localServerChanged(const QString& url, const QString& status);

  private:
    void restartLocalServer();
    void stopLocalServer();  // before the session goes away

    EngineApi engine_;
    int batchIntervalMs_;
    std::unique_ptr<ChatSession> session_;
    std::unique_ptr<LockedSession> shared_;      // session_, shared with the local API server
    std::unique_ptr<LocalApiServer> server_;     // destroyed before the session it serves
    bool serverEnabled_ = false;
    int serverPort_ = 8080;
    std::string serverKey_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> cancelLoad_{false};
};

} // namespace ponder::app
