// Text with math in a QTextDocument (what the chat's TextEdits show): formulas become objects,
// display math gets a centred line of its own, currency stays text, a selection copies as the
// source, and a reply that is still streaming never flips earlier text into or out of math.
#include "math/math_text.h"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QtTest>

using namespace ponder::math;

namespace {

const MathLook kLook{Qt::black, 16};

int objectsIn(const QTextDocument& document) {
    int count = 0;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().objectType() == mathObjectType())
                count += it.fragment().length();
    return count;
}

QTextBlock blockWithObject(const QTextDocument& document) {
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().objectType() == mathObjectType())
                return block;
    return {};
}

} // namespace

class MathTextTest : public QObject {
    Q_OBJECT

  private slots:
    void inlineMathBecomesObjects() {
        QTextDocument document;
        const int drawn = setMathText(document, "Roots $x_1 = 2$ and \\(x_2 = 3\\), **so** done.",
                                      TextFormat::Markdown, kLook);
        QCOMPARE(drawn, 2);
        QCOMPARE(objectsIn(document), 2);
        QCOMPARE(document.blockCount(), 1);
        QVERIFY(document.toPlainText().contains("so done."));
        QVERIFY(!document.toPlainText().contains("x_1"));
    }

    void currencyStaysText() {
        QTextDocument document;
        QCOMPARE(setMathText(document, "It costs $5 and $10, or $5-$10 in total.", TextFormat::Markdown, kLook), 0);
        QCOMPARE(document.toPlainText(), QStringLiteral("It costs $5 and $10, or $5-$10 in total."));
    }

    void displayMathGetsACentredLineOfItsOwn() {
        QTextDocument document;
        setMathText(document, "Hence\n\\[\n\\frac{1}{2}\n\\]\nas claimed.", TextFormat::Markdown, kLook);
        const QTextBlock block = blockWithObject(document);
        QVERIFY(block.isValid());
        QCOMPARE(block.length(), 3); // a narrow space (see isolateDisplay), the object, the separator
        QCOMPARE(block.blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignHCenter);
        QCOMPARE(block.previous().text(), QStringLiteral("Hence"));
        QCOMPARE(block.next().text(), QStringLiteral("as claimed."));
    }

    void displayMathInAListStaysOutOfTheNumbering() {
        QTextDocument document;
        setMathText(document, "1. First\n   $$x^2$$\n   then more\n2. Second", TextFormat::Markdown, kLook);
        const QTextBlock block = blockWithObject(document);
        QVERIFY(block.isValid());
        QVERIFY(!block.textList());
        QVERIFY(!block.next().textList()); // "then more" continues the item, unnumbered
        QCOMPARE(block.next().next().text(), QStringLiteral("Second"));
        QVERIFY(block.next().next().textList());
        QCOMPARE(block.next().next().textList()->itemNumber(block.next().next()), 1);
    }

    void plainTextKeepsItsLines() {
        QTextDocument document;
        QCOMPARE(setMathText(document, "so $a^2$ here\nand \\[b\\]\n", TextFormat::Plain, kLook), 2);
        QCOMPARE(document.begin().text().left(3), QStringLiteral("so "));
        QVERIFY(document.toPlainText().contains("and"));
    }

    void aSelectionCopiesAsTheSource() {
        QTextDocument document;
        const QString text = "Roots $x_1 = 2$ and \\(x_2\\).\n\n$$\\boxed{5}$$\n\nDone.";
        setMathText(document, text, TextFormat::Markdown, kLook);
        const int end = document.characterCount() - 1;
        QCOMPARE(sourceText(document, 0, end), QStringLiteral("Roots $x_1 = 2$ and \\(x_2\\).\n$$\\boxed{5}$$\nDone."));
        QCOMPARE(sourceText(document, 0, 5), QStringLiteral("Roots"));
        QCOMPARE(sourceText(document, 6, 7), QStringLiteral("$x_1 = 2$"));
    }

    void mathThatDoesNotParseIsShownAsWritten() {
        QTextDocument document;
        QCOMPARE(setMathText(document, "Broken $\\frac{1}$ here.", TextFormat::Markdown, kLook), 0);
        QCOMPARE(document.toPlainText(), QStringLiteral("Broken $\\frac{1}$ here."));
    }

    // Every prefix of a streamed reply: formulas only ever appear (none turns back into text),
    // and the price before them is never taken for the start of a formula.
    void streamingNeverFlipsEarlierText() {
        const QString reply = "The cost is $5 today. So $x^2 + y^2 = r^2$ holds, and \\[\\sum_{k=1}^n k\\] too.";
        QTextDocument document;
        int previousDrawn = 0;
        for (int length = 1; length <= reply.size(); ++length) {
            const QString prefix = reply.left(length);
            const int drawn = setMathText(document, prefix, TextFormat::Plain, kLook);
            QVERIFY2(drawn >= previousDrawn, qPrintable("a formula vanished at: " + prefix));
            previousDrawn = drawn;
            if (length >= 20)
                QVERIFY2(document.toPlainText().startsWith("The cost is $5 today"), qPrintable(prefix));
        }
        QCOMPARE(previousDrawn, 2);
    }
};

QTEST_MAIN(MathTextTest)
#include "math_text_test.moc"
