#include "secrets/keychain_secret_store.h"

#include <qt6keychain/keychain.h>

namespace ponder::app {

namespace {

const QString kService = QStringLiteral("Ponder");

template <class Job>
Job* makeJob(QObject* parent, const QString& key) {
    auto* job = new Job(kService, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a secret in a plain file is worse than none kept
    job->setKey(key);
    return job;
}

Error keychainProblem(const QKeychain::Job& job) {
    return make_error(QObject::tr("The system keychain could not be used (%1). Ponder keeps keys and tokens only "
                                  "there, never in plain text: start a keychain service such as GNOME Keyring "
                                  "or KWallet.")
                          .arg(job.errorString())
                          .toStdString());
}

} // namespace

void KeychainSecretStore::read(const QString& key, std::function<void(Result<QString>)> done) {
    auto* job = makeJob<QKeychain::ReadPasswordJob>(this, key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError)
            done(job->textData());
        else if (job->error() == QKeychain::EntryNotFound)
            done(QString());
        else
            done(keychainProblem(*job));
    });
    job->start();
}

void KeychainSecretStore::write(const QString& key, const QString& secret, std::function<void(Status)> done) {
    auto* job = makeJob<QKeychain::WritePasswordJob>(this, key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        done(job->error() == QKeychain::NoError ? Status{} : Status{keychainProblem(*job)});
    });
    job->start();
}

void KeychainSecretStore::remove(const QString& key, std::function<void(Status)> done) {
    auto* job = makeJob<QKeychain::DeletePasswordJob>(this, key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        const bool gone = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        done(gone ? Status{} : Status{keychainProblem(*job)});
    });
    job->start();
}

} // namespace ponder::app
