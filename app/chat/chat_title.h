// A conversation's title, made from its first user message.
#pragma once

#include <QString>

namespace ponder::app {

// First non-empty line without Markdown markers, cut at a word boundary to at most `maxChars`
// (an ellipsis marks the cut). Empty text gives "New chat".
QString titleFromFirstMessage(const QString& text, int maxChars = 48);

} // namespace ponder::app
