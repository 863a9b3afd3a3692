#include "models/message_list_model.h"

#include <QLocale>

#include <algorithm>

namespace ponder::app {

namespace {
bool isThinking(const store::Message& m) {
    return m.status == store::MessageStatus::Streaming && m.content.isEmpty();
}

bool isCutShort(const store::Message& m) {
    return m.reasoningOpen && m.status != store::MessageStatus::Streaming;
}

QString reasoningNote(const store::Message& m) {
    QStringList parts;
    if (m.budgetReached)
        parts << MessageListModel::tr("budget reached");
    if (m.reasoningTokens > 0 || m.answerTokens > 0)
        parts << MessageListModel::tr("%1 reasoning + %2 answer tokens")
                     .arg(QLocale().toString(m.reasoningTokens), QLocale().toString(m.answerTokens));
    return parts.join(QStringLiteral(" · "));
}

QString cutShortReason(const store::Message& m) {
    if (!isCutShort(m))
        return {};
    if (m.stopReason == QLatin1String("cancelled"))
        return MessageListModel::tr("Stopped while thinking.");
    if (m.stopReason == QLatin1String("max_tokens"))
        return MessageListModel::tr("The reply limit was reached while thinking.");
    if (m.stopReason == QLatin1String("context_full"))
        return MessageListModel::tr("The context filled up while thinking.");
    return MessageListModel::tr("Cut short while thinking.");
}
} // namespace

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::PathEntry& entry = rows_[size_t(index.row())];
    const store::Message& m = entry.message;
    switch (role) {
    case IdRole:
        return qint64(m.id);
    case RoleRole:
        return m.role;
    case Qt::DisplayRole:
    case ContentRole:
        return m.content;
    case ReasoningRole:
        return m.reasoning;
    case ReasoningMsRole:
        return qint64(m.reasoningMs);
    case ThinkingRole:
        return isThinking(m);
    case StatusRole:
        return store::toString(m.status);
    case BranchIndexRole:
        return entry.branchIndex;
    case BranchCountRole:
        return entry.branchCount;
    case TokensPerSecondRole:
        return m.tokensPerS;
    case ReasoningExpandedRole:
        return m.reasoningExpanded;
    case CutShortRole:
        return cutShortReason(m);
    case ReasoningNoteRole:
        return reasoningNote(m);
    case ErrorRole:
        return m.error;
    case CanAnswerNowRole:
        // A full context leaves no room for an answer: Continue after reloading with more.
        return isCutShort(m) && m.stopReason != QLatin1String("context_full");
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "messageId"},
            {RoleRole, "role"},
            {ContentRole, "content"},
            {ReasoningRole, "reasoning"},
            {ReasoningMsRole, "reasoningMs"},
            {ThinkingRole, "thinking"},
            {StatusRole, "status"},
            {BranchIndexRole, "branchIndex"},
            {BranchCountRole, "branchCount"},
            {TokensPerSecondRole, "tokensPerSecond"},
            {ReasoningExpandedRole, "reasoningExpanded"},
            {CutShortRole, "cutShort"},
            {CanAnswerNowRole, "canAnswerNow"},
            {ReasoningNoteRole, "reasoningNote"},
            {ErrorRole, "error"}};
}

void MessageListModel::setPath(std::vector<store::PathEntry> path) {
    beginResetModel();
    rows_ = std::move(path);
    endResetModel();
    emit countChanged();
}

void MessageListModel::append(store::PathEntry entry) {
    const int row = int(rows_.size());
    beginInsertRows({}, row, row);
    rows_.push_back(std::move(entry));
    endInsertRows();
    emit countChanged();
}

void MessageListModel::appendDelta(qint64 id, const QString& reasoning, const QString& content,
                                   qint64 reasoningMs) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    store::Message& m = rows_[size_t(row)].message;
    const bool wasThinking = isThinking(m);
    QList<int> roles;
    if (!reasoning.isEmpty()) {
        m.reasoning += reasoning;
        roles << ReasoningRole;
    }
    if (reasoningMs != m.reasoningMs) {
        m.reasoningMs = reasoningMs;
        roles << ReasoningMsRole;
    }
    if (!content.isEmpty()) {
        m.content += content;
        roles << ContentRole << Qt::DisplayRole;
    }
    if (isThinking(m) != wasThinking)
        roles << ThinkingRole;
    if (!roles.isEmpty())
        emit dataChanged(index(row), index(row), roles);
}

void MessageListModel::clearText(qint64 id) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    store::Message& m = rows_[size_t(row)].message;
    m.reasoning.clear();
    m.content.clear();
    emit dataChanged(index(row), index(row), {ReasoningRole, ContentRole, Qt::DisplayRole, ThinkingRole});
}

void MessageListModel::setStatus(qint64 id, store::MessageStatus status, double tokensPerSecond) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    store::Message& m = rows_[size_t(row)].message;
    const bool wasThinking = isThinking(m);
    const bool wasCutShort = isCutShort(m);
    m.status = status;
    m.tokensPerS = tokensPerSecond;
    QList<int> roles{StatusRole, TokensPerSecondRole};
    if (isThinking(m) != wasThinking)
        roles << ThinkingRole;
    if (isCutShort(m) != wasCutShort)
        roles << CutShortRole << CanAnswerNowRole;
    emit dataChanged(index(row), index(row), roles);
}

void MessageListModel::setOutcome(qint64 id, const store::GenerationRecord& record) {
    const int row = rowOf(id);
    if (row < 0)
        return;
    store::Message& m = rows_[size_t(row)].message;
    // Whether it was cut short may change with these even when the status does not.
    const bool cutShortBefore = isCutShort(m);
    m.stopReason = record.stopReason;
    m.reasoningOpen = record.reasoningOpen;
    m.budgetReached = record.budgetReached;
    m.reasoningTokens = record.reasoningTokens;
    m.answerTokens = record.answerTokens;
    m.completionTokens = record.completionTokens;
    m.reasoningMs = record.reasoningMs;
    m.error = record.error;
    setStatus(id, record.status, record.tokensPerS);
    QList<int> roles{ReasoningMsRole, ReasoningNoteRole, ErrorRole};
    if (isCutShort(m) != cutShortBefore || isCutShort(m))
        roles << CutShortRole << CanAnswerNowRole;
    emit dataChanged(index(row), index(row), roles);
}

void MessageListModel::setReasoningExpanded(qint64 id, bool expanded) {
    const int row = rowOf(id);
    if (row < 0 || rows_[size_t(row)].message.reasoningExpanded == expanded)
        return;
    rows_[size_t(row)].message.reasoningExpanded = expanded;
    emit dataChanged(index(row), index(row), {ReasoningExpandedRole});
}

int MessageListModel::rowOf(qint64 id) const {
    const auto found =
        std::find_if(rows_.begin(), rows_.end(), [&](const auto& e) { return e.message.id == id; });
    return found == rows_.end() ? -1 : int(found - rows_.begin());
}

const store::Message* MessageListModel::messageAt(int row) const {
    return row >= 0 && row < int(rows_.size()) ? &rows_[size_t(row)].message : nullptr;
}

} // namespace ponder::app
