#include "math/math_renderer.h"

#include "math/tex_parser.h"

#include <QCache>
#include <QFontDatabase>
#include <QMutex>
#include <QPainter>

#include <cmath>

namespace ponder::math {

namespace {

constexpr double kMargin = 1; // antialiased edges stay inside the image

struct CacheKey {
    QString tex;
    bool display;
    double pixelSize;
    QRgb color;
    double devicePixelRatio;
    bool operator==(const CacheKey&) const = default;
};

size_t qHash(const CacheKey& key, size_t seed = 0) {
    return qHashMulti(seed, key.tex, key.display, key.pixelSize, key.color, key.devicePixelRatio);
}

// Keyed by everything that changes the pixels; a few hundred formulas cover a long chat.
QCache<CacheKey, std::optional<RenderedMath>>& cache() {
    static QCache<CacheKey, std::optional<RenderedMath>> instance(512);
    return instance;
}
QMutex g_cacheMutex;

} // namespace

double mathPixelSize(double textPixelSize) {
    return textPixelSize * 1.21;
}

std::optional<MathBox> layoutTex(const QString& tex, bool display, double pixelSize) {
    auto formula = parseTex(tex);
    if (!formula)
        return std::nullopt;
    return layoutFormula(*formula, pixelSize, display ? Style::Display : Style::Text);
}

std::optional<RenderedMath> renderTex(const QString& tex, bool display, double pixelSize, const QColor& color,
                                      double devicePixelRatio) {
    const CacheKey key{tex, display, pixelSize, color.rgba(), devicePixelRatio};
    {
        QMutexLocker lock(&g_cacheMutex);
        if (const auto* cached = cache().object(key))
            return *cached;
    }
    std::optional<RenderedMath> result;
    if (const auto box = layoutTex(tex, display, pixelSize)) {
        RenderedMath rendered;
        rendered.width = std::ceil(box->width + 2 * kMargin);
        rendered.ascent = std::ceil(box->height + kMargin);
        rendered.descent = std::ceil(box->depth + kMargin);
        const QSize size(int(std::ceil(rendered.width * devicePixelRatio)),
                         int(std::ceil((rendered.ascent + rendered.descent) * devicePixelRatio)));
        rendered.image = QImage(size.expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
        rendered.image.setDevicePixelRatio(devicePixelRatio);
        rendered.image.fill(Qt::transparent);
        QPainter painter(&rendered.image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        box->paint(painter, QPointF(kMargin, rendered.ascent), color);
        painter.end();
        result = std::move(rendered);
    }
    QMutexLocker lock(&g_cacheMutex);
    cache().insert(key, new std::optional<RenderedMath>(result));
    return result;
}

bool mathFontsAvailable() {
    const QStringList families = QFontDatabase::families();
    return families.contains(QStringLiteral("KaTeX_Main")) && families.contains(QStringLiteral("KaTeX_Math")) &&
           families.contains(QStringLiteral("KaTeX_Size1"));
}

} // namespace ponder::math
