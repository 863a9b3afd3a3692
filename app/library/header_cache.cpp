#include "library/header_cache.h"

namespace ponder::library {
namespace {

constexpr int kCacheVersion = 2;

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

// v2: each model's footprint (per-layer sizes, the load planner's input); the headers of v1 are read again.
constexpr const char* kMigrateV2 = R"sql(
ALTER TABLE headers ADD COLUMN footprint TEXT NOT NULL DEFAULT '';
DELETE FROM headers;
)sql";

constexpr const char* kFindHeader = R"sql(
SELECT name, architecture, quantization, parameters, layers, context, file_size, chat_template, reasoning,
       needs_bytes, error, footprint
FROM headers WHERE path = ?1 AND size = ?2 AND modified = ?3)sql";

constexpr const char* kInsertHeader = R"sql(
INSERT INTO headers (path, size, modified, name, architecture, quantization, parameters, layers, context,
                     file_size, chat_template, reasoning, needs_bytes, error, footprint)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15))sql";

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
    if (*version < 1) PONDER_TRY(db.exec(kCreateV1));
    if (*version < 2) PONDER_TRY(db.exec(kMigrateV2));
    PONDER_TRY(db.exec("PRAGMA user_version = 2"));
    return transaction.commit();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

} // namespace

// "n_ctx k v embedding(gpu cpu) output(gpu cpu read) kv/layer scratch(gpu cpu) n_layers" then gpu, cpu and
// read bytes of each layer.
QString footprintText(const ModelFootprint& f) {
    QStringList numbers;
    for (uint64_t n : {uint64_t(f.n_ctx), uint64_t(f.cache_types.k), uint64_t(f.cache_types.v), f.embedding_gpu_bytes,
                       f.embedding_cpu_bytes, f.output_gpu_bytes, f.output_cpu_bytes, f.output_read_bytes,
                       f.kv_bytes_per_layer, f.gpu_scratch_bytes, f.cpu_scratch_bytes, uint64_t(f.n_layers())})
        numbers << QString::number(n);
    for (uint32_t i = 0; i < f.n_layers(); ++i)
        numbers << QString::number(f.layer_gpu_bytes[i]) << QString::number(f.layer_cpu_bytes[i])
                << QString::number(f.layer_read_bytes[i]);
    return numbers.join(' ');
}

std::optional<ModelFootprint> footprintFromText(const QString& text) {
    const QStringList words = text.split(' ', Qt::SkipEmptyParts);
    std::vector<uint64_t> n;
    for (const QString& word : words) {
        bool ok = false;
        n.push_back(word.toULongLong(&ok));
        if (!ok) return std::nullopt;
    }
    constexpr size_t kFixed = 12;
    if (n.size() < kFixed || n.size() != kFixed + 3 * n[11] || n[1] > 2 || n[2] > 2) return std::nullopt;
    ModelFootprint f;
    f.n_ctx = uint32_t(n[0]);
    f.cache_types = {KvCacheType(n[1]), KvCacheType(n[2])};
    f.embedding_gpu_bytes = n[3], f.embedding_cpu_bytes = n[4];
    f.output_gpu_bytes = n[5], f.output_cpu_bytes = n[6], f.output_read_bytes = n[7];
    f.kv_bytes_per_layer = n[8], f.gpu_scratch_bytes = n[9], f.cpu_scratch_bytes = n[10];
    for (size_t i = kFixed; i < n.size(); i += 3) {
        f.layer_gpu_bytes.push_back(n[i]);
        f.layer_cpu_bytes.push_back(n[i + 1]);
        f.layer_read_bytes.push_back(n[i + 2]);
    }
    return f;
}

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
    if (header.error.isEmpty()) {
        auto footprint = footprintFromText(statement->textAt(11));
        if (!footprint) return std::nullopt;  // unreadable: read the header again
        header.footprint = std::move(*footprint);
    }
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
        statement->bind(14, file.header.error).bind(15, footprintText(file.header.footprint));
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
