// Thin RAII owners for the SQLite C API: a connection, a prepared statement, a transaction.
// Errors come back as ponder::Status values carrying SQLite's own message.
#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace ponder::store {

class Statement;

class Database {
  public:
    static Result<Database> open(const QString& path);
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements that return no rows.
    Status exec(const char* sql);
    Result<Statement> prepare(const char* sql);
    int64_t lastInsertId() const;
    int changes() const;
    QString lastError() const;
    sqlite3* handle() const { return db_; }

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are 1-based, as in SQL (?1, ?2, ...).
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, int64_t(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QString& value);
    Statement& bindNullableId(int index, std::optional<int64_t> id);

    // Advances to the next row: true while there is one; errors are remembered in error().
    bool step();
    // Runs a statement that returns no rows.
    Status run();

    int64_t int64At(int column) const;
    double doubleAt(int column) const;
    QString textAt(int column) const;
    bool isNullAt(int column) const;
    std::optional<int64_t> nullableIdAt(int column) const;

    const std::optional<Error>& error() const { return error_; }

  private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    std::optional<Error> error_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    const Status& begun() const { return begun_; }
    Status commit();

  private:
    Database& db_;
    Status begun_;
    bool done_ = false;
};

} // namespace ponder::store
