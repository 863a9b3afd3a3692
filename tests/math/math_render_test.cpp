// The formulas reasoning models write (data/reasoning_formulas.txt), rendered and compared with
// the reference images in reference/: the same pixels within a small tolerance (antialiasing may
// differ by a shade between FreeType builds; a misplaced script or a missing bar does not pass).
// PONDER_WRITE_MATH_REFERENCES=DIR writes this machine's renderings there (and a contact sheet),
// to review and copy over the references after a deliberate change.
#include "math/math_renderer.h"
#include "math/math_spans.h"

#include <QFile>
#include <QPainter>
#include <QtTest>

using namespace ponder::math;

namespace {

constexpr double kTextPixelSize = 16;

struct Formula {
    QString name, source;
};

std::vector<Formula> corpus() {
    QFile file(QStringLiteral(PONDER_MATH_TEST_DATA "/reasoning_formulas.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    std::vector<Formula> formulas;
    for (const QString& line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype tab = line.indexOf(u'\t');
        formulas.push_back({line.left(tab), line.mid(tab + 1)});
    }
    return formulas;
}

// Pixels whose coverage differs by more than a third, over the larger image.
double differingFraction(const QImage& a, const QImage& b) {
    const int w = std::max(a.width(), b.width()), h = std::max(a.height(), b.height());
    int differing = 0, inked = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int alphaA = a.valid(x, y) ? qAlpha(a.pixel(x, y)) : 0;
            const int alphaB = b.valid(x, y) ? qAlpha(b.pixel(x, y)) : 0;
            inked += alphaA > 0 || alphaB > 0;
            differing += std::abs(alphaA - alphaB) > 85;
        }
    return inked == 0 ? 0 : double(differing) / inked;
}

} // namespace

class MathRenderTest : public QObject {
    Q_OBJECT

  private slots:
    void theKatexFontsAreInstalled() {
        QVERIFY2(mathFontsAvailable(), "the KaTeX fonts are missing: apt-get install fonts-katex");
    }

    void formulasMatchTheirReferences_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("source");
        const auto formulas = corpus();
        QVERIFY(formulas.size() >= 50);
        for (const Formula& f : formulas)
            QTest::newRow(qPrintable(f.name)) << f.name << f.source;
    }

    void formulasMatchTheirReferences() {
        QFETCH(QString, name);
        QFETCH(QString, source);
        const auto spans = splitMath(source);
        QCOMPARE(spans.size(), size_t(1)); // the delimiters are recognised, nothing is left over
        QVERIFY(spans[0].kind != MathSpan::Kind::Text);
        const bool display = spans[0].kind == MathSpan::Kind::Display;
        const auto rendered = renderTex(spans[0].text, display, mathPixelSize(kTextPixelSize), Qt::black);
        QVERIFY2(rendered, "the formula did not parse");

        const QByteArray outDir = qgetenv("PONDER_WRITE_MATH_REFERENCES");
        if (!outDir.isEmpty()) {
            QVERIFY(rendered->image.save(QString::fromUtf8(outDir) + "/" + name + ".png"));
            return;
        }
        const QImage reference(QStringLiteral(PONDER_MATH_TEST_DATA "/../reference/") + name + ".png");
        QVERIFY2(!reference.isNull(), qPrintable("no reference image for " + name));
        const QImage actual = rendered->image.convertToFormat(QImage::Format_ARGB32);
        const QString failedCopy = QDir::temp().filePath("ponder-math-" + name + ".png");
        QVERIFY2(std::abs(actual.width() - reference.width()) <= 2 && std::abs(actual.height() - reference.height()) <= 2,
                 qPrintable(QStringLiteral("size %1x%2, reference %3x%4 (saved as %5)")
                                .arg(actual.width()).arg(actual.height()).arg(reference.width())
                                .arg(reference.height()).arg(failedCopy)));
        const double differing = differingFraction(actual, reference.convertToFormat(QImage::Format_ARGB32));
        if (differing > 0.03)
            actual.save(failedCopy);
        QVERIFY2(differing <= 0.03, qPrintable(QStringLiteral("%1% of the inked pixels differ (saved as %2)")
                                                   .arg(differing * 100, 0, 'f', 1).arg(failedCopy)));
    }

    // Review aid: every formula on one sheet, written with the references.
    void contactSheet() {
        const QByteArray outDir = qgetenv("PONDER_WRITE_MATH_REFERENCES");
        if (outDir.isEmpty())
            QSKIP("only when writing references");
        const auto formulas = corpus();
        QImage sheet(1400, 2400, QImage::Format_ARGB32);
        sheet.fill(Qt::white);
        QPainter painter(&sheet);
        int x = 10, y = 10, rowHeight = 0;
        for (const Formula& f : formulas) {
            const auto spans = splitMath(f.source);
            const auto r = renderTex(spans[0].text, spans[0].kind == MathSpan::Kind::Display,
                                     mathPixelSize(kTextPixelSize), Qt::black);
            if (!r)
                continue;
            const int w = int(r->image.width()) + 30;
            if (x + w > sheet.width()) {
                x = 10;
                y += rowHeight + 14;
                rowHeight = 0;
            }
            painter.drawImage(QPointF(x, y), r->image);
            painter.setPen(QColor(255, 0, 0, 60));
            painter.drawLine(QPointF(x, y + r->ascent), QPointF(x + r->width, y + r->ascent)); // baseline
            x += w;
            rowHeight = std::max(rowHeight, int(r->image.height()));
        }
        painter.end();
        QVERIFY(sheet.copy(0, 0, sheet.width(), y + rowHeight + 10).save(QString::fromUtf8(outDir) + "/_sheet.png"));
    }
};

QTEST_MAIN(MathRenderTest)
#include "math_render_test.moc"
