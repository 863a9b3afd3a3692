// Requests to the Hugging Face hub: its addresses (the base is configurable, a loopback server in
// tests), the optional access token, and redirects. Files redirect from the hub to a CDN on
// another host; redirects are followed by the caller, one hop at a time, so the token goes to the
// hub's own host only and a Range header survives every hop.
#pragma once

#include <QNetworkRequest>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace ponder::library {

struct HubEndpoint {
    QUrl base = QUrl(QStringLiteral("https://huggingface.co"));
    QString token;  // empty: anonymous; otherwise sent as "Authorization: Bearer" to base's host only

    QUrl treeUrl(const QString& repo) const;                      // {base}/api/models/{repo}/tree/main?recursive=true
    QUrl fileUrl(const QString& repo, const QString& path) const; // {base}/{repo}/resolve/main/{path}
    QUrl pageUrl(const QString& repo) const;                      // {base}/{repo}: where gated terms are accepted
};

// At most this many redirects are followed for one request.
inline constexpr int kMaxRedirects = 10;

// A GET of `url`: no automatic redirects, the token when `url` is on the hub's host, and
// "Range: bytes=<offset>-" when `offset` > 0.
QNetworkRequest hubRequest(const HubEndpoint& hub, const QUrl& url, qint64 offset = 0);

// The HTTP status of `reply` (0 before the headers arrived or without an answer).
int httpStatus(const QNetworkReply& reply);
// Where a 3xx answer points, resolved against the request's URL; nullopt for any other answer.
std::optional<QUrl> redirectTarget(const QNetworkReply& reply);

} // namespace ponder::library
