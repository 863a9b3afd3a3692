// Text with math in a QTextDocument. The math found by splitMath() becomes inline objects that
// draw the rendered formula (with the document's default font size and `color`); each keeps its
// source, so a copied selection reads as the model wrote it. Math that does not parse stays text.
#pragma once

#include <QColor>
#include <QString>

class QTextDocument;

namespace ponder::math {

enum class TextFormat { Markdown, Plain };

struct MathLook {
    QColor color;
    double textPixelSize = 14; // of the text around the math
};

// Replaces the document's content; returns how many formulas are drawn as math.
int setMathText(QTextDocument& document, const QString& text, TextFormat format, const MathLook& look);

// The text between two positions, formulas as their source ("$x^2$"), paragraphs on new lines.
QString sourceText(const QTextDocument& document, int start, int end);

// The object type the formulas use in the document (QTextFormat::objectType()).
int mathObjectType();

} // namespace ponder::math
