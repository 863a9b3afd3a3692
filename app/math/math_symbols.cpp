#include "math/math_symbols.h"

#include <QHash>

namespace ponder::math {

namespace {

using K = SymbolInfo::Kind;

struct Entry {
    const char* name;
    const char16_t* glyph;
    Atom atom;
};

// Letters and ordinary symbols.
constexpr Entry kOrdinary[] = {
    {"alpha", u"α", Atom::Ord}, {"beta", u"β", Atom::Ord}, {"gamma", u"γ", Atom::Ord},
    {"delta", u"δ", Atom::Ord}, {"epsilon", u"ϵ", Atom::Ord}, {"varepsilon", u"ε", Atom::Ord},
    {"zeta", u"ζ", Atom::Ord}, {"eta", u"η", Atom::Ord}, {"theta", u"θ", Atom::Ord},
    {"vartheta", u"ϑ", Atom::Ord}, {"iota", u"ι", Atom::Ord}, {"kappa", u"κ", Atom::Ord},
    {"lambda", u"λ", Atom::Ord}, {"mu", u"μ", Atom::Ord}, {"nu", u"ν", Atom::Ord}, {"xi", u"ξ", Atom::Ord},
    {"omicron", u"ο", Atom::Ord}, {"pi", u"π", Atom::Ord}, {"varpi", u"ϖ", Atom::Ord},
    {"rho", u"ρ", Atom::Ord}, {"varrho", u"ϱ", Atom::Ord}, {"sigma", u"σ", Atom::Ord},
    {"varsigma", u"ς", Atom::Ord}, {"tau", u"τ", Atom::Ord}, {"upsilon", u"υ", Atom::Ord},
    {"phi", u"ϕ", Atom::Ord}, {"varphi", u"φ", Atom::Ord}, {"chi", u"χ", Atom::Ord}, {"psi", u"ψ", Atom::Ord},
    {"omega", u"ω", Atom::Ord}, {"Gamma", u"Γ", Atom::Ord}, {"Delta", u"Δ", Atom::Ord},
    {"Theta", u"Θ", Atom::Ord}, {"Lambda", u"Λ", Atom::Ord}, {"Xi", u"Ξ", Atom::Ord}, {"Pi", u"Π", Atom::Ord},
    {"Sigma", u"Σ", Atom::Ord}, {"Upsilon", u"Υ", Atom::Ord}, {"Phi", u"Φ", Atom::Ord},
    {"Psi", u"Ψ", Atom::Ord}, {"Omega", u"Ω", Atom::Ord},
    {"infty", u"∞", Atom::Ord}, {"partial", u"∂", Atom::Ord}, {"nabla", u"∇", Atom::Ord},
    {"forall", u"∀", Atom::Ord}, {"exists", u"∃", Atom::Ord}, {"nexists", u"∄", Atom::Ord},
    {"emptyset", u"∅", Atom::Ord}, {"varnothing", u"∅", Atom::Ord}, {"hbar", u"ℏ", Atom::Ord},
    {"ell", u"ℓ", Atom::Ord}, {"Re", u"ℜ", Atom::Ord}, {"Im", u"ℑ", Atom::Ord}, {"aleph", u"ℵ", Atom::Ord},
    {"wp", u"℘", Atom::Ord}, {"angle", u"∠", Atom::Ord}, {"measuredangle", u"∡", Atom::Ord},
    {"triangle", u"△", Atom::Ord}, {"square", u"□", Atom::Ord}, {"Box", u"□", Atom::Ord},
    {"prime", u"′", Atom::Ord}, {"degree", u"°", Atom::Ord}, {"neg", u"¬", Atom::Ord},
    {"lnot", u"¬", Atom::Ord}, {"top", u"⊤", Atom::Ord}, {"bot", u"⊥", Atom::Ord},
    {"ldots", u"…", Atom::Inner}, {"dots", u"…", Atom::Inner}, {"cdots", u"⋯", Atom::Inner},
    {"dotsc", u"…", Atom::Inner}, {"dotsb", u"⋯", Atom::Inner}, {"vdots", u"⋮", Atom::Ord},
    {"ddots", u"⋱", Atom::Inner}, {"checkmark", u"✓", Atom::Ord}, {"dagger", u"†", Atom::Ord},
    {"ddagger", u"‡", Atom::Ord}, {"S", u"§", Atom::Ord}, {"P", u"¶", Atom::Ord},
    {"clubsuit", u"♣", Atom::Ord}, {"diamondsuit", u"♢", Atom::Ord}, {"heartsuit", u"♡", Atom::Ord},
    {"spadesuit", u"♠", Atom::Ord}, {"flat", u"♭", Atom::Ord}, {"natural", u"♮", Atom::Ord},
    {"sharp", u"♯", Atom::Ord}, {"imath", u"ı", Atom::Ord}, {"jmath", u"ȷ", Atom::Ord},
    {"%", u"%", Atom::Ord}, {"$", u"$", Atom::Ord}, {"#", u"#", Atom::Ord}, {"&", u"&", Atom::Ord},
    {"_", u"_", Atom::Ord}, {"|", u"‖", Atom::Ord}, {"Vert", u"‖", Atom::Ord}, {"vert", u"|", Atom::Ord},
    {"backslash", u"\\", Atom::Ord}, {"colon", u":", Atom::Punct}, {"lbrace", u"{", Atom::Open},
    {"rbrace", u"}", Atom::Close}, {"{", u"{", Atom::Open}, {"}", u"}", Atom::Close},
    {"langle", u"⟨", Atom::Open}, {"rangle", u"⟩", Atom::Close}, {"lfloor", u"⌊", Atom::Open},
    {"rfloor", u"⌋", Atom::Close}, {"lceil", u"⌈", Atom::Open}, {"rceil", u"⌉", Atom::Close},
    {"lvert", u"|", Atom::Open}, {"rvert", u"|", Atom::Close}, {"lVert", u"‖", Atom::Open},
    {"rVert", u"‖", Atom::Close}, {"lbrack", u"[", Atom::Open}, {"rbrack", u"]", Atom::Close},
    {"therefore", u"∴", Atom::Rel}, {"because", u"∵", Atom::Rel}, {"ldotp", u".", Atom::Punct},
    {"cdotp", u"⋅", Atom::Punct},
};

// Binary operators.
constexpr Entry kBinary[] = {
    {"pm", u"±", Atom::Bin}, {"mp", u"∓", Atom::Bin}, {"times", u"×", Atom::Bin}, {"div", u"÷", Atom::Bin},
    {"cdot", u"⋅", Atom::Bin}, {"ast", u"∗", Atom::Bin}, {"star", u"⋆", Atom::Bin}, {"circ", u"∘", Atom::Bin},
    {"bullet", u"∙", Atom::Bin}, {"oplus", u"⊕", Atom::Bin}, {"ominus", u"⊖", Atom::Bin},
    {"otimes", u"⊗", Atom::Bin}, {"oslash", u"⊘", Atom::Bin}, {"odot", u"⊙", Atom::Bin},
    {"cup", u"∪", Atom::Bin}, {"cap", u"∩", Atom::Bin}, {"sqcup", u"⊔", Atom::Bin}, {"sqcap", u"⊓", Atom::Bin},
    {"vee", u"∨", Atom::Bin}, {"lor", u"∨", Atom::Bin}, {"wedge", u"∧", Atom::Bin}, {"land", u"∧", Atom::Bin},
    {"setminus", u"∖", Atom::Bin}, {"smallsetminus", u"∖", Atom::Bin}, {"wr", u"≀", Atom::Bin},
    {"diamond", u"⋄", Atom::Bin}, {"uplus", u"⊎", Atom::Bin}, {"amalg", u"⨿", Atom::Bin},
    {"bigtriangleup", u"△", Atom::Bin}, {"bigtriangledown", u"▽", Atom::Bin}, {"dotplus", u"∔", Atom::Bin},
    {"ltimes", u"⋉", Atom::Bin}, {"rtimes", u"⋊", Atom::Bin}, {"bmod", u"mod", Atom::Bin},
};

// Relations and arrows.
constexpr Entry kRelation[] = {
    {"leq", u"≤", Atom::Rel}, {"le", u"≤", Atom::Rel}, {"geq", u"≥", Atom::Rel}, {"ge", u"≥", Atom::Rel},
    {"leqslant", u"⩽", Atom::Rel}, {"geqslant", u"⩾", Atom::Rel}, {"neq", u"≠", Atom::Rel},
    {"ne", u"≠", Atom::Rel}, {"equiv", u"≡", Atom::Rel}, {"approx", u"≈", Atom::Rel},
    {"cong", u"≅", Atom::Rel}, {"sim", u"∼", Atom::Rel}, {"simeq", u"≃", Atom::Rel}, {"propto", u"∝", Atom::Rel},
    {"ll", u"≪", Atom::Rel}, {"gg", u"≫", Atom::Rel}, {"lesssim", u"≲", Atom::Rel}, {"gtrsim", u"≳", Atom::Rel},
    {"prec", u"≺", Atom::Rel}, {"succ", u"≻", Atom::Rel}, {"preceq", u"⪯", Atom::Rel}, {"succeq", u"⪰", Atom::Rel},
    {"in", u"∈", Atom::Rel}, {"notin", u"∉", Atom::Rel}, {"ni", u"∋", Atom::Rel}, {"owns", u"∋", Atom::Rel},
    {"subset", u"⊂", Atom::Rel}, {"supset", u"⊃", Atom::Rel}, {"subseteq", u"⊆", Atom::Rel},
    {"supseteq", u"⊇", Atom::Rel}, {"subsetneq", u"⊊", Atom::Rel}, {"supsetneq", u"⊋", Atom::Rel},
    {"nsubseteq", u"⊈", Atom::Rel}, {"sqsubseteq", u"⊑", Atom::Rel}, {"sqsupseteq", u"⊒", Atom::Rel},
    {"mid", u"∣", Atom::Rel}, {"nmid", u"∤", Atom::Rel}, {"parallel", u"∥", Atom::Rel},
    {"nparallel", u"∦", Atom::Rel}, {"perp", u"⊥", Atom::Rel}, {"vdash", u"⊢", Atom::Rel},
    {"dashv", u"⊣", Atom::Rel}, {"models", u"⊨", Atom::Rel}, {"asymp", u"≍", Atom::Rel},
    {"doteq", u"≐", Atom::Rel}, {"triangleq", u"≜", Atom::Rel}, {"coloneqq", u"≔", Atom::Rel},
    {"coloneq", u"≔", Atom::Rel}, {"eqqcolon", u"≕", Atom::Rel}, {"bowtie", u"⋈", Atom::Rel},
    {"smile", u"⌣", Atom::Rel}, {"frown", u"⌢", Atom::Rel}, {"nless", u"≮", Atom::Rel},
    {"ngtr", u"≯", Atom::Rel}, {"nleq", u"≰", Atom::Rel}, {"ngeq", u"≱", Atom::Rel},
    {"to", u"→", Atom::Rel}, {"rightarrow", u"→", Atom::Rel}, {"leftarrow", u"←", Atom::Rel},
    {"gets", u"←", Atom::Rel}, {"leftrightarrow", u"↔", Atom::Rel}, {"Rightarrow", u"⇒", Atom::Rel},
    {"Leftarrow", u"⇐", Atom::Rel}, {"Leftrightarrow", u"⇔", Atom::Rel}, {"implies", u"⟹", Atom::Rel},
    {"impliedby", u"⟸", Atom::Rel}, {"iff", u"⟺", Atom::Rel}, {"longrightarrow", u"⟶", Atom::Rel},
    {"longleftarrow", u"⟵", Atom::Rel}, {"longleftrightarrow", u"⟷", Atom::Rel},
    {"Longrightarrow", u"⟹", Atom::Rel}, {"Longleftarrow", u"⟸", Atom::Rel},
    {"Longleftrightarrow", u"⟺", Atom::Rel}, {"mapsto", u"↦", Atom::Rel}, {"longmapsto", u"⟼", Atom::Rel},
    {"uparrow", u"↑", Atom::Rel}, {"downarrow", u"↓", Atom::Rel}, {"updownarrow", u"↕", Atom::Rel},
    {"Uparrow", u"⇑", Atom::Rel}, {"Downarrow", u"⇓", Atom::Rel}, {"nearrow", u"↗", Atom::Rel},
    {"searrow", u"↘", Atom::Rel}, {"nwarrow", u"↖", Atom::Rel}, {"swarrow", u"↙", Atom::Rel},
    {"hookrightarrow", u"↪", Atom::Rel}, {"hookleftarrow", u"↩", Atom::Rel},
    {"rightleftharpoons", u"⇌", Atom::Rel}, {"leftrightarrows", u"⇆", Atom::Rel},
    {"rightharpoonup", u"⇀", Atom::Rel}, {"leftharpoonup", u"↼", Atom::Rel}, {"leadsto", u"⇝", Atom::Rel},
    {"vDash", u"⊨", Atom::Rel}, {"Vdash", u"⊩", Atom::Rel}, {"lt", u"<", Atom::Rel}, {"gt", u">", Atom::Rel},
};

// Big operators: \sum and friends take limits above and below in display style; integrals do not.
struct BigOperatorEntry {
    const char* name;
    const char16_t* glyph;
    bool limits;
};
constexpr BigOperatorEntry kBigOperators[] = {
    {"sum", u"∑", true}, {"prod", u"∏", true}, {"coprod", u"∐", true}, {"bigcup", u"⋃", true},
    {"bigcap", u"⋂", true}, {"bigvee", u"⋁", true}, {"bigwedge", u"⋀", true}, {"bigoplus", u"⨁", true},
    {"bigotimes", u"⨂", true}, {"bigodot", u"⨀", true}, {"biguplus", u"⨄", true}, {"bigsqcup", u"⨆", true},
    {"int", u"∫", false}, {"iint", u"∬", false}, {"iiint", u"∭", false}, {"oint", u"∮", false},
    {"intop", u"∫", true}, {"smallint", u"∫", false},
};

// Upright operator names; those marked take limits below in display style (\lim_{x\to 0}).
struct FunctionEntry {
    const char* name;
    bool limits;
};
constexpr FunctionEntry kFunctions[] = {
    {"sin", false}, {"cos", false}, {"tan", false}, {"cot", false}, {"sec", false}, {"csc", false},
    {"arcsin", false}, {"arccos", false}, {"arctan", false}, {"sinh", false}, {"cosh", false},
    {"tanh", false}, {"coth", false}, {"log", false}, {"ln", false}, {"lg", false}, {"exp", false},
    {"arg", false}, {"deg", false}, {"dim", false}, {"hom", false}, {"ker", false}, {"sgn", false},
    {"lim", true}, {"liminf", true}, {"limsup", true}, {"max", true}, {"min", true}, {"sup", true},
    {"inf", true}, {"det", true}, {"gcd", true}, {"Pr", true}, {"argmax", true}, {"argmin", true},
    {"lcm", false}, {"tr", false}, {"rank", false}, {"Var", false}, {"Cov", false},
};

struct Tables {
    QHash<QString, SymbolInfo> commands;
    QHash<QChar, Atom> characters;
};

const Tables& tables() {
    static const Tables t = [] {
        Tables t;
        auto addPlain = [&t](const Entry& e) {
            const QString glyph = QString::fromUtf16(e.glyph);
            t.commands.insert(QString::fromLatin1(e.name), SymbolInfo{glyph, e.atom});
            if (glyph.size() == 1 && e.atom != Atom::Ord)
                t.characters.insert(glyph[0], e.atom);
        };
        for (const Entry& e : kOrdinary)
            addPlain(e);
        for (const Entry& e : kBinary)
            addPlain(e);
        for (const Entry& e : kRelation)
            addPlain(e);
        for (const BigOperatorEntry& e : kBigOperators) {
            const QString glyph = QString::fromUtf16(e.glyph);
            t.commands.insert(QString::fromLatin1(e.name), SymbolInfo{glyph, Atom::Op, K::BigOperator, e.limits});
        }
        for (const FunctionEntry& e : kFunctions) {
            const QString name = QString::fromLatin1(e.name);
            const QString shown = name == QLatin1String("argmax") ? QStringLiteral("arg max")
                                  : name == QLatin1String("argmin") ? QStringLiteral("arg min")
                                  : name == QLatin1String("liminf") ? QStringLiteral("lim inf")
                                  : name == QLatin1String("limsup") ? QStringLiteral("lim sup")
                                                                    : name;
            t.commands.insert(name, SymbolInfo{shown, Atom::Op, K::FunctionName, e.limits});
        }
        // Characters typed directly in math.
        for (QChar c : QStringView(u"+-*/±∓×÷·∘∪∩"))
            t.characters.insert(c, c == u'/' ? Atom::Ord : Atom::Bin);
        for (QChar c : QStringView(u"=<>:≤≥≠≈≡∼→←⇒⇔∈∉⊂⊆∣"))
            t.characters.insert(c, Atom::Rel);
        for (QChar c : QStringView(u"([⟨⌊⌈"))
            t.characters.insert(c, Atom::Open);
        for (QChar c : QStringView(u")]⟩⌋⌉!?"))
            t.characters.insert(c, Atom::Close);
        for (QChar c : QStringView(u",;"))
            t.characters.insert(c, Atom::Punct);
        t.characters.insert(u'|', Atom::Ord);
        t.characters.insert(u'.', Atom::Ord);
        return t;
    }();
    return t;
}

} // namespace

std::optional<SymbolInfo> symbolForCommand(QStringView name) {
    const auto& commands = tables().commands;
    const auto found = commands.constFind(name.toString());
    if (found == commands.constEnd())
        return std::nullopt;
    return *found;
}

Atom atomForCharacter(QChar c) {
    return tables().characters.value(c, Atom::Ord);
}

std::optional<QString> delimiterGlyph(QStringView token) {
    static const QHash<QString, QString> delimiters = {
        {"(", "("}, {")", ")"}, {"[", "["}, {"]", "]"}, {"|", "|"}, {"/", "/"}, {".", ""},
        {"\\{", "{"}, {"\\}", "}"}, {"\\lbrace", "{"}, {"\\rbrace", "}"}, {"\\langle", "⟨"},
        {"\\rangle", "⟩"}, {"<", "⟨"}, {">", "⟩"}, {"\\lfloor", "⌊"}, {"\\rfloor", "⌋"},
        {"\\lceil", "⌈"}, {"\\rceil", "⌉"}, {"\\vert", "|"}, {"\\lvert", "|"}, {"\\rvert", "|"},
        {"\\|", "‖"}, {"\\Vert", "‖"}, {"\\lVert", "‖"}, {"\\rVert", "‖"}, {"\\lbrack", "["},
        {"\\rbrack", "]"}, {"\\uparrow", "↑"}, {"\\downarrow", "↓"}, {"\\backslash", "\\"},
        {"⟨", "⟨"}, {"⟩", "⟩"}, {"‖", "‖"}, {"\\mid", "|"},
    };
    const auto found = delimiters.constFind(token.toString());
    if (found == delimiters.constEnd())
        return std::nullopt;
    return *found;
}

} // namespace ponder::math
