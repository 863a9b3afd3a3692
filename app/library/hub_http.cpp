#include "library/hub_http.h"

#include <QNetworkReply>

namespace ponder::library {

namespace {

QUrl underBase(const QUrl& base, const QString& path) {
    QUrl url = base;
    QString prefix = base.path();
    if (prefix.endsWith(u'/')) prefix.chop(1);
    url.setPath(prefix + u'/' + path, QUrl::DecodedMode);
    return url;
}

} // namespace

QUrl HubEndpoint::treeUrl(const QString& repo) const {
    QUrl url = underBase(base, QStringLiteral("api/models/%1/tree/main").arg(repo));
    url.setQuery(QStringLiteral("recursive=true"));
    return url;
}

QUrl HubEndpoint::fileUrl(const QString& repo, const QString& path) const {
    return underBase(base, QStringLiteral("%1/resolve/main/%2").arg(repo, path));
}

QUrl HubEndpoint::pageUrl(const QString& repo) const { return underBase(base, repo); }

QNetworkRequest hubRequest(const HubEndpoint& hub, const QUrl& url, qint64 offset) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Ponder"));
    // The body is hashed as it arrives: it must be the file's bytes, not a compressed stream.
    request.setRawHeader("Accept-Encoding", "identity");
    if (!hub.token.isEmpty() && url.scheme() == hub.base.scheme() && url.host() == hub.base.host() &&
        url.port() == hub.base.port())
        request.setRawHeader("Authorization", "Bearer " + hub.token.toUtf8());
    if (offset > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-');
    return request;
}

int httpStatus(const QNetworkReply& reply) {
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

std::optional<QUrl> redirectTarget(const QNetworkReply& reply) {
    const int status = httpStatus(reply);
    if (status < 300 || status >= 400) return std::nullopt;
    const QUrl location = reply.header(QNetworkRequest::LocationHeader).toUrl();
    if (!location.isValid() || location.isEmpty()) return std::nullopt;
    return reply.url().resolved(location);
}

} // namespace ponder::library
