// The library's models as rows for the Library page: display texts, sort keys and the fit verdict,
// searchable and sortable in place. Changed on the GUI thread only, from a finished scan.
#pragma once

#include "library/library_scan.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace ponder::app {

// Whether a model fits this machine, from the engine's memory plan at the library's planning context.
// The engine plans whole-GPU loads today: a model fits the device or it does not.
enum class FitVerdict { Fits, TooLarge, Unknown, Unusable };

struct LibraryRow {
    QString path, name, fileName, source, family, parameters, typeMix, fileSize, fit, error, folder;
    quint64 parameterCount = 0, fileBytes = 0, needsBytes = 0;
    int context = 0;
    bool reasoning = false;
    FitVerdict verdict = FitVerdict::Unknown;
};

// One row from a scanned entry against `deviceBytes` free (0: no device answered).
LibraryRow libraryRow(const library::LibraryEntry& entry, quint64 deviceBytes);

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
