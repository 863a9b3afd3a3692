#include "math/math_layout.h"

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QPainterPathStroker>
#include <QRawFont>

#include <algorithm>
#include <optional>

namespace ponder::math {

namespace {

using Kind = Node::Kind;

// TeX's font parameters as KaTeX sets them (\fontdimen of cmsy10/cmex10), in em.
constexpr double kXHeight = 0.431;
constexpr double kAxis = 0.25; // fraction bars and big operators centre on this height
constexpr double kRule = 0.04;
constexpr double kNum1 = 0.677, kNum2 = 0.394, kDenom1 = 0.686, kDenom2 = 0.345;
constexpr double kSup1 = 0.413, kSup2 = 0.363, kSup3 = 0.289, kSub1 = 0.15, kSub2 = 0.247;
constexpr double kSupDrop = 0.386, kSubDrop = 0.05;
constexpr double kBigOpSpacing1 = 0.111, kBigOpSpacing2 = 0.166, kBigOpSpacing3 = 0.2,
                 kBigOpSpacing4 = 0.6, kBigOpSpacing5 = 0.1;
constexpr double kNullDelimiter = 0.12;
constexpr double kScriptSpace = 0.05;
constexpr double kFrameSep = 0.3; // \fboxsep of \boxed
constexpr double kJot = 0.3;      // extra space between aligned lines

double sizeFactor(Style style) {
    return style == Style::Script ? 0.7 : style == Style::ScriptScript ? 0.5 : 1.0;
}
Style scriptStyleOf(Style style) {
    return style == Style::Display || style == Style::Text ? Style::Script : Style::ScriptScript;
}
Style fractionStyleOf(Style style) {
    return style == Style::Display ? Style::Text : style == Style::Text ? Style::Script : Style::ScriptScript;
}
bool isScriptStyle(Style style) {
    return style == Style::Script || style == Style::ScriptScript;
}

struct Ctx {
    Style style = Style::Text;
    bool cramped = false; // superscripts sit lower (under bars and in denominators)
};

// Faces are picked by style name: asking KaTeX_Math for italic would slant its italic again.
QFont mathFont(const char* family, double pixelSize, const char* styleName = "Regular") {
    QFont font(QString::fromLatin1(family));
    font.setStyleName(QString::fromLatin1(styleName));
    font.setPixelSize(std::max(1, int(std::lround(pixelSize))));
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

// The ink of `text` relative to its origin, from the glyph outlines (QFontMetricsF's tight
// bounds come in whole pixels, and reach down to the baseline for accents that float above it).
// Characters the font lacks are drawn from a fallback font; those fall back to the metrics.
QRectF inkOf(const QString& text, const QFont& font) {
    const QRawFont raw = QRawFont::fromFont(font);
    const QList<quint32> glyphs = raw.glyphIndexesForString(text);
    if (glyphs.isEmpty() || glyphs.contains(0u))
        return QFontMetricsF(font).tightBoundingRect(text);
    const QList<QPointF> advances = raw.advancesForGlyphIndexes(glyphs);
    QRectF ink;
    double x = 0;
    for (qsizetype i = 0; i < glyphs.size(); ++i) {
        ink |= raw.pathForGlyph(glyphs[i]).boundingRect().translated(x, 0);
        x += advances[i].x();
    }
    return ink;
}

// Latin letters and lowercase Greek are set in italic in math; uppercase Greek stays upright.
bool isItalicLetter(const QString& text) {
    if (text.size() != 1)
        return false;
    const char16_t c = text[0].unicode();
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= 0x3b1 && c <= 0x3c9) ||
           c == 0x3d1 || c == 0x3d5 || c == 0x3d6 || c == 0x3f1 || c == 0x3f5;
}

Atom atomOf(const Node& n) {
    switch (n.kind) {
    case Kind::Symbol:
    case Kind::BigOperator:
    case Kind::Limits:
    case Kind::Row:
    case Kind::Array:
    case Kind::Delimited:
    case Kind::Fraction:
        return n.atom;
    case Kind::Scripts:
        return atomOf(n.children[0]);
    default:
        return Atom::Ord;
    }
}

// Space between neighbouring atoms in mu (1/18 em), The TeXbook p. 170: 1 thin, 2 medium,
// 3 thick; negative: only in display and text style.
int spacingMu(Atom left, Atom right, Style style) {
    static constexpr int table[8][8] = {
        //   Ord Op  Bin Rel Open Close Punct Inner
        {0, 1, -2, -3, 0, 0, 0, -1},     // Ord
        {1, 1, 0, -3, 0, 0, 0, -1},      // Op
        {-2, -2, 0, 0, -2, 0, 0, -2},    // Bin
        {-3, -3, 0, 0, -3, 0, 0, -3},    // Rel
        {0, 0, 0, 0, 0, 0, 0, 0},        // Open
        {0, 1, -2, -3, 0, 0, 0, -1},     // Close
        {-1, -1, 0, -1, -1, -1, -1, -1}, // Punct
        {-1, 1, -2, -3, -1, 0, -1, -1},  // Inner
    };
    const int entry = table[int(left)][int(right)];
    if (entry < 0 && isScriptStyle(style))
        return 0;
    static constexpr int mu[] = {0, 3, 4, 5};
    return mu[std::abs(entry)];
}

QPainterPath rect(double x, double y, double w, double h) {
    QPainterPath p;
    p.addRect(QRectF(x, y, w, h));
    return p;
}

QPainterPath stroked(const QPainterPath& line, double width) {
    QPainterPathStroker stroker;
    stroker.setWidth(width);
    stroker.setCapStyle(Qt::FlatCap);
    stroker.setJoinStyle(Qt::MiterJoin);
    return stroker.createStroke(line);
}

class Layout {
  public:
    explicit Layout(double pixelSize) : px_(pixelSize) {}

    MathBox node(const Node& n, Ctx c) {
        switch (n.kind) {
        case Kind::Symbol:
            return symbol(n, c);
        case Kind::Text:
            return glyph(n.text, textFont(n.font, em(c)));
        case Kind::Row:
            return row(n.children, c);
        case Kind::Scripts:
            return scripts(n, c);
        case Kind::Fraction:
            return fraction(n, c);
        case Kind::Radical:
            return radical(n, c);
        case Kind::BigOperator:
            return bigOperator(n, c);
        case Kind::Limits:
            return withLimits(node(n.children[0], c), &n.children[1], &n.children[2], c, false);
        case Kind::Delimited:
            return delimited(n, c);
        case Kind::Accent:
            return accent(n, c);
        case Kind::Boxed:
            return boxed(n, c);
        case Kind::Array:
            return array(n, c);
        case Kind::Space: {
            MathBox b;
            b.width = n.mu / 18 * em(c);
            return b;
        }
        case Kind::StyleChange:
            return {};
        case Kind::Phantom: {
            const MathBox inner = node(n.children[0], c);
            MathBox b;
            b.width = inner.width;
            b.height = inner.height;
            b.depth = inner.depth;
            return b;
        }
        }
        return {};
    }

    // Atoms side by side with TeX's spacing between them; leadingOrd: as if an empty {} came
    // first (aligned columns after &, so "&= b" spaces its = as a relation).
    MathBox row(const std::vector<Node>& items, Ctx c, bool leadingOrd = false) {
        struct Item {
            MathBox box;
            std::optional<Atom> atom; // none for spaces
            Style style;
        };
        std::vector<Item> laid;
        for (const Node& n : items) {
            if (n.kind == Kind::StyleChange) {
                c.style = n.style;
                continue;
            }
            laid.push_back({node(n, c), n.kind == Kind::Space ? std::nullopt : std::optional(atomOf(n)), c.style});
        }
        // A binary operator with nothing to combine on its left (or right) is an ordinary atom: -x.
        std::optional<Atom> previous = leadingOrd ? std::optional(Atom::Ord) : std::nullopt;
        for (size_t i = 0; i < laid.size(); ++i) {
            if (!laid[i].atom)
                continue;
            Atom& atom = *laid[i].atom;
            if (atom == Atom::Bin) {
                const auto nextAtom = [&]() -> std::optional<Atom> {
                    for (size_t j = i + 1; j < laid.size(); ++j)
                        if (laid[j].atom)
                            return laid[j].atom;
                    return std::nullopt;
                }();
                const bool leftOk = previous && *previous != Atom::Bin && *previous != Atom::Op &&
                                    *previous != Atom::Rel && *previous != Atom::Open && *previous != Atom::Punct;
                const bool rightOk = nextAtom && *nextAtom != Atom::Rel && *nextAtom != Atom::Close &&
                                     *nextAtom != Atom::Punct;
                if (!leftOk || !rightOk)
                    atom = Atom::Ord;
            }
            previous = atom;
        }
        MathBox out;
        double x = 0;
        previous = leadingOrd ? std::optional(Atom::Ord) : std::nullopt;
        for (const Item& item : laid) {
            if (item.atom) {
                if (previous)
                    x += spacingMu(*previous, *item.atom, item.style) / 18.0 * px_ * sizeFactor(item.style);
                previous = item.atom;
            }
            out.place(item.box, x, 0);
            // A leaning glyph keeps its overhang clear of what follows (TeX's italic correction).
            x += item.box.width + (&item == &laid.back() ? 0 : item.box.italic);
        }
        out.width = x;
        out.italic = laid.empty() ? 0 : laid.back().box.italic;
        out.isCharacter = laid.size() == 1 && laid[0].box.isCharacter;
        return out;
    }

  private:
    double em(Ctx c) const { return px_ * sizeFactor(c.style); }

    static MathBox glyph(const QString& text, const QFont& font) {
        MathBox b;
        if (text.isEmpty())
            return b;
        b.width = QFontMetricsF(font).horizontalAdvance(text);
        const QRectF ink = inkOf(text, font);
        if (!ink.isEmpty()) {
            b.height = std::max(0.0, -ink.top());
            b.depth = std::max(0.0, ink.bottom());
            b.italic = std::max(0.0, ink.right() - b.width);
        }
        b.isCharacter = text.size() == 1 || (text.size() == 2 && text[0].isHighSurrogate());
        b.glyphs.push_back({text, font, {0, 0}});
        return b;
    }

    // The box moved down by dy (up when negative).
    static MathBox shifted(const MathBox& b, double dy) {
        MathBox out;
        out.place(b, 0, dy);
        out.width = b.width;
        out.italic = b.italic;
        return out;
    }

    QFont symbolFont(const Node& n, double size) const {
        const bool letter = isItalicLetter(n.text);
        switch (n.font) {
        case Font::Normal:
            return letter ? mathFont("KaTeX_Math", size, "Italic") : mathFont("KaTeX_Main", size);
        case Font::Roman:
            return mathFont("KaTeX_Main", size);
        case Font::Italic:
            return mathFont("KaTeX_Main", size, "Italic");
        case Font::Bold:
            return mathFont("KaTeX_Main", size, "Bold");
        case Font::BoldItalic:
            return letter ? mathFont("KaTeX_Math", size, "Bold Italic") : mathFont("KaTeX_Main", size, "Bold");
        case Font::Blackboard:
            return mathFont("KaTeX_AMS", size);
        case Font::Calligraphic:
            return mathFont("KaTeX_Caligraphic", size);
        case Font::Fraktur:
            return mathFont("KaTeX_Fraktur", size);
        case Font::Script:
            return mathFont("KaTeX_Script", size);
        case Font::Sans:
            return mathFont("KaTeX_SansSerif", size);
        case Font::Mono:
            return mathFont("KaTeX_Typewriter", size);
        }
        return mathFont("KaTeX_Main", size);
    }

    static QFont textFont(Font font, double size) {
        switch (font) {
        case Font::Italic:
            return mathFont("KaTeX_Main", size, "Italic");
        case Font::Bold:
            return mathFont("KaTeX_Main", size, "Bold");
        case Font::Sans:
            return mathFont("KaTeX_SansSerif", size);
        case Font::Mono:
            return mathFont("KaTeX_Typewriter", size);
        default:
            return mathFont("KaTeX_Main", size);
        }
    }

    MathBox symbol(const Node& n, Ctx c) {
        if (n.delimiterSize > 0)
            return delimiter(n.text, 0, c, n.delimiterSize);
        return glyph(n.text, symbolFont(n, em(c)));
    }

    bool takesLimits(const Node& base, Ctx c) const {
        if (base.kind == Kind::Accent)
            return base.limits; // \underbrace{…}_{…}
        const bool op = base.kind == Kind::BigOperator || (base.kind == Kind::Symbol && base.atom == Atom::Op);
        if (!op)
            return false;
        return base.explicitLimits ? base.limits : base.limits && c.style == Style::Display;
    }

    MathBox scripts(const Node& n, Ctx c) {
        const Node& baseNode = n.children[0];
        const Node& sup = n.children[1];
        const Node& sub = n.children[2];
        if (takesLimits(baseNode, c))
            return withLimits(node(baseNode, c), &sup, &sub, c, true);
        MathBox out = node(baseNode, c);
        const bool hasSup = !sup.isEmptyRow(), hasSub = !sub.isEmptyRow();
        const Ctx supCtx{scriptStyleOf(c.style), c.cramped}, subCtx{scriptStyleOf(c.style), true};
        const MathBox supBox = hasSup ? node(sup, supCtx) : MathBox{};
        const MathBox subBox = hasSub ? node(sub, subCtx) : MathBox{};
        const double e = em(c), xHeight = kXHeight * e;
        double u = 0, v = 0;
        if (!out.isCharacter) {
            u = out.height - kSupDrop * em(supCtx);
            v = out.depth + kSubDrop * em(subCtx);
        }
        if (hasSup) {
            const double p = c.cramped ? kSup3 : c.style == Style::Display ? kSup1 : kSup2;
            u = std::max({u, p * e, supBox.depth + xHeight / 4});
        }
        if (hasSub && !hasSup) {
            v = std::max({v, kSub1 * e, subBox.height - 0.8 * xHeight});
        } else if (hasSub) {
            v = std::max(v, kSub2 * e);
            const double rule = kRule * e;
            const double gap = (u - supBox.depth) - (subBox.height - v);
            if (gap < 4 * rule) {
                v += 4 * rule - gap;
                const double psi = 0.8 * xHeight - (u - supBox.depth);
                if (psi > 0) {
                    u += psi;
                    v -= psi;
                }
            }
        }
        // The superscript clears the lean of the nucleus, the subscript tucks under it.
        const double baseWidth = out.width;
        const double supX = baseWidth + out.italic;
        const double subX = baseWidth;
        if (hasSup)
            out.place(supBox, supX, -u);
        if (hasSub)
            out.place(subBox, subX, v);
        out.width = std::max(hasSup ? supX + supBox.width : baseWidth, hasSub ? subX + subBox.width : baseWidth) +
                    kScriptSpace * e;
        out.italic = 0;
        out.isCharacter = false;
        return out;
    }

    // Scripts centred above and below: \sum_{i=1}^{n} in display, \lim_{x\to0}, \overset.
    MathBox withLimits(const MathBox& base, const Node* over, const Node* under, Ctx c, bool operatorGaps) {
        const Ctx overCtx{scriptStyleOf(c.style), c.cramped}, underCtx{scriptStyleOf(c.style), true};
        const bool hasOver = over && !over->isEmptyRow(), hasUnder = under && !under->isEmptyRow();
        const MathBox o = hasOver ? node(*over, overCtx) : MathBox{};
        const MathBox u = hasUnder ? node(*under, underCtx) : MathBox{};
        const double e = em(c);
        const double width = std::max({base.width, o.width, u.width});
        MathBox out;
        out.place(base, (width - base.width) / 2, 0);
        const double gapOver = operatorGaps ? std::max(kBigOpSpacing1 * e, kBigOpSpacing3 * e - o.depth) : 0.1 * e;
        const double gapUnder = operatorGaps ? std::max(kBigOpSpacing2 * e, kBigOpSpacing4 * e - u.height) : 0.1 * e;
        if (hasOver)
            out.place(o, (width - o.width) / 2 + base.italic / 2, -(base.height + gapOver + o.depth));
        if (hasUnder)
            out.place(u, (width - u.width) / 2 - base.italic / 2, base.depth + gapUnder + u.height);
        if (operatorGaps) {
            if (hasOver)
                out.height += kBigOpSpacing5 * e;
            if (hasUnder)
                out.depth += kBigOpSpacing5 * e;
        }
        out.width = width;
        return out;
    }

    MathBox bigOperator(const Node& n, Ctx c) {
        const double e = em(c);
        MathBox g = glyph(n.text, mathFont(c.style == Style::Display ? "KaTeX_Size2" : "KaTeX_Size1", e));
        // Centre the glyph on the axis.
        MathBox out = shifted(g, -kAxis * e - (g.depth - g.height) / 2);
        out.isCharacter = false;
        return out;
    }

    MathBox fraction(const Node& n, Ctx c) {
        const double e = em(c), axis = kAxis * e;
        const Style inner = fractionStyleOf(c.style);
        const MathBox num = node(n.children[0], {inner, c.cramped});
        const MathBox den = node(n.children[1], {inner, true});
        const bool display = c.style == Style::Display;
        const double rule = std::max(1.0, kRule * e);
        double u = display ? kNum1 * e : kNum2 * e;
        double v = display ? kDenom1 * e : kDenom2 * e;
        if (n.bar) {
            const double clearance = display ? 3 * kRule * e : kRule * e;
            u = std::max(u, clearance + axis + rule / 2 + num.depth);
            v = std::max(v, clearance - axis + rule / 2 + den.height);
        } else {
            const double clearance = (display ? 7 : 3) * kRule * e;
            const double gap = (u - num.depth) - (den.height - v);
            if (gap < clearance) {
                u += (clearance - gap) / 2;
                v += (clearance - gap) / 2;
            }
        }
        const double pad = kNullDelimiter * e;
        const double width = std::max(num.width, den.width);
        MathBox out;
        out.place(num, pad + (width - num.width) / 2, -u);
        out.place(den, pad + (width - den.width) / 2, v);
        if (n.bar)
            out.shapes.push_back(rect(pad, -axis - rule / 2, width, rule));
        out.width = width + 2 * pad;
        return out;
    }

    MathBox radical(const Node& n, Ctx c) {
        const double e = em(c);
        const MathBox body = node(n.children[0], {c.style, true});
        const double rule = std::max(1.0, kRule * e);
        const double gap = rule + (c.style == Style::Display ? kXHeight * e : kRule * e) / 4 + 0.06 * e;
        const double top = -(std::max(body.height, kXHeight * e) + gap + rule);
        const double bottom = std::max(body.depth, 0.05 * e) + 0.05 * e;
        const double total = bottom - top;
        // The sign: a short tick up to a heavy stroke down, a thin one up to the bar.
        const double signWidth = std::min(1.0 * e, 0.55 * e + 0.08 * total);
        const double mid = bottom - std::min(0.55 * e, 0.5 * total);
        double x0 = 0;
        MathBox out;
        if (!n.children[1].isEmptyRow()) { // the index sits in the crook of the sign
            const MathBox index = node(n.children[1], {Style::ScriptScript, false});
            const double indexRight = 0.6 * signWidth;
            x0 = std::max(0.0, index.width - indexRight + 0.05 * e);
            out.place(index, x0 + indexRight - index.width, bottom - 0.6 * total - index.depth);
        }
        QPainterPath tick;
        tick.moveTo(x0, mid + 0.08 * e);
        tick.lineTo(x0 + 0.18 * signWidth, mid - 0.02 * e);
        QPainterPath down;
        down.moveTo(x0 + 0.16 * signWidth, mid - 0.03 * e);
        down.lineTo(x0 + 0.45 * signWidth, bottom);
        QPainterPath up;
        up.moveTo(x0 + 0.45 * signWidth, bottom);
        up.lineTo(x0 + signWidth, top + rule / 2);
        out.shapes.push_back(stroked(tick, rule));
        out.shapes.push_back(stroked(down, 2.2 * rule));
        out.shapes.push_back(stroked(up, rule));
        const double bodyX = x0 + signWidth + 0.05 * e;
        out.shapes.push_back(rect(x0 + signWidth - rule / 2, top, bodyX - x0 - signWidth + body.width + 0.1 * e + rule / 2, rule));
        out.place(body, bodyX, 0);
        out.width = bodyX + body.width + 0.15 * e;
        out.height = std::max(out.height, -top);
        out.depth = std::max(out.depth, bottom);
        return out;
    }

    // A delimiter at least `total` tall, centred on the axis: the smallest KaTeX size that is
    // tall enough, stretched beyond the largest. fixedSize (1-4): \big … \Bigg.
    MathBox delimiter(const QString& glyphText, double total, Ctx c, int fixedSize = 0) {
        const double e = em(c), axis = kAxis * e;
        if (glyphText.isEmpty()) {
            MathBox b;
            b.width = kNullDelimiter * e;
            return b;
        }
        static const char* const families[] = {"KaTeX_Main", "KaTeX_Size1", "KaTeX_Size2", "KaTeX_Size3",
                                                "KaTeX_Size4"};
        MathBox best;
        for (int size = fixedSize; size < 5; ++size) {
            QString text = glyphText;
            if (size > 0 && text == QLatin1String("|"))
                text = QStringLiteral("∣");
            if (size > 0 && text == QLatin1String("‖"))
                text = QStringLiteral("∥");
            best = glyph(text, mathFont(families[size], e));
            if (fixedSize > 0 || best.height + best.depth >= total)
                break;
        }
        const double ink = best.height + best.depth;
        const double scale = fixedSize == 0 && ink > 0 && ink < total ? total / ink : 1.0;
        MathGlyph g = best.glyphs.front();
        const double mid = (best.depth - best.height) / 2 * scale;
        g.scaleY = scale;
        g.origin = QPointF(0, -axis - mid);
        MathBox out;
        out.width = best.width;
        out.height = axis + ink * scale / 2;
        out.depth = -axis + ink * scale / 2;
        out.glyphs.push_back(g);
        return out;
    }

    // TeX's rule for \left…\right: cover the body around the axis, to 90% or within 0.5 em.
    double delimiterTotal(double height, double depth, Ctx c) const {
        const double e = em(c), axis = kAxis * e;
        const double delta = std::max(height - axis, depth + axis);
        return std::max(delta * 2 * 0.901, 2 * delta - 0.5 * e);
    }

    MathBox delimited(const Node& n, Ctx c) {
        const MathBox body = node(n.children[0], c);
        const double total = delimiterTotal(body.height, body.depth, c);
        const MathBox open = delimiter(n.open, total, c);
        const MathBox close = delimiter(n.close, total, c);
        MathBox out;
        out.place(open, 0, 0);
        out.place(body, open.width, 0);
        out.place(close, open.width + body.width, 0);
        out.width = open.width + body.width + close.width;
        return out;
    }

    MathBox accent(const Node& n, Ctx c) {
        const double e = em(c);
        const MathBox body = node(n.children[0], {c.style, true});
        const double rule = std::max(1.0, kRule * e);
        const QString& name = n.text;
        MathBox out;
        out.place(body, 0, 0);
        out.width = body.width;
        out.italic = body.italic;
        const double skew = body.isCharacter ? body.italic / 2 : 0; // italic letters lean right
        if (name == QLatin1String("overline") || name == QLatin1String("bar")) {
            const double inset = name == QLatin1String("bar") && body.isCharacter ? 0.05 * e : 0;
            const double y = -(body.height + 3 * rule);
            out.shapes.push_back(rect(inset + skew, y - rule, body.width - 2 * inset, rule));
            out.height = std::max(out.height, -y + 2 * rule);
        } else if (name == QLatin1String("underline")) {
            const double y = body.depth + 3 * rule;
            out.shapes.push_back(rect(0, y, body.width, rule));
            out.depth = std::max(out.depth, y + 2 * rule);
        } else if (name == QLatin1String("vec") ||
                   (name.startsWith(QLatin1String("over")) && name.endsWith(QLatin1String("arrow")))) {
            const bool full = name != QLatin1String("vec");
            const double width = full ? body.width : std::max(0.45 * e, body.width * 0.8);
            const double x = full ? 0 : (body.width - width) / 2 + skew;
            const double y = -(body.height + 0.12 * e);
            const bool right = name != QLatin1String("overleftarrow");
            const bool left = name == QLatin1String("overleftarrow") || name == QLatin1String("overleftrightarrow");
            out.shapes.push_back(arrow(x, x + width, y, e, left, right));
            out.height = std::max(out.height, -y + 0.12 * e);
        } else if (name == QLatin1String("widehat") || name == QLatin1String("widetilde")) {
            const double y = -(body.height + 0.08 * e);
            const double h = 0.22 * e;
            QPainterPath line;
            if (name == QLatin1String("widehat")) {
                line.moveTo(0, y);
                line.lineTo(body.width / 2, y - h);
                line.lineTo(body.width, y);
            } else {
                line.moveTo(0, y - h * 0.3);
                line.cubicTo(body.width * 0.3, y - h * 1.2, body.width * 0.7, y + h * 0.2, body.width, y - h * 0.7);
            }
            out.shapes.push_back(stroked(line, rule * 1.2));
            out.height = std::max(out.height, -y + h + rule);
        } else if (name == QLatin1String("underbrace") || name == QLatin1String("overbrace")) {
            const bool under = name == QLatin1String("underbrace");
            const double h = 0.3 * e;
            const double y = under ? body.depth + 0.1 * e : -(body.height + 0.1 * e);
            out.shapes.push_back(brace(0, body.width, y, under ? h : -h, rule));
            if (under)
                out.depth = std::max(out.depth, y + h);
            else
                out.height = std::max(out.height, -y + h);
        } else if (name.endsWith(QLatin1String("cancel"))) {
            QPainterPath line;
            const bool up = name != QLatin1String("bcancel"), down = name != QLatin1String("cancel");
            if (up) {
                line.moveTo(0, body.depth);
                line.lineTo(body.width, -body.height);
            }
            if (down) {
                line.moveTo(0, -body.height);
                line.lineTo(body.width, body.depth);
            }
            out.shapes.push_back(stroked(line, rule));
        } else { // accents set as glyphs
            static const QHash<QString, QString> glyphs = {
                {"hat", "ˆ"},   {"check", "ˇ"}, {"tilde", "˜"}, {"acute", "ˊ"},   {"grave", "ˋ"},
                {"dot", "˙"},   {"ddot", "¨"},  {"breve", "˘"}, {"mathring", "˚"},
            };
            const QString text = glyphs.value(name, QStringLiteral("ˆ"));
            const QFont font = mathFont("KaTeX_Main", e);
            const MathBox mark = glyph(text, font);
            // The accent's ink (drawn high above its own baseline) sits just over the body.
            const double inkBottom = inkOf(text, font).bottom();
            const double y = -(std::max(body.height, kXHeight * e) + 0.08 * e) - inkBottom;
            out.place(mark, (body.width - mark.width) / 2 + skew, y);
        }
        return out;
    }

    static QPainterPath arrow(double x0, double x1, double y, double e, bool left, bool right) {
        const double head = 0.12 * e, thickness = std::max(1.0, kRule * e);
        QPainterPath line;
        line.moveTo(x0, y);
        line.lineTo(x1, y);
        if (right) {
            line.moveTo(x1 - head, y - head * 0.8);
            line.lineTo(x1, y);
            line.lineTo(x1 - head, y + head * 0.8);
        }
        if (left) {
            line.moveTo(x0 + head, y - head * 0.8);
            line.lineTo(x0, y);
            line.lineTo(x0 + head, y + head * 0.8);
        }
        return stroked(line, thickness);
    }

    // A horizontal curly brace from x0 to x1, its tips at y and its point at y + h.
    static QPainterPath brace(double x0, double x1, double y, double h, double thickness) {
        const double mid = (x0 + x1) / 2, r = std::min(std::abs(h) / 2, (x1 - x0) / 4);
        const double sign = h > 0 ? 1 : -1;
        QPainterPath line;
        line.moveTo(x0, y);
        line.quadTo(x0, y + sign * r, x0 + r, y + sign * r);
        line.lineTo(mid - r, y + sign * r);
        line.quadTo(mid, y + sign * r, mid, y + h);
        line.quadTo(mid, y + sign * r, mid + r, y + sign * r);
        line.lineTo(x1 - r, y + sign * r);
        line.quadTo(x1, y + sign * r, x1, y);
        return stroked(line, thickness * 1.2);
    }

    MathBox boxed(const Node& n, Ctx c) {
        const double e = em(c);
        const MathBox body = node(n.children[0], c);
        const double rule = std::max(1.0, kRule * e), pad = kFrameSep * e;
        MathBox out;
        const double w = body.width + 2 * pad + 2 * rule;
        const double top = -(body.height + pad + rule), bottom = body.depth + pad + rule;
        out.place(body, rule + pad, 0);
        out.shapes.push_back(rect(0, top, w, rule));
        out.shapes.push_back(rect(0, bottom - rule, w, rule));
        out.shapes.push_back(rect(0, top, rule, bottom - top));
        out.shapes.push_back(rect(w - rule, top, rule, bottom - top));
        out.width = w;
        out.height = -top;
        out.depth = bottom;
        return out;
    }

    // Matrices, cases and aligned lines: a grid centred on the axis, with delimiters around.
    MathBox array(const Node& n, Ctx c) {
        const double e = em(c), axis = kAxis * e;
        const Ctx cellCtx{isScriptStyle(c.style) ? scriptStyleOf(c.style) : n.style, false};
        const bool small = cellCtx.style == Style::Script || cellCtx.style == Style::ScriptScript;
        const int columns = std::max(1, n.columns);
        const int rows = int(n.children.size()) / columns;
        std::vector<MathBox> cells;
        cells.reserve(n.children.size());
        for (size_t i = 0; i < n.children.size(); ++i) {
            const Node& cell = n.children[i];
            const int column = int(i) % columns;
            const bool leadingOrd = n.spreadColumns && column % 2 == 1;
            cells.push_back(cell.kind == Kind::Row ? row(cell.children, cellCtx, leadingOrd) : node(cell, cellCtx));
        }
        std::vector<double> widths(size_t(columns), 0), heights(size_t(rows), 0), depths(size_t(rows), 0);
        const double skip = (small ? 0.5 : 1.0) * 1.2 * e; // baselineskip times arraystretch
        for (int r = 0; r < rows; ++r) {
            heights[size_t(r)] = 0.7 * skip;
            depths[size_t(r)] = 0.3 * skip;
            for (int col = 0; col < columns; ++col) {
                const MathBox& cell = cells[size_t(r * columns + col)];
                widths[size_t(col)] = std::max(widths[size_t(col)], cell.width);
                heights[size_t(r)] = std::max(heights[size_t(r)], cell.height);
                depths[size_t(r)] = std::max(depths[size_t(r)], cell.depth);
            }
        }
        const double rowGap = n.spreadColumns || n.style == Style::Display ? kJot * e : 0;
        auto columnGap = [&](int col) { // before column col
            if (n.spreadColumns)
                return col % 2 == 0 ? 2.0 * e : 0.0;
            return small ? 0.5 * e : 1.0 * e;
        };
        double total = 0;
        for (int r = 0; r < rows; ++r)
            total += heights[size_t(r)] + depths[size_t(r)] + (r > 0 ? rowGap : 0);
        MathBox grid;
        double y = -(total / 2 + axis);
        for (int r = 0; r < rows; ++r) {
            y += heights[size_t(r)];
            double x = 0;
            for (int col = 0; col < columns; ++col) {
                if (col > 0)
                    x += columnGap(col);
                const MathBox& cell = cells[size_t(r * columns + col)];
                const QChar align = col < n.align.size() ? n.align[col] : QChar(u'c');
                const double slack = widths[size_t(col)] - cell.width;
                grid.place(cell, x + (align == u'l' ? 0 : align == u'r' ? slack : slack / 2), y);
                x += widths[size_t(col)];
            }
            grid.width = x;
            y += depths[size_t(r)] + rowGap;
        }
        grid.height = total / 2 + axis;
        grid.depth = total / 2 - axis;
        if (n.open.isEmpty() && n.close.isEmpty())
            return grid;
        const double side = 0.1 * e;
        const double totalDelimiter = delimiterTotal(grid.height, grid.depth, c);
        const MathBox open = delimiter(n.open, totalDelimiter, c);
        const MathBox close = delimiter(n.close, totalDelimiter, c);
        MathBox out;
        out.place(open, 0, 0);
        out.place(grid, open.width + side, 0);
        out.place(close, open.width + grid.width + 2 * side, 0);
        out.width = open.width + grid.width + close.width + 2 * side;
        return out;
    }

    double px_;
};

} // namespace

void MathBox::place(const MathBox& child, double x, double y) {
    height = std::max(height, child.height - y);
    depth = std::max(depth, child.depth + y);
    width = std::max(width, x + child.width);
    for (MathGlyph g : child.glyphs) {
        g.origin += QPointF(x, y);
        glyphs.push_back(std::move(g));
    }
    for (const QPainterPath& shape : child.shapes)
        shapes.push_back(shape.translated(x, y));
}

void MathBox::paint(QPainter& painter, QPointF origin, const QColor& color) const {
    painter.save();
    painter.setPen(color);
    for (const MathGlyph& g : glyphs) {
        painter.setFont(g.font);
        if (g.scaleY == 1) {
            painter.drawText(origin + g.origin, g.text);
            continue;
        }
        painter.save();
        painter.translate(origin + g.origin);
        painter.scale(1, g.scaleY);
        painter.drawText(QPointF(0, 0), g.text);
        painter.restore();
    }
    for (const QPainterPath& shape : shapes)
        painter.fillPath(shape.translated(origin), color);
    painter.restore();
}

MathBox layoutFormula(const Node& formula, double pixelSize, Style style) {
    Layout layout(pixelSize);
    MathBox box = formula.kind == Kind::Row ? layout.row(formula.children, {style, false})
                                            : layout.node(formula, {style, false});
    return box;
}

} // namespace ponder::math
