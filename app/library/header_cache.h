// What the library read from each model's header, kept in SQLite keyed by path, size and
// modification time, so that a rescan reads only new or changed files. Also the folders the user
// added to or removed from the scan. The database is the library's own file, not the chat history.
#pragma once

#include "chat/chat_session.h"
#include "store/sqlite_db.h"

#include <QList>
#include <QString>

#include <optional>

namespace ponder::library {

// One model's header facts: the engine's ModelInfo, what its parts need at the library's planning
// context (the load planner's footprint), or why it cannot be used.
struct ModelHeader {
    ModelInfo info;
    uint64_t needsBytes = 0;  // weights + KV cache + scratch at kPlanningContext, all on the GPU
    ModelFootprint footprint; // the same, per part: the fit verdict plans with it
    QString error;            // non-empty: the file cannot be opened as a model
};

// The footprint as one line of numbers for the cache, and back (nullopt: not a footprint).
QString footprintText(const ModelFootprint& footprint);
std::optional<ModelFootprint> footprintFromText(const QString& text);

// The context the fit verdict plans for: the app's default context length.
inline constexpr uint32_t kPlanningContext = 4096;

struct CachedFile {
    QString path;
    qint64 size = 0, modified = 0;
    ModelHeader header;
};

class HeaderCache {
  public:
    static Result<HeaderCache> open(const QString& databasePath);

    // The header stored for `path` when its size and modification time still match.
    std::optional<ModelHeader> find(const QString& path, qint64 size, qint64 modified);
    // Replaces the stored headers with `files` in one transaction: rows for paths not in `files`
    // (models that went away) are dropped.
    Status replaceAll(const QList<CachedFile>& files);

    QStringList addedFolders();
    QStringList removedFolders();
    Status addFolder(const QString& path);     // scanned from now on (and no longer removed)
    Status removeFolder(const QString& path);  // not scanned (a standard location stays listed as removed)

  private:
    explicit HeaderCache(store::Database db) : db_(std::move(db)) {}
    QStringList folders(const char* kind);
    Status setFolder(const QString& path, const char* kind);
    store::Database db_;
};

} // namespace ponder::library
