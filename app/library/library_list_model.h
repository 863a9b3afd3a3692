// The library's models as rows for the Library page: display texts, sort keys and the fit verdict,
// searchable and sortable in place. Changed on the GUI thread only, from a finished scan.
#pragma once

#include "library/library_scan.h"

#include <QAbstractListModel>

#include <optional>
#include <QtQml/qqmlregistration.h>

namespace ponder::app {

// Whether a model fits this machine, from the engine's load plan at the library's planning context:
// all on the GPU, split between GPU and CPU, CPU only, too large even for the RAM. Best first (the sort).
enum class FitVerdict { Fits, Split, CpuOnly, TooLarge, Unknown, Unusable };

// The verdict and its words ("Fits on GPU", "Split: 18/28 on GPU" (layers), "CPU only", "Too large")
// for `plan`.
FitVerdict fitVerdictOf(const LoadPlan& plan);
QString fitTextOf(const LoadPlan& plan);

struct LibraryRow {
    QString path, name, fileName, source, family, parameters, typeMix, fileSize, fit, error, folder;
    quint64 parameterCount = 0, fileBytes = 0, needsBytes = 0;
    int context = 0;
    bool reasoning = false;
    FitVerdict verdict = FitVerdict::Unknown;
};

// One row from a scanned entry planned against `budgets` (nullopt: the machine did not answer).
LibraryRow libraryRow(const library::LibraryEntry& entry, const std::optional<MemoryBudgets>& budgets);

class LibraryListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by LibraryController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role {
        PathRole = Qt::UserRole + 1, NameRole, FileNameRole, SourceRole, FamilyRole, ParametersRole, TypeMixRole,
        FileSizeRole, ContextRole, ReasoningRole, FitRole, FitKindRole, ErrorRole,
    };
    Q_ENUM(Role)
    enum class SortKey { Name, Parameters, FileSize, Context, Fit };
    Q_ENUM(SortKey)

    explicit LibraryListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces every row (a finished scan), keeping the search and the sort.
    void setRows(QList<LibraryRow> rows);
    // Rows whose name, file, family, type mix or source contain every word of `text` (any case).
    void setSearch(const QString& text);
    void setSort(SortKey key, bool ascending);
    const LibraryRow* rowAt(int row) const;

  signals:
    void countChanged();

  private:
    void rebuild();
    QList<LibraryRow> all_;
    QList<LibraryRow> shown_;
    QString search_;
    SortKey sortKey_ = SortKey::Name;
    bool ascending_ = true;
};

} // namespace ponder::app
