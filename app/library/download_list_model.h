// The downloads started in this session, as rows for the Download tab: state, progress, speed,
// time left and the error of a failed one. Changed on the GUI thread only, from the values the
// transfers on the worker thread report.
#pragma once

#include "library/model_download.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace ponder::app {

struct DownloadRow {
    int id = 0;
    QString repo, name, path;
    library::DownloadState state = library::DownloadState::Idle;
    library::DownloadProgress progress;
    QString error;
};

// "1 h 5 min", "3 min 20 s", "12 s"; empty when unknown (-1).
QString formatTimeLeft(qint64 seconds);

class DownloadListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by DownloadController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role {
        IdRole = Qt::UserRole + 1, RepoRole, NameRole, PathRole, StateRole, StateTextRole, FractionRole,
        ProgressTextRole, SpeedRole, TimeLeftRole, ErrorRole,
    };
    Q_ENUM(Role)
    // DownloadState for QML
    enum State { Idle, Running, Paused, Finished, Failed, Cancelled };
    Q_ENUM(State)

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void append(DownloadRow row);
    void remove(int id);
    void setState(int id, library::DownloadState state, const QString& error);
    void setProgress(int id, const library::DownloadProgress& progress);
    const DownloadRow* find(int id) const;
    const DownloadRow* rowAt(int row) const;

  signals:
    void countChanged();

  private:
    int indexOf(int id) const;
    QList<DownloadRow> rows_;
};

} // namespace ponder::app
