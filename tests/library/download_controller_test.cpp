// The Download tab's controller against the loopback hub: a pasted reference lists the repo's models
// with sizes, one downloads on the transfer thread into <models>/<owner>/<repo>/ and is then marked
// downloaded; `ponder --download owner/repo/file` lists and downloads in one go; bad input is explained;
// with the library beside it, the fit follows the device and a finished download joins the library.
#include "chat/chat_controller.h"
#include "chat/settings_controller.h"
#include "gen/test_model.h"
#include "hub_test_server.h"
#include "library/download_controller.h"
#include "library/library_controller.h"
#include "scripted_engine.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ponder;
using namespace ponder::app;

namespace {

const QString kRepo = QStringLiteral("ponder-test/Tiny-GGUF");

QByteArray bytesOf(int size, char fill) { return QByteArray(size, fill); }

} // namespace

class DownloadControllerTest : public QObject {
    Q_OBJECT

    HubTestServer server_;
    QTemporaryDir dir_;

    library::HubEndpoint hub() const { return {server_.base(), {}}; }

    static bool waitForListing(DownloadController& controller) {
        return QTest::qWaitFor([&] { return !controller.listing(); }, 10'000);
    }

  private slots:
    void initTestCase() {
        server_.addFile(kRepo, QStringLiteral("tiny-Q4_K_M.gguf"), bytesOf(200'000, 'a'));
        server_.addFile(kRepo, QStringLiteral("tiny-Q8_0-00001-of-00002.gguf"), bytesOf(150'000, 'b'));
        server_.addFile(kRepo, QStringLiteral("tiny-Q8_0-00002-of-00002.gguf"), bytesOf(150'000, 'c'));
        server_.addFile(kRepo, QStringLiteral("README.md"), "readme", false);
    }

    void listsAndDownloadsAModelIntoTheModelsFolder() {
        DownloadController controller(dir_.filePath(QStringLiteral("models")), hub(), nullptr, nullptr);
        QVERIFY(server_.requests.isEmpty());  // nothing is fetched before the user asks
        controller.list(QStringLiteral("https://huggingface.co/") + kRepo);
        QVERIFY(controller.listing());
        QVERIFY(waitForListing(controller));
        QCOMPARE(controller.listProblem(), QString());
        QCOMPARE(controller.repo(), kRepo);
        HubModelListModel* files = controller.files();
        QCOMPARE(files->rowCount(), 2);
        const QModelIndex split = files->index(1);
        QCOMPARE(split.data(HubModelListModel::NameRole).toString(), QStringLiteral("tiny-Q8_0.gguf"));
        QCOMPARE(split.data(HubModelListModel::PartsRole).toInt(), 2);
        QCOMPARE(split.data(HubModelListModel::SizeRole).toString(), QStringLiteral("300.0 KB"));
        QCOMPARE(split.data(HubModelListModel::FitRole).toString(), QStringLiteral("Unknown"));  // no device here
        QCOMPARE(split.data(HubModelListModel::DownloadedRole).toBool(), false);

        QSignalSpy downloaded(&controller, &DownloadController::downloaded);
        controller.download(1);
        QCOMPARE(controller.downloads()->rowCount(), 1);
        QVERIFY(downloaded.wait(20'000));
        const QString first = dir_.filePath(QStringLiteral("models/%1/tiny-Q8_0-00001-of-00002.gguf").arg(kRepo));
        QCOMPARE(downloaded.first().first().toString(), first);
        QVERIFY(QFile::exists(first));
        const QModelIndex row = controller.downloads()->index(0);
        QCOMPARE(row.data(DownloadListModel::StateRole).toInt(), int(DownloadListModel::Finished));
        QCOMPARE(row.data(DownloadListModel::FractionRole).toDouble(), 1.0);
        QCOMPARE(row.data(DownloadListModel::ProgressTextRole).toString(), QStringLiteral("300.0 KB of 300.0 KB"));
        QCOMPARE(split.data(HubModelListModel::DownloadedRole).toBool(), true);
        controller.dismiss(row.data(DownloadListModel::IdRole).toInt());
        QCOMPARE(controller.downloads()->rowCount(), 0);
    }

    void fetchListsAndDownloadsTheNamedFile() {
        DownloadController controller(dir_.filePath(QStringLiteral("fetched")), hub(), nullptr, nullptr);
        QSignalSpy downloaded(&controller, &DownloadController::downloaded);
        controller.fetch(kRepo + QStringLiteral("/tiny-Q4_K_M.gguf"));
        QVERIFY(downloaded.wait(20'000));
        QCOMPARE(controller.files()->rowCount(), 2);  // the whole repo is listed
        QCOMPARE(controller.downloads()->rowCount(), 1);
        QCOMPARE(downloaded.first().first().toString(),
                 dir_.filePath(QStringLiteral("fetched/%1/tiny-Q4_K_M.gguf").arg(kRepo)));
    }

    void explainsWhatCannotBeListed() {
        DownloadController controller(dir_.filePath(QStringLiteral("models")), hub(), nullptr, nullptr);
        controller.list(QStringLiteral("not a repo"));
        QVERIFY(!controller.listing());
        QVERIFY(controller.listProblem().contains(QStringLiteral("is not a Hugging Face model")));
        controller.list(kRepo + QStringLiteral("/missing.gguf"));
        QVERIFY(waitForListing(controller));
        QCOMPARE(controller.listProblem(), QStringLiteral("%1 has no GGUF model named missing.gguf.").arg(kRepo));
    }

    void aFinishedDownloadJoinsTheLibrary() {
        // A generated model (real header, no weights) served by the hub; a 24 GB scripted device.
        const QString source = dir_.filePath(QStringLiteral("source/tiny-Q8_0.gguf"));
        QDir().mkpath(QFileInfo(source).absolutePath());
        gen::TestModelSpec spec;
        spec.arch = "qwen2";
        spec.n_vocab = 512;
        spec.weights = gen::WeightFill::None;
        QVERIFY(gen::write_test_model(spec, source.toStdString()));
        QFile file(source);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString repo = QStringLiteral("ponder-test/Library-GGUF");
        server_.addFile(repo, QStringLiteral("tiny-Q8_0.gguf"), file.readAll());

        app::EngineApi engine = testing::scriptedEngine();
        engine.inspect = app::realEngine().inspect;
        engine.estimateModel = app::realEngine().estimateModel;
        engine.deviceMemory = [](const LoadOptions&) -> Result<MemoryEstimate> {
            MemoryEstimate device;
            device.device_bytes = 24'000'000'000;
            device.device_name = "Scripted GPU";
            device.budgets = testing::scriptedBudgets(device.device_bytes);
            return device;
        };
        app::SettingsController settings;
        ChatController chat(std::move(store::ChatStore::open(dir_.filePath(QStringLiteral("data")))).value(),
                            testing::scriptedEngine(), &settings);
        const QString models = dir_.filePath(QStringLiteral("library-models"));
        LibraryController library(engine, &chat, {{models, library::ModelSource::Ponder}},
                                  dir_.filePath(QStringLiteral("library.sqlite")));
        DownloadController controller(models, hub(), nullptr, &library);
        controller.list(repo);
        library.rescan();  // as the page does when it opens: the device answers meanwhile
        QVERIFY(QTest::qWaitFor([&] { return !controller.listing() && !library.scanning(); }, 20'000));
        QCOMPARE(library.models()->rowCount(), 0);
        QCOMPARE(controller.files()->index(0).data(HubModelListModel::FitRole).toString(), QStringLiteral("Weights fit on GPU"));

        controller.download(0);
        QVERIFY(QTest::qWaitFor([&] { return library.models()->rowCount() == 1 && !library.scanning(); }, 20'000));
        QCOMPARE(library.models()->index(0).data(LibraryListModel::PathRole).toString(),
                 models + u'/' + repo + QStringLiteral("/tiny-Q8_0.gguf"));
        QCOMPARE(library.models()->index(0).data(LibraryListModel::FitRole).toString(), QStringLiteral("Fits on GPU"));
    }

    // A file not downloaded yet is planned from its size alone: the weights against the GPU, then the RAM.
    void theFitOfADownloadIsPlannedFromItsSize_data() {
        QTest::addColumn<quint64>("bytes");
        QTest::addColumn<QString>("fit");
        QTest::addColumn<int>("kind");
        QTest::newRow("fits") << quint64(20'000'000'000) << "Weights fit on GPU" << int(FitVerdict::Fits);
        QTest::newRow("split") << quint64(40'000'000'000) << "Split: about 60 % on GPU" << int(FitVerdict::Split);
        QTest::newRow("too large") << quint64(200'000'000'000) << "Too large" << int(FitVerdict::TooLarge);
    }
    void theFitOfADownloadIsPlannedFromItsSize() {
        QFETCH(quint64, bytes);
        QFETCH(QString, fit);
        QFETCH(int, kind);
        const DownloadFit planned = downloadFit(bytes, testing::scriptedBudgets(24'000'000'000));
        QCOMPARE(planned.text, fit);
        QCOMPARE(int(planned.verdict), kind);
        QCOMPARE(downloadFit(bytes, std::nullopt).text, QStringLiteral("Unknown"));
        QCOMPARE(downloadFit(bytes, testing::scriptedBudgets(0)).text,
                 bytes <= 64'000'000'000 ? QStringLiteral("CPU only") : QStringLiteral("Too large"));
    }

    void formatsTimeLeft_data() {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << qint64(-1) << "";
        QTest::newRow("seconds") << qint64(12) << "12 s";
        QTest::newRow("minutes") << qint64(200) << "3 min 20 s";
        QTest::newRow("hours") << qint64(3900) << "1 h 5 min";
    }
    void formatsTimeLeft() {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(formatTimeLeft(seconds), text);
    }
};

QTEST_GUILESS_MAIN(DownloadControllerTest)
#include "download_controller_test.moc"
