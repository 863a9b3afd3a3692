#include "remote/remote_endpoints.h"

#include <QFutureWatcher>
#include <QJSEngine>
#include <QPointer>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace ponder::app {

namespace {
RemoteEndpoints* g_instance = nullptr;
constexpr const char* kGroup = "remote_servers";

// A model list as it comes back from the pool thread (QFuture wants a default-constructible value).
struct ListedModels {
    QStringList models;
    QString error;
};
} // namespace

RemoteEndpoints::RemoteEndpoints(EngineApi engine, SecretStore* secrets, QObject* parent)
    : QAbstractListModel(parent), engine_(std::move(engine)), secrets_(secrets) {
    const int size = settings_.beginReadArray(kGroup);
    for (int i = 0; i < size; ++i) {
        settings_.setArrayIndex(i);
        RemoteEndpoint endpoint{settings_.value("id").toString(), settings_.value("name").toString(),
                                settings_.value("base_url").toString(), settings_.value("has_key").toBool()};
        if (!endpoint.id.isEmpty())
            endpoints_.push_back({std::move(endpoint), {}, {}});
    }
    settings_.endArray();
}

RemoteEndpoints::~RemoteEndpoints() {
    cancel_->store(true); // model lists still being read stop at their next check
}

RemoteEndpoints* RemoteEndpoints::create(QQmlEngine*, QJSEngine*) {
    Q_ASSERT_X(g_instance, "RemoteEndpoints", "main() sets the instance before loading QML");
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

void RemoteEndpoints::setInstance(RemoteEndpoints* instance) {
    g_instance = instance;
}

int RemoteEndpoints::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(endpoints_.size());
}

QVariant RemoteEndpoints::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = endpoints_[size_t(index.row())];
    switch (role) {
    case IdRole:
        return row.endpoint.id;
    case Qt::DisplayRole:
    case NameRole:
        return row.endpoint.name;
    case BaseUrlRole:
        return row.endpoint.baseUrl;
    case HasKeyRole:
        return row.endpoint.hasKey;
    case ModelsRole:
        return row.models;
    case ModelsStatusRole:
        return row.modelsStatus;
    default:
        return {};
    }
}

QHash<int, QByteArray> RemoteEndpoints::roleNames() const {
    return {{IdRole, "endpointId"}, {NameRole, "name"},     {BaseUrlRole, "baseUrl"},
            {HasKeyRole, "hasKey"}, {ModelsRole, "models"}, {ModelsStatusRole, "modelsStatus"}};
}

int RemoteEndpoints::rowOf(const QString& id) const {
    for (size_t i = 0; i < endpoints_.size(); ++i)
        if (endpoints_[i].endpoint.id == id)
            return int(i);
    return -1;
}

std::optional<RemoteEndpoint> RemoteEndpoints::find(const QString& id) const {
    const int row = rowOf(id);
    return row < 0 ? std::nullopt : std::optional(endpoints_[size_t(row)].endpoint);
}

std::optional<RemoteEndpoint> RemoteEndpoints::findByName(const QString& name) const {
    for (const Row& row : endpoints_)
        if (row.endpoint.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return row.endpoint;
    return std::nullopt;
}

void RemoteEndpoints::save() {
    settings_.remove(kGroup);
    settings_.beginWriteArray(kGroup, int(endpoints_.size()));
    for (size_t i = 0; i < endpoints_.size(); ++i) {
        const RemoteEndpoint& e = endpoints_[i].endpoint;
        settings_.setArrayIndex(int(i));
        settings_.setValue("id", e.id);
        settings_.setValue("name", e.name);
        settings_.setValue("base_url", e.baseUrl);
        settings_.setValue("has_key", e.hasKey);
    }
    settings_.endArray();
    settings_.sync();
}

void RemoteEndpoints::setProblem(const QString& problem) {
    if (problem == problem_)
        return;
    problem_ = problem;
    emit problemChanged();
}

bool RemoteEndpoints::add(const QString& name, const QString& baseUrl, const QString& apiKey) {
    const QString trimmedName = name.simplified();
    if (trimmedName.isEmpty()) {
        setProblem(tr("Give the server a name."));
        return false;
    }
    if (findByName(trimmedName)) {
        setProblem(tr("There is already a server named %1.").arg(trimmedName));
        return false;
    }
    if (const QString problem = baseUrlProblem(baseUrl); !problem.isEmpty()) {
        setProblem(problem);
        return false;
    }
    setProblem({});
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const int row = int(endpoints_.size());
    beginInsertRows({}, row, row);
    endpoints_.push_back({{id, trimmedName, baseUrl.trimmed(), false}, {}, {}});
    endInsertRows();
    emit countChanged();
    save();
    if (!apiKey.trimmed().isEmpty())
        writeKey(id, apiKey.trimmed());
    return true;
}

bool RemoteEndpoints::edit(const QString& id, const QString& name, const QString& baseUrl) {
    const int row = rowOf(id);
    if (row < 0)
        return false;
    const QString trimmedName = name.simplified();
    const auto named = findByName(trimmedName);
    if (trimmedName.isEmpty() || (named && named->id != id)) {
        setProblem(trimmedName.isEmpty() ? tr("Give the server a name.")
                                         : tr("There is already a server named %1.").arg(trimmedName));
        return false;
    }
    if (const QString problem = baseUrlProblem(baseUrl); !problem.isEmpty()) {
        setProblem(problem);
        return false;
    }
    setProblem({});
    Row& r = endpoints_[size_t(row)];
    if (r.endpoint.baseUrl != baseUrl.trimmed()) {
        r.models.clear(); // another server: its list is unknown until asked
        r.modelsStatus.clear();
    }
    r.endpoint.name = trimmedName;
    r.endpoint.baseUrl = baseUrl.trimmed();
    emit dataChanged(index(row), index(row), {Qt::DisplayRole, NameRole, BaseUrlRole, ModelsRole, ModelsStatusRole});
    save();
    return true;
}

void RemoteEndpoints::writeKey(const QString& id, const QString& apiKey) {
    QPointer<RemoteEndpoints> self(this);
    auto stored = [self, id](bool hasKey) {
        const int row = self ? self->rowOf(id) : -1;
        if (row < 0)
            return;
        self->endpoints_[size_t(row)].endpoint.hasKey = hasKey;
        emit self->dataChanged(self->index(row), self->index(row), {HasKeyRole});
        self->save();
    };
    if (apiKey.isEmpty()) {
        secrets_->remove(secretKeyFor(id), [self, stored](Status status) {
            if (!self)
                return;
            if (status)
                stored(false);
            else
                self->setProblem(tr("The API key was not removed. %1").arg(QString::fromStdString(status.error().message)));
        });
        return;
    }
    secrets_->write(secretKeyFor(id), apiKey, [self, stored](Status status) {
        if (!self)
            return;
        if (status)
            stored(true);
        else
            self->setProblem(tr("The API key was not saved. %1").arg(QString::fromStdString(status.error().message)));
    });
}

void RemoteEndpoints::setApiKey(const QString& id, const QString& apiKey) {
    if (rowOf(id) < 0)
        return;
    setProblem({});
    writeKey(id, apiKey.trimmed());
}

void RemoteEndpoints::remove(const QString& id) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    const bool hadKey = endpoints_[size_t(row)].endpoint.hasKey;
    beginRemoveRows({}, row, row);
    endpoints_.erase(endpoints_.begin() + row);
    endRemoveRows();
    emit countChanged();
    save();
    if (!hadKey)
        return;
    QPointer<RemoteEndpoints> self(this);
    secrets_->remove(secretKeyFor(id), [self](Status status) {
        if (self && !status)
            self->setProblem(tr("The server's API key could not be removed from the keychain. %1")
                                 .arg(QString::fromStdString(status.error().message)));
    });
}

void RemoteEndpoints::readApiKey(const QString& id, QObject* context, std::function<void(Result<QString>)> done) {
    const auto endpoint = find(id);
    if (!endpoint) {
        done(make_error(tr("That remote server is no longer in Settings → Remote servers.").toStdString()));
        return;
    }
    if (!endpoint->hasKey) {
        done(QString());
        return;
    }
    QPointer<QObject> guard(context);
    secrets_->read(secretKeyFor(id), [guard, done = std::move(done)](Result<QString> key) {
        if (guard)
            done(std::move(key));
    });
}

void RemoteEndpoints::setModels(const QString& id, const QStringList& models, const QString& status) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    endpoints_[size_t(row)].models = models;
    endpoints_[size_t(row)].modelsStatus = status;
    emit dataChanged(index(row), index(row), {ModelsRole, ModelsStatusRole});
}

void RemoteEndpoints::listModels(const QString& id) {
    const auto endpoint = find(id);
    if (!endpoint)
        return;
    if (!engine_.remoteModels) {
        setModels(id, {}, tr("This build cannot reach remote servers."));
        return;
    }
    setModels(id, {}, tr("Asking the server…"));
    readApiKey(id, this, [this, id, baseUrl = endpoint->baseUrl](Result<QString> key) {
        if (!key) {
            setModels(id, {}, QString::fromStdString(key.error().message));
            return;
        }
        auto* watcher = new QFutureWatcher<ListedModels>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
            watcher->deleteLater();
            const ListedModels listed = watcher->result();
            if (!listed.error.isEmpty())
                setModels(id, {}, listed.error);
            else
                setModels(id, listed.models, listed.models.isEmpty() ? tr("The server lists no models.") : QString());
        });
        watcher->setFuture(QtConcurrent::run([list = engine_.remoteModels, url = baseUrl.toStdString(),
                                              apiKey = key->toStdString(), cancel = cancel_] {
            ListedModels listed;
            const auto ids = list(url, apiKey, cancel.get());
            if (!ids)
                listed.error = QString::fromStdString(ids.error().message);
            else
                for (const std::string& model : *ids)
                    listed.models << QString::fromStdString(model);
            return listed;
        }));
    });
}

} // namespace ponder::app
