#include "chat/chat_title.h"

#include <QRegularExpression>
#include <QStringList>

namespace ponder::app {

QString titleFromFirstMessage(const QString& text, int maxChars) {
    static const QRegularExpression markdownMarkers(QStringLiteral("^[#>*\\-\\s]+|[`*_]+"));
    QString line;
    for (const QString& candidate : text.split(QLatin1Char('\n'))) {
        line = candidate;
        line.remove(markdownMarkers);
        line = line.simplified();
        if (!line.isEmpty())
            break;
    }
    if (line.isEmpty())
        return QStringLiteral("New chat");
    if (line.size() <= maxChars)
        return line;
    QString cut = line.left(maxChars - 1);
    const int lastSpace = cut.lastIndexOf(QLatin1Char(' '));
    if (lastSpace > maxChars / 2)
        cut.truncate(lastSpace);
    return cut.trimmed() + QChar(0x2026);
}

} // namespace ponder::app
