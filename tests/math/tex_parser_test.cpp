// Reading TeX: the constructions reasoning models use become the right nodes; what is wrong
// is an error (and the reply then shows the source); unknown commands stay visible.
#include "math/tex_parser.h"

#include <QtTest>

using namespace ponder::math;
using Kind = Node::Kind;

namespace {

// A compact picture of the tree: [row], frac(…,…), sup(base,sup,sub), "x"…; a row of one
// item (a braced group, a cell) is shown as that item.
QString describe(const Node& n) {
    if (n.kind == Kind::Row && n.children.size() == 1)
        return describe(n.children[0]);
    auto list = [](const std::vector<Node>& children) {
        QStringList parts;
        for (const Node& c : children)
            parts << describe(c);
        return parts.join(u',');
    };
    switch (n.kind) {
    case Kind::Symbol:
        return n.text;
    case Kind::Text:
        return "text(" + n.text + ")";
    case Kind::Row:
        return "[" + list(n.children) + "]";
    case Kind::Scripts:
        return "sup(" + list(n.children) + ")";
    case Kind::Fraction:
        return (n.bar ? "frac(" : "stack(") + list(n.children) + ")";
    case Kind::Radical:
        return "sqrt(" + list(n.children) + ")";
    case Kind::BigOperator:
        return "op(" + n.text + ")";
    case Kind::Limits:
        return "limits(" + list(n.children) + ")";
    case Kind::Delimited:
        return "delim(" + n.open + list(n.children) + n.close + ")";
    case Kind::Accent:
        return n.text + "(" + list(n.children) + ")";
    case Kind::Boxed:
        return "boxed(" + list(n.children) + ")";
    case Kind::Array:
        return QStringLiteral("array%1x%2%3(").arg(n.children.size() / std::max(1, n.columns)).arg(n.columns).arg(n.open) +
               list(n.children) + ")";
    case Kind::Space:
        return QStringLiteral("space%1").arg(n.mu);
    case Kind::StyleChange:
        return "style";
    case Kind::Phantom:
        return "phantom";
    }
    return "?";
}

} // namespace

class TexParserTest : public QObject {
    Q_OBJECT

  private slots:
    void parses_data() {
        QTest::addColumn<QString>("tex");
        QTest::addColumn<QString>("tree");
        QTest::newRow("letters and operators") << "a+b=c" << "[a,+,b,=,c]";
        QTest::newRow("minus sign") << "-x" << "[−,x]";
        QTest::newRow("numbers stay whole") << "3.14x" << "[3.14,x]";
        QTest::newRow("fraction") << "\\frac{1}{2}" << "frac(1,2)";
        QTest::newRow("fraction of single tokens") << "\\frac12" << "frac(1,2)";
        QTest::newRow("scripts") << "x_i^2" << "sup(x,2,i)";
        QTest::newRow("primes") << "f''(x)" << "[sup(f,′′,[]),(,x,)]";
        QTest::newRow("sqrt with index") << "\\sqrt[3]{x}" << "sqrt(x,3)";
        QTest::newRow("sum with limits") << "\\sum_{k=1}^{n} k" << "[sup(op(∑),n,[k,=,1]),k]";
        QTest::newRow("left right") << "\\left( x \\right]" << "delim((x])";
        QTest::newRow("boxed") << "\\boxed{42}" << "boxed(42)";
        QTest::newRow("text keeps spaces") << "\\text{if } x" << "[text(if ),x]";
        QTest::newRow("greek") << "\\alpha\\Omega" << "[α,Ω]";
        QTest::newRow("binomial") << "\\binom{n}{k}" << "delim((stack(n,k)))";
        QTest::newRow("cases") << "\\begin{cases} 1 & x>0 \\\\ 0 & \\text{else} \\end{cases}"
                               << "array2x2{(1,[x,>,0],0,text(else))";
        QTest::newRow("pmatrix") << "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}" << "array2x2((a,b,c,d)";
        QTest::newRow("aligned") << "\\begin{aligned} x &= 1 \\\\ &= 2 \\end{aligned}"
                                 << "array2x2(x,[=,1],[],[=,2])";
        QTest::newRow("lines without environment") << "a \\\\ b" << "array2x1(a,b)";
        QTest::newRow("accent") << "\\hat{\\theta}" << "hat(θ)";
        QTest::newRow("underbrace") << "\\underbrace{a+b}_{n}" << "sup(underbrace([a,+,b]),[],n)";
        QTest::newRow("negation") << "\\not= \\not\\in" << "[≠,∉]";
        QTest::newRow("font") << "\\mathbb{R}" << "R";
        QTest::newRow("operator name") << "\\operatorname{lcm}(a,b)" << "[lcm,(,a,,,b,)]";
        QTest::newRow("pmod") << "\\pmod{11}" << "[space8,(,mod,space6,11,)]";
        QTest::newRow("unknown command stays visible") << "\\foo x" << "[\\foo,x]";
        QTest::newRow("spaces") << "a\\,b\\quad c" << "[a,space3,b,space18,c]";
    }
    void parses() {
        QFETCH(QString, tex);
        QFETCH(QString, tree);
        const auto node = parseTex(tex);
        QVERIFY2(node.ok(), node.ok() ? "" : node.error().message.c_str());
        QCOMPARE(describe(*node), tree);
    }

    void errors_data() {
        QTest::addColumn<QString>("tex");
        QTest::newRow("unclosed brace") << "\\frac{1}{2";
        QTest::newRow("missing argument") << "\\frac{1}";
        QTest::newRow("stray brace") << "x}";
        QTest::newRow("left without right") << "\\left( x";
        QTest::newRow("unclosed environment") << "\\begin{pmatrix} a";
        QTest::newRow("mismatched environment") << "\\begin{pmatrix} a \\end{bmatrix}";
        QTest::newRow("unknown environment") << "\\begin{tikzpicture}\\end{tikzpicture}";
        QTest::newRow("lone backslash") << "x \\";
    }
    void errors() {
        QFETCH(QString, tex);
        QVERIFY(!parseTex(tex).ok());
    }

    void atomClassesDecideSpacing() {
        const auto node = parseTex(u"a \\leq b + c");
        QVERIFY(node.ok());
        QCOMPARE(node->children[1].atom, Atom::Rel);
        QCOMPARE(node->children[3].atom, Atom::Bin);
        const auto limits = parseTex(u"\\lim_{x\\to 0}");
        QVERIFY(limits.ok());
        QVERIFY(limits->children[0].kind == Kind::Scripts && limits->children[0].children[0].limits);
    }
};

QTEST_APPLESS_MAIN(TexParserTest)
#include "tex_parser_test.moc"
