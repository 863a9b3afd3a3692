#include "math/tex_parser.h"

#include "math/math_symbols.h"

#include <QHash>
#include <QRegularExpression>

#include <utility>

namespace ponder::math {

namespace {

using Kind = Node::Kind;

Node symbol(QString text, Atom atom, Font font = Font::Normal) {
    Node n;
    n.kind = Kind::Symbol;
    n.text = std::move(text);
    n.atom = atom;
    n.font = font;
    return n;
}

Node space(double mu) {
    Node n;
    n.kind = Kind::Space;
    n.mu = mu;
    return n;
}

Node styleChange(Style style) {
    Node n;
    n.kind = Kind::StyleChange;
    n.style = style;
    return n;
}

Node withChildren(Kind kind, std::vector<Node> children) {
    Node n;
    n.kind = kind;
    n.children = std::move(children);
    return n;
}

// Letters (and digits) in a \mathbf{…}-style argument take its alphabet.
void applyFont(Node& node, Font font) {
    if (node.kind == Kind::Symbol && node.font == Font::Normal && node.atom == Atom::Ord)
        node.font = font;
    for (Node& child : node.children)
        applyFont(child, font);
}

const QHash<QString, double>& spaces() {
    static const QHash<QString, double> table = {
        {",", 3},         {":", 4},          {">", 4},       {";", 5},         {"!", -3},
        {" ", 6},         {"quad", 18},      {"qquad", 36},  {"enspace", 9},   {"thinspace", 3},
        {"medspace", 4},  {"thickspace", 5}, {"negthinspace", -3}, {"negmedspace", -4},
        {"negthickspace", -5},
    };
    return table;
}

const QHash<QString, Font>& fontCommands() {
    static const QHash<QString, Font> table = {
        {"mathrm", Font::Roman},     {"mathit", Font::Italic},        {"mathbf", Font::Bold},
        {"boldsymbol", Font::BoldItalic}, {"bm", Font::BoldItalic},   {"mathbb", Font::Blackboard},
        {"Bbb", Font::Blackboard},   {"mathcal", Font::Calligraphic}, {"mathscr", Font::Script},
        {"mathfrak", Font::Fraktur}, {"mathsf", Font::Sans},          {"mathtt", Font::Mono},
        {"mathup", Font::Roman},     {"mathnormal", Font::Normal},
    };
    return table;
}

const QHash<QString, Font>& textCommands() {
    static const QHash<QString, Font> table = {
        {"text", Font::Roman},   {"textrm", Font::Roman}, {"textup", Font::Roman}, {"textnormal", Font::Roman},
        {"mbox", Font::Roman},   {"hbox", Font::Roman},   {"textit", Font::Italic}, {"emph", Font::Italic},
        {"textbf", Font::Bold},  {"textsf", Font::Sans},  {"texttt", Font::Mono},
    };
    return table;
}

// \not= is ≠: the negated forms that exist as characters.
QString negated(const QString& glyph) {
    static const QHash<QString, QString> table = {
        {"=", "≠"}, {"≡", "≢"}, {"∈", "∉"}, {"⊂", "⊄"}, {"⊃", "⊅"}, {"⊆", "⊈"}, {"⊇", "⊉"}, {"<", "≮"},
        {">", "≯"}, {"≤", "≰"}, {"≥", "≱"}, {"∼", "≁"}, {"≈", "≉"}, {"∣", "∤"}, {"∥", "∦"}, {"≅", "≇"},
    };
    return table.value(glyph, glyph + QChar(0x0338));
}

class Parser {
  public:
    explicit Parser(QStringView src) : s_(src) {}

    Result<Node> parseFormula() {
        auto rows = parseRows(QString());
        PONDER_TRY(rows);
        if (pos_ < s_.size())
            return fail("unexpected '" + s_.mid(pos_, 1).toString() + "'");
        return std::move(rows).value();
    }

  private:
    enum class Stop { End, CloseBrace, Ampersand, RowBreak, Right, EndEnv, CloseBracket };

    Error fail(const QString& what) const {
        return make_error("TeX: " + what.toStdString() + " at " + std::to_string(pos_));
    }

    bool atEnd() const { return pos_ >= s_.size(); }
    QChar peek(qsizetype offset = 0) const { return pos_ + offset < s_.size() ? s_[pos_ + offset] : QChar(); }
    void skipSpaces() {
        while (!atEnd() && s_[pos_].isSpace())
            ++pos_;
    }

    // The command name after a backslash at pos_: letters, or one other character.
    QString peekCommand() const {
        if (peek() != u'\\')
            return {};
        qsizetype j = pos_ + 1;
        if (j >= s_.size())
            return {};
        if (!s_[j].isLetter())
            return s_.mid(j, 1).toString();
        while (j < s_.size() && s_[j].isLetter())
            ++j;
        return s_.mid(pos_ + 1, j - pos_ - 1).toString();
    }
    QString takeCommand() {
        const QString name = peekCommand();
        pos_ += 1 + name.size();
        return name;
    }

    // What ends the row at pos_, if anything does.
    std::optional<Stop> stopHere(bool bracketStops) const {
        if (atEnd())
            return Stop::End;
        const QChar c = peek();
        if (c == u'}')
            return Stop::CloseBrace;
        if (c == u'&')
            return Stop::Ampersand;
        if (bracketStops && c == u']')
            return Stop::CloseBracket;
        if (c == u'\\') {
            const QString name = peekCommand();
            if (name == QLatin1String("\\") || name == QLatin1String("cr"))
                return Stop::RowBreak;
            if (name == QLatin1String("right"))
                return Stop::Right;
            if (name == QLatin1String("end"))
                return Stop::EndEnv;
        }
        return std::nullopt;
    }

    // Atoms with their scripts up to whatever stops the row.
    Result<Node> parseRow(bool bracketStops = false) {
        Node row = Node::row();
        for (;;) {
            skipSpaces();
            if (stopHere(bracketStops))
                return row;
            auto atom = parseAtom();
            PONDER_TRY(atom);
            if (!atom->has_value())
                continue;
            auto scripted = parseScripts(std::move(**atom));
            PONDER_TRY(scripted);
            row.children.push_back(std::move(scripted).value());
        }
    }

    // Rows separated by \\ and cells by &; a single cell is just that row. Outside any
    // environment, `a \\ b` and `a &= b \\ &= c` read as gathered / aligned lines.
    Result<Node> parseRows(const QString& environment) {
        std::vector<std::vector<Node>> rows(1);
        for (;;) {
            auto cell = parseRow();
            PONDER_TRY(cell);
            rows.back().push_back(std::move(cell).value());
            const auto stop = stopHere(false);
            if (stop == Stop::Ampersand) {
                ++pos_;
            } else if (stop == Stop::RowBreak) {
                takeCommand();
                skipOptionalDimension();
                rows.emplace_back();
            } else {
                break;
            }
        }
        if (rows.back().size() == 1 && rows.back()[0].isEmptyRow() && rows.size() > 1)
            rows.pop_back(); // a trailing \\ ends the last line, it adds none
        if (environment.isEmpty() && rows.size() == 1 && rows[0].size() == 1)
            return std::move(rows[0][0]);
        return array(std::move(rows), environment);
    }

    void skipOptionalDimension() {
        skipSpaces();
        if (peek() == u'[') {
            const qsizetype close = s_.indexOf(u']', pos_);
            if (close > 0)
                pos_ = close + 1;
        }
    }

    Node array(std::vector<std::vector<Node>> rows, const QString& environment) {
        Node n;
        n.kind = Kind::Array;
        for (const auto& r : rows)
            n.columns = qMax(n.columns, int(r.size()));
        for (auto& r : rows) {
            r.resize(size_t(n.columns));
            for (Node& cell : r)
                n.children.push_back(std::move(cell));
        }
        const QString env = environment.isEmpty() ? (n.columns > 1 ? QStringLiteral("aligned")
                                                                   : QStringLiteral("gathered"))
                                                  : environment;
        n.align = QString(n.columns, u'c');
        if (env.startsWith(QLatin1String("align")) || env == QLatin1String("split") ||
            env == QLatin1String("eqnarray")) {
            for (int c = 0; c < n.columns; ++c)
                n.align[c] = c % 2 == 0 ? u'r' : u'l';
            n.spreadColumns = true;
        } else if (env.endsWith(QLatin1String("cases"))) {
            n.align.fill(u'l');
            n.open = env == QLatin1String("rcases") ? QString() : QStringLiteral("{");
            n.close = env == QLatin1String("rcases") ? QStringLiteral("}") : QString();
        }
        static const QHash<QString, std::pair<QString, QString>> matrixDelimiters = {
            {"pmatrix", {"(", ")"}}, {"bmatrix", {"[", "]"}}, {"Bmatrix", {"{", "}"}},
            {"vmatrix", {"|", "|"}}, {"Vmatrix", {"‖", "‖"}},
        };
        if (const auto d = matrixDelimiters.constFind(env); d != matrixDelimiters.constEnd()) {
            n.open = d->first;
            n.close = d->second;
        }
        const bool small = env == QLatin1String("smallmatrix") || env == QLatin1String("substack");
        const bool displayCells = n.spreadColumns || env.startsWith(QLatin1String("gather")) ||
                                  env == QLatin1String("dcases") || env.startsWith(QLatin1String("multline"));
        n.style = small ? Style::Script : displayCells ? Style::Display : Style::Text;
        n.atom = Atom::Inner;
        return n;
    }

    // A group {…}, one command, or one character: what \frac, ^ and friends take.
    Result<Node> parseArgument() {
        skipSpaces();
        if (atEnd() || stopHere(false))
            return fail("missing argument");
        if (peek() == u'{') {
            ++pos_;
            auto group = parseRows(QString());
            PONDER_TRY(group);
            if (peek() != u'}')
                return fail("missing '}'");
            ++pos_;
            return std::move(group).value();
        }
        if (peek() == u'\\') {
            auto atom = parseAtom();
            PONDER_TRY(atom);
            return atom->has_value() ? std::move(**atom) : Node::row();
        }
        return characterSymbol(s_[pos_++]);
    }

    // The raw text of a {…} argument, for \text, \operatorname and environment names.
    Result<QString> parseRawArgument() {
        skipSpaces();
        if (peek() != u'{') {
            if (atEnd())
                return fail("missing argument");
            return s_.mid(pos_++, 1).toString();
        }
        int depth = 0;
        const qsizetype start = pos_ + 1;
        for (; pos_ < s_.size(); ++pos_) {
            if (s_[pos_] == u'\\') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == u'{')
                ++depth;
            else if (s_[pos_] == u'}' && --depth == 0)
                return s_.mid(start, pos_++ - start).toString();
        }
        return fail("missing '}'");
    }

    Result<Node> parseOptionalArgument() {
        skipSpaces();
        if (peek() != u'[')
            return Node::row();
        ++pos_;
        auto row = parseRow(true);
        PONDER_TRY(row);
        if (peek() != u']')
            return fail("missing ']'");
        ++pos_;
        return row;
    }

    Node characterSymbol(QChar c) {
        if (c == u'-')
            return symbol(QStringLiteral("−"), Atom::Bin);
        if (c == u'*')
            return symbol(QStringLiteral("∗"), Atom::Bin);
        if (c == u'~')
            return space(6);
        return symbol(QString(c), atomForCharacter(c));
    }

    // ^, _, primes and \limits after an atom.
    Result<Node> parseScripts(Node base) {
        Node sup = Node::row(), sub = Node::row();
        bool any = false;
        for (;;) {
            skipSpaces();
            const QChar c = peek();
            if (c == u'\'') {
                QString primes;
                while (peek() == u'\'') {
                    primes += QChar(0x2032);
                    ++pos_;
                }
                sup.children.push_back(symbol(primes, Atom::Ord, Font::Roman));
                any = true;
            } else if (c == u'^' || c == u'_') {
                ++pos_;
                auto script = parseArgument();
                PONDER_TRY(script);
                Node& target = c == u'^' ? sup : sub;
                target.children.push_back(std::move(script).value());
                any = true;
            } else if (c == u'\\' && (peekCommand() == QLatin1String("limits") ||
                                      peekCommand() == QLatin1String("nolimits") ||
                                      peekCommand() == QLatin1String("displaylimits"))) {
                base.limits = takeCommand() != QLatin1String("nolimits");
                base.explicitLimits = true;
            } else {
                break;
            }
        }
        if (!any)
            return base;
        auto unwrap = [](Node row) { return row.children.size() == 1 ? std::move(row.children[0]) : std::move(row); };
        return withChildren(Kind::Scripts, {std::move(base), unwrap(std::move(sup)), unwrap(std::move(sub))});
    }

    // One atom; nothing (an empty optional) for commands that only change state or are ignored.
    Result<std::optional<Node>> parseAtom() {
        const QChar c = peek();
        if (c == u'{') {
            auto group = parseArgument();
            PONDER_TRY(group);
            return std::optional<Node>(std::move(group).value());
        }
        if (c == u'^' || c == u'_')
            return std::optional<Node>(Node::row()); // a script with nothing before it
        if (c == u'\\')
            return parseCommand();
        ++pos_;
        if (c.isDigit() || (c == u'.' && peek().isDigit())) {
            QString number(c);
            while (peek().isDigit() || (peek() == u'.' && peek(1).isDigit()))
                number += s_[pos_++];
            return std::optional<Node>(symbol(number, Atom::Ord, Font::Roman));
        }
        if (c.isHighSurrogate() && !atEnd())
            return std::optional<Node>(symbol(QString(c) + s_[pos_++], Atom::Ord));
        return std::optional<Node>(characterSymbol(c));
    }

    using Parsed = Result<std::optional<Node>>;
    using Optional = std::optional<Node>;
    using Handler = Parsed (Parser::*)(const QString& name);

    Parsed parseCommand() {
        const QString name = takeCommand();
        if (name.isEmpty())
            return fail("a lone backslash");
        if (const auto found = spaces().constFind(name); found != spaces().constEnd())
            return Optional(space(*found));
        if (const auto sym = symbolForCommand(name))
            return Optional(symbolNode(*sym));
        if (const auto font = fontCommands().constFind(name); font != fontCommands().constEnd())
            return alphabet(*font);
        if (const auto font = textCommands().constFind(name); font != textCommands().constEnd())
            return textIn(*font);
        if (const auto handler = handlers().constFind(name); handler != handlers().constEnd())
            return (this->**handler)(name);
        if (name.startsWith(QLatin1String("big")) || name.startsWith(QLatin1String("Big")))
            return bigDelimiter(name);
        if (isAccent(name))
            return accentNode(name);
        // Unknown: shown as written, so nothing the model wrote disappears.
        return Optional(symbol(QLatin1Char('\\') + name, Atom::Ord, Font::Mono));
    }

    // The commands with arguments or a structure of their own.
    static const QHash<QString, Handler>& handlers() {
        static const QHash<QString, Handler> table = [] {
            QHash<QString, Handler> t;
            auto add = [&t](std::initializer_list<const char*> names, Handler handler) {
                for (const char* name : names)
                    t.insert(QString::fromLatin1(name), handler);
            };
            add({"frac", "dfrac", "tfrac", "cfrac"}, &Parser::fractionCommand);
            add({"binom", "dbinom", "tbinom"}, &Parser::fractionCommand);
            add({"sqrt"}, &Parser::radical);
            add({"left"}, &Parser::leftRight);
            add({"middle"}, &Parser::middleDelimiter);
            add({"operatorname", "operatornamewithlimits"}, &Parser::operatorName);
            add({"boxed", "fbox", "framebox"}, &Parser::boxed);
            add({"overset", "underset", "stackrel"}, &Parser::stacked);
            add({"xrightarrow", "xleftarrow", "xRightarrow"}, &Parser::extensibleArrow);
            add({"begin"}, &Parser::environment);
            add({"substack"}, &Parser::substack);
            add({"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle"}, &Parser::styleCommand);
            add({"phantom", "hphantom", "vphantom"}, &Parser::phantom);
            add({"not"}, &Parser::negation);
            add({"pmod", "mod", "pod"}, &Parser::modulo);
            add({"hspace", "hskip", "kern", "mkern", "mskip"}, &Parser::explicitSpace);
            add({"color", "tag", "label"}, &Parser::ignoredArgument);
            add({"textcolor", "colorbox"}, &Parser::uncoloured);
            add({"nonumber", "notag", "hline", "limits", "nolimits", "displaylimits", "relax"}, &Parser::ignored);
            return t;
        }();
        return table;
    }

    Parsed alphabet(Font font) {
        auto body = parseArgument();
        PONDER_TRY(body);
        applyFont(*body, font);
        return Optional(std::move(body).value());
    }

    Parsed textIn(Font font) {
        auto raw = parseRawArgument();
        PONDER_TRY(raw);
        Node text;
        text.kind = Kind::Text;
        text.text = unescapeText(*raw);
        text.font = font;
        return Optional(std::move(text));
    }

    Parsed fractionCommand(const QString& name) { return fraction(name, !name.endsWith(QLatin1String("binom"))); }

    Parsed radical(const QString&) {
        auto index = parseOptionalArgument();
        PONDER_TRY(index);
        auto body = parseArgument();
        PONDER_TRY(body);
        return Optional(withChildren(Kind::Radical, {std::move(body).value(), std::move(index).value()}));
    }

    Parsed middleDelimiter(const QString&) {
        auto d = parseDelimiter();
        PONDER_TRY(d);
        return Optional(symbol(*d, Atom::Rel));
    }

    Parsed operatorName(const QString& name) {
        const bool star = peek() == u'*';
        if (star)
            ++pos_;
        auto raw = parseRawArgument();
        PONDER_TRY(raw);
        Node n = symbol(unescapeText(*raw), Atom::Op, Font::Roman);
        n.limits = star || name == QLatin1String("operatornamewithlimits");
        return Optional(std::move(n));
    }

    Parsed boxed(const QString& name) {
        auto body = name == QLatin1String("boxed") ? parseArgument() : textArgument(); // \fbox takes text
        PONDER_TRY(body);
        return Optional(withChildren(Kind::Boxed, {std::move(body).value()}));
    }

    // \overset{over}{base}, \underset{under}{base}, \stackrel{over}{relation}.
    Parsed stacked(const QString& name) {
        auto first = parseArgument();
        PONDER_TRY(first);
        auto base = parseArgument();
        PONDER_TRY(base);
        const Atom atom = name == QLatin1String("stackrel") ? Atom::Rel : atomOf(*base);
        Node n = name == QLatin1String("underset")
                     ? withChildren(Kind::Limits, {std::move(base).value(), Node::row(), std::move(first).value()})
                     : withChildren(Kind::Limits, {std::move(base).value(), std::move(first).value(), Node::row()});
        n.atom = atom;
        return Optional(std::move(n));
    }

    // \xrightarrow[under]{over}: a long arrow with its labels.
    Parsed extensibleArrow(const QString& name) {
        auto under = parseOptionalArgument();
        PONDER_TRY(under);
        auto over = parseArgument();
        PONDER_TRY(over);
        const QString arrow = name == QLatin1String("xleftarrow")    ? QStringLiteral("⟵")
                              : name == QLatin1String("xRightarrow") ? QStringLiteral("⟹")
                                                                      : QStringLiteral("⟶");
        Node n = withChildren(Kind::Limits, {symbol(arrow, Atom::Rel), std::move(over).value(), std::move(under).value()});
        n.atom = Atom::Rel;
        return Optional(std::move(n));
    }

    Parsed substack(const QString&) {
        skipSpaces();
        if (peek() != u'{')
            return fail("\\substack needs {…}");
        ++pos_;
        auto rows = parseRows(QStringLiteral("substack"));
        PONDER_TRY(rows);
        if (peek() != u'}')
            return fail("missing '}'");
        ++pos_;
        return Optional(std::move(rows).value());
    }

    Parsed styleCommand(const QString& name) {
        static const QHash<QString, Style> styles = {{"displaystyle", Style::Display},
                                                     {"textstyle", Style::Text},
                                                     {"scriptstyle", Style::Script},
                                                     {"scriptscriptstyle", Style::ScriptScript}};
        return Optional(styleChange(styles.value(name)));
    }

    Parsed phantom(const QString&) {
        auto body = parseArgument();
        PONDER_TRY(body);
        return Optional(withChildren(Kind::Phantom, {std::move(body).value()}));
    }

    Parsed negation(const QString&) {
        auto next = parseArgument();
        PONDER_TRY(next);
        if (next->kind == Kind::Symbol)
            next->text = negated(next->text);
        return Optional(std::move(next).value());
    }

    // \pmod{n} is " (mod n)", \mod{n} " mod n", \pod{n} " (n)".
    Parsed modulo(const QString& name) {
        auto arg = parseArgument();
        PONDER_TRY(arg);
        const bool parens = name != QLatin1String("mod"), word = name != QLatin1String("pod");
        std::vector<Node> parts{space(parens ? 8 : 12)};
        if (parens)
            parts.push_back(symbol(QStringLiteral("("), Atom::Open));
        if (word) {
            parts.push_back(symbol(QStringLiteral("mod"), Atom::Ord, Font::Roman));
            parts.push_back(space(6));
        }
        parts.push_back(std::move(arg).value());
        if (parens)
            parts.push_back(symbol(QStringLiteral(")"), Atom::Close));
        return Optional(Node::row(std::move(parts)));
    }

    Parsed explicitSpace(const QString& name) {
        if (peek() == u'*')
            ++pos_;
        auto raw = name == QLatin1String("hspace") ? parseRawArgument() : Result<QString>(dimensionText());
        PONDER_TRY(raw);
        return Optional(space(muOf(*raw)));
    }

    // \color{…}, \tag{…}, \label{…}: nothing to draw.
    Parsed ignoredArgument(const QString&) {
        if (peek() == u'*')
            ++pos_;
        auto ignored = parseRawArgument();
        PONDER_TRY(ignored);
        return Optional();
    }

    // \textcolor{c}{body}: the body, in the text colour.
    Parsed uncoloured(const QString&) {
        auto ignored = parseRawArgument();
        PONDER_TRY(ignored);
        auto body = parseArgument();
        PONDER_TRY(body);
        return Optional(std::move(body).value());
    }

    Parsed ignored(const QString&) { return Optional(); }

    static Atom atomOf(const Node& node) {
        return node.kind == Kind::Symbol ? node.atom : Atom::Ord;
    }

    Node symbolNode(const SymbolInfo& info) const {
        Node n = symbol(info.glyph, info.atom);
        if (info.kind == SymbolInfo::Kind::BigOperator) {
            n.kind = Kind::BigOperator;
            n.limits = info.limits;
        } else if (info.kind == SymbolInfo::Kind::FunctionName) {
            n.font = Font::Roman;
            n.limits = info.limits;
        } else if (info.glyph.size() > 1 || !info.glyph[0].isLetter()) {
            n.font = Font::Roman;
        }
        return n;
    }

    Result<Node> textArgument() {
        auto text = textIn(Font::Roman);
        PONDER_TRY(text);
        return std::move(**text);
    }

    static QString unescapeText(QString raw) {
        static const QRegularExpression escaped(QStringLiteral(R"(\\([{}%$&#_ ]))"));
        raw.replace(escaped, QStringLiteral("\\1"));
        raw.replace(QLatin1String("~"), QStringLiteral("\u00a0"));
        return raw;
    }

    QString dimensionText() {
        skipSpaces();
        const qsizetype start = pos_;
        while (!atEnd() && (peek().isDigit() || peek() == u'.' || peek() == u'-' || peek().isLetter()))
            ++pos_;
        return s_.mid(start, pos_ - start).toString();
    }

    // "1em", "3pt", "-2mu" as mu (1 em = 18 mu = 10 pt).
    static double muOf(const QString& dimension) {
        static const QRegularExpression pattern(QStringLiteral(R"(^\s*(-?[0-9.]+)\s*(em|pt|mu|ex)\s*$)"));
        const auto m = pattern.match(dimension);
        if (!m.hasMatch())
            return 18;
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        return unit == QLatin1String("em") ? value * 18
               : unit == QLatin1String("pt") ? value * 1.8
               : unit == QLatin1String("ex") ? value * 7.8
                                             : value;
    }

    Result<std::optional<Node>> fraction(const QString& name, bool bar) {
        auto numerator = parseArgument();
        PONDER_TRY(numerator);
        auto denominator = parseArgument();
        PONDER_TRY(denominator);
        Node f = withChildren(Kind::Fraction, {std::move(numerator).value(), std::move(denominator).value()});
        f.bar = bar;
        f.atom = Atom::Inner;
        Node result = std::move(f);
        if (!bar) {
            Node d = withChildren(Kind::Delimited, {std::move(result)});
            d.open = QStringLiteral("(");
            d.close = QStringLiteral(")");
            d.atom = Atom::Inner;
            result = std::move(d);
        }
        if (name.startsWith(u'd') || name.startsWith(u'c') || name.startsWith(u't')) {
            Node wrapped = Node::row({styleChange(name.startsWith(u't') ? Style::Text : Style::Display),
                                      std::move(result)});
            wrapped.atom = Atom::Inner;
            return std::optional<Node>(std::move(wrapped));
        }
        return std::optional<Node>(std::move(result));
    }

    Result<QString> parseDelimiter() {
        skipSpaces();
        if (atEnd())
            return fail("missing delimiter");
        QString token;
        if (peek() == u'\\')
            token = QLatin1Char('\\') + takeCommand();
        else
            token = s_.mid(pos_++, 1).toString();
        const auto glyph = delimiterGlyph(token);
        if (!glyph)
            return fail("'" + token + "' is no delimiter");
        return *glyph;
    }

    Parsed leftRight(const QString& = {}) {
        auto open = parseDelimiter();
        PONDER_TRY(open);
        auto body = parseRows(QString());
        PONDER_TRY(body);
        if (peekCommand() != QLatin1String("right"))
            return fail("\\left without \\right");
        takeCommand();
        auto close = parseDelimiter();
        PONDER_TRY(close);
        Node n = withChildren(Kind::Delimited, {std::move(body).value()});
        n.open = *open;
        n.close = *close;
        n.atom = Atom::Inner;
        return std::optional<Node>(std::move(n));
    }

    Result<std::optional<Node>> bigDelimiter(const QString& name) {
        static const QRegularExpression pattern(QStringLiteral("^(big|Big|bigg|Bigg)([lrm]?)$"));
        const auto m = pattern.match(name);
        if (!m.hasMatch())
            return std::optional<Node>(symbol(QLatin1Char('\\') + name, Atom::Ord, Font::Mono));
        auto glyph = parseDelimiter();
        PONDER_TRY(glyph);
        static const QHash<QString, int> sizes = {{"big", 1}, {"Big", 2}, {"bigg", 3}, {"Bigg", 4}};
        const QString side = m.captured(2);
        const Atom atom = side == QLatin1String("l")   ? Atom::Open
                          : side == QLatin1String("r") ? Atom::Close
                          : side == QLatin1String("m") ? Atom::Rel
                                                       : (glyph->isEmpty() ? Atom::Ord : atomForCharacter((*glyph)[0]));
        Node n = symbol(*glyph, atom, Font::Roman);
        n.delimiterSize = sizes.value(m.captured(1));
        return std::optional<Node>(std::move(n));
    }

    static bool isAccent(const QString& name) {
        static const QStringList accents = {
            "hat", "widehat", "check", "tilde", "widetilde", "acute", "grave", "dot", "ddot", "breve",
            "bar", "vec", "mathring", "overline", "underline", "overrightarrow", "overleftarrow",
            "overleftrightarrow", "underbrace", "overbrace", "cancel", "bcancel", "xcancel"};
        return accents.contains(name);
    }

    Result<std::optional<Node>> accentNode(const QString& name) {
        auto body = parseArgument();
        PONDER_TRY(body);
        Node n = withChildren(Kind::Accent, {std::move(body).value()});
        n.text = name;
        n.limits = name == QLatin1String("underbrace") || name == QLatin1String("overbrace");
        return std::optional<Node>(std::move(n));
    }

    Parsed environment(const QString& = {}) {
        auto name = parseRawArgument();
        PONDER_TRY(name);
        const QString env = name->trimmed();
        static const QStringList known = {
            "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "dcases",
            "rcases", "array", "aligned", "align", "align*", "alignat", "alignat*", "alignedat", "gather",
            "gather*", "gathered", "split", "equation", "equation*", "eqnarray", "eqnarray*", "multline",
            "multline*", "subarray"};
        if (!known.contains(env))
            return fail("unknown environment " + env);
        if (env == QLatin1String("array") || env == QLatin1String("subarray") || env.startsWith(QLatin1String("alignat")) ||
            env == QLatin1String("alignedat")) {
            auto spec = parseRawArgument(); // column alignments, or the alignat column count
            PONDER_TRY(spec);
            columnSpec_ = env.startsWith(QLatin1String("align")) ? QString() : *spec;
        }
        const QString spec = std::exchange(columnSpec_, QString());
        auto body = parseRows(env.startsWith(QLatin1String("equation")) ? QStringLiteral("gathered") : env);
        PONDER_TRY(body);
        if (peekCommand() != QLatin1String("end"))
            return fail("\\begin{" + env + "} without \\end");
        takeCommand();
        auto endName = parseRawArgument();
        PONDER_TRY(endName);
        if (endName->trimmed() != env)
            return fail("\\begin{" + env + "} ended by \\end{" + *endName + "}");
        if (!spec.isEmpty() && body->kind == Kind::Array) {
            QString align;
            for (QChar c : spec)
                if (c == u'l' || c == u'c' || c == u'r')
                    align += c;
            for (int c = 0; c < body->columns && c < align.size(); ++c)
                body->align[c] = align[c];
        }
        return std::optional<Node>(std::move(body).value());
    }

    QStringView s_;
    qsizetype pos_ = 0;
    QString columnSpec_;
};

} // namespace

Result<Node> parseTex(QStringView tex) {
    return Parser(tex).parseFormula();
}

} // namespace ponder::math
