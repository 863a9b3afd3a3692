// Sidebar search results: one row per conversation, however many of its messages match, with
// the number of matches and the best snippet (matched words highlighted, rich text).
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
    enum Role { ConversationIdRole = Qt::UserRole + 1, MessageIdRole, TitleRole, SnippetRole, MatchCountRole };

    explicit SearchResultModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // `hits` as the store ranks them (one per matching title or message); grouped here.
    void setHits(const std::vector<store::SearchHit>& hits);

  signals:
    void countChanged();

  private:
    struct Row {
        store::SearchHit shown; // a message's snippet when one matched, else the title's
        int matches = 0;
    };
    std::vector<Row> rows_;
};

} // namespace ponder::app
