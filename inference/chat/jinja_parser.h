// Builds the syntax tree from jinja_lexer tokens, following jinja2's grammar and operator
// precedence (jinja2/parser.py): `a + b | f` filters b, `-x | f` filters -x, `not a in b` is not (a in b).
#pragma once

#include "chat/jinja_ast.h"

#include <string_view>

namespace ponder::jinja {

// Throws TemplateError (with line and column) on a syntax error.
Body parse_template(std::string_view source);

} // namespace ponder::jinja
