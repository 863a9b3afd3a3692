// What TeX's symbol commands stand for: \alpha is α (an ordinary letter), \leq is ≤ (a relation),
// \sum is ∑ (a big operator with limits), \sin is "sin" (an upright operator name).
#pragma once

#include "math/math_node.h"

#include <QStringView>

#include <optional>

namespace ponder::math {

struct SymbolInfo {
    QString glyph;
    Atom atom = Atom::Ord;
    enum class Kind { Plain, BigOperator, FunctionName } kind = Kind::Plain;
    bool limits = false; // BigOperator / FunctionName: limits go above and below in display style
};

// By command name without the backslash ("alpha", "leq", "sum", "sin", "{").
std::optional<SymbolInfo> symbolForCommand(QStringView name);
// The atom class of a character typed directly (≤ is a relation, + a binary operator, ( opens).
Atom atomForCharacter(QChar c);
// Delimiters allowed after \left, \right, \big…: "(" "[" "\{" "\langle" "|" "." …, as glyphs.
std::optional<QString> delimiterGlyph(QStringView token);

} // namespace ponder::math
