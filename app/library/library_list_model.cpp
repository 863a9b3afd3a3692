#include "library/library_list_model.h"

#include "chat/model_controller.h"

#include <QFileInfo>

#include <algorithm>

namespace ponder::app {

namespace {

} // namespace

FitVerdict fitVerdictOf(const LoadPlan& plan) {
    switch (plan.verdict) {
    case PlanVerdict::Gpu: return FitVerdict::Fits;
    case PlanVerdict::Split: return FitVerdict::Split;
    case PlanVerdict::Cpu: return FitVerdict::CpuOnly;
    case PlanVerdict::TooLarge: return FitVerdict::TooLarge;
    }
    return FitVerdict::Unknown;
}

QString fitTextOf(const LoadPlan& plan) {
    switch (plan.verdict) {
    case PlanVerdict::Gpu: return QObject::tr("Fits on GPU");
    case PlanVerdict::Split: return QObject::tr("Split: %1/%2 on GPU").arg(plan.gpu_layers).arg(plan.n_layers);
    case PlanVerdict::Cpu: return QObject::tr("CPU only");
    case PlanVerdict::TooLarge: return QObject::tr("Too large");
    }
    return {};
}

LibraryRow libraryRow(const library::LibraryEntry& entry, const std::optional<MemoryBudgets>& budgets) {
    const ModelInfo& info = entry.header.info;
    LibraryRow row;
    row.path = entry.file.path;
    row.fileName = entry.file.displayName;
    row.name = info.name.empty() || !entry.header.error.isEmpty() ? entry.file.displayName : QString::fromStdString(info.name);
    row.source = library::sourceName(entry.file.source);
    row.folder = entry.file.root;
    row.family = QString::fromStdString(info.architecture);
    row.parameterCount = info.n_params;
    row.parameters = info.n_params ? formatParameters(info.n_params) : QString();
    row.typeMix = QString::fromStdString(info.quantization);
    row.fileBytes = info.file_size ? info.file_size : quint64(entry.file.size);
    row.fileSize = formatBytes(row.fileBytes);
    row.context = int(info.n_ctx_max);
    row.reasoning = info.reasoning_template;
    row.needsBytes = entry.header.needsBytes;
    // The engine's errors start with the file's path, which the row already shows.
    row.error = entry.header.error.startsWith(row.path + QStringLiteral(": ")) ? entry.header.error.mid(row.path.size() + 2)
                                                                : entry.header.error;
    if (!entry.header.error.isEmpty()) {
        row.verdict = FitVerdict::Unusable;
        row.fit = QObject::tr("Cannot run");
    } else if (!budgets || entry.header.footprint.n_layers() == 0) {
        row.fit = QObject::tr("Unknown");
    } else {
        const LoadPlan plan = plan_load(entry.header.footprint, *budgets);
        row.verdict = fitVerdictOf(plan);
        row.fit = fitTextOf(plan);
    }
    return row;
}

LibraryListModel::LibraryListModel(QObject* parent) : QAbstractListModel(parent) {}

int LibraryListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(shown_.size()); }

QVariant LibraryListModel::data(const QModelIndex& index, int role) const {
    const LibraryRow* row = rowAt(index.row());
    if (!row || index.parent().isValid()) return {};
    switch (role) {
    case PathRole: return row->path;
    case Qt::DisplayRole:
    case NameRole: return row->name;
    case FileNameRole: return row->fileName;
    case SourceRole: return row->source;
    case FamilyRole: return row->family;
    case ParametersRole: return row->parameters;
    case TypeMixRole: return row->typeMix;
    case FileSizeRole: return row->fileSize;
    case ContextRole: return row->context;
    case ReasoningRole: return row->reasoning;
    case FitRole: return row->fit;
    case FitKindRole: return int(row->verdict);
    case ErrorRole: return row->error;
    default: return {};
    }
}

QHash<int, QByteArray> LibraryListModel::roleNames() const {
    return {{PathRole, "path"},         {NameRole, "name"},         {FileNameRole, "fileName"},
            {SourceRole, "source"},     {FamilyRole, "family"},     {ParametersRole, "parameters"},
            {TypeMixRole, "typeMix"},   {FileSizeRole, "fileSize"}, {ContextRole, "context"},
            {ReasoningRole, "reasoning"}, {FitRole, "fit"},         {FitKindRole, "fitKind"},
            {ErrorRole, "error"}};
}

const LibraryRow* LibraryListModel::rowAt(int row) const {
    return row >= 0 && row < shown_.size() ? &shown_[row] : nullptr;
}

void LibraryListModel::setRows(QList<LibraryRow> rows) {
    all_ = std::move(rows);
    rebuild();
}

void LibraryListModel::setSearch(const QString& text) {
    if (text == search_) return;
    search_ = text;
    rebuild();
}

void LibraryListModel::setSort(SortKey key, bool ascending) {
    if (key == sortKey_ && ascending == ascending_) return;
    sortKey_ = key;
    ascending_ = ascending;
    rebuild();
}

namespace {

bool matches(const LibraryRow& row, const QStringList& words) {
    const QString haystack = row.name + u' ' + row.fileName + u' ' + row.family + u' ' + row.typeMix + u' ' + row.source;
    for (const QString& word : words)
        if (!haystack.contains(word, Qt::CaseInsensitive)) return false;
    return true;
}

// -1, 0, 1 by `key`; usable models before unusable ones whatever the direction.
int compare(const LibraryRow& a, const LibraryRow& b, LibraryListModel::SortKey key) {
    auto order = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (key) {
    case LibraryListModel::SortKey::Name:
        // Generated and community files often share a general.name: the file tells them apart.
        return QString::compare(a.name, b.name, Qt::CaseInsensitive)
                   ?: QString::compare(a.fileName, b.fileName, Qt::CaseInsensitive);
    case LibraryListModel::SortKey::Parameters: return order(a.parameterCount, b.parameterCount);
    case LibraryListModel::SortKey::FileSize: return order(a.fileBytes, b.fileBytes);
    case LibraryListModel::SortKey::Context: return order(a.context, b.context);
    case LibraryListModel::SortKey::Fit: return order(int(a.verdict), int(b.verdict)) ?: order(a.needsBytes, b.needsBytes);
    }
    return 0;
}

} // namespace

void LibraryListModel::rebuild() {
    beginResetModel();
    const QStringList words = search_.split(u' ', Qt::SkipEmptyParts);
    shown_.clear();
    for (const LibraryRow& row : all_)
        if (matches(row, words)) shown_.append(row);
    std::stable_sort(shown_.begin(), shown_.end(), [this](const LibraryRow& a, const LibraryRow& b) {
        const bool aUsable = a.error.isEmpty(), bUsable = b.error.isEmpty();
        if (aUsable != bUsable) return aUsable;
        const int c = compare(a, b, sortKey_);
        return ascending_ ? c < 0 : c > 0;
    });
    endResetModel();
    emit countChanged();
}

} // namespace ponder::app
