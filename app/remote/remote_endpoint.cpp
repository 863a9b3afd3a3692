#include "remote/remote_endpoint.h"

#include <QCoreApplication>
#include <QUrl>

namespace ponder::app {

QString baseUrlProblem(const QString& baseUrl) {
    auto tr = [](const char* text) { return QCoreApplication::translate("RemoteEndpoints", text); };
    const QUrl url(baseUrl.trimmed(), QUrl::StrictMode);
    if (url.scheme() == QLatin1String("https"))
        return tr("Ponder speaks plain http:// only (it has no TLS library). Use the server's http:// address "
                  "on your network, or an SSH tunnel to it.");
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty())
        return tr("Enter the server's address as http://host:port/v1, for example http://127.0.0.1:8000/v1.");
    if (url.hasQuery() || url.hasFragment())
        return tr("The address takes no ?query or #fragment: http://host:port/v1.");
    return {};
}

} // namespace ponder::app
