#include "library/hub_lister.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace ponder::library {

namespace {

// A repo with more pages than this is not a model repo worth listing (the hub pages by 1,000 files).
constexpr int kMaxPages = 50;

} // namespace

HubLister::HubLister(QNetworkAccessManager* network, QObject* parent) : QObject(parent), network_(network) {}

HubLister::~HubLister() { cancel(); }

void HubLister::list(const HubEndpoint& hub, const QString& repo) {
    cancel();
    hub_ = hub;
    repo_ = repo;
    files_.clear();
    hops_ = pages_ = 0;
    get(hub_.treeUrl(repo));
}

void HubLister::cancel() {
    if (QNetworkReply* reply = reply_.data()) {
        reply_ = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void HubLister::get(const QUrl& url) {
    QNetworkReply* reply = network_->get(hubRequest(hub_, url));
    reply_ = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void HubLister::fail(const QString& message) { emit failed(repo_, message); }

void HubLister::onFinished(QNetworkReply* reply) {
    reply->deleteLater();
    if (reply != reply_) return;
    reply_ = nullptr;
    if (auto target = redirectTarget(*reply)) {  // a renamed repo redirects to its new name
        if (++hops_ > kMaxRedirects) return fail(tr("The hub redirected %1 too many times.").arg(repo_));
        return get(*target);
    }
    const int status = httpStatus(*reply);
    if (status == 401 || status == 403)
        return fail(hub_.token.isEmpty()
                        ? tr("%1 is gated or private: accept its terms at %2 and add an access token.")
                              .arg(repo_, hub_.pageUrl(repo_).toString())
                        : tr("The hub refused the access token for %1: check that it may read this repo and that its "
                             "terms are accepted at %2.")
                              .arg(repo_, hub_.pageUrl(repo_).toString()));
    if (status == 404) return fail(tr("There is no model repo named %1 on Hugging Face.").arg(repo_));
    if (status >= 400 || reply->error() != QNetworkReply::NoError)
        return fail(status >= 400 ? tr("The hub answered HTTP %1 while listing %2.").arg(status).arg(repo_)
                                  : tr("The hub could not be reached: %1").arg(reply->errorString()));
    auto page = parseTreePage(reply->readAll());
    if (!page) return fail(QString::fromStdString(page.error().message));
    files_ += *page;
    const QUrl next = nextPageUrl(reply->rawHeader("Link"));
    if (!next.isEmpty()) {
        if (++pages_ >= kMaxPages) return fail(tr("%1 has too many files to list.").arg(repo_));
        hops_ = 0;
        return get(reply->url().resolved(next));
    }
    emit listed(repo_, ggufModels(files_));
}

} // namespace ponder::library
