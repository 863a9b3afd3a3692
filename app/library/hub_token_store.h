// The Hugging Face access token, kept in the OS keychain (Secret Service on Linux, the Keychain on
// macOS, the Credential Store on Windows) through a SecretStore, never in a settings file. Every
// call is asynchronous: the keychain may ask the user to unlock it.
#pragma once

#include "secrets/secret_store.h"

#include <QObject>

namespace ponder::library {

class HubTokenStore : public QObject {
    Q_OBJECT
  public:
    // `secrets` (the keychain in the app) outlives this.
    explicit HubTokenStore(app::SecretStore& secrets, QObject* parent = nullptr)
        : QObject(parent), secrets_(secrets) {}

    void read();                        // tokenRead("" when none is stored) or failed
    void write(const QString& token);   // written or failed
    void remove();                      // removed or failed

  signals:
    void tokenRead(const QString& token);
    void written();
    void removed();
    void failed(const QString& message);

  private:
    app::SecretStore& secrets_;
};

} // namespace ponder::library
