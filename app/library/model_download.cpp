#include "library/model_download.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTimer>

namespace ponder::library {

namespace {

QString bytesText(qint64 bytes) { return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat); }

// A path from the hub stays below the download folder: relative, without "..".
bool isSafeRepoPath(const QString& path) {
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(u'\\') || path.contains(u':')) return false;
    for (const QString& segment : path.split(u'/'))
        if (segment.isEmpty() || segment == QStringLiteral(".") || segment == QStringLiteral("..")) return false;
    return true;
}

qint64 fileSize(const QString& path) {
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

// The start of a "Content-Range: bytes 100-199/200" answer; -1 when absent or malformed.
qint64 contentRangeStart(const QByteArray& header) {
    static const QRegularExpression range(QStringLiteral(R"(^\s*bytes\s+(\d+)-)"));
    const QRegularExpressionMatch match = range.match(QString::fromLatin1(header));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

qint64 freeBytesOnDisk(const QString& folder) {
    const QStorageInfo storage(folder);
    return storage.isValid() ? storage.bytesAvailable() : -1;
}

ModelDownload::ModelDownload(QNetworkAccessManager* network, HubEndpoint hub, QString repo, HubModel model,
                             QString folder, DownloadOptions options, QObject* parent)
    : QObject(parent), network_(network), hub_(std::move(hub)), repo_(std::move(repo)), folder_(std::move(folder)),
      problem_(model.problem), model_(std::move(model)), options_(std::move(options)) {
    for (const HubFile& file : model_.parts) {
        if (!isSafeRepoPath(file.path)) problem_ = tr("The hub named a file outside the repo: %1").arg(file.path);
        parts_.append({file, folder_ + u'/' + file.path, false});
    }
    if (parts_.isEmpty()) problem_ = tr("%1 has no files to download.").arg(model_.name);
}

ModelDownload::~ModelDownload() { stopTransfer(); }

QString ModelDownload::path() const { return parts_.isEmpty() ? QString() : parts_.first().path; }

DownloadProgress ModelDownload::progress() const {
    DownloadProgress progress;
    progress.totalBytes = model_.bytes;
    for (int i = 0; i < parts_.size(); ++i)
        if (parts_[i].verified || state_ == DownloadState::Finished) progress.doneBytes += parts_[i].file.size;
        else if (i == hashedPart_) progress.doneBytes += hashed_;
    if (state_ == DownloadState::Running) {
        progress.bytesPerSecond = rate_.bytesPerSecond();
        progress.secondsLeft = rate_.secondsLeft(progress.totalBytes - progress.doneBytes);
    }
    return progress;
}

void ModelDownload::setState(DownloadState state) {
    if (state == state_) return;
    state_ = state;
    emit stateChanged(state, error_);
}

void ModelDownload::fail(const QString& message) {
    stopTransfer();
    error_ = message;
    setState(DownloadState::Failed);
}

void ModelDownload::start() {
    if (state_ == DownloadState::Running || state_ == DownloadState::Finished) return;
    error_.clear();
    ++generation_;
    retries_ = 0;
    rate_.reset();
    clock_.start();
    setState(DownloadState::Running);
    if (!problem_.isEmpty()) return fail(problem_);
    if (!checkSpace()) return;
    nextPart();
}

void ModelDownload::pause() {
    if (state_ != DownloadState::Running) return;
    stopTransfer();
    ++generation_;
    setState(DownloadState::Paused);
    reportProgress(true);
}

void ModelDownload::cancel() {
    if (state_ == DownloadState::Finished || state_ == DownloadState::Cancelled) return;
    stopTransfer();
    ++generation_;
    for (Part& part : parts_) {
        QFile::remove(partPath(part.path));
        part.verified = false;
    }
    hashedPart_ = -1;
    hashed_ = 0;
    setState(DownloadState::Cancelled);
}

void ModelDownload::stopTransfer() {
    if (QNetworkReply* reply = reply_.data()) {
        reply_ = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    file_.close();
}

bool ModelDownload::checkSpace() {
    if (!QDir().mkpath(folder_)) {
        fail(tr("The folder %1 cannot be created, so %2 cannot be downloaded there.").arg(folder_, model_.name));
        return false;
    }
    qint64 needed = 0;
    for (const Part& part : parts_)
        if (!part.verified) needed += std::max<qint64>(0, part.file.size - fileSize(partPath(part.path)));
    const qint64 free = options_.freeBytes(folder_);
    if (free >= 0 && free < needed) {
        fail(tr("Not enough free disk space for %1: it needs %2 more in %3, and only %4 is free.")
                 .arg(model_.name, bytesText(needed), folder_, bytesText(free)));
        return false;
    }
    return true;
}

void ModelDownload::nextPart() {
    current_ = -1;
    for (int i = 0; i < parts_.size() && current_ < 0; ++i)
        if (!parts_[i].verified) current_ = i;
    if (current_ < 0) return finishAll();
    if (!openPart()) return;
    if (hashed_ == part().file.size) return verifyPart();  // complete from an earlier run
    hops_ = 0;
    request(hub_.fileUrl(repo_, part().file.path));
}

bool ModelDownload::openPart() {
    QDir().mkpath(QFileInfo(part().path).absolutePath());
    file_.setFileName(partPath(part().path));
    if (!file_.open(QIODevice::ReadWrite)) {
        fail(tr("%1 cannot be written: %2").arg(file_.fileName(), file_.errorString()));
        return false;
    }
    if (file_.size() > part().file.size) file_.resize(0);  // not this file: start over
    // Pick up the hash where it stopped; after a restart, hash what the .part already holds.
    if (hashedPart_ != current_ || hashed_ != file_.size()) {
        resetHash();
        file_.seek(0);
        if (!hash_->addData(&file_)) {
            fail(tr("%1 cannot be read: %2").arg(file_.fileName(), file_.errorString()));
            return false;
        }
        hashed_ = file_.size();
    }
    file_.seek(file_.size());
    reportProgress(true);
    return true;
}

void ModelDownload::resetHash() {
    const HubFile& file = part().file;
    hash_ = std::make_unique<QCryptographicHash>(file.sha256.isEmpty() ? QCryptographicHash::Sha1
                                                                       : QCryptographicHash::Sha256);
    if (file.sha256.isEmpty()) hash_->addData("blob " + QByteArray::number(file.size) + '\0');  // git's blob id
    hashedPart_ = current_;
    hashed_ = 0;
}

void ModelDownload::request(const QUrl& url) {
    QNetworkRequest request = hubRequest(hub_, url, hashed_);
    request.setTransferTimeout(60'000);  // a stalled connection counts as cut, and resumes
    QNetworkReply* reply = network_->get(request);
    reply_ = reply;
    answerChecked_ = answerAccepted_ = false;
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onData(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

// Whether the answer's body is this part's bytes from hashed_ on; a redirect or an error is not.
bool ModelDownload::acceptAnswer(QNetworkReply* reply) {
    answerChecked_ = true;
    const int status = httpStatus(*reply);
    if (status == 200 && hashed_ > 0) {  // the server ignored the Range: take the whole file again
        file_.resize(0);
        file_.seek(0);
        resetHash();
    } else if (status == 206 && contentRangeStart(reply->rawHeader("Content-Range")) != hashed_) {
        fail(tr("The server resumed %1 at the wrong place; try again.").arg(part().file.path));
        return false;
    }
    answerAccepted_ = status == 200 || status == 206;
    return true;
}

void ModelDownload::onData(QNetworkReply* reply) {
    if (reply != reply_) return;
    if (!answerChecked_ && !acceptAnswer(reply)) return;
    const QByteArray bytes = reply->readAll();
    if (!answerAccepted_ || bytes.isEmpty()) return;
    if (hashed_ + bytes.size() > part().file.size) {
        QFile::remove(partPath(part().path));
        resetHash();
        return fail(tr("The hub sent more of %1 than its listing says it holds; the partial file was removed.")
                        .arg(part().file.path));
    }
    if (file_.write(bytes) != bytes.size())
        return fail(tr("Writing %1 failed: %2. Free some disk space and resume.").arg(file_.fileName(), file_.errorString()));
    hash_->addData(bytes);
    hashed_ += bytes.size();
    retries_ = 0;  // it moves again: a later cut gets the retries afresh
    reportProgress(false);
}

void ModelDownload::onFinished(QNetworkReply* reply) {
    reply->deleteLater();
    if (reply != reply_ || state_ != DownloadState::Running) return;
    onData(reply);  // what is still buffered
    if (state_ != DownloadState::Running) return;
    reply_ = nullptr;
    if (auto target = redirectTarget(*reply)) {
        if (++hops_ > kMaxRedirects) return fail(tr("The hub redirected %1 too many times.").arg(part().file.path));
        return request(*target);
    }
    const int status = httpStatus(*reply);
    const QString name = part().file.path;
    if (status == 401 || status == 403)
        return fail(hub_.token.isEmpty()
                        ? tr("%1 is gated or private: accept its terms at %2 and add an access token.")
                              .arg(repo_, hub_.pageUrl(repo_).toString())
                        : tr("The hub refused the access token for %1.").arg(repo_));
    if (status == 404) return fail(tr("%1 is no longer in %2: list the repo again.").arg(name, repo_));
    if (status == 416) return fail(tr("The hub's copy of %1 is shorter than its listing says.").arg(name));
    if (status >= 400) return fail(tr("The hub answered HTTP %1 for %2.").arg(status).arg(name));
    if (reply->error() != QNetworkReply::NoError) return interrupted(reply->errorString());
    if (hashed_ < part().file.size) return interrupted(tr("the connection closed early"));
    verifyPart();
}

void ModelDownload::interrupted(const QString& reason) {
    file_.flush();
    if (retries_ < options_.retryDelaysMs.size()) {
        const int delay = options_.retryDelaysMs[retries_++];
        QTimer::singleShot(delay, this, [this, generation = generation_] {
            if (generation != generation_ || state_ != DownloadState::Running) return;
            hops_ = 0;
            request(hub_.fileUrl(repo_, part().file.path));
        });
        return;
    }
    fail(tr("The connection was lost at %1 of %2 (%3). Resume continues from there.")
             .arg(bytesText(progress().doneBytes), bytesText(model_.bytes), reason));
}

void ModelDownload::verifyPart() {
    file_.close();
    const HubFile& file = part().file;
    const QString expected = file.sha256.isEmpty() ? file.gitOid : file.sha256;
    const QString actual = QString::fromLatin1(hash_->result().toHex());
    if (expected.isEmpty() || actual != expected) {
        QFile::remove(partPath(part().path));
        hashedPart_ = -1;
        hashed_ = 0;
        return fail(expected.isEmpty()
                        ? tr("The hub publishes no checksum for %1, so it cannot be verified; it was removed.").arg(file.path)
                        : tr("%1 does not match the SHA-256 the hub publishes (%2, got %3); the download was removed. "
                             "Try again.")
                              .arg(file.path, expected, actual));
    }
    part().verified = true;
    nextPart();
}

void ModelDownload::finishAll() {
    for (const Part& part : parts_) {
        QFile::remove(part.path);  // an older copy under the same name
        if (!QFile::rename(partPath(part.path), part.path))
            return fail(tr("%1 cannot be renamed to %2.").arg(partPath(part.path), part.path));
    }
    reportProgress(true);  // before the state: a receiver that acts on Finished sees the whole
    setState(DownloadState::Finished);
}

void ModelDownload::reportProgress(bool force) {
    const qint64 now = clock_.isValid() ? clock_.elapsed() : 0;
    const DownloadProgress current = progress();
    rate_.add(now, current.doneBytes);
    if (!force && now - lastReportMs_ < 100) return;
    lastReportMs_ = now;
    emit progressed(progress());
}

} // namespace ponder::library
