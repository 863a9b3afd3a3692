// One Ponder per data directory. Two processes writing one history corrupt each other's view
// (and the second would mark the first one's streaming reply 'interrupted' at startup), so the
// first process takes <data-dir>/ponder.lock and listens on a local socket named after the
// directory; a later launch hands its request (--model, --new-chat, ...) over and exits.
// A lock left by a crashed process is taken over (QLockFile checks whether its owner still lives).
#pragma once

#include "error.h"

#include <QByteArray>
#include <QLocalServer>
#include <QLockFile>
#include <QObject>

namespace ponder::app {

class SingleInstance : public QObject {
    Q_OBJECT

  public:
    explicit SingleInstance(const QString& dataDir, QObject* parent = nullptr);

    // true: this process now owns the data directory and listens for later launches.
    // false: a running Ponder owns it and has received `request`; this process should exit.
    // An error when neither is possible within `timeoutMs` (say, the owner hangs).
    Result<bool> claimOrHandOver(const QByteArray& request, int timeoutMs = 10'000);

    QString lockPath() const { return lock_.fileName(); }
    QString socketPath() const { return socketPath_; }

  signals:
    // A later launch's request, as it sent it.
    void requestReceived(const QByteArray& request);

  private:
    Status listen();
    bool handOver(const QByteArray& request, int timeoutMs) const;
    void serve();

    QString dataDir_, socketPath_;
    QLockFile lock_;
    QLocalServer server_;
};

// The socket a data directory's instance listens on: in the user's runtime directory, named by a
// hash of the directory's canonical path (socket paths are short; data paths need not be).
QString instanceSocketPath(const QString& dataDir);

} // namespace ponder::app
