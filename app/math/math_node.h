// A formula as the TeX parser reads it: a tree of rows, symbols and constructions (fractions,
// scripts, radicals, arrays...). The layout turns it into positioned glyphs and rules.
#pragma once

#include <QString>

#include <vector>

namespace ponder::math {

// TeX's atom classes: they decide the space between neighbours ("a + b", "a = b", "f(x)").
enum class Atom { Ord, Op, Bin, Rel, Open, Close, Punct, Inner };

// Alphabets: Normal sets letters in italic and the rest upright, as TeX does in math.
enum class Font { Normal, Roman, Italic, Bold, BoldItalic, Blackboard, Calligraphic, Fraktur, Script, Sans, Mono };

// TeX's four styles: display (own line), text (inline), script and scriptscript (sizes 1, 1, .7, .5).
enum class Style { Display, Text, Script, ScriptScript };

struct Node {
    enum class Kind {
        Symbol,      // text: a character, a number, or a function name ("sin"); atom and font
        Text,        // text: \text{…} words, upright, spaces kept
        Row,         // children in order
        Scripts,     // children: base, superscript, subscript (an empty Row when absent)
        Fraction,    // children: numerator, denominator; bar: false for \binom
        Radical,     // children: body, index (an empty Row when absent)
        BigOperator, // text: ∑ ∫ …; limits: scripts above and below in display style
        Limits,      // children: base, over, under (\overset, \underset, \stackrel)
        Delimited,   // open, close around children[0] (\left( … \right)); empty: no delimiter
        Accent,      // text: the accent ("hat", "bar", "vec", "overline", "underbrace", …); children: body
        Boxed,       // children: the framed body
        Array,       // children: cells row by row; columns; align per column; open/close around it
        Space,       // mu: width in 1/18 em (negative for \!)
        StyleChange, // style: applies to the following siblings (\displaystyle, \scriptstyle)
        Phantom,     // children: measured, not drawn
    };

    Kind kind = Kind::Row;
    Atom atom = Atom::Ord;
    Font font = Font::Normal;
    Style style = Style::Text; // StyleChange: the new style; Array: the cells' style
    QString text;
    QString open, close;       // delimiters (Delimited, Array); "" for none
    std::vector<Node> children;
    int columns = 0;           // Array
    QString align;             // Array: 'l', 'c' or 'r' per column
    double mu = 0;             // Space
    int delimiterSize = 0;     // Symbol: \big (1) … \Bigg (4); 0 for the normal size
    bool limits = false;       // BigOperator, and Symbol for \lim \max …: limits in display style
    bool explicitLimits = false; // \limits or \nolimits given: `limits` holds in every style
    bool bar = true;           // Fraction
    bool spreadColumns = false; // Array: aligned/align: columns pair up right|left with 2 em between pairs

    static Node row(std::vector<Node> children = {}) {
        Node n;
        n.kind = Kind::Row;
        n.children = std::move(children);
        return n;
    }
    bool isEmptyRow() const { return kind == Kind::Row && children.empty(); }
};

} // namespace ponder::math
