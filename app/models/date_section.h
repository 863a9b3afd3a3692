// Sidebar grouping: which date section a conversation falls in, by its last activity.
#pragma once

#include <QDateTime>
#include <QString>

namespace ponder::app {

// "Pinned" for pinned conversations, otherwise "Today", "Yesterday", "Last 7 days" or "Older",
// judged in local time against `now`.
QString dateSection(bool pinned, const QDateTime& updated, const QDateTime& now);

} // namespace ponder::app
