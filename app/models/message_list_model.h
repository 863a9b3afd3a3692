// The messages on the conversation's active path, one row each. Streaming replies grow in place:
// each change names exactly the roles it touched, so delegates redraw only what changed.
#pragma once

#include "store/active_path.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace ponder::app {

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        RoleRole, // "user", "assistant", "system"
        ContentRole,
        ReasoningRole,
        ReasoningMsRole,
        ThinkingRole,    // the reply is streaming and its answer has not started yet
        StatusRole,      // "complete", "streaming", "interrupted", "error"
        BranchIndexRole, // 0-based position among siblings
        BranchCountRole,
        TokensPerSecondRole,
        ReasoningExpandedRole, // the reader's last choice, restored when the chat reopens
        CutShortRole,          // why the reply stopped inside its reasoning ("Stopped while thinking."); empty if it did not
        CanAnswerNowRole,      // cut short by Stop or the reply limit: the trace can be closed and answered
        ReasoningNoteRole,     // after "Thought for 12 s": "budget reached · 1,204 reasoning + 56 answer tokens"
        ErrorRole,             // why a failed reply failed ("" otherwise)
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setPath(std::vector<store::PathEntry> path);
    void append(store::PathEntry entry);
    // Grows a streaming reply.
    void appendDelta(qint64 id, const QString& reasoning, const QString& content, qint64 reasoningMs);
    // A streaming reply starts over as empty: what looked like its answer was its reasoning.
    void clearText(qint64 id);
    void setStatus(qint64 id, store::MessageStatus status, double tokensPerSecond);
    // A finished generation: status, speed, how it ended and its token counts.
    void setOutcome(qint64 id, const store::GenerationRecord& record);
    void setReasoningExpanded(qint64 id, bool expanded);
    int rowOf(qint64 id) const; // -1 when absent
    const store::Message* messageAt(int row) const;

  signals:
    void countChanged();

  private:
    std::vector<store::PathEntry> rows_;
};

} // namespace ponder::app
