#include "library/hub_model_list_model.h"

#include "chat/model_controller.h"

namespace ponder::app {

FitVerdict downloadFitVerdict(quint64 downloadBytes, quint64 deviceBytes) {
    if (deviceBytes == 0 || downloadBytes == 0) return FitVerdict::Unknown;
    return downloadBytes <= deviceBytes ? FitVerdict::Fits : FitVerdict::TooLarge;
}

QString downloadFitText(FitVerdict verdict) {
    switch (verdict) {
    case FitVerdict::Fits: return QObject::tr("Weights fit on GPU");
    case FitVerdict::TooLarge: return QObject::tr("Too large");
    case FitVerdict::Unknown: return QObject::tr("Unknown");
    case FitVerdict::Unusable: return QObject::tr("Cannot run");
    }
    return {};
}

int HubModelListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant HubModelListModel::data(const QModelIndex& index, int role) const {
    const HubModelRow* row = rowAt(index.row());
    if (!row || index.parent().isValid()) return {};
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return row->model.name;
    case PartsRole: return int(row->model.parts.size());
    case SizeRole: return formatBytes(quint64(row->model.bytes));
    case FitRole: return row->fit;
    case FitKindRole: return int(row->verdict);
    case ProblemRole: return row->model.problem;
    case DownloadedRole: return row->downloaded;
    default: return {};
    }
}

QHash<int, QByteArray> HubModelListModel::roleNames() const {
    return {{NameRole, "name"}, {PartsRole, "parts"},     {SizeRole, "size"},          {FitRole, "fit"},
            {FitKindRole, "fitKind"}, {ProblemRole, "problem"}, {DownloadedRole, "downloaded"}};
}

void HubModelListModel::setModels(const QList<library::HubModel>& models, const QList<bool>& downloaded,
                                  quint64 deviceBytes) {
    beginResetModel();
    rows_.clear();
    for (int i = 0; i < models.size(); ++i) rows_.append({models[i], {}, FitVerdict::Unknown, downloaded.value(i)});
    deviceBytes_ = ~deviceBytes;  // differs: setDeviceBytes fills every fit
    setDeviceBytes(deviceBytes);
    endResetModel();
    emit countChanged();
}

void HubModelListModel::setDeviceBytes(quint64 deviceBytes) {
    if (deviceBytes == deviceBytes_) return;
    deviceBytes_ = deviceBytes;
    for (HubModelRow& row : rows_) {
        row.verdict = downloadFitVerdict(quint64(row.model.bytes), deviceBytes);
        row.fit = downloadFitText(row.verdict);
    }
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(int(rows_.size()) - 1), {FitRole, FitKindRole});
}

const HubModelRow* HubModelListModel::rowAt(int row) const {
    return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

void HubModelListModel::setDownloaded(const QString& name, bool downloaded) {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_[i].model.name != name || rows_[i].downloaded == downloaded) continue;
        rows_[i].downloaded = downloaded;
        emit dataChanged(index(i), index(i), {DownloadedRole});
    }
}

} // namespace ponder::app
