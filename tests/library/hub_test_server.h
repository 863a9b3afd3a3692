// A loopback stand-in for the Hugging Face hub, for the download tests: the tree listing in the
// hub's JSON shape (paged by a Link header), /resolve/ answering with a redirect to a "CDN" of another
// origin (a second port on 127.0.0.1: no name lookup, which a CI sandbox may not answer for "localhost")
// and the files there with Range support. It can refuse
// repos without a token, publish a wrong checksum, cut a connection or stall mid-file, and records
// every request it saw.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

class HubTestServer : public QObject {
    Q_OBJECT
  public:
    struct Request {
        QByteArray host, path, range, authorization;
    };
    struct File {
        QByteArray content;
        QString sha256;  // published LFS oid; empty: a plain git file
        QString gitOid;
    };

    HubTestServer();
    QUrl base() const;     // the hub: http://127.0.0.1:<port>
    QUrl cdnBase() const;  // the CDN the hub redirects files to: http://127.0.0.1:<another port>

    // Publishes `path` in `repo` with its true checksum (an LFS file, or a plain git one).
    void addFile(const QString& repo, const QString& path, const QByteArray& content, bool lfs = true);
    void addFolder(const QString& repo, const QString& path);
    void publishSha256(const QString& repo, const QString& path, const QString& sha256);
    // Only requests that carry "Authorization: Bearer <token>" may list or fetch `repo`.
    void requireToken(const QString& repo, const QByteArray& token) { tokens_[repo] = token; }
    // The next answer with `path`'s bytes sends `bytes` of them, then closes the connection (cut) or
    // keeps it open without sending more (stall).
    void cutNextAfter(const QString& path, qint64 bytes) { cuts_[path] = bytes; }
    void stallNextAfter(const QString& path, qint64 bytes) { stalls_[path] = bytes; }
    void setPageSize(int entries) { pageSize_ = entries; }

    QList<Request> requests;
    QList<Request> requestsFor(const QByteArray& pathPart) const;

  private:
    struct Entry {
        QString path;
        bool folder = false;
        File file;
    };
    void onReadable(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const Request& request);
    void answerTree(QTcpSocket* socket, const QString& repo, int cursor);
    void answerFile(QTcpSocket* socket, const Request& request, const QString& repo, const QString& path);
    void serve(QTcpServer& server);
    QTcpServer server_, cdn_;
    QHash<QString, QList<Entry>> repos_;
    QHash<QString, QByteArray> tokens_;
    QHash<QString, qint64> cuts_, stalls_;
    int pageSize_ = 1000;
};
