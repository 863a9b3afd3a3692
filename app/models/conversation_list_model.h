// The sidebar list: pinned conversations first, then by last activity, each with its date section.
#pragma once

#include "store/store_types.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace ponder::app {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

  public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, PinnedRole, SectionRole, UpdatedAtRole };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the list; `now` decides the date sections.
    void setConversations(std::vector<store::Conversation> conversations,
                          const QDateTime& now = QDateTime::currentDateTime());
    void setTitle(qint64 id, const QString& title);
    void remove(qint64 id);
    int rowOf(qint64 id) const; // -1 when absent
    Q_INVOKABLE qint64 idAt(int row) const;

  signals:
    void countChanged();

  private:
    std::vector<store::Conversation> rows_;
    QDateTime now_;
};

} // namespace ponder::app
