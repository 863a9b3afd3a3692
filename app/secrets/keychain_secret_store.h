// SecretStore on the OS keychain through QtKeychain: Secret Service (GNOME Keyring, KWallet) on
// Linux, the Keychain on macOS, the Credential Manager on Windows. Entries live under the service
// "Ponder". Without a keychain every call fails with a message that says so.
#pragma once

#include "secrets/secret_store.h"

#include <QObject>

namespace ponder::app {

class KeychainSecretStore final : public QObject, public SecretStore {
    Q_OBJECT
  public:
    using QObject::QObject;

    void read(const QString& key, std::function<void(Result<QString>)> done) override;
    void write(const QString& key, const QString& secret, std::function<void(Status)> done) override;
    void remove(const QString& key, std::function<void(Status)> done) override;
};

} // namespace ponder::app
