#include "library/library_controller.h"

#include "chat/chat_controller.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QJSEngine>
#include <QtConcurrent/QtConcurrentRun>

namespace ponder::app {

namespace {

LibraryController* g_instance = nullptr;

// Runs on a pool thread: its own SQLite connection, one device query, one scan.
LibraryScanOutcome scanOnWorker(EngineApi engine, QList<library::ScanRoot> roots, QString cachePath) {
    LibraryScanOutcome outcome;
    auto cache = library::HeaderCache::open(cachePath);
    if (!cache) {
        outcome.problem = QObject::tr("The model library cache cannot be opened: %1")
                              .arg(QString::fromStdString(cache.error().message));
        return outcome;
    }
    LoadOptions options;
    if (auto device = engine.deviceMemory(options)) {
        outcome.budgets = device->budgets;
        outcome.deviceName = device->device_name.empty() ? QObject::tr("the CPU")
                                                         : QString::fromStdString(device->device_name);
    } else {
        outcome.problem = QObject::tr("The GPU and memory could not be asked, so fits are unknown: %1")
                              .arg(QString::fromStdString(device.error().message));
    }
    const library::ScanResult result = library::scanLibrary(roots, *cache, library::engineHeaderReader(engine));
    for (const library::LibraryEntry& entry : result.entries) outcome.rows.append(libraryRow(entry, outcome.budgets));
    outcome.headersRead = result.headersRead;
    if (!result.cacheError.isEmpty()) outcome.problem = result.cacheError;
    return outcome;
}

} // namespace

LibraryController::LibraryController(EngineApi engine, ChatController* chat, QList<library::ScanRoot> standardRoots,
                                     QString cachePath, QObject* parent)
    : QObject(parent), engine_(std::move(engine)), chat_(chat), standardRoots_(std::move(standardRoots)),
      cachePath_(std::move(cachePath)) {
    if (auto cache = library::HeaderCache::open(cachePath_)) {
        added_ = cache->addedFolders();
        removed_ = cache->removedFolders();
    }
    connect(&watcher_, &QFutureWatcher<LibraryScanOutcome>::finished, this, [this] {
        const LibraryScanOutcome outcome = watcher_.result();
        models_.setRows(outcome.rows);
        deviceName_ = outcome.deviceName;
        budgets_ = outcome.budgets;
        problem_ = outcome.problem;
        lastHeadersRead_ = outcome.headersRead;
        emit scanningChanged();
        emit scanned();
        if (std::exchange(rescanQueued_, false)) rescan();
    });
}

LibraryController::~LibraryController() { watcher_.waitForFinished(); }

LibraryController* LibraryController::create(QQmlEngine*, QJSEngine*) {
    Q_ASSERT_X(g_instance, "LibraryController", "main() sets the instance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void LibraryController::setInstance(LibraryController* instance) { g_instance = instance; }

QStringList LibraryController::folders() const {
    QStringList paths;
    // Standard locations of tools that are not installed would only be noise.
    for (const library::ScanRoot& root : library::effectiveRoots(standardRoots_, added_, removed_))
        if (root.source == library::ModelSource::User || QFileInfo(root.path).isDir()) paths.append(root.path);
    return paths;
}

void LibraryController::rescan() {
    if (watcher_.isRunning()) {
        rescanQueued_ = true;  // the folders changed while scanning: scan again when it ends
        return;
    }
    watcher_.setFuture(QtConcurrent::run(scanOnWorker, engine_,
                                         library::effectiveRoots(standardRoots_, added_, removed_), cachePath_));
    emit scanningChanged();
}

void LibraryController::setSearch(const QString& text) {
    if (text == search_) return;
    search_ = text;
    models_.setSearch(text);
    emit searchChanged();
}

void LibraryController::sortBy(int key) {
    const auto chosen = LibraryListModel::SortKey(key);
    ascending_ = chosen == sortKey_ ? !ascending_ : true;
    sortKey_ = chosen;
    models_.setSort(sortKey_, ascending_);
    emit sortChanged();
}

void LibraryController::load(const QString& path) {
    const LibraryListModel* rows = &models_;
    for (int i = 0; i < rows->rowCount(); ++i) {
        const LibraryRow* row = rows->rowAt(i);
        if (row->path != path) continue;
        if (!row->error.isEmpty()) {
            emit notice(tr("%1 cannot be loaded: %2").arg(row->name, row->error));
            return;
        }
        chat_->loadModel(path);
        return;
    }
}

void LibraryController::editFolders(const std::function<Status(library::HeaderCache&)>& edit) {
    auto cache = library::HeaderCache::open(cachePath_);
    Status status = cache ? edit(*cache) : Status(cache.error());
    if (!status) {
        emit notice(tr("The folder list could not be saved: %1").arg(QString::fromStdString(status.error().message)));
        return;
    }
    added_ = cache->addedFolders();
    removed_ = cache->removedFolders();
    emit foldersChanged();
    rescan();
}

void LibraryController::addFolder(const QUrl& folder) {
    const QString path = folder.isLocalFile() ? folder.toLocalFile() : folder.toString();
    if (!QFileInfo(path).isDir()) {
        emit notice(tr("%1 is not a folder.").arg(path));
        return;
    }
    editFolders([&](library::HeaderCache& cache) { return cache.addFolder(QFileInfo(path).absoluteFilePath()); });
}

void LibraryController::removeFolder(const QString& path) {
    editFolders([&](library::HeaderCache& cache) { return cache.removeFolder(path); });
}

void LibraryController::reveal(const QString& path) {
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

} // namespace ponder::app
