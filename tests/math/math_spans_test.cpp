// Finding the math in a reply: the four delimiters, dollars that are money, code that is code,
// and replies cut off mid-formula while they stream.
#include "math/math_spans.h"

#include <QtTest>

using namespace ponder::math;

namespace {

// "T:text|I:tex|D:tex" for compact expectations.
QString describe(const std::vector<MathSpan>& spans) {
    QStringList parts;
    for (const MathSpan& s : spans)
        parts << (s.kind == MathSpan::Kind::Text ? "T:" : s.kind == MathSpan::Kind::Inline ? "I:" : "D:") + s.text;
    return parts.join(u'|');
}

} // namespace

class MathSpansTest : public QObject {
    Q_OBJECT

  private slots:
    void splits_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("spans");
        QTest::newRow("dollar inline") << "so $x^2$ grows" << "T:so |I:x^2|T: grows";
        QTest::newRow("paren inline") << "so \\(x^2\\) grows" << "T:so |I:x^2|T: grows";
        QTest::newRow("bracket display") << "so\n\\[\nx^2\n\\]\nend" << "T:so\n|D:x^2|T:\nend";
        QTest::newRow("double dollar display") << "$$\\frac{1}{2}$$" << "D:\\frac{1}{2}";
        QTest::newRow("boxed answer") << "**Final Answer**\n\\[\\boxed{42}\\]" << "T:**Final Answer**\n|D:\\boxed{42}";
        QTest::newRow("money") << "costs $5 and $10" << "T:costs $5 and $10";
        QTest::newRow("money range") << "between $5-$10 a day" << "T:between $5-$10 a day";
        QTest::newRow("money then math") << "It costs $5. So $x = 2$ works." << "T:It costs $5. So |I:x = 2|T: works.";
        QTest::newRow("space after opening") << "a $ x$ b" << "T:a $ x$ b";
        QTest::newRow("space before closing") << "a $x $ b" << "T:a $x $ b";
        QTest::newRow("digit after closing") << "a $x$5 b" << "T:a $x$5 b";
        QTest::newRow("escaped dollar") << "a \\$x$ b" << "T:a \\$x$ b";
        QTest::newRow("not across paragraphs") << "a $x\n\ny$ b" << "T:a $x\n\ny$ b";
        QTest::newRow("across a line") << "a $x +\ny$ b" << "T:a |I:x +\ny|T: b";
        QTest::newRow("code span") << "run `echo $HOME $PATH` now" << "T:run `echo $HOME $PATH` now";
        QTest::newRow("fenced code") << "```sh\necho $a$b\n```\nand $c$" << "T:```sh\necho $a$b\n```\nand |I:c";
        QTest::newRow("escaped backslash") << "a \\\\[x\\\\] b" << "T:a \\\\[x\\\\] b";
        QTest::newRow("empty display") << "$$ $$" << "T:$$ $$";
    }
    void splits() {
        QFETCH(QString, text);
        QFETCH(QString, spans);
        QCOMPARE(describe(splitMath(text)), spans);
    }

    void theSourceIsKeptExactly() {
        const QString text = "Use \\( a \\) and $$ b $$ or $c$.";
        QString joined;
        for (const MathSpan& s : splitMath(text))
            joined += s.source;
        QCOMPARE(joined, text);
    }

    // While a reply streams, an opened but unclosed formula is text, and what came before it
    // reads the same in every longer prefix.
    void streamingPrefixesAreStable() {
        const QString reply = "It costs $5. Then $x^2 + 1$ and \\[\\frac{a}{b}\\] and $$y$$ end.";
        for (int length = 1; length <= reply.size(); ++length) {
            const auto spans = splitMath(reply.left(length));
            const auto whole = splitMath(reply);
            // Every complete formula in the prefix is one of the reply's formulas, in order.
            size_t formula = 0;
            for (const MathSpan& s : spans) {
                if (s.kind == MathSpan::Kind::Text)
                    continue;
                while (formula < whole.size() && whole[formula].kind == MathSpan::Kind::Text)
                    ++formula;
                QVERIFY2(formula < whole.size() && whole[formula].source == s.source,
                         qPrintable(reply.left(length)));
                ++formula;
            }
        }
    }
};

QTEST_APPLESS_MAIN(MathSpansTest)
#include "math_spans_test.moc"
