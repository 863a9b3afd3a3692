#include "library/hub_model_list_model.h"

#include "chat/model_controller.h"

namespace ponder::app {

DownloadFit downloadFit(quint64 downloadBytes, const std::optional<MemoryBudgets>& budgets) {
    if (!budgets || downloadBytes == 0) return {FitVerdict::Unknown, QObject::tr("Unknown")};
    // Only the size is known: the weights as a hundred equal slices, so that a split says how much of them
    // the GPU would hold.
    constexpr uint32_t kSlices = 100;
    ModelFootprint weights;
    weights.layer_gpu_bytes = weights.layer_cpu_bytes = weights.layer_read_bytes =
        std::vector<uint64_t>(kSlices, downloadBytes / kSlices);
    const LoadPlan plan = plan_load(weights, *budgets);
    switch (plan.verdict) {
    case PlanVerdict::Gpu: return {FitVerdict::Fits, QObject::tr("Weights fit on GPU")};
    case PlanVerdict::Split:
        return {FitVerdict::Split, QObject::tr("Split: about %1 % on GPU").arg(plan.gpu_layers * 100 / kSlices)};
    case PlanVerdict::Cpu: return {FitVerdict::CpuOnly, QObject::tr("CPU only")};
    case PlanVerdict::TooLarge: return {FitVerdict::TooLarge, QObject::tr("Too large")};
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
                                  const std::optional<MemoryBudgets>& budgets) {
    beginResetModel();
    rows_.clear();
    for (int i = 0; i < models.size(); ++i) rows_.append({models[i], {}, FitVerdict::Unknown, downloaded.value(i)});
    setBudgets(budgets);
    endResetModel();
    emit countChanged();
}

void HubModelListModel::setBudgets(const std::optional<MemoryBudgets>& budgets) {
    budgets_ = budgets;
    for (HubModelRow& row : rows_) {
        const DownloadFit fit = downloadFit(quint64(row.model.bytes), budgets);
        row.verdict = fit.verdict;
        row.fit = fit.text;
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
