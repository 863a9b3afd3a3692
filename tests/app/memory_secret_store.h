// A SecretStore in memory for tests, asynchronous like a keychain; `broken` makes every call
// fail the way a missing keychain service does.
#pragma once

#include "secrets/secret_store.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace ponder::testing {

class MemorySecretStore final : public QObject, public app::SecretStore {
  public:
    QHash<QString, QString> secrets;
    bool broken = false;

    void read(const QString& key, std::function<void(Result<QString>)> done) override {
        later([this, key, done = std::move(done)] {
            done(broken ? Result<QString>(problem()) : Result<QString>(secrets.value(key)));
        });
    }
    void write(const QString& key, const QString& secret, std::function<void(Status)> done) override {
        later([this, key, secret, done = std::move(done)] {
            if (!broken)
                secrets.insert(key, secret);
            done(broken ? Status(problem()) : Status());
        });
    }
    void remove(const QString& key, std::function<void(Status)> done) override {
        later([this, key, done = std::move(done)] {
            if (!broken)
                secrets.remove(key);
            done(broken ? Status(problem()) : Status());
        });
    }

  private:
    static Error problem() { return make_error("The system keychain could not be used (no Secret Service)."); }
    void later(std::function<void()> work) { QTimer::singleShot(0, this, std::move(work)); }
};

} // namespace ponder::testing
