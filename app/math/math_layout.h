// TeX's box layout for a parsed formula: every construction becomes a box (width, height above
// the baseline, depth below) holding positioned glyphs and filled shapes (fraction bars, radical
// signs, braces, frames). Spacing and placement follow The TeXbook's appendix G in simplified
// form, with KaTeX's font parameters; glyphs come from the KaTeX fonts (Debian: fonts-katex).
#pragma once

#include "math/math_node.h"

#include <QColor>
#include <QFont>
#include <QPainterPath>
#include <QString>

#include <vector>

class QPainter;

namespace ponder::math {

struct MathGlyph {
    QString text;
    QFont font;
    QPointF origin;     // where the baseline starts, relative to the box's origin (y grows down)
    double scaleY = 1;  // delimiters taller than the largest glyph are stretched
};

struct MathBox {
    double width = 0, height = 0, depth = 0; // height above the baseline, depth below
    double italic = 0;                       // how far the last glyph leans past the width
    bool isCharacter = false;                // one glyph: its scripts sit by the font's rules
    std::vector<MathGlyph> glyphs;
    std::vector<QPainterPath> shapes; // filled

    // Adds `child` with its origin at (x, y) in this box.
    void place(const MathBox& child, double x, double y);
    void paint(QPainter& painter, QPointF origin, const QColor& color) const;
};

// Lays out `formula` at `pixelSize` (the em of the surrounding math) in `style`.
MathBox layoutFormula(const Node& formula, double pixelSize, Style style);

} // namespace ponder::math
