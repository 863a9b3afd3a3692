#include "library/hub_token_store.h"

#include <qt6keychain/keychain.h>

namespace ponder::library {

namespace {

const QString kService = QStringLiteral("Ponder");
const QString kKey = QStringLiteral("huggingface-token");

template <class Job>
Job* makeJob(QObject* parent) {
    auto* job = new Job(kService, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);  // a token in a plain file is worse than none kept
    job->setKey(kKey);
    return job;
}

QString keychainProblem(const QKeychain::Job& job) {
    return QObject::tr("The system keychain could not be used (%1).").arg(job.errorString());
}

} // namespace

void HubTokenStore::read() {
    auto* job = makeJob<QKeychain::ReadPasswordJob>(this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError) emit tokenRead(job->textData());
        else if (job->error() == QKeychain::EntryNotFound) emit tokenRead({});
        else emit failed(keychainProblem(*job));
    });
    job->start();
}

void HubTokenStore::write(const QString& token) {
    auto* job = makeJob<QKeychain::WritePasswordJob>(this);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError) emit written();
        else emit failed(keychainProblem(*job));
    });
    job->start();
}

void HubTokenStore::remove() {
    auto* job = makeJob<QKeychain::DeletePasswordJob>(this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) emit removed();
        else emit failed(keychainProblem(*job));
    });
    job->start();
}

} // namespace ponder::library
