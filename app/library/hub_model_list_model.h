// The GGUF models of the Hugging Face repo listed in the Download tab, as rows: name, parts, size,
// a fit verdict from the download size against the device's free memory, and whether the model is
// already in Ponder's models folder. Changed on the GUI thread only.
#pragma once

#include "library/hub_listing.h"
#include "library/library_list_model.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace ponder::app {

struct HubModelRow {
    library::HubModel model;
    QString fit;
    FitVerdict verdict = FitVerdict::Unknown;
    bool downloaded = false;
};

// The fit of a model not downloaded yet: its header is not read, so only its weights (the download
// size, as a hundred equal slices) are planned against `budgets` (nullopt: unknown); the KV cache comes
// on top. "Weights fit on GPU", "Split: about 60 % on GPU", "CPU only", "Too large".
struct DownloadFit {
    FitVerdict verdict = FitVerdict::Unknown;
    QString text;
};
DownloadFit downloadFit(quint64 downloadBytes, const std::optional<MemoryBudgets>& budgets);

class HubModelListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by DownloadController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role { NameRole = Qt::UserRole + 1, PartsRole, SizeRole, FitRole, FitKindRole, ProblemRole, DownloadedRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Rows for `models`, with their fits against `budgets` (nullopt: unknown).
    void setModels(const QList<library::HubModel>& models, const QList<bool>& downloaded,
                   const std::optional<MemoryBudgets>& budgets);
    // The machine's free memory changed (a library scan ended): the fits follow.
    void setBudgets(const std::optional<MemoryBudgets>& budgets);
    const HubModelRow* rowAt(int row) const;
    void setDownloaded(const QString& name, bool downloaded);

  signals:
    void countChanged();

  private:
    QList<HubModelRow> rows_;
    std::optional<MemoryBudgets> budgets_;
};

} // namespace ponder::app
