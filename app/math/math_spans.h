// Finds the math in a reply: \(…\) and $…$ inline, \[…\] and $$…$$ on their own. Everything
// else (and math inside `code` or ``` fences) stays text, so the caller can hand it to Markdown.
//
// A `$` is math only when it looks like math, following the rules of pandoc and markdown-it:
// the opening `$` has a non-space right after it, the next `$` closes it and must have a
// non-space right before it and no digit right after it (else the first was no math), and both
// lie in one paragraph; `\$` is a dollar sign. So "costs $5 and $10" stays text. A delimiter that is not closed yet (a reply still streaming)
// is text until its closing half arrives, and it never changes how earlier text is read.
#pragma once

#include <QString>

#include <vector>

namespace ponder::math {

struct MathSpan {
    enum class Kind { Text, Inline, Display };
    Kind kind = Kind::Text;
    QString text;   // the TeX between the delimiters, or the plain text
    QString source; // exactly as written, delimiters included (for copying)
};

std::vector<MathSpan> splitMath(const QString& text);

} // namespace ponder::math
