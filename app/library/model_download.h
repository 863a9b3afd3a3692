// One model's download from the Hugging Face hub into a folder: every part of a split set, one after
// the other. Each part is written to "<file>.part" beside its destination and hashed as it arrives;
// after a pause, a restart or a cut connection it resumes with an HTTP Range request from the bytes
// already there. Free disk space is checked before the first byte; every part must match the SHA-256
// the hub publishes (a mismatch removes it). Only when every part is verified are they renamed to
// their model names, so no half file is ever named like a model.
#pragma once

#include "library/hub_http.h"
#include "library/hub_listing.h"
#include "library/transfer_rate.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace ponder::library {

// Bytes free for new files in `folder` (-1 when unknown): the real disk's, through QStorageInfo.
qint64 freeBytesOnDisk(const QString& folder);

struct DownloadOptions {
    std::function<qint64(const QString& folder)> freeBytes = freeBytesOnDisk;  // tests fake a full disk
    // Waits before each automatic resume after a cut connection; when they are used up the download
    // fails, and start() resumes it from the bytes already there. Progress resets the count.
    QList<int> retryDelaysMs = {1000, 5000, 15000};
};

enum class DownloadState { Idle, Running, Paused, Finished, Failed, Cancelled };

struct DownloadProgress {
    qint64 doneBytes = 0, totalBytes = 0;
    double bytesPerSecond = 0;  // over the last few seconds
    qint64 secondsLeft = -1;    // -1: not known yet
};

class ModelDownload : public QObject {
    Q_OBJECT
  public:
    // `model` of `repo` into `folder`; its parts keep their paths inside the repo below `folder`.
    ModelDownload(QNetworkAccessManager* network, HubEndpoint hub, QString repo, HubModel model, QString folder,
                  DownloadOptions options = {}, QObject* parent = nullptr);
    ~ModelDownload() override;  // stops a transfer; the .part files stay for a later resume

    void start();   // starts, or resumes after a pause or a failure
    void pause();   // stops the transfer and keeps the .part files
    void cancel();  // stops and removes the .part files

    DownloadState state() const { return state_; }
    DownloadProgress progress() const;
    QString error() const { return error_; }
    QString repo() const { return repo_; }
    const HubModel& model() const { return model_; }
    QString path() const;  // the model's file: the first part of a split set
    static QString partPath(const QString& path) { return path + QStringLiteral(".part"); }

  signals:
    // `error`: why it failed (state Failed), else empty. Values only: the receiver may be on another thread.
    void stateChanged(ponder::library::DownloadState state, const QString& error);
    void progressed(const ponder::library::DownloadProgress& progress);

  private:
    struct Part {
        HubFile file;
        QString path;           // the destination
        bool verified = false;  // its .part holds exactly the published bytes
    };
    void setState(DownloadState state);
    void fail(const QString& message);
    bool checkSpace();
    void nextPart();
    bool openPart();
    void resetHash();
    void request(const QUrl& url);
    bool acceptAnswer(QNetworkReply* reply);
    void onData(QNetworkReply* reply);
    void onFinished(QNetworkReply* reply);
    void interrupted(const QString& reason);
    void verifyPart();
    void finishAll();
    void stopTransfer();
    void reportProgress(bool force);
    Part& part() { return parts_[current_]; }

    QNetworkAccessManager* network_;
    HubEndpoint hub_;
    QString repo_, folder_, problem_;
    HubModel model_;
    DownloadOptions options_;
    QList<Part> parts_;
    int current_ = -1;
    QFile file_;  // the current part's .part file while a transfer runs
    std::unique_ptr<QCryptographicHash> hash_;
    int hashedPart_ = -1;  // the part hash_ covers, with its first hashed_ bytes
    qint64 hashed_ = 0;
    QPointer<QNetworkReply> reply_;
    bool answerChecked_ = false, answerAccepted_ = false;
    int hops_ = 0, retries_ = 0;
    quint64 generation_ = 0;  // bumped by pause and cancel: a retry timer from before does nothing
    DownloadState state_ = DownloadState::Idle;
    QString error_;
    TransferRate rate_;
    QElapsedTimer clock_;
    qint64 lastReportMs_ = 0;
};

} // namespace ponder::library
