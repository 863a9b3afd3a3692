// The Library page's Download tab: lists a Hugging Face repo's GGUF models with their sizes and a
// fit verdict, downloads the chosen ones into Ponder's models folder (<models>/<owner>/<repo>/) and
// has the library scan again when one is done; keeps the optional access token in the OS keychain.
// Nothing touches the network until the user lists a repo or starts a download. Transfers and
// their hashing run on a worker thread; only value-carrying queued signals cross, and the list
// models change on the GUI thread.
#pragma once

#include "library/download_list_model.h"
#include "library/hub_lister.h"
#include "library/hub_model_list_model.h"
#include "library/hub_token_store.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QtQml/qqmlregistration.h>

class QNetworkAccessManager;
class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class LibraryController;

class DownloadController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(HubModelListModel* files READ files CONSTANT)
    Q_PROPERTY(DownloadListModel* downloads READ downloads CONSTANT)
    Q_PROPERTY(bool listing READ listing NOTIFY listingChanged)
    Q_PROPERTY(QString repo READ repo NOTIFY listingChanged)
    Q_PROPERTY(QString listProblem READ listProblem NOTIFY listingChanged)
    Q_PROPERTY(bool hasToken READ hasToken NOTIFY tokenChanged)

  public:
    // `modelsFolder`: Ponder's own models folder; `tokens`: the keychain (null: the token is kept
    // for this session only); `library`: scanned again when a download is done (may be null).
    DownloadController(QString modelsFolder, library::HubEndpoint hub, library::HubTokenStore* tokens,
                       LibraryController* library, library::DownloadOptions options = {}, QObject* parent = nullptr);
    ~DownloadController() override;  // stops the transfers; their .part files stay for a later resume
    static DownloadController* create(QQmlEngine*, QJSEngine*);
    static void setInstance(DownloadController* instance);

    HubModelListModel* files() { return &files_; }
    DownloadListModel* downloads() { return &downloads_; }
    bool listing() const { return listing_; }
    QString repo() const { return repo_; }
    QString listProblem() const { return listProblem_; }
    bool hasToken() const { return !hub_.token.isEmpty(); }

    // Lists the GGUF models of the repo `text` names (a repo id or a huggingface.co address; one
    // naming a file that is not a GGUF model of the repo sets listProblem).
    Q_INVOKABLE void list(const QString& text);
    // Lists the repo `text` names and, when it names one file of it, downloads that model
    // (`ponder --download owner/repo/file.gguf`).
    void fetch(const QString& text);
    // Downloads the listed model in row `row` of files().
    Q_INVOKABLE void download(int row);
    Q_INVOKABLE void pause(int downloadId);
    Q_INVOKABLE void resume(int downloadId);
    Q_INVOKABLE void cancel(int downloadId);
    // Takes a finished, failed or cancelled download off the list.
    Q_INVOKABLE void dismiss(int downloadId);
    Q_INVOKABLE void saveToken(const QString& token);
    Q_INVOKABLE void forgetToken();

  signals:
    void listingChanged();
    void tokenChanged();
    void notice(const QString& message);
    void downloaded(const QString& path);

  private:
    void startListing();
    void onListed(const QString& repo, const QList<library::HubModel>& models);
    void onStateChanged(int id, library::DownloadState state, const QString& error);
    QString folderOf(const QString& repo) const;
    void onTransfer(int id, const std::function<void(library::ModelDownload*)>& call);

    QString modelsFolder_;
    library::HubEndpoint hub_;
    library::HubTokenStore* tokens_;
    LibraryController* library_;
    library::DownloadOptions options_;
    bool tokenRead_ = false;
    bool downloadWhenListed_ = false;
    QNetworkAccessManager* listingNetwork_;  // GUI thread: listings are small
    library::HubLister lister_;
    QString wantedRepo_, wantedFile_;
    bool listing_ = false;
    QString repo_, listProblem_;
    HubModelListModel files_;
    DownloadListModel downloads_;
    QThread transferThread_;
    QNetworkAccessManager* transferNetwork_ = nullptr;  // lives on transferThread_
    QHash<int, library::ModelDownload*> transfers_;     // live on transferThread_: reached by queued calls
    int nextId_ = 1;
};

} // namespace ponder::app
