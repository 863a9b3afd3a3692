// The chat history schema, versioned with PRAGMA user_version. Each migration moves the database
// one version forward inside a transaction, so an old file opens in any newer Ponder.
#pragma once

#include "store/sqlite_db.h"

namespace ponder::store {

inline constexpr int kSchemaVersion = 6;

int schemaVersion(Database& db);
// Migrates to `target` (default: the current version); a database newer than this build is an error.
Status migrate(Database& db, int target = kSchemaVersion);

} // namespace ponder::store
