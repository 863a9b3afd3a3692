#include "hub_test_server.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrlQuery>

namespace {

void send(QTcpSocket* socket, int status, const QByteArray& reason, const QList<QByteArray>& headers,
          const QByteArray& body, qint64 contentLength = -1) {
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray& header : headers) head += header + "\r\n";
    head += "Content-Length: " + QByteArray::number(contentLength >= 0 ? contentLength : body.size()) + "\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head + body);
}

} // namespace

HubTestServer::HubTestServer() {
    serve(server_);
    serve(cdn_);
}

void HubTestServer::serve(QTcpServer& server) {
    server.listen(QHostAddress::LocalHost);
    connect(&server, &QTcpServer::newConnection, this, [this, &server] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

QUrl HubTestServer::base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort())); }
QUrl HubTestServer::cdnBase() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(cdn_.serverPort())); }

void HubTestServer::addFile(const QString& repo, const QString& path, const QByteArray& content, bool lfs) {
    File file{content, {}, {}};
    file.gitOid = QString::fromLatin1(
        QCryptographicHash::hash("blob " + QByteArray::number(content.size()) + '\0' + content, QCryptographicHash::Sha1)
            .toHex());
    if (lfs) file.sha256 = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    repos_[repo].append({path, false, file});
}

void HubTestServer::addFolder(const QString& repo, const QString& path) { repos_[repo].append({path, true, {}}); }

void HubTestServer::publishSha256(const QString& repo, const QString& path, const QString& sha256) {
    for (Entry& entry : repos_[repo])
        if (entry.path == path) entry.file.sha256 = sha256;
}

QList<HubTestServer::Request> HubTestServer::requestsFor(const QByteArray& pathPart) const {
    QList<Request> matching;
    for (const Request& request : requests)
        if (request.path.contains(pathPart)) matching.append(request);
    return matching;
}

void HubTestServer::onReadable(QTcpSocket* socket) {
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    if (!buffer.contains("\r\n\r\n")) return;
    const QList<QByteArray> lines = buffer.left(buffer.indexOf("\r\n\r\n")).split('\n');
    Request request;
    request.path = lines.value(0).split(' ').value(1);
    for (const QByteArray& raw : lines.mid(1)) {
        const QByteArray line = raw.trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower(), value = line.mid(colon + 1).trimmed();
        if (name == "host") request.host = value;
        if (name == "range") request.range = value;
        if (name == "authorization") request.authorization = value;
    }
    requests.append(request);
    answer(socket, request);
}

void HubTestServer::answer(QTcpSocket* socket, const Request& request) {
    const QUrl url(QString::fromUtf8(request.path));
    const QString path = url.path();
    // /api/models/<owner>/<name>/tree/main, /<owner>/<name>/resolve/main/<file>, /cdn/<owner>/<name>/<file>
    QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    const bool tree = parts.value(0) == QStringLiteral("api") && parts.value(4) == QStringLiteral("tree");
    const bool cdn = parts.value(0) == QStringLiteral("cdn");
    if (tree || cdn) parts = parts.mid(tree ? 2 : 1);
    const QString repo = parts.mid(0, 2).join(u'/');
    if (!repos_.contains(repo)) return send(socket, 404, "Not Found", {}, "{\"error\":\"Repository not found\"}");
    const bool onHub = !cdn;
    if (onHub && tokens_.contains(repo) && request.authorization != "Bearer " + tokens_[repo])
        return send(socket, 401, "Unauthorized", {}, "{\"error\":\"Access to this repo is restricted\"}");
    if (tree) return answerTree(socket, repo, QUrlQuery(url).queryItemValue(QStringLiteral("cursor")).toInt());
    if (cdn) return answerFile(socket, request, repo, parts.mid(2).join(u'/'));
    if (parts.value(2) == QStringLiteral("resolve")) {
        // The hub sends files from its CDN, another origin.
        QUrl target = cdnBase();
        target.setPath(QStringLiteral("/cdn/%1/%2").arg(repo, parts.mid(4).join(u'/')));
        return send(socket, 302, "Found", {"Location: " + target.toEncoded()}, {});
    }
    send(socket, 404, "Not Found", {}, {});
}

void HubTestServer::answerTree(QTcpSocket* socket, const QString& repo, int cursor) {
    const QList<Entry>& entries = repos_[repo];
    QJsonArray page;
    for (int i = cursor; i < entries.size() && i < cursor + pageSize_; ++i) {
        const Entry& entry = entries[i];
        QJsonObject item{{QStringLiteral("type"), entry.folder ? QStringLiteral("directory") : QStringLiteral("file")},
                         {QStringLiteral("path"), entry.path},
                         {QStringLiteral("oid"), entry.folder ? QStringLiteral("0123") : entry.file.gitOid},
                         {QStringLiteral("size"), entry.folder ? 0 : qint64(entry.file.content.size())}};
        if (!entry.file.sha256.isEmpty()) {
            item[QStringLiteral("size")] = 135;  // the pointer file's size; the LFS object's is below
            item[QStringLiteral("lfs")] = QJsonObject{{QStringLiteral("oid"), entry.file.sha256},
                                                      {QStringLiteral("size"), qint64(entry.file.content.size())},
                                                      {QStringLiteral("pointerSize"), 135}};
        }
        page.append(item);
    }
    QList<QByteArray> headers{"Content-Type: application/json"};
    if (cursor + pageSize_ < entries.size()) {
        QUrl next = base();
        next.setPath(QStringLiteral("/api/models/%1/tree/main").arg(repo));
        next.setQuery(QStringLiteral("recursive=true&cursor=%1").arg(cursor + pageSize_));
        headers.append("Link: <" + next.toEncoded() + ">; rel=\"next\"");
    }
    send(socket, 200, "OK", headers, QJsonDocument(page).toJson(QJsonDocument::Compact));
}

void HubTestServer::answerFile(QTcpSocket* socket, const Request& request, const QString& repo, const QString& path) {
    const Entry* entry = nullptr;
    for (const Entry& candidate : repos_[repo])
        if (candidate.path == path && !candidate.folder) entry = &candidate;
    if (!entry) return send(socket, 404, "Not Found", {}, {});
    const QByteArray& content = entry->file.content;
    qint64 from = 0;
    if (request.range.startsWith("bytes=")) from = request.range.mid(6, request.range.indexOf('-') - 6).toLongLong();
    if (from >= content.size())
        return send(socket, 416, "Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(content.size())}, {});
    QList<QByteArray> headers{"Content-Type: application/octet-stream"};
    if (from > 0)
        headers.append("Content-Range: bytes " + QByteArray::number(from) + '-' + QByteArray::number(content.size() - 1) +
                       '/' + QByteArray::number(content.size()));
    const QByteArray body = content.mid(from);
    const int status = from > 0 ? 206 : 200;
    const QByteArray reason = from > 0 ? "Partial Content" : "OK";
    if (cuts_.contains(path)) {
        send(socket, status, reason, headers, body.left(cuts_.take(path) - from), body.size());
        socket->disconnectFromHost();
    } else if (stalls_.contains(path)) {
        send(socket, status, reason, headers, body.left(stalls_.take(path) - from), body.size());
    } else {
        send(socket, status, reason, headers, body);
        socket->disconnectFromHost();
    }
}
