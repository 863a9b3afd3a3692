// The Library page's controller and list model: a scan of a fake Hugging Face cache lists the
// generated model with its facts and fit, search and sort work in place, a click loads the model,
// unusable files explain themselves, folders can be removed and added, and a rescan reads no header.
#include "chat/chat_controller.h"
#include "chat/settings_controller.h"
#include "gen/test_model.h"
#include "library/library_controller.h"
#include "scripted_engine.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ponder;
using app::LibraryListModel;

namespace {

// Headers and memory needs from the real engine, one deterministic 24 GB "Scripted GPU" beside 64 GB of
// RAM, and the scripted chat session for loading.
app::EngineApi libraryEngine(uint64_t deviceBytes = 24'000'000'000, uint64_t ramBytes = 64'000'000'000) {
    app::EngineApi api = testing::scriptedEngine();
    const app::EngineApi real = app::realEngine();
    api.inspect = real.inspect;
    api.estimateModel = real.estimateModel;
    api.deviceMemory = [deviceBytes, ramBytes](const LoadOptions&) -> Result<MemoryEstimate> {
        MemoryEstimate device;
        device.device_bytes = deviceBytes;
        device.device_name = "Scripted GPU";
        device.budgets = testing::scriptedBudgets(deviceBytes, ramBytes);
        return device;
    };
    return api;
}

void writeModel(const QString& path, uint32_t layers) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    gen::TestModelSpec spec;
    spec.arch = "qwen2";
    spec.n_vocab = 512;
    spec.layers = layers;
    spec.weights = gen::WeightFill::None;
    auto written = gen::write_test_model(spec, path.toStdString());
    QVERIFY2(written, written ? "" : written.error().message.c_str());
}

QStringList column(const LibraryListModel& model, int role) {
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row) values << model.index(row).data(role).toString();
    return values;
}

} // namespace

class LibraryControllerTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString hub() const { return dir_.filePath("hf/hub"); }
    QString folder() const { return dir_.filePath("my-models"); }

    QList<library::ScanRoot> roots() const {
        return {{hub(), library::ModelSource::HuggingFace},
                {dir_.filePath("nowhere"), library::ModelSource::Gpt4All},
                {folder(), library::ModelSource::User}};
    }

    std::unique_ptr<app::ChatController> makeChat(app::SettingsController& settings) {
        auto store = store::ChatStore::open(dir_.filePath("data"));
        return std::make_unique<app::ChatController>(std::move(store).value(), testing::scriptedEngine(), &settings);
    }

    static void scan(app::LibraryController& library) {
        library.rescan();
        QVERIFY(QTest::qWaitFor([&] { return !library.scanning(); }, 20000));
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QCoreApplication::setOrganizationName("PonderTests");
        QCoreApplication::setApplicationName("library_controller_test");
        const QString repo = hub() + "/models--Qwen--QwQ-32B-GGUF";
        writeModel(repo + "/blobs/0a1b2c", 2);
        QDir().mkpath(repo + "/snapshots/main");
        QVERIFY(QFile::link("../../blobs/0a1b2c", repo + "/snapshots/main/qwq-tiny.gguf"));
        writeModel(folder() + "/deeper-tiny.gguf", 6);
        QFile notes(folder() + "/notes.gguf");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a model");
    }

    void aScanListsEveryModelWithItsFactsAndFit() {
        app::SettingsController settings;
        auto chat = makeChat(settings);
        app::LibraryController library(libraryEngine(), chat.get(), roots(), dir_.filePath("lib1.sqlite"));
        QAbstractItemModelTester tester(library.models(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(library);
        const LibraryListModel& rows = *library.models();
        QCOMPARE(rows.rowCount(), 3);
        QCOMPARE(library.deviceName(), QStringLiteral("Scripted GPU"));
        // By name; the file that cannot run last.
        QCOMPARE(column(rows, LibraryListModel::FileNameRole),
                 QStringList({"deeper-tiny.gguf", "Qwen/QwQ-32B-GGUF/qwq-tiny.gguf", "notes.gguf"}));
        const QModelIndex qwq = rows.index(1);
        QCOMPARE(qwq.data(LibraryListModel::SourceRole).toString(), QStringLiteral("Hugging Face"));
        QCOMPARE(qwq.data(LibraryListModel::FamilyRole).toString(), QStringLiteral("qwen2"));
        QVERIFY(qwq.data(LibraryListModel::ParametersRole).toString().endsWith(" M"));
        QCOMPARE(qwq.data(LibraryListModel::TypeMixRole).toString(), QStringLiteral("F32"));
        QVERIFY(qwq.data(LibraryListModel::ContextRole).toInt() > 0);
        QCOMPARE(qwq.data(LibraryListModel::FitRole).toString(), QStringLiteral("Fits on GPU"));
        const QModelIndex notes = rows.index(2);
        QCOMPARE(notes.data(LibraryListModel::FitRole).toString(), QStringLiteral("Cannot run"));
        QVERIFY(notes.data(LibraryListModel::ErrorRole).toString().contains("not a GGUF file"));
        // The standard location that does not exist is not shown; the user's folder always is.
        QCOMPARE(library.folders(), QStringList({hub(), folder()}));
    }

    // The verdict is the engine's load plan at the planning context: a GPU too small for one layer
    // leaves the model to the CPU, a RAM too small for it too makes it too large, and a GPU that holds a
    // few layers splits it.
    void theFitIsTheLoadPlanForThisMachine() {
        LoadOptions options;
        options.context_length = library::kPlanningContext;
        auto deeper = app::realEngine().estimateModel((folder() + "/deeper-tiny.gguf").toStdString(), options);
        QVERIFY(deeper.ok());
        const ModelFootprint& f = deeper->footprint;
        QCOMPARE(f.n_layers(), 6u);
        // The scratch and two of the deeper model's layers (the 2-layer model then fits whole, or nearly).
        const uint64_t twoLayers = f.gpu_scratch_bytes + f.layer_gpu_bytes[0] + f.layer_gpu_bytes[1] + 2 * f.kv_bytes_per_layer;

        struct Case { uint64_t vram, ram; QString deeper; };
        for (const Case& c : {Case{1000, 64'000'000'000, "CPU only"}, Case{1000, 1000, "Too large"},
                              Case{twoLayers, 64'000'000'000, "Split: 2/6 on GPU"}}) {
            app::SettingsController settings;
            auto chat = makeChat(settings);
            app::LibraryController library(libraryEngine(c.vram, c.ram), chat.get(), roots(),
                                           dir_.filePath(QStringLiteral("lib2-%1.sqlite").arg(c.vram + c.ram)));
            scan(library);
            const QStringList fits = column(*library.models(), LibraryListModel::FitRole);
            QCOMPARE(fits.value(0), c.deeper);  // deeper-tiny.gguf sorts first
            QCOMPARE(fits.value(2), QStringLiteral("Cannot run"));
            QVERIFY(library.budgets().has_value());
        }
    }

    void searchAndSortWorkInPlace() {
        app::SettingsController settings;
        auto chat = makeChat(settings);
        app::LibraryController library(libraryEngine(), chat.get(), roots(), dir_.filePath("lib3.sqlite"));
        QAbstractItemModelTester tester(library.models(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        scan(library);
        // The 6-layer model is larger: by size descending (the second click) it comes first.
        library.sortBy(int(LibraryListModel::SortKey::FileSize));
        QVERIFY(library.sortAscending());
        QCOMPARE(library.models()->index(0).data(LibraryListModel::FileNameRole).toString(),
                 QStringLiteral("Qwen/QwQ-32B-GGUF/qwq-tiny.gguf"));
        library.sortBy(int(LibraryListModel::SortKey::FileSize));
        QVERIFY(!library.sortAscending());
        QCOMPARE(library.models()->index(0).data(LibraryListModel::FileNameRole).toString(),
                 QStringLiteral("deeper-tiny.gguf"));

        library.setSearch("qwq HUGGING");  // every word, any case, over name, file, family, types, source
        QCOMPARE(column(*library.models(), LibraryListModel::FileNameRole),
                 QStringList({"Qwen/QwQ-32B-GGUF/qwq-tiny.gguf"}));
        library.setSearch("llama");
        QCOMPARE(library.models()->rowCount(), 0);
        library.setSearch("");
        QCOMPARE(library.models()->rowCount(), 3);
    }

    void aClickLoadsTheModelAndAnUnusableFileSaysWhy() {
        app::SettingsController settings;
        auto chat = makeChat(settings);
        app::LibraryController library(libraryEngine(), chat.get(), roots(), dir_.filePath("lib4.sqlite"));
        scan(library);
        QSignalSpy notices(&library, &app::LibraryController::notice);
        library.load(folder() + "/notes.gguf");
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices[0][0].toString().contains("cannot be loaded"));
        QVERIFY(!chat->loading() && !chat->modelReady());

        const QString qwq = hub() + "/models--Qwen--QwQ-32B-GGUF/snapshots/main/qwq-tiny.gguf";
        QSignalSpy loads(chat.get(), &app::ChatController::loadRequested);
        library.load(qwq);
        QCOMPARE(loads.size(), 1);
        QCOMPARE(loads[0][0].toString(), qwq);
        QVERIFY(QTest::qWaitFor([&] { return chat->modelReady(); }, 5000));
    }

    void removingAndAddingFoldersRescansAndPersists() {
        const QString cache = dir_.filePath("lib5.sqlite");
        app::SettingsController settings;
        auto chat = makeChat(settings);
        {
            app::LibraryController library(libraryEngine(), chat.get(), roots(), cache);
            scan(library);
            QCOMPARE(library.lastHeadersRead(), 3);
            library.removeFolder(hub());
            QVERIFY(QTest::qWaitFor([&] { return !library.scanning(); }, 20000));
            QCOMPARE(library.folders(), QStringList({folder()}));
            QCOMPARE(library.models()->rowCount(), 2);
        }
        app::LibraryController reopened(libraryEngine(), chat.get(), roots(), cache);
        QCOMPARE(reopened.folders(), QStringList({folder()}));  // the removal was kept
        scan(reopened);
        QCOMPARE(reopened.lastHeadersRead(), 0);  // everything from the cache
        reopened.addFolder(QUrl::fromLocalFile(hub()));
        QVERIFY(QTest::qWaitFor([&] { return !reopened.scanning(); }, 20000));
        QCOMPARE(reopened.models()->rowCount(), 3);
        QSignalSpy notices(&reopened, &app::LibraryController::notice);
        reopened.addFolder(QUrl::fromLocalFile(dir_.filePath("no-such-folder")));
        QCOMPARE(notices.size(), 1);
    }
};

QTEST_MAIN(LibraryControllerTest)
#include "library_controller_test.moc"
