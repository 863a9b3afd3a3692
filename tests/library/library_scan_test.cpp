// The model library's scan, over temporary trees laid out like each tool's folders: Hugging Face's
// hub cache (snapshots of symlinks into blobs), Ollama's manifests and blobs, LM Studio's folders with
// a split set, and files that cannot be models (truncated, not GGUF, unreadable). Headers come from the
// real engine; a second scan takes every header from the cache; found files are never modified.
#include "gen/test_model.h"
#include "library/library_scan.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace ponder;
using namespace ponder::library;

namespace {

const char* kThinkTemplate =
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}";

// A tiny generated model with real headers and no weight data (a hole): what the library reads.
void writeModel(const QString& path, const QString& templatePath = {}, uint32_t splitParts = 1) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.n_vocab = 512;
    spec.weights = gen::WeightFill::None;
    spec.chat_template_path = templatePath.toStdString();
    spec.split_parts = splitParts;
    auto written = gen::write_test_model(spec, path.toStdString());
    QVERIFY2(written, written ? "" : written.error().message.c_str());
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file under `dir` with its size, modification time and content hash: "nothing was modified".
QStringList snapshotOf(const QString& dir) {
    QStringList lines;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        if (info.isSymLink()) continue;
        lines << path + u' ' + QString::number(info.size()) + u' ' +
                     QString::number(info.lastModified().toMSecsSinceEpoch()) + u' ' +
                     QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
    }
    lines.sort();
    return lines;
}

// The engine's header reader, counting how often it is called.
struct CountingReader {
    HeaderReader engine = engineHeaderReader(app::realEngine());
    int calls = 0;
    HeaderReader reader() {
        return [this](const QString& path) {
            ++calls;
            return engine(path);
        };
    }
};

const LibraryEntry* entryNamed(const ScanResult& result, const QString& name) {
    for (const LibraryEntry& entry : result.entries)
        if (entry.file.displayName == name) return &entry;
    return nullptr;
}

} // namespace

class LibraryScanTest : public QObject {
    Q_OBJECT

    QTemporaryDir tree_;
    QString root(const QString& rest) const { return tree_.filePath(rest); }

    // An Ollama store: a library model, a user's model whose blob is missing, a broken manifest,
    // and a manifest with no model layer.
    void writeOllamaStore() {
        const QString store = root("ollama/models");
        writeModel(store + "/blobs/sha256-aaaa1111");
        const QString layer = R"({"mediaType":"application/vnd.ollama.image.%1","digest":"sha256:%2","size":1})";
        auto manifest = [&](const QString& name, const QString& layers) {
            writeBytes(store + "/manifests/" + name, QString(R"({"schemaVersion":2,"layers":[%1]})").arg(layers).toUtf8());
        };
        manifest("registry.ollama.ai/library/qwen3/8b",
                 layer.arg("model", "aaaa1111") + u',' + layer.arg("template", "bbbb2222"));
        manifest("registry.ollama.ai/someone/tiny/latest", layer.arg("model", "cccc3333"));
        manifest("registry.ollama.ai/library/stub/latest", layer.arg("license", "dddd4444"));
        writeBytes(store + "/manifests/registry.ollama.ai/library/broken/latest", "{ not json");
    }

    // A Hugging Face hub cache: two revisions of one repo pointing at the same blob, and a broken
    // symlink (a download in progress).
    void writeHuggingFaceCache(const QString& templatePath) {
        const QString repo = root("hf/hub/models--Qwen--QwQ-32B-GGUF");
        writeModel(repo + "/blobs/0123abcd", templatePath);
        for (const QString revision : {"rev1", "rev2"}) {
            QDir().mkpath(repo + "/snapshots/" + revision);
            QVERIFY(QFile::link("../../blobs/0123abcd", repo + "/snapshots/" + revision + "/qwq-32b-q4_k_m.gguf"));
        }
        QVERIFY(QFile::link("../../blobs/ffff.incomplete", repo + "/snapshots/rev2/qwq-32b-q8_0.gguf"));
    }

    // LM Studio: a model, a split set of three parts, a projector, and files that are not models.
    void writeLmStudioFolder() {
        const QString models = root("lmstudio/models");
        writeModel(models + "/lmstudio-community/Qwen3-0.6B-GGUF/Qwen3-0.6B-Q8_0.gguf");
        writeModel(models + "/unsloth/Big-GGUF/Big-Q4_K_M.gguf", {}, 3);
        writeModel(models + "/unsloth/Vision-GGUF/mmproj-F16.gguf");
        QByteArray whole = readAll(models + "/lmstudio-community/Qwen3-0.6B-GGUF/Qwen3-0.6B-Q8_0.gguf");
        writeBytes(models + "/broken/truncated.gguf", whole.left(whole.size() / 3));
        writeBytes(models + "/broken/notes.gguf", "these are my notes, not a model\n");
        writeBytes(models + "/broken/readme.txt", "not a model file name");
    }

    QList<ScanRoot> roots() const {
        return {{root("hf/hub"), ModelSource::HuggingFace},
                {root("ollama/models"), ModelSource::Ollama},
                {root("lmstudio/models"), ModelSource::LmStudio},
                {root("not-installed/models"), ModelSource::Gpt4All}};
    }

  private slots:
    void initTestCase() {
        QVERIFY(tree_.isValid());
        writeBytes(root("think.jinja"), kThinkTemplate);
        writeHuggingFaceCache(root("think.jinja"));
        writeOllamaStore();
        writeLmStudioFolder();
    }

    void huggingFaceSnapshotsListTheBlobOnceUnderTheRepoName() {
        auto cache = HeaderCache::open(root("hf-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result = scanLibrary({{root("hf/hub"), ModelSource::HuggingFace}}, *cache, reader.reader());
        QCOMPARE(result.entries.size(), 1);  // two revisions, one blob; the broken symlink skipped
        const LibraryEntry& entry = result.entries[0];
        QCOMPARE(entry.file.displayName, QStringLiteral("Qwen/QwQ-32B-GGUF/qwq-32b-q4_k_m.gguf"));
        QCOMPARE(entry.file.source, ModelSource::HuggingFace);
        QVERIFY2(entry.header.error.isEmpty(), qPrintable(entry.header.error));
        QCOMPARE(entry.header.info.architecture, std::string("qwen2"));
        QVERIFY(entry.header.info.reasoning_template);
        QVERIFY(entry.header.info.n_params > 0);
        QVERIFY(entry.header.needsBytes > 0);
    }

    void ollamaManifestsNameTheirBlobs() {
        auto cache = HeaderCache::open(root("ollama-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result = scanLibrary({{root("ollama/models"), ModelSource::Ollama}}, *cache, reader.reader());
        const LibraryEntry* qwen = entryNamed(result, "qwen3:8b");
        QVERIFY(qwen);
        QCOMPARE(qwen->file.path, root("ollama/models/blobs/sha256-aaaa1111"));
        QVERIFY2(qwen->header.error.isEmpty(), qPrintable(qwen->header.error));
        QVERIFY(!qwen->header.info.reasoning_template);
        const LibraryEntry* missing = entryNamed(result, "someone/tiny:latest");
        QVERIFY(missing);
        QVERIFY2(missing->header.error.contains("missing"), qPrintable(missing->header.error));
        const LibraryEntry* broken = entryNamed(result, "broken:latest");
        QVERIFY(broken);
        QVERIFY2(broken->header.error.contains("JSON"), qPrintable(broken->header.error));
        QVERIFY(!entryNamed(result, "stub:latest"));  // no model layer: nothing to list
        QCOMPARE(result.entries.size(), 3);
        QCOMPARE(reader.calls, 1);  // problems found in the manifests cost no header read
    }

    void lmStudioFoldersListModelsSplitSetsOnceAndExplainBrokenFiles() {
        auto cache = HeaderCache::open(root("lms-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result =
            scanLibrary({{root("lmstudio/models"), ModelSource::LmStudio}}, *cache, reader.reader());
        QStringList names;
        for (const LibraryEntry& entry : result.entries) names << entry.file.displayName;
        // In path order; the split set once, under its first part; the projector and readme.txt left out.
        QCOMPARE(names, QStringList({"notes.gguf", "truncated.gguf", "Qwen3-0.6B-Q8_0.gguf",
                                     "Big-Q4_K_M-00001-of-00003.gguf"}));
    }

    void aSplitSetIsOneModelWithTheSizeOfAllItsParts() {
        auto cache = HeaderCache::open(root("split-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result =
            scanLibrary({{root("lmstudio/models/unsloth"), ModelSource::LmStudio}}, *cache, reader.reader());
        QCOMPARE(result.entries.size(), 1);  // the projector is not a model
        const LibraryEntry& split = result.entries[0];
        qint64 parts = 0;
        for (int i = 1; i <= 3; ++i)
            parts += QFileInfo(root("lmstudio/models/unsloth/Big-GGUF/Big-Q4_K_M-0000%1-of-00003.gguf").arg(i)).size();
        QCOMPARE(split.file.size, parts);
        QVERIFY2(split.header.error.isEmpty(), qPrintable(split.header.error));
        QCOMPARE(qint64(split.header.info.file_size), parts);
    }

    void filesThatAreNotModelsAreListedWithTheReason() {
        auto cache = HeaderCache::open(root("broken-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result =
            scanLibrary({{root("lmstudio/models/broken"), ModelSource::LmStudio}}, *cache, reader.reader());
        const LibraryEntry* truncated = entryNamed(result, "truncated.gguf");
        const LibraryEntry* notes = entryNamed(result, "notes.gguf");
        QVERIFY(truncated && notes);
        QVERIFY2(!truncated->header.error.isEmpty(), "a truncated file must carry its error");
        QVERIFY2(notes->header.error.contains("not a GGUF file"), qPrintable(notes->header.error));
        QCOMPARE(result.entries.size(), 2);  // readme.txt is not looked at
    }

    void anUnreadableFileIsListedWithTheReason() {
        const QString path = root("locked/locked.gguf");
        writeModel(path);
        QFile::setPermissions(path, QFileDevice::Permissions());
        QFile probe(path);
        if (probe.open(QIODevice::ReadOnly))
            QSKIP("this user (root?) reads files without read permission; nothing to test");
        auto cache = HeaderCache::open(root("locked-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult result = scanLibrary({{root("locked"), ModelSource::User}}, *cache, reader.reader());
        QCOMPARE(result.entries.size(), 1);
        QVERIFY2(!result.entries[0].header.error.isEmpty(), "an unreadable file must carry its error");
    }

    void aSecondScanReadsNoHeadersAndAChangedFileIsReadAgain() {
        auto cache = HeaderCache::open(root("cache-test.sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        const ScanResult first = scanLibrary(roots(), *cache, reader.reader());
        QVERIFY(first.cacheError.isEmpty());
        QCOMPARE(first.headersRead, reader.calls);
        QVERIFY(first.headersRead >= 5);

        reader.calls = 0;
        const ScanResult second = scanLibrary(roots(), *cache, reader.reader());
        QCOMPARE(reader.calls, 0);
        QCOMPARE(second.headersRead, 0);
        QCOMPARE(second.entries.size(), first.entries.size());
        for (int i = 0; i < first.entries.size(); ++i) {
            QCOMPARE(second.entries[i].file.path, first.entries[i].file.path);
            QCOMPARE(second.entries[i].header.error, first.entries[i].header.error);
            QCOMPARE(second.entries[i].header.info.name, first.entries[i].header.info.name);
            QCOMPARE(second.entries[i].header.info.n_params, first.entries[i].header.info.n_params);
            QCOMPARE(second.entries[i].header.info.reasoning_template, first.entries[i].header.info.reasoning_template);
            QCOMPARE(second.entries[i].header.needsBytes, first.entries[i].header.needsBytes);
            // The footprint the fit is planned with comes back whole, layer by layer.
            QCOMPARE(footprintText(second.entries[i].header.footprint), footprintText(first.entries[i].header.footprint));
            if (first.entries[i].header.error.isEmpty())
                QVERIFY(first.entries[i].header.footprint.n_layers() > 0);
        }

        // A file rewritten in place (new size and time) is read again, and only that one.
        const QString changed = root("lmstudio/models/broken/notes.gguf");
        writeBytes(changed, "longer notes, still not a model, now with more words\n");
        reader.calls = 0;
        scanLibrary(roots(), *cache, reader.reader());
        QCOMPARE(reader.calls, 1);
    }

    void aFootprintReadsBackAsWrittenAndGarbageIsNoFootprint() {
        ModelFootprint f;
        f.n_ctx = 4096;
        f.cache_types = {KvCacheType::Q8_0, KvCacheType::F16};
        f.layer_gpu_bytes = {100, 200};
        f.layer_cpu_bytes = {90, 190};
        f.layer_read_bytes = {80, 180};
        f.embedding_gpu_bytes = 7, f.embedding_cpu_bytes = 6, f.output_gpu_bytes = 5, f.output_cpu_bytes = 4;
        f.output_read_bytes = 3, f.kv_bytes_per_layer = 2, f.gpu_scratch_bytes = 11, f.cpu_scratch_bytes = 12;
        const auto back = footprintFromText(footprintText(f));
        QVERIFY(back);
        QCOMPARE(footprintText(*back), footprintText(f));
        QCOMPARE(back->layer_cpu_bytes, f.layer_cpu_bytes);
        QCOMPARE(int(back->cache_types.k), int(KvCacheType::Q8_0));
        for (const char* bad : {"", "1 2 3", "4096 0 0 1 1 1 1 1 1 1 1 2 5 5 5", "4096 0 0 x 1 1 1 1 1 1 1 0"})
            QVERIFY2(!footprintFromText(QString::fromLatin1(bad)), bad);
    }

    void theCacheSurvivesReopeningAndRefusesANewerVersion() {
        const QString path = root("reopen.sqlite");
        {
            auto cache = HeaderCache::open(path);
            QVERIFY(cache);
            CountingReader reader;
            scanLibrary({{root("hf/hub"), ModelSource::HuggingFace}}, *cache, reader.reader());
            QCOMPARE(reader.calls, 1);
        }
        {
            auto cache = HeaderCache::open(path);
            QVERIFY(cache);
            CountingReader reader;
            scanLibrary({{root("hf/hub"), ModelSource::HuggingFace}}, *cache, reader.reader());
            QCOMPARE(reader.calls, 0);
        }
        {
            auto db = store::Database::open(path);
            QVERIFY(db);
            QVERIFY(db->exec("PRAGMA user_version = 99"));
        }
        auto newer = HeaderCache::open(path);
        QVERIFY(!newer);
        QVERIFY(QString::fromStdString(newer.error().message).contains("newer Ponder"));
    }

    void scanningModifiesNoFoundFile() {
        const QStringList before = snapshotOf(tree_.path());
        auto cache = HeaderCache::open(root("../untouched-" + QString::number(::getpid()) + ".sqlite"));
        QVERIFY(cache);
        CountingReader reader;
        scanLibrary(roots(), *cache, reader.reader());
        QCOMPARE(snapshotOf(tree_.path()), before);
        QFile::remove(root("../untouched-" + QString::number(::getpid()) + ".sqlite"));
    }

    void removedStandardFoldersAreSkippedAndAddedFoldersScanned() {
        auto cache = HeaderCache::open(root("folders-test.sqlite"));
        QVERIFY(cache);
        QVERIFY(cache->removeFolder(root("hf/hub")));
        QVERIFY(cache->addFolder(root("lmstudio/models/unsloth")));
        QCOMPARE(cache->removedFolders(), QStringList{root("hf/hub")});
        const QList<ScanRoot> effective = effectiveRoots(roots(), cache->addedFolders(), cache->removedFolders());
        QVERIFY(!effective.contains(ScanRoot{root("hf/hub"), ModelSource::HuggingFace}));
        QCOMPARE(effective.last(), (ScanRoot{root("lmstudio/models/unsloth"), ModelSource::User}));
        QVERIFY(cache->addFolder(root("hf/hub")));  // adding a removed folder brings it back
        QVERIFY(cache->removedFolders().isEmpty());
    }

    void standardLocationsFollowTheOsAndTheEnvironment_data() {
        QTest::addColumn<int>("os");
        QTest::addColumn<QStringList>("variables");  // NAME=value
        QTest::addColumn<QStringList>("expected");   // "source path" per root, in order
        QTest::newRow("linux") << int(HostOs::Linux) << QStringList{}
                               << QStringList{"Ponder /data/ponder/models",
                                              "Hugging Face /home/u/.cache/huggingface/hub",
                                              "LM Studio /home/u/.lmstudio/models",
                                              "LM Studio /home/u/.cache/lm-studio/models",
                                              "Ollama /home/u/.ollama/models",
                                              "Ollama /usr/share/ollama/.ollama/models",
                                              "GPT4All /home/u/.local/share/nomic.ai/GPT4All",
                                              "Jan /home/u/.local/share/Jan/data/llamacpp/models",
                                              "Jan /home/u/jan/models"};
        QTest::newRow("linux with variables")
            << int(HostOs::Linux) << QStringList{"HF_HOME=/big/hf", "OLLAMA_MODELS=/big/ollama", "XDG_DATA_HOME=/xdg"}
            << QStringList{"Ponder /data/ponder/models", "Hugging Face /big/hf/hub",
                           "LM Studio /home/u/.lmstudio/models", "LM Studio /home/u/.cache/lm-studio/models",
                           "Ollama /big/ollama", "Ollama /home/u/.ollama/models",
                           "Ollama /usr/share/ollama/.ollama/models", "GPT4All /xdg/nomic.ai/GPT4All",
                           "Jan /xdg/Jan/data/llamacpp/models", "Jan /home/u/jan/models"};
        QTest::newRow("macos") << int(HostOs::MacOs) << QStringList{"HF_HUB_CACHE=/hub"}
                               << QStringList{"Ponder /data/ponder/models", "Hugging Face /hub",
                                              "LM Studio /home/u/.lmstudio/models",
                                              "LM Studio /home/u/.cache/lm-studio/models",
                                              "Ollama /home/u/.ollama/models",
                                              "GPT4All /home/u/Library/Application Support/nomic.ai/GPT4All",
                                              "Jan /home/u/Library/Application Support/Jan/data/llamacpp/models",
                                              "Jan /home/u/jan/models"};
        QTest::newRow("windows") << int(HostOs::Windows)
                                 << QStringList{"LOCALAPPDATA=C:/Users/u/AppData/Local", "APPDATA=C:/Users/u/AppData/Roaming"}
                                 << QStringList{"Ponder /data/ponder/models",
                                                "Hugging Face /home/u/.cache/huggingface/hub",
                                                "LM Studio /home/u/.lmstudio/models",
                                                "LM Studio /home/u/.cache/lm-studio/models",
                                                "Ollama /home/u/.ollama/models",
                                                "GPT4All C:/Users/u/AppData/Local/nomic.ai/GPT4All",
                                                "Jan C:/Users/u/AppData/Roaming/Jan/data/llamacpp/models",
                                                "Jan /home/u/jan/models"};
    }

    void standardLocationsFollowTheOsAndTheEnvironment() {
        QFETCH(int, os);
        QFETCH(QStringList, variables);
        QFETCH(QStringList, expected);
        Environment env{"/home/u", "/data/ponder/models",
                        [&variables](const char* name) {
                            for (const QString& v : variables)
                                if (v.section(u'=', 0, 0) == QLatin1String(name)) return v.section(u'=', 1);
                            return QString();
                        },
                        HostOs(os)};
        QStringList actual;
        for (const ScanRoot& root : standardScanRoots(env)) actual << sourceName(root.source) + u' ' + root.path;
        QCOMPARE(actual, expected);
    }
};

QTEST_GUILESS_MAIN(LibraryScanTest)
#include "library_scan_test.moc"
