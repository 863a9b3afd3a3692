#include "models/search_result_model.h"

#include <algorithm>

namespace ponder::app {

SearchResultModel::SearchResultModel(QObject* parent) : QAbstractListModel(parent) {}

int SearchResultModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_[size_t(index.row())];
    const store::SearchHit& hit = row.shown;
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
    case MatchCountRole:
        return row.matches;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {MessageIdRole, "messageId"},
            {TitleRole, "title"},
            {SnippetRole, "snippet"},
            {MatchCountRole, "matchCount"}};
}

void SearchResultModel::setHits(const std::vector<store::SearchHit>& hits) {
    beginResetModel();
    rows_.clear();
    for (const store::SearchHit& hit : hits) { // conversations in the order of their best hit
        auto row = std::find_if(rows_.begin(), rows_.end(),
                                [&](const Row& r) { return r.shown.conversationId == hit.conversationId; });
        if (row == rows_.end()) {
            rows_.push_back({hit, 1});
            continue;
        }
        ++row->matches;
        if (row->shown.messageId == 0 && hit.messageId != 0)
            row->shown = hit; // the title is shown anyway: a matching message says more
    }
    endResetModel();
    emit countChanged();
}

} // namespace ponder::app
