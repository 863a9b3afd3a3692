// Downloads from the Hugging Face hub, against a loopback server that serves the hub's API shape and
// the files: what a pasted reference names, how a repo's files become models (split sets as one),
// listing with pages and gated repos, and transfers: a whole file, a connection cut mid-file and
// resumed with a Range request, a wrong checksum, a full disk, a split set, pause and cancel.
#include "hub_test_server.h"
#include "library/hub_lister.h"
#include "library/hub_reference.h"
#include "library/model_download.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ponder;
using namespace ponder::library;

namespace {

const QString kRepo = QStringLiteral("ponder-test/Tiny-GGUF");

QByteArray randomBytes(qint64 size, quint32 seed) {
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (char& byte : bytes) byte = char(generator.generate() & 0xff);
    return bytes;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

HubFile fileOf(const QString& path, qint64 size) { return {path, size, QStringLiteral("ab"), {}}; }

} // namespace

class HubDownloadTest : public QObject {
    Q_OBJECT

    HubTestServer* server_ = nullptr;
    QNetworkAccessManager* network_ = nullptr;
    QTemporaryDir* dir_ = nullptr;
    QByteArray model_ = randomBytes(3'000'000, 1);

    HubEndpoint hub(const QString& token = {}) const { return {server_->base(), token}; }
    QString folder() const { return dir_->filePath(QStringLiteral("models/") + kRepo); }

    // The repo's models, listed through the server.
    QList<HubModel> list(const QString& repo = kRepo, const QString& token = {}) {
        HubLister lister(network_);
        QSignalSpy listed(&lister, &HubLister::listed), failed(&lister, &HubLister::failed);
        lister.list(hub(token), repo);
        if (!QTest::qWaitFor([&] { return !listed.isEmpty() || !failed.isEmpty(); }, 10'000)) return {};
        if (!failed.isEmpty()) qWarning() << failed.first().value(1).toString();
        return listed.isEmpty() ? QList<HubModel>() : listed.first().value(1).value<QList<HubModel>>();
    }

    HubModel modelNamed(const QString& name) {
        for (const HubModel& model : list())
            if (model.name == name) return model;
        return {};
    }

    static bool waitForState(ModelDownload& download, DownloadState state) {
        return QTest::qWaitFor([&] { return download.state() == state; }, 20'000);
    }

  private slots:
    void init() {
        server_ = new HubTestServer;
        network_ = new QNetworkAccessManager;
        network_->setProxy(QNetworkProxy::NoProxy);
        dir_ = new QTemporaryDir;
        server_->addFile(kRepo, QStringLiteral("README.md"), "# Tiny\n", false);
        server_->addFile(kRepo, QStringLiteral("tiny-Q4_K_M.gguf"), model_);
        server_->addFile(kRepo, QStringLiteral("mmproj-tiny-f16.gguf"), "projector");
        server_->addFolder(kRepo, QStringLiteral("Q8_0"));
        for (int part = 1; part <= 3; ++part)
            server_->addFile(kRepo, QStringLiteral("Q8_0/tiny-Q8_0-%1-of-00003.gguf").arg(part, 5, 10, QChar(u'0')),
                             randomBytes(700'000 + part, 10 + part));
        server_->addFile(kRepo, QStringLiteral("small-plain.gguf"), randomBytes(1000, 2), false);
    }
    void cleanup() {
        delete network_;
        delete server_;
        delete dir_;
    }

    void readsRepoIdsAndHubAddresses_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("repo");
        QTest::addColumn<QString>("file");
        QTest::newRow("repo id") << "Qwen/QwQ-32B-GGUF" << "Qwen/QwQ-32B-GGUF" << "";
        QTest::newRow("spaces around") << "  Qwen/QwQ-32B-GGUF \n" << "Qwen/QwQ-32B-GGUF" << "";
        QTest::newRow("repo page") << "https://huggingface.co/Qwen/QwQ-32B-GGUF" << "Qwen/QwQ-32B-GGUF" << "";
        QTest::newRow("files tab") << "https://huggingface.co/Qwen/QwQ-32B-GGUF/tree/main" << "Qwen/QwQ-32B-GGUF" << "";
        QTest::newRow("file page") << "https://huggingface.co/Qwen/QwQ-32B-GGUF/blob/main/qwq-32b-q4_k_m.gguf"
                                   << "Qwen/QwQ-32B-GGUF" << "qwq-32b-q4_k_m.gguf";
        QTest::newRow("download link") << "https://huggingface.co/unsloth/X-GGUF/resolve/main/Q8_0/x-00001-of-00002.gguf?download=true"
                                       << "unsloth/X-GGUF" << "Q8_0/x-00001-of-00002.gguf";
        QTest::newRow("short host") << "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF" << "bartowski/Llama-3.2-1B-Instruct-GGUF" << "";
        QTest::newRow("models prefix") << "https://huggingface.co/models/a/b" << "a/b" << "";
        QTest::newRow("one word") << "QwQ-32B-GGUF" << "" << "";
        QTest::newRow("repo id and file") << "unsloth/X-GGUF/Q8_0/x-00001-of-00002.gguf" << "unsloth/X-GGUF"
                                          << "Q8_0/x-00001-of-00002.gguf";
        QTest::newRow("file outside") << "a/b/../c" << "" << "";
        QTest::newRow("words") << "a b/c" << "" << "";
        QTest::newRow("another site") << "https://example.com/Qwen/QwQ-32B-GGUF" << "" << "";
        QTest::newRow("a dataset") << "https://huggingface.co/datasets/a/b" << "" << "";
        QTest::newRow("dots") << "../etc" << "" << "";
        QTest::newRow("empty") << "" << "" << "";
    }
    void readsRepoIdsAndHubAddresses() {
        QFETCH(QString, text);
        QFETCH(QString, repo);
        QFETCH(QString, file);
        const auto reference = parseHubReference(text);
        if (repo.isEmpty()) {
            QVERIFY(!reference);
            QVERIFY(QString::fromStdString(reference.error().message).contains(QStringLiteral("repo id")));
            return;
        }
        QVERIFY2(reference, reference ? "" : reference.error().message.c_str());
        QCOMPARE(reference->repo, repo);
        QCOMPARE(reference->file, file);
    }

    void groupsSplitSetsIntoOneModel() {
        const QList<HubModel> models = ggufModels({
            fileOf(QStringLiteral("a/m-00002-of-00003.gguf"), 20), fileOf(QStringLiteral("a/m-00001-of-00003.gguf"), 10),
            fileOf(QStringLiteral("a/m-00003-of-00003.gguf"), 30), fileOf(QStringLiteral("b-00001-of-00002.gguf"), 5),
            fileOf(QStringLiteral("mmproj-F16.gguf"), 1), fileOf(QStringLiteral("config.json"), 1),
            fileOf(QStringLiteral("Single.Q4_0.GGUF"), 7),
        });
        QCOMPARE(models.size(), 3);
        QCOMPARE(models[0].name, QStringLiteral("a/m.gguf"));
        QCOMPARE(models[0].parts.size(), 3);
        QCOMPARE(models[0].parts[0].path, QStringLiteral("a/m-00001-of-00003.gguf"));
        QCOMPARE(models[0].parts[2].path, QStringLiteral("a/m-00003-of-00003.gguf"));
        QCOMPARE(models[0].bytes, 60);
        QVERIFY(models[0].problem.isEmpty());
        QCOMPARE(models[1].name, QStringLiteral("b.gguf"));
        QCOMPARE(models[1].problem, QStringLiteral("Part 2 of 2 is missing from the repo."));
        QCOMPARE(models[2].name, QStringLiteral("Single.Q4_0.GGUF"));
    }

    void speedAndTimeLeftFollowRecentSamples() {
        TransferRate rate(5000);
        QCOMPARE(rate.secondsLeft(100), -1);  // no speed yet
        rate.add(0, 0);
        rate.add(1000, 1000);
        rate.add(2000, 2000);
        QCOMPARE(rate.bytesPerSecond(), 1000.0);
        QCOMPARE(rate.secondsLeft(5000), 5);
        rate.add(10'000, 2000);  // stalled for 8 s: the window forgets the fast start
        rate.add(11'000, 2000);
        QCOMPARE(rate.bytesPerSecond(), 0.0);
        QCOMPARE(rate.secondsLeft(5000), -1);
    }

    void listsTheRepoPageByPage() {
        server_->setPageSize(2);
        const QList<HubModel> models = list();
        QStringList names;
        for (const HubModel& model : models) names << model.name;
        QCOMPARE(names, (QStringList{QStringLiteral("Q8_0/tiny-Q8_0.gguf"), QStringLiteral("small-plain.gguf"),
                                     QStringLiteral("tiny-Q4_K_M.gguf")}));
        QCOMPARE(models[2].bytes, model_.size());  // the LFS object's size, not the pointer's
        QCOMPARE(models[2].parts[0].sha256,
                 QString::fromLatin1(QCryptographicHash::hash(model_, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(models[0].bytes, 700'001 + 700'002 + 700'003);
        QCOMPARE(server_->requestsFor("/tree/main").size(), 4);  // 7 entries, 2 a page
        QVERIFY(server_->requests.first().authorization.isEmpty());
    }

    void explainsMissingAndGatedRepos() {
        HubLister lister(network_);
        QSignalSpy failed(&lister, &HubLister::failed);
        lister.list(hub(), QStringLiteral("nobody/nothing"));
        QVERIFY(failed.wait(10'000));
        QCOMPARE(failed.first().value(1).toString(), QStringLiteral("There is no model repo named nobody/nothing on Hugging Face."));

        server_->requireToken(kRepo, "hf_secret");
        lister.list(hub(), kRepo);
        QVERIFY(failed.wait(10'000));
        QVERIFY(failed.last().value(1).toString().contains(QStringLiteral("gated or private")));
        QCOMPARE(list(kRepo, QStringLiteral("hf_secret")).size(), 3);
    }

    void sendsTheTokenToTheHubOnlyNotToTheCdn() {
        server_->requireToken(kRepo, "hf_secret");
        ModelDownload download(network_, hub(QStringLiteral("hf_secret")), kRepo,
                               HubModel{QStringLiteral("small-plain.gguf"), list(kRepo, QStringLiteral("hf_secret")).value(1).parts, 1000, {}},
                               folder());
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        const auto resolve = server_->requestsFor("/resolve/main/small-plain.gguf");
        const auto cdn = server_->requestsFor("/cdn/");
        QCOMPARE(resolve.size(), 1);
        QCOMPARE(resolve[0].authorization, QByteArray("Bearer hf_secret"));
        QCOMPARE(cdn.size(), 1);
        QCOMPARE(cdn[0].host, server_->cdnBase().authority().toUtf8());
        QVERIFY(cdn[0].authorization.isEmpty());
    }

    void downloadsAFileVerifiedAgainstItsChecksum() {
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder());
        QSignalSpy progressed(&download, &ModelDownload::progressed);
        download.start();
        QCOMPARE(download.state(), DownloadState::Running);
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(download.path(), folder() + QStringLiteral("/tiny-Q4_K_M.gguf"));
        QCOMPARE(readAll(download.path()), model_);
        QVERIFY(!QFile::exists(ModelDownload::partPath(download.path())));
        const auto last = progressed.last().first().value<DownloadProgress>();
        QCOMPARE(last.doneBytes, model_.size());
        QCOMPARE(last.totalBytes, model_.size());
    }

    void verifiesAFileOutsideLfsByItsGitId() {
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("small-plain.gguf")), folder());
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(readAll(download.path()), randomBytes(1000, 2));
    }

    void resumesWithARangeRequestAfterTheConnectionIsCut() {
        server_->cutNextAfter(QStringLiteral("tiny-Q4_K_M.gguf"), 1'200'000);
        DownloadOptions options;
        options.retryDelaysMs = {};  // no automatic resume: the download fails, the user resumes
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder(), options);
        download.start();
        QVERIFY(waitForState(download, DownloadState::Failed));
        QVERIFY2(download.error().contains(QStringLiteral("Resume continues from there")), qPrintable(download.error()));
        QCOMPARE(QFileInfo(ModelDownload::partPath(download.path())).size(), 1'200'000);
        QVERIFY(!QFile::exists(download.path()));  // nothing named like a model yet

        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        const auto cdn = server_->requestsFor("/cdn/");
        QCOMPARE(cdn.size(), 2);
        QVERIFY(cdn[0].range.isEmpty());
        QCOMPARE(cdn[1].range, QByteArray("bytes=1200000-"));
        QCOMPARE(readAll(download.path()), model_);
    }

    void resumesByItselfAfterACut() {
        server_->cutNextAfter(QStringLiteral("tiny-Q4_K_M.gguf"), 2'000'000);
        DownloadOptions options;
        options.retryDelaysMs = {10};
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder(), options);
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(server_->requestsFor("/cdn/").last().range, QByteArray("bytes=2000000-"));
        QCOMPARE(readAll(download.path()), model_);
    }

    void rejectsAFileThatDoesNotMatchItsChecksum() {
        const QString wrong(64, u'0');
        server_->publishSha256(kRepo, QStringLiteral("tiny-Q4_K_M.gguf"), wrong);
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder());
        download.start();
        QVERIFY(waitForState(download, DownloadState::Failed));
        QVERIFY2(download.error().contains(QStringLiteral("does not match the SHA-256")), qPrintable(download.error()));
        QVERIFY(download.error().contains(wrong));
        QVERIFY(!QFile::exists(download.path()));
        QVERIFY(!QFile::exists(ModelDownload::partPath(download.path())));
    }

    void refusesToStartWhenTheDiskIsFull() {
        DownloadOptions options;
        options.freeBytes = [](const QString&) { return qint64(1'000'000); };
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder(), options);
        download.start();
        QCOMPARE(download.state(), DownloadState::Failed);
        QCOMPARE(download.error(), QStringLiteral("Not enough free disk space for tiny-Q4_K_M.gguf: it needs 3.0 MB more "
                                                  "in %1, and only 1.0 MB is free.").arg(folder()));
        QVERIFY(server_->requestsFor("/resolve/").isEmpty());
        QVERIFY(!QFile::exists(ModelDownload::partPath(download.path())));
    }

    void downloadsASplitSetAsOneModel() {
        const HubModel model = modelNamed(QStringLiteral("Q8_0/tiny-Q8_0.gguf"));
        QCOMPARE(model.parts.size(), 3);
        const QString last = folder() + QStringLiteral("/Q8_0/tiny-Q8_0-00003-of-00003.gguf");
        server_->stallNextAfter(QStringLiteral("Q8_0/tiny-Q8_0-00003-of-00003.gguf"), 1000);
        ModelDownload download(network_, hub(), kRepo, model, folder());
        download.start();
        // Two parts verified, the last on its way: still no file named like a model.
        QVERIFY(QTest::qWaitFor([&] { return download.progress().doneBytes >= 700'001 + 700'002 + 1000; }, 20'000));
        QVERIFY(QDir(folder() + QStringLiteral("/Q8_0")).entryList({QStringLiteral("*.gguf")}, QDir::Files).isEmpty());
        download.pause();
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(download.path(), folder() + QStringLiteral("/Q8_0/tiny-Q8_0-00001-of-00003.gguf"));
        for (int part = 1; part <= 3; ++part)
            QCOMPARE(readAll(folder() + QStringLiteral("/Q8_0/tiny-Q8_0-%1-of-00003.gguf").arg(part, 5, 10, QChar(u'0'))),
                     randomBytes(700'000 + part, 10 + part));
        QCOMPARE(QDir(folder() + QStringLiteral("/Q8_0")).entryList({QStringLiteral("*.part")}, QDir::Files).size(), 0);
        QCOMPARE(download.progress().doneBytes, model.bytes);
    }

    void pausesAndResumesFromTheBytesAlreadyThere() {
        server_->stallNextAfter(QStringLiteral("tiny-Q4_K_M.gguf"), 500'000);
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder());
        download.start();
        QVERIFY(QTest::qWaitFor([&] { return download.progress().doneBytes == 500'000; }, 20'000));
        download.pause();
        QCOMPARE(download.state(), DownloadState::Paused);
        QCOMPARE(QFileInfo(ModelDownload::partPath(download.path())).size(), 500'000);
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(server_->requestsFor("/cdn/").last().range, QByteArray("bytes=500000-"));
        QCOMPARE(readAll(download.path()), model_);
    }

    void resumesAPartLeftByAnEarlierRun() {
        const QString path = folder() + QStringLiteral("/tiny-Q4_K_M.gguf");
        QDir().mkpath(folder());
        QFile part(ModelDownload::partPath(path));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(model_.left(1'000'000));
        part.close();
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder());
        download.start();
        QVERIFY(waitForState(download, DownloadState::Finished));
        QCOMPARE(server_->requestsFor("/cdn/").first().range, QByteArray("bytes=1000000-"));
        QCOMPARE(readAll(path), model_);
    }

    void cancelRemovesThePartialFile() {
        server_->stallNextAfter(QStringLiteral("tiny-Q4_K_M.gguf"), 500'000);
        ModelDownload download(network_, hub(), kRepo, modelNamed(QStringLiteral("tiny-Q4_K_M.gguf")), folder());
        download.start();
        QVERIFY(QTest::qWaitFor([&] { return download.progress().doneBytes == 500'000; }, 20'000));
        download.cancel();
        QCOMPARE(download.state(), DownloadState::Cancelled);
        QVERIFY(!QFile::exists(ModelDownload::partPath(download.path())));
        QVERIFY(!QFile::exists(download.path()));
    }
};

QTEST_GUILESS_MAIN(HubDownloadTest)
#include "hub_download_test.moc"
