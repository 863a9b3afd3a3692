// Recursive descent over the token list; one method per grammar rule of jinja2's parser.
#include "chat/jinja_parser.h"

#include "chat/jinja_lexer.h"

#include <initializer_list>

namespace ponder::jinja {
namespace {

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    Body parse() {
        Body body = parse_body({});
        if (peek().type != TokenType::End) fail("unexpected tag");
        return body;
    }

private:
    const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    [[noreturn]] void fail(const std::string& message) const {
        throw TemplateError(message, peek().line, peek().column);
    }
    bool is_op(std::string_view op, size_t ahead = 0) const {
        return peek(ahead).type == TokenType::Operator && peek(ahead).value == op;
    }
    bool is_name(std::string_view name, size_t ahead = 0) const {
        return peek(ahead).type == TokenType::Name && peek(ahead).value == name;
    }
    bool skip_op(std::string_view op) { return is_op(op) ? (next(), true) : false; }
    bool skip_name(std::string_view name) { return is_name(name) ? (next(), true) : false; }
    std::string describe(const Token& t) const {
        switch (t.type) {
        case TokenType::End: return "end of template";
        case TokenType::BlockEnd: return "end of statement block";
        case TokenType::VariableEnd: return "end of print statement";
        default: return "'" + t.value + "'";
        }
    }
    void expect_op(std::string_view op) {
        if (!skip_op(op)) fail("expected token '" + std::string(op) + "', got " + describe(peek()));
    }
    std::string expect_name() {
        if (peek().type != TokenType::Name) fail("expected a name, got " + describe(peek()));
        return next().value;
    }
    void expect_block_end() {
        if (peek().type != TokenType::BlockEnd) fail("expected token 'end of statement block', got " + describe(peek()));
        next();
    }
    ExprPtr node(Expr::Kind kind, const Token& at) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->line = at.line;
        e->column = at.column;
        return e;
    }
    ExprPtr node(Expr::Kind kind, const Token& at, ExprPtr first) {
        auto e = node(kind, at);
        e->children.push_back(std::move(first));
        return e;
    }

    // ---- statements ----

    // Parses until a block tag whose keyword is in `end_tags` (left unconsumed, at the name).
    Body parse_body(std::initializer_list<std::string_view> end_tags) {
        Body body;
        while (true) {
            const Token& t = peek();
            if (t.type == TokenType::End) {
                if (end_tags.size() != 0)
                    fail("unexpected end of template, expected '" + std::string(*end_tags.begin()) + "'");
                return body;
            }
            if (t.type == TokenType::Text) {
                auto s = stmt(Stmt::Kind::Text, next());
                s->text = tokens_[pos_ - 1].value;
                body.push_back(std::move(s));
            } else if (t.type == TokenType::VariableBegin) {
                auto s = stmt(Stmt::Kind::Output, next());
                s->expr = parse_tuple();
                if (peek().type != TokenType::VariableEnd)
                    fail("expected token 'end of print statement', got " + describe(peek()));
                next();
                body.push_back(std::move(s));
            } else if (t.type == TokenType::BlockBegin) {
                for (std::string_view end : end_tags)
                    if (is_name(end, 1)) {
                        next();
                        return body;
                    }
                next();
                body.push_back(parse_statement());
            } else {
                fail("unexpected " + describe(t));
            }
        }
    }

    StmtPtr stmt(Stmt::Kind kind, const Token& at) {
        auto s = std::make_unique<Stmt>();
        s->kind = kind;
        s->line = at.line;
        s->column = at.column;
        return s;
    }

    StmtPtr parse_statement() {
        const Token& t = peek();
        if (t.type != TokenType::Name) fail("tag name expected");
        std::string keyword = t.value;
        if (keyword == "if") return parse_if();
        if (keyword == "for") return parse_for();
        if (keyword == "set") return parse_set();
        if (keyword == "macro") return parse_macro();
        if (keyword == "call") return parse_call_block();
        if (keyword == "filter") return parse_filter_block();
        if (keyword == "generation") {
            auto s = stmt(Stmt::Kind::Scope, next());
            expect_block_end();
            s->bodies.push_back(parse_body({"endgeneration"}));
            next();
            expect_block_end();
            return s;
        }
        if (keyword == "break" || keyword == "continue") {
            if (loop_depth_ == 0) fail("'" + keyword + "' outside of a loop");
            auto s = stmt(keyword == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue, next());
            expect_block_end();
            return s;
        }
        fail("Encountered unknown tag '" + keyword + "'.");
    }

    StmtPtr parse_if() {
        auto s = stmt(Stmt::Kind::If, next());
        while (true) {
            s->conditions.push_back(parse_tuple());
            expect_block_end();
            s->bodies.push_back(parse_body({"elif", "else", "endif"}));
            std::string tag = next().value;
            if (tag == "elif") continue;
            if (tag == "else") {
                expect_block_end();
                s->bodies.push_back(parse_body({"endif"}));
                next();
            }
            expect_block_end();
            return s;
        }
    }

    std::vector<std::string> parse_assign_names() {
        std::vector<std::string> names;
        bool parens = skip_op("(");
        do {
            names.push_back(expect_name());
        } while (skip_op(",") && peek().type == TokenType::Name);
        if (parens) expect_op(")");
        return names;
    }

    StmtPtr parse_for() {
        auto s = stmt(Stmt::Kind::For, next());
        s->targets = parse_assign_names();
        if (!skip_name("in")) fail("expected token 'in', got " + describe(peek()));
        s->expr = parse_tuple(/*with_condexpr=*/false);
        if (skip_name("if")) s->filter = parse_expression();
        if (is_name("recursive")) fail("recursive loops are not supported");
        expect_block_end();
        ++loop_depth_;
        s->bodies.push_back(parse_body({"endfor", "else"}));
        --loop_depth_;
        if (next().value == "else") {
            expect_block_end();
            s->bodies.push_back(parse_body({"endfor"}));
            next();
        }
        expect_block_end();
        return s;
    }

    StmtPtr parse_set() {
        auto s = stmt(Stmt::Kind::Set, next());
        std::string first = expect_name();
        if (skip_op(".")) {
            s->targets.push_back(first + "." + expect_name());
        } else {
            s->targets.push_back(first);
            while (skip_op(",")) s->targets.push_back(expect_name());
        }
        if (skip_op("=")) {
            s->expr = parse_tuple();
            expect_block_end();
            return s;
        }
        if (s->targets.size() != 1 || s->targets[0].find('.') != std::string::npos) fail("expected token '='");
        s->kind = Stmt::Kind::SetBlock;
        s->filter = parse_filter_chain_on_block();
        expect_block_end();
        s->bodies.push_back(parse_body({"endset"}));
        next();
        expect_block_end();
        return s;
    }

    // `| f | g(x)` applied to the rendered block; null when there are no filters.
    ExprPtr parse_filter_chain_on_block() {
        if (!is_op("|") && peek().type != TokenType::Name) return nullptr;
        auto block = node(Expr::Kind::Name, peek());
        block->name = "__block__";
        if (peek().type == TokenType::Name) {  // {% filter upper %}: first filter without a pipe
            tokens_.insert(tokens_.begin() + static_cast<long>(pos_), Token{TokenType::Operator, "|", peek().line, peek().column});
        }
        return parse_filter(std::move(block));
    }

    void parse_params(std::vector<Stmt::Param>& params) {
        expect_op("(");
        while (!skip_op(")")) {
            if (!params.empty()) expect_op(",");
            if (skip_op(")")) break;
            Stmt::Param p{expect_name(), nullptr};
            if (skip_op("=")) p.default_value = parse_expression();
            params.push_back(std::move(p));
        }
    }

    StmtPtr parse_macro() {
        auto s = stmt(Stmt::Kind::Macro, next());
        s->name = expect_name();
        parse_params(s->params);
        expect_block_end();
        s->bodies.push_back(parse_body({"endmacro"}));
        next();
        expect_block_end();
        return s;
    }

    StmtPtr parse_call_block() {
        auto s = stmt(Stmt::Kind::CallBlock, next());
        if (is_op("(")) parse_params(s->params);
        s->expr = parse_expression();
        if (s->expr->kind != Expr::Kind::Call) fail("expected call");
        expect_block_end();
        s->bodies.push_back(parse_body({"endcall"}));
        next();
        expect_block_end();
        return s;
    }

    StmtPtr parse_filter_block() {
        auto s = stmt(Stmt::Kind::FilterBlock, next());
        s->expr = parse_filter_chain_on_block();
        expect_block_end();
        s->bodies.push_back(parse_body({"endfilter"}));
        next();
        expect_block_end();
        return s;
    }

    // ---- expressions ----

    // `a, b` without brackets is a tuple; in {% if %} and {% for %} too, as in jinja2.
    ExprPtr parse_tuple(bool with_condexpr = true) {
        const Token& at = peek();
        ExprPtr first = with_condexpr ? parse_expression() : parse_or();
        if (!is_op(",")) return first;
        auto list = node(Expr::Kind::List, at, std::move(first));
        list->name = "tuple";
        while (skip_op(",")) {
            if (peek().type == TokenType::BlockEnd || peek().type == TokenType::VariableEnd || is_op(")")) break;
            if (!with_condexpr && is_name("if")) break;
            list->children.push_back(with_condexpr ? parse_expression() : parse_or());
        }
        return list;
    }

    ExprPtr parse_expression() {
        ExprPtr expr = parse_or();
        while (is_name("if")) {
            const Token& at = next();
            auto cond = node(Expr::Kind::Conditional, at, parse_or());
            cond->children.push_back(std::move(expr));
            cond->children.push_back(skip_name("else") ? parse_expression() : nullptr);
            expr = std::move(cond);
        }
        return expr;
    }

    ExprPtr parse_binary_chain(ExprPtr (Parser::*operand)(), std::initializer_list<std::string_view> ops, bool names) {
        ExprPtr left = (this->*operand)();
        while (true) {
            std::string_view found;
            for (std::string_view op : ops)
                if (names ? is_name(op) : is_op(op)) found = op;
            if (found.empty()) return left;
            const Token& at = next();
            auto bin = node(Expr::Kind::Binary, at, std::move(left));
            bin->name = std::string(found);
            bin->children.push_back((this->*operand)());
            left = std::move(bin);
        }
    }

    ExprPtr parse_or() { return parse_binary_chain(&Parser::parse_and, {"or"}, true); }
    ExprPtr parse_and() { return parse_binary_chain(&Parser::parse_not, {"and"}, true); }
    ExprPtr parse_not() {
        if (is_name("not")) {
            const Token& at = next();
            return node(Expr::Kind::Not, at, parse_not());
        }
        return parse_compare();
    }

    ExprPtr parse_compare() {
        const Token& at = peek();
        ExprPtr first = parse_math1();
        ExprPtr cmp;
        while (true) {
            std::string op;
            if (peek().type == TokenType::Operator &&
                (peek().value == "==" || peek().value == "!=" || peek().value == "<" || peek().value == ">" ||
                 peek().value == "<=" || peek().value == ">=")) {
                op = next().value;
            } else if (is_name("in")) {
                next();
                op = "in";
            } else if (is_name("not") && is_name("in", 1)) {
                next();
                next();
                op = "notin";
            } else break;
            if (!cmp) cmp = node(Expr::Kind::Compare, at, std::move(first));
            cmp->ops.push_back(op);
            cmp->children.push_back(parse_math1());
        }
        return cmp ? std::move(cmp) : std::move(first);
    }

    ExprPtr parse_math1() { return parse_binary_chain(&Parser::parse_concat, {"+", "-"}, false); }
    ExprPtr parse_concat() { return parse_binary_chain(&Parser::parse_math2, {"~"}, false); }
    ExprPtr parse_math2() { return parse_binary_chain(&Parser::parse_pow, {"*", "/", "//", "%"}, false); }
    ExprPtr parse_pow() { return parse_binary_chain(&Parser::parse_unary_filtered, {"**"}, false); }
    ExprPtr parse_unary_filtered() { return parse_unary(true); }

    ExprPtr parse_unary(bool with_filter) {
        ExprPtr expr;
        if (is_op("-") || is_op("+")) {
            const Token& at = next();
            expr = node(at.value == "-" ? Expr::Kind::Neg : Expr::Kind::Pos, at, parse_unary(false));
        } else {
            expr = parse_primary();
        }
        expr = parse_postfix(std::move(expr));
        if (with_filter) expr = parse_filter_expr(std::move(expr));
        return expr;
    }

    ExprPtr parse_primary() {
        const Token& t = peek();
        switch (t.type) {
        case TokenType::Name: {
            next();
            auto e = node(Expr::Kind::Literal, t);
            if (t.value == "true" || t.value == "True") e->value = Value(true);
            else if (t.value == "false" || t.value == "False") e->value = Value(false);
            else if (t.value == "none" || t.value == "None") e->value = Value(nullptr);
            else {
                e->kind = Expr::Kind::Name;
                e->name = t.value;
            }
            return e;
        }
        case TokenType::String: {
            auto e = node(Expr::Kind::Literal, t);
            std::string text;
            while (peek().type == TokenType::String) text += next().value;  // "a" "b" is "ab"
            e->value = Value(std::move(text));
            return e;
        }
        case TokenType::Integer: {
            next();
            auto e = node(Expr::Kind::Literal, t);
            try {
                e->value = Value(static_cast<int64_t>(std::stoll(t.value)));
            } catch (const std::exception&) {
                fail("integer literal out of range: " + t.value);
            }
            return e;
        }
        case TokenType::Float: {
            next();
            auto e = node(Expr::Kind::Literal, t);
            e->value = Value(std::stod(t.value));
            return e;
        }
        default: break;
        }
        if (skip_op("(")) {
            if (skip_op(")")) {
                auto empty = node(Expr::Kind::List, t);
                empty->name = "tuple";
                return empty;
            }
            ExprPtr inner = parse_expression();
            if (is_op(",")) {
                auto list = node(Expr::Kind::List, t, std::move(inner));
                list->name = "tuple";
                while (skip_op(",") && !is_op(")")) list->children.push_back(parse_expression());
                inner = std::move(list);
            }
            expect_op(")");
            return inner;
        }
        if (skip_op("[")) {
            auto list = node(Expr::Kind::List, t);
            while (!skip_op("]")) {
                if (!list->children.empty()) expect_op(",");
                if (skip_op("]")) break;
                list->children.push_back(parse_expression());
            }
            return list;
        }
        if (skip_op("{")) {
            auto dict = node(Expr::Kind::Dict, t);
            while (!skip_op("}")) {
                if (!dict->children.empty()) expect_op(",");
                if (skip_op("}")) break;
                dict->children.push_back(parse_expression());
                expect_op(":");
                dict->children.push_back(parse_expression());
            }
            return dict;
        }
        fail("unexpected " + describe(t));
    }

    ExprPtr parse_postfix(ExprPtr expr) {
        while (true) {
            const Token& at = peek();
            if (skip_op(".")) {
                if (peek().type == TokenType::Integer) {  // x.0 is x[0]
                    auto index = node(Expr::Kind::Literal, peek());
                    index->value = Value(static_cast<int64_t>(std::stoll(next().value)));
                    expr = node(Expr::Kind::GetItem, at, std::move(expr));
                    expr->children.push_back(std::move(index));
                } else {
                    expr = node(Expr::Kind::GetAttr, at, std::move(expr));
                    expr->name = expect_name();
                }
            } else if (skip_op("[")) {
                expr = parse_subscript(std::move(expr), at);
            } else if (is_op("(")) {
                expr = parse_call(std::move(expr));
            } else {
                return expr;
            }
        }
    }

    ExprPtr parse_subscript(ExprPtr target, const Token& at) {
        ExprPtr parts[3];
        int part = 0;
        bool is_slice = false;
        while (!is_op("]")) {
            if (skip_op(":")) {
                is_slice = true;
                if (++part > 2) fail("too many ':' in slice");
                continue;
            }
            parts[part] = parse_expression();
        }
        next();
        auto e = node(is_slice ? Expr::Kind::Slice : Expr::Kind::GetItem, at, std::move(target));
        if (!is_slice && !parts[0]) fail("expected an index");
        e->children.push_back(std::move(parts[0]));
        if (is_slice) {
            e->children.push_back(std::move(parts[1]));
            e->children.push_back(std::move(parts[2]));
        }
        return e;
    }

    void parse_call_args(Expr& call) {
        expect_op("(");
        bool first = true;
        while (!skip_op(")")) {
            if (!first) expect_op(",");
            first = false;
            if (skip_op(")")) break;
            if (peek().type == TokenType::Name && is_op("=", 1)) {
                std::string key = next().value;
                next();
                call.kwargs.emplace_back(std::move(key), parse_expression());
            } else {
                call.children.push_back(parse_expression());
            }
        }
    }

    ExprPtr parse_call(ExprPtr callee) {
        int line = callee->line, column = callee->column;  // errors point at the callee's name
        auto call = node(Expr::Kind::Call, peek(), std::move(callee));
        call->line = line;
        call->column = column;
        parse_call_args(*call);
        return call;
    }

    ExprPtr parse_filter(ExprPtr expr) {
        while (is_op("|")) {
            const Token& at = next();
            auto f = node(Expr::Kind::Filter, at, std::move(expr));
            f->name = expect_name();
            while (skip_op(".")) f->name += "." + expect_name();
            if (is_op("(")) parse_call_args(*f);
            expr = std::move(f);
        }
        return expr;
    }

    ExprPtr parse_filter_expr(ExprPtr expr) {
        while (true) {
            if (is_op("|")) expr = parse_filter(std::move(expr));
            else if (is_name("is")) expr = parse_test(std::move(expr));
            else if (is_op("(")) expr = parse_call(std::move(expr));
            else return expr;
        }
    }

    ExprPtr parse_test(ExprPtr expr) {
        const Token& at = next();
        auto test = node(Expr::Kind::Test, at, std::move(expr));
        test->negated = skip_name("not");
        test->name = expect_name();
        while (skip_op(".")) test->name += "." + expect_name();
        TokenType t = peek().type;
        if (is_op("(")) {
            parse_call_args(*test);
        } else if ((t == TokenType::Name || t == TokenType::String || t == TokenType::Integer ||
                    t == TokenType::Float || is_op("[") || is_op("{")) &&
                   !is_name("else") && !is_name("or") && !is_name("and")) {
            test->children.push_back(parse_postfix(parse_primary()));
        }
        return test;
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
    int loop_depth_ = 0;
};

} // namespace

Body parse_template(std::string_view source) { return Parser(tokenize(source)).parse(); }

} // namespace ponder::jinja
