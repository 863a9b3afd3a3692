// Settings → Remote servers: the OpenAI-compatible servers the user added (vLLM, SGLang, llama.cpp's
// server, Ollama, another Ponder), as a list model for QML. Names and addresses are kept in
// QSettings, API keys only in the SecretStore (the OS keychain). A server's models are read from its
// /v1/models when the user asks (listModels), on a pool thread: Ponder contacts no server by itself.
#pragma once

#include "chat/engine_api.h"
#include "remote/remote_endpoint.h"
#include "secrets/secret_store.h"

#include <QAbstractListModel>
#include <QSettings>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QQmlEngine;
class QJSEngine;

namespace ponder::app {

class RemoteEndpoints : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // The last thing that went wrong (a refused address, the keychain), "" when the last action worked.
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)

  public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        BaseUrlRole,
        HasKeyRole,
        ModelsRole,       // QStringList: what /v1/models listed, when the user asked
        ModelsStatusRole, // "Asking the server…", why the list could not be read, or ""
    };
    Q_ENUM(Role)

    // `engine.remoteModels` reads the model lists; `secrets` (not owned) keeps the keys.
    RemoteEndpoints(EngineApi engine, SecretStore* secrets, QObject* parent = nullptr);
    ~RemoteEndpoints() override;
    static RemoteEndpoints* create(QQmlEngine*, QJSEngine*);
    static void setInstance(RemoteEndpoints* instance);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return int(endpoints_.size()); }
    QString problem() const { return problem_; }

    // False (and `problem` says why) when the name or address cannot be used. A key goes to the
    // keychain; if the keychain fails the server is kept without it and `problem` says so.
    Q_INVOKABLE bool add(const QString& name, const QString& baseUrl, const QString& apiKey);
    Q_INVOKABLE bool edit(const QString& id, const QString& name, const QString& baseUrl);
    // An empty key removes the stored one.
    Q_INVOKABLE void setApiKey(const QString& id, const QString& apiKey);
    Q_INVOKABLE void remove(const QString& id);
    Q_INVOKABLE void listModels(const QString& id);

    std::optional<RemoteEndpoint> find(const QString& id) const;
    std::optional<RemoteEndpoint> findByName(const QString& name) const;
    // The endpoint's key ("" when it has none); `done` is dropped when `context` is gone first.
    void readApiKey(const QString& id, QObject* context, std::function<void(Result<QString>)> done);

  signals:
    void countChanged();
    void problemChanged();

  private:
    struct Row {
        RemoteEndpoint endpoint;
        QStringList models;
        QString modelsStatus;
    };
    int rowOf(const QString& id) const;
    void save();
    void setProblem(const QString& problem);
    void setModels(const QString& id, const QStringList& models, const QString& status);
    void writeKey(const QString& id, const QString& apiKey);

    EngineApi engine_;
    SecretStore* secrets_;
    QSettings settings_;
    std::vector<Row> endpoints_;
    QString problem_;
    std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false); // model lists in flight
};

} // namespace ponder::app
