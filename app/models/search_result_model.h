// Sidebar search results: one row per match, with the matched words highlighted (rich text).
#pragma once

#include "store/store_types.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace ponder::app {

class SearchResultModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role { ConversationIdRole = Qt::UserRole + 1, MessageIdRole, TitleRole, SnippetRole };

    explicit SearchResultModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setHits(std::vector<store::SearchHit> hits);

  signals:
    void countChanged();

  private:
    std::vector<store::SearchHit> rows_;
};

} // namespace ponder::app
