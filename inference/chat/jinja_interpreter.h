// Walks the syntax tree and renders text: statements, scopes (a for loop or macro body gets its
// own scope, an if does not, as in jinja2), loop variables, macros and call blocks.
#pragma once

#include "chat/jinja_ast.h"

#include <string>

namespace ponder::jinja {

// Renders `body` with `variables` as the template context (on top of the built-in globals).
// Throws TemplateError with a line and column.
std::string render(const Body& body, const Dict& variables);

} // namespace ponder::jinja
