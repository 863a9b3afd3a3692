#include "library/header_cache.h"

namespace ponder::library {
namespace {

constexpr int kCacheVersion = 1;

// v1: headers by path (size and mtime decide whether a row is still true), scan folders by kind.
constexpr const char* kCreateV1 = R"sql(
CREATE TABLE headers (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  name TEXT NOT NULL,
  architecture TEXT NOT NULL,
  quantization TEXT NOT NULL,
  parameters INTEGER NOT NULL,
  layers INTEGER NOT NULL,
  context INTEGER NOT NULL,
  file_size INTEGER NOT NULL,
  chat_template INTEGER NOT NULL,
  reasoning INTEGER NOT NULL,
  needs_bytes INTEGER NOT NULL,
  error TEXT NOT NULL);
CREATE TABLE folders (
  path TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('added', 'removed')));
)sql";

constexpr const char* kFindHeader = R"sql(
SELECT name, architecture, quantization, parameters, layers, context, file_size, chat_template, reasoning,
       needs_bytes, error
FROM headers WHERE path = ?1 AND size = ?2 AND modified = ?3)sql";

constexpr const char* kInsertHeader = R"sql(
INSERT INTO headers (path, size, modified, name, architecture, quantization, parameters, layers, context,
                     file_size, chat_template, reasoning, needs_bytes, error)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14))sql";

constexpr const char* kDeleteHeaders = "DELETE FROM headers";
constexpr const char* kSelectFolders = "SELECT path FROM folders WHERE kind = ?1 ORDER BY path";
constexpr const char* kSetFolder = "INSERT OR REPLACE INTO folders (path, kind) VALUES (?1, ?2)";

Result<int> userVersion(store::Database& db) {
    auto statement = db.prepare("PRAGMA user_version");
    PONDER_TRY(statement);
    if (!statement->step()) return make_error("cannot read the library cache's version");
    return int(statement->int64At(0));
}

Status migrate(store::Database& db) {
    auto version = userVersion(db);
    PONDER_TRY(version);
    if (*version == kCacheVersion) return {};
    if (*version > kCacheVersion)
        return make_error("the model library cache was written by a newer Ponder (version " +
                          std::to_string(*version) + ")");
    store::Transaction transaction(db);
    PONDER_TRY(transaction.begun());
    PONDER_TRY(db.exec(kCreateV1));
    PONDER_TRY(db.exec("PRAGMA user_version = 1"));
    return transaction.commit();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

} // namespace

Result<HeaderCache> HeaderCache::open(const QString& databasePath) {
    auto db = store::Database::open(databasePath);
    PONDER_TRY(db);
    PONDER_TRY(migrate(*db));
    return HeaderCache(std::move(*db));
}

std::optional<ModelHeader> HeaderCache::find(const QString& path, qint64 size, qint64 modified) {
    auto statement = db_.prepare(kFindHeader);
    if (!statement) return std::nullopt;
    statement->bind(1, path).bind(2, int64_t(size)).bind(3, int64_t(modified));
    if (!statement->step()) return std::nullopt;
    ModelHeader header;
    ModelInfo& info = header.info;
    info.path = path.toStdString();
    info.name = statement->textAt(0).toStdString();
    info.architecture = statement->textAt(1).toStdString();
    info.quantization = statement->textAt(2).toStdString();
    info.n_params = uint64_t(statement->int64At(3));
    info.n_layers = uint32_t(statement->int64At(4));
    info.n_ctx_max = uint32_t(statement->int64At(5));
    info.file_size = uint64_t(statement->int64At(6));
    info.has_chat_template = statement->int64At(7) != 0;
    info.reasoning_template = statement->int64At(8) != 0;
    header.needsBytes = uint64_t(statement->int64At(9));
    header.error = statement->textAt(10);
    return header;
}

Status HeaderCache::replaceAll(const QList<CachedFile>& files) {
    store::Transaction transaction(db_);
    PONDER_TRY(transaction.begun());
    PONDER_TRY(db_.exec(kDeleteHeaders));
    for (const CachedFile& file : files) {
        auto statement = db_.prepare(kInsertHeader);
        PONDER_TRY(statement);
        const ModelInfo& info = file.header.info;
        statement->bind(1, file.path).bind(2, int64_t(file.size)).bind(3, int64_t(file.modified));
        statement->bind(4, text(info.name)).bind(5, text(info.architecture)).bind(6, text(info.quantization));
        statement->bind(7, int64_t(info.n_params)).bind(8, int64_t(info.n_layers)).bind(9, int64_t(info.n_ctx_max));
        statement->bind(10, int64_t(info.file_size)).bind(11, info.has_chat_template ? 1 : 0);
        statement->bind(12, info.reasoning_template ? 1 : 0).bind(13, int64_t(file.header.needsBytes));
        statement->bind(14, file.header.error);
        PONDER_TRY(statement->run());
    }
    return transaction.commit();
}

QStringList HeaderCache::folders(const char* kind) {
    QStringList paths;
    auto statement = db_.prepare(kSelectFolders);
    if (!statement) return paths;
    statement->bind(1, QString::fromLatin1(kind));
    while (statement->step()) paths.append(statement->textAt(0));
    return paths;
}

QStringList HeaderCache::addedFolders() { return folders("added"); }
QStringList HeaderCache::removedFolders() { return folders("removed"); }

Status HeaderCache::setFolder(const QString& path, const char* kind) {
    auto statement = db_.prepare(kSetFolder);
    PONDER_TRY(statement);
    statement->bind(1, path).bind(2, QString::fromLatin1(kind));
    return statement->run();
}

Status HeaderCache::addFolder(const QString& path) { return setFolder(path, "added"); }
Status HeaderCache::removeFolder(const QString& path) { return setFolder(path, "removed"); }

} // namespace ponder::library
