#include "models/conversation_list_model.h"

#include "models/date_section.h"

#include <algorithm>

namespace ponder::app {

ConversationListModel::ConversationListModel(QObject* parent) : QAbstractListModel(parent) {}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::Conversation& c = rows_[size_t(index.row())];
    switch (role) {
    case IdRole:
        return qint64(c.id);
    case Qt::DisplayRole:
    case TitleRole:
        return c.title.isEmpty() ? tr("New chat") : c.title;
    case PinnedRole:
        return c.pinned;
    case SectionRole:
        return dateSection(c.pinned, QDateTime::fromMSecsSinceEpoch(c.updatedAt), now_);
    case UpdatedAtRole:
        return QDateTime::fromMSecsSinceEpoch(c.updatedAt);
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{IdRole, "conversationId"},
            {TitleRole, "title"},
            {PinnedRole, "pinned"},
            {SectionRole, "section"},
            {UpdatedAtRole, "updatedAt"}};
}

void ConversationListModel::setConversations(std::vector<store::Conversation> conversations,
                                             const QDateTime& now) {
    // Pinned first, then newest activity: the order the sections are drawn in.
    std::stable_sort(conversations.begin(), conversations.end(), [](const auto& a, const auto& b) {
        if (a.pinned != b.pinned)
            return a.pinned;
        return a.updatedAt > b.updatedAt;
    });
    beginResetModel();
    rows_ = std::move(conversations);
    now_ = now;
    endResetModel();
    emit countChanged();
}

void ConversationListModel::setTitle(qint64 id, const QString& title) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    rows_[size_t(row)].title = title;
    emit dataChanged(index(row), index(row), {TitleRole, Qt::DisplayRole});
}

void ConversationListModel::remove(qint64 id) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    rows_.erase(rows_.begin() + row);
    endRemoveRows();
    emit countChanged();
}

int ConversationListModel::rowOf(qint64 id) const {
    const auto found = std::find_if(rows_.begin(), rows_.end(), [&](const auto& c) { return c.id == id; });
    return found == rows_.end() ? -1 : int(found - rows_.begin());
}

qint64 ConversationListModel::idAt(int row) const {
    return row >= 0 && row < int(rows_.size()) ? rows_[size_t(row)].id : 0;
}

} // namespace ponder::app
