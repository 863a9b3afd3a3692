// Splits a template into tokens exactly as jinja2's lexer does with trim_blocks=True and
// lstrip_blocks=True (HF transformers' settings): whitespace control ({%- -%} {{- -}} {%+),
// comments and {% raw %} are resolved here, so the parser only sees text and tag contents.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ponder::jinja {

enum class TokenType { Text, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End };

struct Token {
    TokenType type;
    std::string value;  // text, name, operator, unescaped string literal, or number spelling
    int line = 1, column = 1;
};

// Throws TemplateError with the position of the first lexical problem.
std::vector<Token> tokenize(std::string_view source);

} // namespace ponder::jinja
