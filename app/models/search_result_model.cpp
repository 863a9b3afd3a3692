#include "models/search_result_model.h"

namespace ponder::app {

SearchResultModel::SearchResultModel(QObject* parent) : QAbstractListModel(parent) {}

int SearchResultModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::SearchHit& hit = rows_[size_t(index.row())];
    switch (role) {
    case ConversationIdRole:
        return qint64(hit.conversationId);
    case MessageIdRole:
        return qint64(hit.messageId);
    case Qt::DisplayRole:
    case TitleRole:
        return hit.conversationTitle;
    case SnippetRole:
        return hit.snippetHtml;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {MessageIdRole, "messageId"},
            {TitleRole, "title"},
            {SnippetRole, "snippet"}};
}

void SearchResultModel::setHits(std::vector<store::SearchHit> hits) {
    beginResetModel();
    rows_ = std::move(hits);
    endResetModel();
    emit countChanged();
}

} // namespace ponder::app
