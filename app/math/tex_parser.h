// Reads the TeX math that reasoning models write (\frac, ^ _, \sqrt, \left( \right), \text,
// \boxed, matrices, cases, aligned, Greek and operators) into a Node tree. Unknown commands are
// kept visible as their own name; unbalanced braces, missing arguments or an unclosed
// \begin/\left are errors, and the caller then shows the source as it was written.
#pragma once

#include "error.h"
#include "math/math_node.h"

#include <QStringView>

namespace ponder::math {

Result<Node> parseTex(QStringView tex);

} // namespace ponder::math
