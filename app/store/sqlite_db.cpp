#include "store/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace ponder::store {

namespace {
Error sqliteError(sqlite3* db, const char* what) {
    return make_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
} // namespace

Result<Database> Database::open(const QString& path) {
    sqlite3* raw = nullptr;
    const QByteArray utf8 = path.toUtf8();
    const int rc = sqlite3_open_v2(utf8.constData(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(raw); // owns the handle even when opening failed
    if (rc != SQLITE_OK)
        return sqliteError(raw, ("Cannot open the chat history " + path.toStdString()).c_str());
    sqlite3_busy_timeout(raw, 5000);
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_)
            sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Database::~Database() {
    if (db_)
        sqlite3_close_v2(db_);
}

Status Database::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error error =
            make_error(std::string("Chat history query failed: ") + (message ? message : "unknown"));
        sqlite3_free(message);
        return error;
    }
    return {};
}

Result<Statement> Database::prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK)
        return sqliteError(db_, "Chat history query is invalid");
    return Statement(stmt, db_);
}

int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}
QString Database::lastError() const {
    return QString::fromUtf8(sqlite3_errmsg(db_));
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), error_(std::move(other.error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_)
            sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
        error_ = std::move(other.error_);
    }
    return *this;
}

Statement::~Statement() {
    if (stmt_)
        sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(stmt_, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNullableId(int index, std::optional<int64_t> id) {
    if (id)
        sqlite3_bind_int64(stmt_, index, *id);
    else
        sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        error_ = sqliteError(db_, "Chat history query failed");
    return false;
}

Status Statement::run() {
    step();
    if (error_)
        return *error_;
    return {};
}

int64_t Statement::int64At(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::doubleAt(int column) const {
    return sqlite3_column_double(stmt_, column);
}
bool Statement::isNullAt(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

QString Statement::textAt(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(stmt_, column)) : QString();
}

std::optional<int64_t> Statement::nullableIdAt(int column) const {
    if (isNullAt(column))
        return std::nullopt;
    return int64At(column);
}

Transaction::Transaction(Database& db) : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
    if (begun_ && !done_)
        (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    if (!begun_)
        return begun_;
    PONDER_TRY(db_.exec("COMMIT"));
    done_ = true;
    return {};
}

} // namespace ponder::store
