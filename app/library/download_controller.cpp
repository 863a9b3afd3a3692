#include "library/download_controller.h"

#include "library/hub_reference.h"
#include "library/library_controller.h"

#include <QFileInfo>
#include <QJSEngine>
#include <QNetworkAccessManager>

namespace ponder::app {

using library::DownloadState;
using library::ModelDownload;

namespace {

DownloadController* g_instance = nullptr;

} // namespace

DownloadController::DownloadController(QString modelsFolder, library::HubEndpoint hub, library::HubTokenStore* tokens,
                                       LibraryController* library, library::DownloadOptions options, QObject* parent)
    : QObject(parent), modelsFolder_(std::move(modelsFolder)), hub_(std::move(hub)), tokens_(tokens), library_(library),
      options_(std::move(options)), tokenRead_(tokens == nullptr), listingNetwork_(new QNetworkAccessManager(this)),
      lister_(listingNetwork_) {
    connect(&lister_, &library::HubLister::listed, this, &DownloadController::onListed);
    if (library_)
        connect(library_, &LibraryController::scanned, this, [this] { files_.setBudgets(library_->budgets()); });
    connect(&lister_, &library::HubLister::failed, this, [this](const QString&, const QString& message) {
        listing_ = false;
        listProblem_ = message;
        emit listingChanged();
    });
    if (tokens_) {
        connect(tokens_, &library::HubTokenStore::tokenRead, this, [this](const QString& token) {
            if (hub_.token.isEmpty()) hub_.token = token;  // one typed meanwhile wins
            tokenRead_ = true;
            emit tokenChanged();
            if (listing_) startListing();
        });
        connect(tokens_, &library::HubTokenStore::failed, this, [this](const QString& message) {
            if (!tokenRead_) {  // reading failed: go on without a stored token
                tokenRead_ = true;
                if (listing_) startListing();
                return;
            }
            emit notice(tr("%1 The token is used until Ponder quits.").arg(message));
        });
    }
}

DownloadController::~DownloadController() {
    transferThread_.quit();
    transferThread_.wait();  // its finished signal deleted the transfers and their network there
}

DownloadController* DownloadController::create(QQmlEngine*, QJSEngine*) {
    Q_ASSERT_X(g_instance, "DownloadController", "main() sets the instance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void DownloadController::setInstance(DownloadController* instance) { g_instance = instance; }

void DownloadController::fetch(const QString& text) {
    list(text);
    downloadWhenListed_ = listing_ && !wantedFile_.isEmpty();
}

void DownloadController::list(const QString& text) {
    downloadWhenListed_ = false;
    const auto reference = library::parseHubReference(text);
    listProblem_ = reference ? QString() : QString::fromStdString(reference.error().message);
    if (reference) {
        wantedRepo_ = reference->repo;
        wantedFile_ = reference->file;
        listing_ = true;
        files_.setModels({}, {}, std::nullopt);
        // The stored token is read when it is first needed: the keychain may ask to be unlocked.
        if (tokenRead_) startListing();
        else tokens_->read();
    }
    emit listingChanged();
}

void DownloadController::startListing() { lister_.list(hub_, wantedRepo_); }

QString DownloadController::folderOf(const QString& repo) const { return modelsFolder_ + u'/' + repo; }

void DownloadController::onListed(const QString& repo, const QList<library::HubModel>& models) {
    QList<bool> downloaded;
    int named = -1;  // the row of the model the pasted address names (a file of it, or its name)
    for (int i = 0; i < models.size(); ++i) {
        const library::HubModel& model = models[i];
        downloaded.append(QFileInfo::exists(folderOf(repo) + u'/' + model.parts.first().path));
        if (model.name == wantedFile_ || std::any_of(model.parts.begin(), model.parts.end(), [&](const library::HubFile& part) {
                return part.path == wantedFile_;
            }))
            named = i;
    }
    files_.setModels(models, downloaded, library_ ? library_->budgets() : std::nullopt);
    repo_ = repo;
    listing_ = false;
    listProblem_ = models.isEmpty() ? tr("%1 has no GGUF model files.").arg(repo)
                   : !wantedFile_.isEmpty() && named < 0 ? tr("%1 has no GGUF model named %2.").arg(repo, wantedFile_)
                                                         : QString();
    emit listingChanged();
    if (std::exchange(downloadWhenListed_, false) && named >= 0) download(named);
}

void DownloadController::download(int row) {
    const HubModelRow* listed = files_.rowAt(row);
    if (!listed) return;
    if (!listed->model.problem.isEmpty()) {
        emit notice(tr("%1 cannot be downloaded: %2").arg(listed->model.name, listed->model.problem));
        return;
    }
    for (int i = 0; i < downloads_.rowCount(); ++i) {
        const DownloadRow* existing = downloads_.rowAt(i);
        if (existing->repo == repo_ && existing->name == listed->model.name &&
            existing->state != DownloadState::Cancelled && existing->state != DownloadState::Finished)
            return resume(existing->id);
    }
    if (!transferNetwork_) {
        transferNetwork_ = new QNetworkAccessManager;
        transferNetwork_->moveToThread(&transferThread_);
        connect(&transferThread_, &QThread::finished, transferNetwork_, &QObject::deleteLater);
        transferThread_.setObjectName(QStringLiteral("ponder-downloads"));
        transferThread_.start();
    }
    const int id = nextId_++;
    auto* transfer = new ModelDownload(transferNetwork_, hub_, repo_, listed->model, folderOf(repo_), options_);
    transfer->moveToThread(&transferThread_);
    connect(&transferThread_, &QThread::finished, transfer, &QObject::deleteLater);
    connect(transfer, &ModelDownload::stateChanged, this,
            [this, id](DownloadState state, const QString& error) { onStateChanged(id, state, error); });
    connect(transfer, &ModelDownload::progressed, this,
            [this, id](const library::DownloadProgress& progress) { downloads_.setProgress(id, progress); });
    transfers_.insert(id, transfer);
    DownloadRow added{id, repo_, listed->model.name, transfer->path(), DownloadState::Idle, {}, {}};
    added.progress.totalBytes = listed->model.bytes;
    downloads_.append(added);
    onTransfer(id, [](ModelDownload* download) { download->start(); });
}

void DownloadController::onTransfer(int id, const std::function<void(ModelDownload*)>& call) {
    if (ModelDownload* transfer = transfers_.value(id))
        QMetaObject::invokeMethod(transfer, [transfer, call] { call(transfer); }, Qt::QueuedConnection);
}

void DownloadController::pause(int downloadId) { onTransfer(downloadId, &ModelDownload::pause); }
void DownloadController::resume(int downloadId) { onTransfer(downloadId, &ModelDownload::start); }
void DownloadController::cancel(int downloadId) { onTransfer(downloadId, &ModelDownload::cancel); }

void DownloadController::dismiss(int downloadId) {
    const DownloadRow* row = downloads_.find(downloadId);
    if (!row || row->state == DownloadState::Running || row->state == DownloadState::Paused) return;
    if (ModelDownload* transfer = transfers_.take(downloadId)) transfer->deleteLater();
    downloads_.remove(downloadId);
}

void DownloadController::onStateChanged(int id, DownloadState state, const QString& error) {
    downloads_.setState(id, state, error);
    const DownloadRow* row = downloads_.find(id);
    if (state != DownloadState::Finished || !row) return;
    if (row->repo == repo_) files_.setDownloaded(row->name, true);
    if (library_) library_->rescan();
    emit downloaded(row->path);
}

void DownloadController::saveToken(const QString& token) {
    const QString trimmed = token.trimmed();
    if (trimmed.isEmpty()) return forgetToken();
    hub_.token = trimmed;
    emit tokenChanged();
    if (tokens_) tokens_->write(trimmed);
}

void DownloadController::forgetToken() {
    hub_.token.clear();
    emit tokenChanged();
    if (tokens_) tokens_->remove();
}

} // namespace ponder::app
