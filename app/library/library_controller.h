// The Library page's backend: scans the standard folders and the user's on a pool thread (headers
// from the cache unless a file changed), asks the device's free memory once per scan, and offers the
// rows, search, sort, one-click load, folder add/remove and reveal-in-file-manager to QML.
#pragma once

#include "chat/engine_api.h"
#include "library/library_list_model.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class ChatController;

// What one scan produced, carried back to the GUI thread by value.
struct LibraryScanOutcome {
    QList<LibraryRow> rows;
    QString deviceName, problem;
    std::optional<MemoryBudgets> budgets;  // nullopt: the machine did not answer
    int headersRead = 0;
};

class LibraryController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(LibraryListModel* models READ models CONSTANT)
    Q_PROPERTY(bool scanning READ scanning NOTIFY scanningChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY scanned)
    Q_PROPERTY(QString problem READ problem NOTIFY scanned)
    Q_PROPERTY(QStringList folders READ folders NOTIFY foldersChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(int sortKey READ sortKey NOTIFY sortChanged)
    Q_PROPERTY(bool sortAscending READ sortAscending NOTIFY sortChanged)

  public:
    // `standardRoots`: the standard locations (standardScanRoots); `cachePath`: the SQLite cache file.
    LibraryController(EngineApi engine, ChatController* chat, QList<library::ScanRoot> standardRoots,
                      QString cachePath, QObject* parent = nullptr);
    ~LibraryController() override;
    static LibraryController* create(QQmlEngine*, QJSEngine*);
    static void setInstance(LibraryController* instance);

    LibraryListModel* models() { return &models_; }
    bool scanning() const { return watcher_.isRunning(); }
    QString deviceName() const { return deviceName_; }
    QString problem() const { return problem_; }
    QStringList folders() const;  // the folders scanned now that exist (and every added one), standard first
    QString search() const { return search_; }
    void setSearch(const QString& text);
    int sortKey() const { return int(sortKey_); }
    bool sortAscending() const { return ascending_; }
    int lastHeadersRead() const { return lastHeadersRead_; }
    // The GPU's and the host's free memory at the last scan (nullopt: unknown), what fits are planned against.
    const std::optional<MemoryBudgets>& budgets() const { return budgets_; }

    Q_INVOKABLE void rescan();
    // Sorts by `key` (LibraryListModel::SortKey); the same key again flips the direction.
    Q_INVOKABLE void sortBy(int key);
    Q_INVOKABLE void load(const QString& path);
    Q_INVOKABLE void addFolder(const QUrl& folder);
    Q_INVOKABLE void removeFolder(const QString& path);
    // Opens the folder that holds `path` in the system's file manager.
    Q_INVOKABLE void reveal(const QString& path);

  signals:
    void scanningChanged();
    void scanned();
    void foldersChanged();
    void searchChanged();
    void sortChanged();
    void notice(const QString& message);

  private:
    void editFolders(const std::function<Status(library::HeaderCache&)>& edit);
    EngineApi engine_;
    ChatController* chat_;
    QList<library::ScanRoot> standardRoots_;
    QString cachePath_;
    QStringList added_, removed_;
    LibraryListModel models_;
    QString deviceName_, problem_, search_;
    LibraryListModel::SortKey sortKey_ = LibraryListModel::SortKey::Name;
    bool ascending_ = true;
    bool rescanQueued_ = false;
    int lastHeadersRead_ = 0;
    std::optional<MemoryBudgets> budgets_;
    QFutureWatcher<LibraryScanOutcome> watcher_;
};

} // namespace ponder::app
