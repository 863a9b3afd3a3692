#include "library/download_list_model.h"

#include "chat/model_controller.h"

namespace ponder::app {

using library::DownloadState;

static_assert(int(DownloadListModel::Cancelled) == int(DownloadState::Cancelled));

QString formatTimeLeft(qint64 seconds) {
    if (seconds < 0) return {};
    if (seconds >= 3600) return QObject::tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    if (seconds >= 60) return QObject::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QObject::tr("%1 s").arg(seconds);
}

namespace {

QString stateText(DownloadState state) {
    switch (state) {
    case DownloadState::Idle: return QObject::tr("Waiting");
    case DownloadState::Running: return QObject::tr("Downloading");
    case DownloadState::Paused: return QObject::tr("Paused");
    case DownloadState::Finished: return QObject::tr("Done: in the library");
    case DownloadState::Failed: return QObject::tr("Stopped");
    case DownloadState::Cancelled: return QObject::tr("Cancelled");
    }
    return {};
}

} // namespace

int DownloadListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant DownloadListModel::data(const QModelIndex& index, int role) const {
    const DownloadRow* row = rowAt(index.row());
    if (!row || index.parent().isValid()) return {};
    const library::DownloadProgress& progress = row->progress;
    switch (role) {
    case IdRole: return row->id;
    case RepoRole: return row->repo;
    case Qt::DisplayRole:
    case NameRole: return row->name;
    case PathRole: return row->path;
    case StateRole: return int(row->state);
    case StateTextRole: return stateText(row->state);
    case FractionRole: return progress.totalBytes > 0 ? double(progress.doneBytes) / double(progress.totalBytes) : 0.0;
    case ProgressTextRole:
        return QObject::tr("%1 of %2").arg(formatBytes(quint64(progress.doneBytes)), formatBytes(quint64(progress.totalBytes)));
    case SpeedRole:
        return row->state == DownloadState::Running && progress.bytesPerSecond > 0
                   ? QObject::tr("%1/s").arg(formatBytes(quint64(progress.bytesPerSecond)))
                   : QString();
    case TimeLeftRole:
        return row->state == DownloadState::Running && progress.secondsLeft >= 0
                   ? QObject::tr("%1 left").arg(formatTimeLeft(progress.secondsLeft))
                   : QString();
    case ErrorRole: return row->error;
    default: return {};
    }
}

QHash<int, QByteArray> DownloadListModel::roleNames() const {
    return {{IdRole, "downloadId"}, {RepoRole, "repo"},         {NameRole, "name"},
            {PathRole, "path"},     {StateRole, "downloadState"},       {StateTextRole, "stateText"},
            {FractionRole, "fraction"}, {ProgressTextRole, "progressText"}, {SpeedRole, "speed"},
            {TimeLeftRole, "timeLeft"}, {ErrorRole, "error"}};
}

int DownloadListModel::indexOf(int id) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id) return i;
    return -1;
}

const DownloadRow* DownloadListModel::find(int id) const {
    const int i = indexOf(id);
    return i < 0 ? nullptr : &rows_[i];
}

const DownloadRow* DownloadListModel::rowAt(int row) const {
    return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

void DownloadListModel::append(DownloadRow row) {
    beginInsertRows({}, int(rows_.size()), int(rows_.size()));
    rows_.append(std::move(row));
    endInsertRows();
    emit countChanged();
}

void DownloadListModel::remove(int id) {
    const int i = indexOf(id);
    if (i < 0) return;
    beginRemoveRows({}, i, i);
    rows_.removeAt(i);
    endRemoveRows();
    emit countChanged();
}

void DownloadListModel::setState(int id, DownloadState state, const QString& error) {
    const int i = indexOf(id);
    if (i < 0) return;
    rows_[i].state = state;
    rows_[i].error = error;
    emit dataChanged(index(i), index(i), {StateRole, StateTextRole, ErrorRole, SpeedRole, TimeLeftRole});
}

void DownloadListModel::setProgress(int id, const library::DownloadProgress& progress) {
    const int i = indexOf(id);
    if (i < 0) return;
    rows_[i].progress = progress;
    emit dataChanged(index(i), index(i), {FractionRole, ProgressTextRole, SpeedRole, TimeLeftRole});
}

} // namespace ponder::app
