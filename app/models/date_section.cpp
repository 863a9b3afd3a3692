#include "models/date_section.h"

namespace ponder::app {

QString dateSection(bool pinned, const QDateTime& updated, const QDateTime& now) {
    if (pinned)
        return QStringLiteral("Pinned");
    const qint64 daysAgo = updated.toLocalTime().date().daysTo(now.toLocalTime().date());
    if (daysAgo <= 0)
        return QStringLiteral("Today");
    if (daysAgo == 1)
        return QStringLiteral("Yesterday");
    if (daysAgo < 7)
        return QStringLiteral("Last 7 days");
    return QStringLiteral("Older");
}

} // namespace ponder::app
