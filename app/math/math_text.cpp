#include "math/math_text.h"

#include "math/math_renderer.h"
#include "math/math_spans.h"

#include <QAbstractTextDocumentLayout>
#include <QFontMetricsF>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>
#include <QTextObjectInterface>

#include <cmath>

namespace ponder::math {

namespace {

constexpr int kMathObject = QTextFormat::UserObject + 14;
enum Property {
    kTex = QTextFormat::UserProperty + 140,
    kSource,    // as written, delimiters included
    kDisplay,   // bool
    kColor,     // QColor
    kPixelSize, // the math em, double
    kPadding,   // on the spaces around a display formula: not part of the text
};
// Formulas wait in the text as characters from plane 15's private use area, which Markdown
// passes through untouched, until they become objects.
constexpr char32_t kPlaceholderBase = 0xF0000;
constexpr double kDisplayMargin = 6;
constexpr double kBaselineShift = 0.1; // see MathObjectHandler

std::optional<RenderedMath> renderedFor(const QTextFormat& format) {
    return renderTex(format.property(kTex).toString(), format.boolProperty(kDisplay),
                     format.doubleProperty(kPixelSize), format.colorProperty(kColor));
}

// Wider than the text (a long display line in a narrow window): shrink to fit, never clip.
double fitScale(const QTextDocument* document, const RenderedMath& math) {
    const double available = document ? document->textWidth() - 2 : -1;
    return available > 0 && math.width > available ? available / math.width : 1.0;
}

// Draws the formulas. An inline object has no baseline of its own: the text layout centres it
// on the line's middle (AlignMiddle). So the object is made tall enough to have the formula's
// baseline at its centre (padded above or below), plus the offset that puts that centre where
// the text's baseline would put it (kBaselineShift of the math em, measured against the text).
class MathObjectHandler : public QObject, public QTextObjectInterface {
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

  public:
    using QObject::QObject;

    QSizeF intrinsicSize(QTextDocument* document, int, const QTextFormat& format) override {
        const auto math = renderedFor(format);
        if (!math)
            return {};
        return QSizeF(math->width, 2 * halfHeight(*math, format)) * fitScale(document, *math);
    }

    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument* document, int,
                    const QTextFormat& format) override {
        const auto math = renderedFor(format);
        if (!math)
            return;
        const double scale = fitScale(document, *math);
        const double top = rect.top() + (halfHeight(*math, format) + shift(format) - math->ascent) * scale;
        painter->save();
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawImage(QRectF(rect.left(), top, math->width * scale, (math->ascent + math->descent) * scale),
                           math->image);
        painter->restore();
    }

  private:
    static double shift(const QTextFormat& format) { return kBaselineShift * format.doubleProperty(kPixelSize); }
    // From the centre to the farther edge, with the baseline at centre + shift (down).
    static double halfHeight(const RenderedMath& math, const QTextFormat& format) {
        return std::max(math.ascent - shift(format), math.descent + shift(format));
    }
};

void registerHandler(QTextDocument& document) {
    QAbstractTextDocumentLayout* layout = document.documentLayout();
    if (layout->handlerForObject(kMathObject))
        return;
    layout->registerHandler(kMathObject, new MathObjectHandler(&document));
}

QString placeholder(size_t index) {
    const char32_t code = kPlaceholderBase + char32_t(index);
    return QString::fromUcs4(&code, 1);
}

void detachFromList(QTextCursor cursor) {
    QTextList* list = cursor.block().textList();
    if (!list)
        return;
    const int indent = list->format().indent();
    list->remove(cursor.block());
    QTextBlockFormat format = cursor.blockFormat();
    format.setIndent(indent);
    format.setObjectIndex(-1);
    cursor.setBlockFormat(format);
}

// A display formula at `position` gets a block of its own, centred.
void isolateDisplay(QTextDocument& document, int position) {
    QTextCursor cursor(&document);
    // Break after it first, so `position` stays valid; drop the soft line break's space.
    cursor.setPosition(position + 1);
    while (!cursor.atBlockEnd() && document.characterAt(cursor.position()).isSpace())
        cursor.deleteChar();
    if (!cursor.atBlockEnd()) {
        cursor.insertBlock();
        detachFromList(cursor);
    }
    cursor.setPosition(position);
    while (!cursor.atBlockStart() && document.characterAt(cursor.position() - 1).isSpace()) {
        cursor.deletePreviousChar();
        --position;
    }
    if (!cursor.atBlockStart()) {
        cursor.insertBlock();
        ++position;
    }
    cursor.setPosition(position);
    detachFromList(cursor);
    QTextBlockFormat format = cursor.blockFormat();
    format.setAlignment(Qt::AlignHCenter);
    format.setTopMargin(kDisplayMargin);
    format.setBottomMargin(kDisplayMargin);
    cursor.setBlockFormat(format);
    // Qt Quick's text node places an object that is alone in its line at the line's start,
    // whatever the alignment; after a character it is centred. That is a no-break space
    // narrowed to a pixel (at no width, or as a zero-width space, it does not help);
    // sourceText skips it.
    QTextCharFormat padding;
    padding.setProperty(kPadding, true);
    padding.setFontLetterSpacingType(QFont::AbsoluteSpacing);
    padding.setFontLetterSpacing(1 - QFontMetricsF(document.defaultFont()).horizontalAdvance(QChar::Nbsp));
    cursor.setPosition(position);
    cursor.insertText(QString(QChar::Nbsp), padding);
}

} // namespace

int mathObjectType() {
    return kMathObject;
}

int setMathText(QTextDocument& document, const QString& text, TextFormat format, const MathLook& look) {
    registerHandler(document);
    const std::vector<MathSpan> spans = splitMath(text);
    QString prepared;
    std::vector<const MathSpan*> formulas;
    for (const MathSpan& span : spans) {
        if (span.kind == MathSpan::Kind::Text) {
            prepared += span.text;
        } else {
            prepared += placeholder(formulas.size());
            formulas.push_back(&span);
        }
    }
    if (format == TextFormat::Markdown)
        document.setMarkdown(prepared, QTextDocument::MarkdownDialectGitHub);
    else
        document.setPlainText(prepared);
    if (formulas.empty())
        return 0;

    struct Found {
        int position;
        size_t index;
    };
    std::vector<Found> found;
    const QString raw = document.toRawText();
    for (int i = 0; i + 1 < raw.size(); ++i) {
        if (!raw[i].isHighSurrogate() || !raw[i + 1].isLowSurrogate())
            continue;
        const char32_t code = QChar::surrogateToUcs4(raw[i], raw[i + 1]);
        if (code >= kPlaceholderBase && code - kPlaceholderBase < formulas.size())
            found.push_back({i, size_t(code - kPlaceholderBase)});
    }
    const double pixelSize = mathPixelSize(look.textPixelSize);
    int drawn = 0;
    for (auto it = found.rbegin(); it != found.rend(); ++it) { // from the end: positions stay valid
        const MathSpan& span = *formulas[it->index];
        const bool display = span.kind == MathSpan::Kind::Display;
        QTextCursor cursor(&document);
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + 2, QTextCursor::KeepAnchor);
        if (!renderTex(span.text, display, pixelSize, look.color)) {
            cursor.insertText(span.source); // not math we can draw: as written
            continue;
        }
        QTextCharFormat object = cursor.charFormat();
        object.setObjectType(kMathObject);
        object.setProperty(kTex, span.text);
        object.setProperty(kSource, span.source);
        object.setProperty(kDisplay, display);
        object.setProperty(kColor, look.color);
        object.setProperty(kPixelSize, pixelSize);
        object.setVerticalAlignment(QTextCharFormat::AlignMiddle);
        cursor.insertText(QString(QChar::ObjectReplacementCharacter), object);
        if (display)
            isolateDisplay(document, it->position);
        ++drawn;
    }
    return drawn;
}

QString sourceText(const QTextDocument& document, int start, int end) {
    QString out;
    for (QTextBlock block = document.findBlock(start); block.isValid() && block.position() < end;
         block = block.next()) {
        if (block.position() > start)
            out += u'\n'; // the range runs on from the previous paragraph
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const int from = std::max(fragment.position(), start);
            const int to = std::min(fragment.position() + fragment.length(), end);
            if (from >= to)
                continue;
            const QTextCharFormat format = fragment.charFormat();
            if (format.boolProperty(kPadding))
                continue;
            if (format.objectType() == kMathObject)
                out += format.property(kSource).toString().repeated(to - from);
            else
                out += fragment.text().mid(from - fragment.position(), to - from);
        }
    }
    out.replace(QChar::LineSeparator, u'\n');
    out.replace(QChar::Nbsp, u' ');
    return out;
}

} // namespace ponder::math

#include "math_text.moc"
