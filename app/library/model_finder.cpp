#include "library/model_finder.h"

#include "gguf/gguf_split.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace ponder::library {
namespace {

// Folders deeper than this below a root are not walked (a symlink to "/" must not scan the disk).
constexpr int kMaxDepth = 8;

qint64 modifiedMs(const QFileInfo& info) { return info.lastModified().toMSecsSinceEpoch(); }

// Projector files of vision models ship beside the model and are not chat models.
bool isProjector(const QString& fileName) { return fileName.startsWith(QStringLiteral("mmproj"), Qt::CaseInsensitive); }

class Collector {
  public:
    explicit Collector(const ScanRoot& root) : root_(root) {}

    // Adds the model file `info` under `name`: a split set as one entry (its first part), the
    // later parts skipped; a file reached twice through symlinks once.
    void addFile(const QFileInfo& info, const QString& name) {
        if (!info.exists() || !info.isFile() || isProjector(info.fileName())) return;
        qint64 size = info.size(), modified = modifiedMs(info);
        if (auto split = parse_split_name(info.absoluteFilePath().toStdString())) {
            if (split->number != 1) return;
            for (uint32_t part = 2; part <= split->count; ++part) {
                QFileInfo other(QString::fromStdString(split_path(split->prefix, part, split->count)));
                if (!other.exists()) continue;  // opening it names the missing part
                size += other.size();
                modified = std::max(modified, modifiedMs(other));
            }
        }
        const QString target = info.canonicalFilePath();
        if (seenTargets_.contains(target)) return;
        seenTargets_.insert(target);
        models_.append({info.absoluteFilePath(), name, root_.source, root_.path, size, modified, {}});
    }

    void addProblem(const QString& path, const QString& name, const QString& problem) {
        models_.append({path, name, root_.source, root_.path, 0, 0, problem});
    }

    QList<FoundModel> take() { return std::move(models_); }

  private:
    ScanRoot root_;
    QSet<QString> seenTargets_;
    QList<FoundModel> models_;
};

bool isGguf(const QString& fileName) { return fileName.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive); }

int depthBelow(const QString& root, const QString& path) {
    return QStringView(path).mid(root.size()).count(u'/');
}

// Every *.gguf below `folder` (symlinks followed, loops and depth bounded), in a stable order.
QStringList ggufFilesBelow(const QString& folder) {
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext()) {
        const QString path = it.next();
        if (depthBelow(folder, path) > kMaxDepth) continue;
        if (it.fileInfo().isFile() && isGguf(it.fileName())) files.append(path);
    }
    files.sort();
    return files;
}

void findInFolder(const ScanRoot& root, Collector& out) {
    for (const QString& path : ggufFilesBelow(root.path)) {
        QFileInfo info(path);
        out.addFile(info, info.fileName());
    }
}

// <root>/models--<org>--<name>/snapshots/<revision>/<file>.gguf, each a symlink into ../../blobs/.
void findInHuggingFaceCache(const ScanRoot& root, Collector& out) {
    const QDir cache(root.path);
    for (const QString& repoDir : cache.entryList({QStringLiteral("models--*")}, QDir::Dirs, QDir::Name)) {
        const QString repo = repoDir.mid(8).replace(QStringLiteral("--"), QStringLiteral("/"));
        const QString snapshots = cache.filePath(repoDir + QStringLiteral("/snapshots"));
        for (const QString& path : ggufFilesBelow(snapshots)) {
            // The path below the revision folder: "qwq-32b-q4_k_m.gguf" or "Q4_K_M/part-00001-of-00002.gguf".
            const QString inSnapshot = path.mid(snapshots.size() + 1).section(u'/', 1);
            out.addFile(QFileInfo(path), repo + u'/' + inSnapshot);
        }
    }
}

constexpr QStringView kOllamaModelLayer = u"application/vnd.ollama.image.model";
constexpr QStringView kOllamaRegistry = u"registry.ollama.ai";

// "qwen3:8b" for the library namespace of Ollama's registry, "user/model:tag" or
// "host/user/model:tag" otherwise, from manifests/<host>/<namespace>/<model>/<tag>.
QString ollamaName(const QStringList& parts) {
    const QString& host = parts[0];
    const QString modelAndTag = parts[2] + u':' + parts[3];
    if (host == kOllamaRegistry) return parts[1] == u"library" ? modelAndTag : parts[1] + u'/' + modelAndTag;
    return host + u'/' + parts[1] + u'/' + modelAndTag;
}

// The model layer's digest ("sha256:abc...") of an Ollama manifest; empty when it has none.
QString modelDigest(const QJsonDocument& manifest) {
    for (const QJsonValue& layer : manifest.object().value(u"layers").toArray())
        if (layer.toObject().value(u"mediaType").toString() == kOllamaModelLayer)
            return layer.toObject().value(u"digest").toString();
    return {};
}

void findInOllamaStore(const ScanRoot& root, Collector& out) {
    const QString manifests = root.path + QStringLiteral("/manifests");
    QDirIterator it(manifests, QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext()) paths.append(it.next());
    paths.sort();
    for (const QString& path : paths) {
        const QStringList parts = path.mid(manifests.size() + 1).split(u'/');
        if (parts.size() != 4) continue;  // not host/namespace/model/tag
        const QString name = ollamaName(parts);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            out.addProblem(path, name, QStringLiteral("Ollama's manifest cannot be read: ") + file.errorString());
            continue;
        }
        QJsonParseError error;
        const QJsonDocument manifest = QJsonDocument::fromJson(file.read(1 << 20), &error);
        if (error.error != QJsonParseError::NoError) {
            out.addProblem(path, name, QStringLiteral("Ollama's manifest is not valid JSON: ") + error.errorString());
            continue;
        }
        const QString digest = modelDigest(manifest);
        if (!digest.startsWith(QStringLiteral("sha256:"))) continue;  // no model layer: nothing to list
        const QFileInfo blob(root.path + QStringLiteral("/blobs/sha256-") + digest.mid(7));
        if (!blob.isFile()) {
            out.addProblem(path, name, QStringLiteral("Ollama's model file ") + blob.filePath() + QStringLiteral(" is missing"));
            continue;
        }
        out.addFile(blob, name);
    }
}

} // namespace

QList<FoundModel> findModels(const ScanRoot& root) {
    Collector out(root);
    if (!QFileInfo(root.path).isDir()) return {};
    switch (root.source) {
    case ModelSource::HuggingFace: findInHuggingFaceCache(root, out); break;
    case ModelSource::Ollama: findInOllamaStore(root, out); break;
    default: findInFolder(root, out); break;
    }
    return out.take();
}

} // namespace ponder::library
