// A formula from TeX source to pixels: parse, lay out, paint. Rendered images are cached, so a
// reply that is redrawn for every streamed token lays out each formula once.
#pragma once

#include "math/math_layout.h"

#include <QImage>
#include <QString>

#include <optional>

namespace ponder::math {

struct RenderedMath {
    QImage image;        // transparent, the formula in `color`; devicePixelRatio as asked
    double width = 0;    // in device-independent pixels
    double ascent = 0;   // from the top of the image to the baseline
    double descent = 0;  // from the baseline to the bottom
};

// The em of math next to text of `textPixelSize`: KaTeX's 1.21 makes the x-heights match; the
// KaTeX fonts are small for their size.
double mathPixelSize(double textPixelSize);

// nullopt when `tex` is not math this renderer understands (the caller shows the source).
std::optional<MathBox> layoutTex(const QString& tex, bool display, double pixelSize);
std::optional<RenderedMath> renderTex(const QString& tex, bool display, double pixelSize, const QColor& color,
                                      double devicePixelRatio = 1.0);

// Whether the KaTeX fonts (Debian: fonts-katex) are installed; without them formulas still
// render, in whatever fonts fontconfig substitutes, and look wrong.
bool mathFontsAvailable();

} // namespace ponder::math
