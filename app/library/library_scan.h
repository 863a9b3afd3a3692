// One pass over the library: find the models under every root, take each header from the cache
// when the file is unchanged, read the others, and store what was read. Runs on a worker thread; the
// header reader is the engine's (through EngineApi) in the app, and any function in tests.
#pragma once

#include "chat/engine_api.h"
#include "library/header_cache.h"
#include "library/model_finder.h"

#include <functional>

namespace ponder::library {

using HeaderReader = std::function<ModelHeader(const QString& path)>;

// The engine's header facts and memory needs at kPlanningContext; errors become ModelHeader::error.
HeaderReader engineHeaderReader(const app::EngineApi& engine);

struct LibraryEntry {
    FoundModel file;
    ModelHeader header;
};

struct ScanResult {
    QList<LibraryEntry> entries;
    int headersRead = 0;  // files whose header was read, not taken from the cache
    QString cacheError;   // the cache could not be written: the next scan reads again
};

// The standard roots not removed by the user, then the user's added folders.
QList<ScanRoot> effectiveRoots(const QList<ScanRoot>& standard, const QStringList& added, const QStringList& removed);

ScanResult scanLibrary(const QList<ScanRoot>& roots, HeaderCache& cache, const HeaderReader& read);

} // namespace ponder::library
