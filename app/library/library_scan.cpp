#include "library/library_scan.h"

#include <QSet>

namespace ponder::library {

HeaderReader engineHeaderReader(const app::EngineApi& engine) {
    return [engine](const QString& path) {
        ModelHeader header;
        auto info = engine.inspect(path.toStdString());
        if (!info) {
            header.error = QString::fromStdString(info.error().message);
            return header;
        }
        header.info = *info;
        LoadOptions options;
        options.context_length = kPlanningContext;
        auto needs = engine.estimateModel(path.toStdString(), options);
        if (needs) {
            header.needsBytes = needs->weights_bytes + needs->kv_cache_bytes + needs->scratch_bytes;
            header.footprint = needs->footprint;
        } else header.error = QString::fromStdString(needs.error().message);
        return header;
    };
}

QList<ScanRoot> effectiveRoots(const QList<ScanRoot>& standard, const QStringList& added, const QStringList& removed) {
    QList<ScanRoot> roots;
    const QSet<QString> skipped(removed.begin(), removed.end());
    for (const ScanRoot& root : standard)
        if (!skipped.contains(root.path)) roots.append(root);
    for (const QString& path : added)
        if (!skipped.contains(path)) roots.append({path, ModelSource::User});
    return roots;
}

ScanResult scanLibrary(const QList<ScanRoot>& roots, HeaderCache& cache, const HeaderReader& read) {
    ScanResult result;
    QList<CachedFile> seen;
    QSet<QString> paths;
    for (const ScanRoot& root : roots) {
        for (FoundModel& found : findModels(root)) {
            if (paths.contains(found.path)) continue;  // a folder inside another root
            paths.insert(found.path);
            LibraryEntry entry{std::move(found), {}};
            if (!entry.file.problem.isEmpty()) {
                entry.header.error = entry.file.problem;
            } else if (auto cached = cache.find(entry.file.path, entry.file.size, entry.file.modified)) {
                entry.header = std::move(*cached);
            } else {
                entry.header = read(entry.file.path);
                ++result.headersRead;
            }
            if (entry.file.problem.isEmpty())
                seen.append({entry.file.path, entry.file.size, entry.file.modified, entry.header});
            result.entries.append(std::move(entry));
        }
    }
    if (Status stored = cache.replaceAll(seen); !stored) result.cacheError = QString::fromStdString(stored.error().message);
    return result;
}

} // namespace ponder::library
