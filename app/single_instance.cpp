#include "single_instance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QPointer>
#include <QStandardPaths>
#include <QThread>

namespace ponder::app {

namespace {
constexpr auto kLockFile = "ponder.lock";
constexpr char kAck[] = "ok\n";
constexpr int kRetryMs = 100;
} // namespace

QString instanceSocketPath(const QString& dataDir) {
    QFileInfo info(dataDir);
    const QString canonical = info.canonicalFilePath().isEmpty() ? info.absoluteFilePath()
                                                                 : info.canonicalFilePath();
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex();
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return QDir(dir).filePath(QStringLiteral("ponder-%1.socket").arg(QString::fromLatin1(hash.left(16))));
}

SingleInstance::SingleInstance(const QString& dataDir, QObject* parent)
    : QObject(parent), dataDir_(dataDir), socketPath_(instanceSocketPath(dataDir)),
      lock_(QDir(dataDir).filePath(QLatin1String(kLockFile))) {
    lock_.setStaleLockTime(0); // stale only when its owner is gone, however old it is
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&server_, &QLocalServer::newConnection, this, &SingleInstance::serve);
}

Result<bool> SingleInstance::claimOrHandOver(const QByteArray& request, int timeoutMs) {
    if (!QDir().mkpath(dataDir_))
        return make_error("Cannot create the data directory " + dataDir_.toStdString() +
                          "; check its permissions.");
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        // tryLock removes a lock whose process has died (a crash, kill -9) and takes it.
        if (lock_.tryLock(0)) {
            PONDER_TRY(listen());
            return true;
        }
        if (lock_.error() != QLockFile::LockFailedError)
            return make_error("Cannot create the lock file " + lock_.fileName().toStdString() +
                              "; check the data directory's permissions.");
        // Someone alive holds it: it listens as soon as it has the lock, so retry briefly.
        if (handOver(request, int(qMax<qint64>(deadline.remainingTime(), 1))))
            return false;
        if (deadline.hasExpired()) {
            qint64 pid = 0;
            QString host, app;
            lock_.getLockInfo(&pid, &host, &app);
            return make_error("Another Ponder (process " + std::to_string(pid) + ") is using " +
                              dataDir_.toStdString() + " but does not answer. Close it, or choose "
                              "another directory with --data-dir.");
        }
        QThread::msleep(kRetryMs);
    }
}

Status SingleInstance::listen() {
    // A socket left by a crashed owner would block listen(); the lock says nobody else uses it.
    QLocalServer::removeServer(socketPath_);
    if (!server_.listen(socketPath_))
        return make_error("Cannot listen on " + socketPath_.toStdString() + ": " +
                          server_.errorString().toStdString());
    return {};
}

bool SingleInstance::handOver(const QByteArray& request, int timeoutMs) const {
    QLocalSocket socket;
    socket.connectToServer(socketPath_);
    if (!socket.waitForConnected(qMin(timeoutMs, 1000)))
        return false;
    socket.write(request.trimmed() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    QByteArray answer;
    while (!answer.endsWith('\n') && socket.waitForReadyRead(timeoutMs))
        answer += socket.readAll();
    return answer == kAck;
}

// One request per connection: a line of bytes, answered "ok" once it has been passed on.
void SingleInstance::serve() {
    while (QLocalSocket* socket = server_.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket = QPointer<QLocalSocket>(socket)] {
            if (!socket || !socket->canReadLine())
                return;
            const QByteArray request = socket->readLine().trimmed();
            socket->write(kAck);
            socket->flush();
            socket->disconnectFromServer();
            emit requestReceived(request);
        });
    }
}

} // namespace ponder::app
