// Where secrets are kept (remote servers' API keys, the Hugging Face token): the OS keychain in
// the app (KeychainSecretStore), memory in tests.
// Asynchronous, as keychains are (one may first ask the user to unlock it): `done` runs later, on
// the calling thread. A store that cannot keep a secret says so; it never falls back to plain text.
#pragma once

#include "error.h"

#include <QString>

#include <functional>

namespace ponder::app {

class SecretStore {
  public:
    virtual ~SecretStore() = default;
    // The secret under `key`, "" when none is stored.
    virtual void read(const QString& key, std::function<void(Result<QString>)> done) = 0;
    virtual void write(const QString& key, const QString& secret, std::function<void(Status)> done) = 0;
    // Removing what is not there succeeds.
    virtual void remove(const QString& key, std::function<void(Status)> done) = 0;
};

} // namespace ponder::app
