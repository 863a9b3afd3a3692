// One OpenAI-compatible server the user added in Settings → Remote servers. Its API key is not
// here: it lives in the SecretStore (the OS keychain), under secretKey(id).
#pragma once

#include <QString>

namespace ponder::app {

struct RemoteEndpoint {
    QString id;      // stable across renames; conversations remember it
    QString name;    // the user's name for it ("GPU box")
    QString baseUrl; // "http://gpu-box:8000/v1"
    bool hasKey = false; // a key was stored in the keychain for it
};

inline QString secretKeyFor(const QString& endpointId) {
    return QStringLiteral("remote-server/") + endpointId;
}

// Why `baseUrl` cannot be used as a server address, in plain words ("" when it can).
QString baseUrlProblem(const QString& baseUrl);

} // namespace ponder::app
