// Lists a Hugging Face repo's GGUF models over the network: follows the tree listing's pages and
// redirects, and turns the hub's refusals into messages a user can act on. One listing at a time.
#pragma once

#include "library/hub_http.h"
#include "library/hub_listing.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace ponder::library {

class HubLister : public QObject {
    Q_OBJECT
  public:
    explicit HubLister(QNetworkAccessManager* network, QObject* parent = nullptr);
    ~HubLister() override;

    // Starts listing `repo` ("owner/name"); a listing still running is abandoned.
    void list(const HubEndpoint& hub, const QString& repo);
    void cancel();
    bool running() const { return !reply_.isNull(); }

  signals:
    void listed(const QString& repo, const QList<ponder::library::HubModel>& models);
    void failed(const QString& repo, const QString& message);

  private:
    void get(const QUrl& url);
    void onFinished(QNetworkReply* reply);
    void fail(const QString& message);
    QNetworkAccessManager* network_;
    HubEndpoint hub_;
    QString repo_;
    QList<HubFile> files_;
    QPointer<QNetworkReply> reply_;
    int hops_ = 0, pages_ = 0;
};

} // namespace ponder::library
