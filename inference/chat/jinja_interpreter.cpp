// The tree-walking evaluator. Errors raised anywhere below get the position of the innermost
// expression or statement that was being evaluated.
#include "chat/jinja_interpreter.h"

#include "chat/jinja_builtins.h"

#include <cmath>

namespace ponder::jinja {
namespace {

struct Scope {
    std::shared_ptr<Scope> parent;
    Dict vars;
    const Value* lookup(std::string_view name) const {
        for (const Scope* s = this; s; s = s->parent.get())
            if (const Value* v = s->vars.find(name)) return v;
        return nullptr;
    }
};
using ScopePtr = std::shared_ptr<Scope>;

enum class Flow { Normal, Break, Continue };

template <class Node>
[[noreturn]] void rethrow_at(TemplateError& e, const Node& node) {
    if (e.line == 0) {
        e.line = node.line;
        e.column = node.column;
    }
    throw;
}

[[noreturn]] void type_error(const std::string& op, const Value& a, const Value& b) {
    throw TemplateError("unsupported operand type(s) for " + op + ": '" + a.type_name() + "' and '" + b.type_name() + "'");
}

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Value arithmetic(const std::string& op, const Value& a, const Value& b) {
    if (op == "~") return Value(to_python_str(a) + to_python_str(b));  // str(undefined) is ""
    if (a.is_undefined()) raise_undefined(a);
    if (b.is_undefined()) raise_undefined(b);
    if (a.is_number() && b.is_number()) {
        bool ints = !a.is_float() && !b.is_float();
        double x = a.as_number(), y = b.as_number();
        if ((op == "/" || op == "//" || op == "%") && y == 0)
            throw TemplateError(ints && op != "/" ? "integer division or modulo by zero" : "division by zero");
        if (op == "+") return ints ? Value(a.as_int() + b.as_int()) : Value(x + y);
        if (op == "-") return ints ? Value(a.as_int() - b.as_int()) : Value(x - y);
        if (op == "*") return ints ? Value(a.as_int() * b.as_int()) : Value(x * y);
        if (op == "/") return Value(x / y);
        if (op == "//") return ints ? Value(floor_div(a.as_int(), b.as_int())) : Value(std::floor(x / y));
        if (op == "%") {
            if (ints) return Value(a.as_int() - floor_div(a.as_int(), b.as_int()) * b.as_int());
            double r = std::fmod(x, y);
            return Value(r != 0 && ((r < 0) != (y < 0)) ? r + y : r);
        }
        if (op == "**") {
            if (ints && b.as_int() >= 0) {
                int64_t result = 1;
                for (int64_t i = 0; i < b.as_int(); ++i) result *= a.as_int();
                return Value(result);
            }
            return Value(std::pow(x, y));
        }
    }
    if (op == "+" && a.is_string() && b.is_string()) return Value(a.as_string() + b.as_string());
    if (op == "+" && a.is_list() && b.is_list()) {
        List joined = a.as_list();
        joined.insert(joined.end(), b.as_list().begin(), b.as_list().end());
        return Value(std::move(joined));
    }
    if (op == "*" && (a.is_string() || a.is_list()) && (b.is_int() || b.is_bool())) {
        if (a.is_string()) {
            std::string out;
            for (int64_t i = 0; i < b.as_int(); ++i) out += a.as_string();
            return Value(std::move(out));
        }
        List out;
        for (int64_t i = 0; i < b.as_int(); ++i) out.insert(out.end(), a.as_list().begin(), a.as_list().end());
        return Value(std::move(out));
    }
    if (op == "*" && (b.is_string() || b.is_list()) && (a.is_int() || a.is_bool())) return arithmetic(op, b, a);
    if (op == "+" && a.is_string()) throw TemplateError("can only concatenate str (not \"" + b.type_name() + "\") to str");
    type_error(op, a, b);
}

bool compare(const std::string& op, const Value& a, const Value& b) {
    if (op == "==") return equals(a, b);
    if (op == "!=") return !equals(a, b);
    if (op == "in") return contains(b, a);
    if (op == "notin") return !contains(b, a);
    if (a.is_undefined()) raise_undefined(a);
    if (b.is_undefined()) raise_undefined(b);
    if (op == "<") return less_than(a, b);
    if (op == ">") return less_than(b, a);
    if (op == "<=") return !less_than(b, a);
    return !less_than(a, b);  // >=
}

// Python slice semantics: negative indices count from the end, step may be negative.
template <class T>
std::vector<T> slice(const std::vector<T>& items, const Value& start_v, const Value& stop_v, const Value& step_v) {
    auto n = static_cast<int64_t>(items.size());
    int64_t step = step_v.is_none() || step_v.is_undefined() ? 1 : step_v.as_int();
    if (step == 0) throw TemplateError("slice step cannot be zero");
    auto clamp = [&](const Value& v, int64_t fallback) {
        if (v.is_none() || v.is_undefined()) return fallback;
        int64_t i = v.as_int();
        if (i < 0) i += n;
        if (step > 0) return std::clamp<int64_t>(i, 0, n);
        return std::clamp<int64_t>(i, -1, n - 1);
    };
    int64_t start = clamp(start_v, step > 0 ? 0 : n - 1), stop = clamp(stop_v, step > 0 ? n : -1);
    std::vector<T> out;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(items[static_cast<size_t>(i)]);
    return out;
}

class Interpreter {
public:
    explicit Interpreter(const Dict& variables) : root_(std::make_shared<Scope>()) {
        root_->vars = make_globals();
        for (const auto& [k, v] : variables.items) root_->vars.set(k, v);
    }

    std::string run(const Body& body) {
        std::string out;
        exec(body, root_, out);
        return out;
    }

private:
    Flow exec(const Body& body, const ScopePtr& scope, std::string& out) {
        for (const StmtPtr& s : body) {
            Flow flow;
            try {
                flow = exec(*s, scope, out);
            } catch (TemplateError& e) {
                rethrow_at(e, *s);
            }
            if (flow != Flow::Normal) return flow;
        }
        return Flow::Normal;
    }

    Flow exec(const Stmt& s, const ScopePtr& scope, std::string& out) {
        switch (s.kind) {
        case Stmt::Kind::Text: out += s.text; return Flow::Normal;
        case Stmt::Kind::Output: out += to_python_str(eval(*s.expr, scope)); return Flow::Normal;
        case Stmt::Kind::If:
            for (size_t i = 0; i < s.conditions.size(); ++i)
                if (eval(*s.conditions[i], scope).truthy()) return exec(s.bodies[i], scope, out);
            if (s.bodies.size() > s.conditions.size()) return exec(s.bodies.back(), scope, out);
            return Flow::Normal;
        case Stmt::Kind::For: exec_for(s, scope, out); return Flow::Normal;
        case Stmt::Kind::Set: assign(s, eval(*s.expr, scope), scope); return Flow::Normal;
        case Stmt::Kind::SetBlock: {
            std::string text;
            exec(s.bodies[0], std::make_shared<Scope>(Scope{scope, {}}), text);
            assign(s, s.filter ? filter_block(*s.filter, std::move(text), scope) : Value(std::move(text)), scope);
            return Flow::Normal;
        }
        case Stmt::Kind::FilterBlock: {
            std::string text;
            exec(s.bodies[0], std::make_shared<Scope>(Scope{scope, {}}), text);
            out += to_python_str(filter_block(*s.expr, std::move(text), scope));
            return Flow::Normal;
        }
        case Stmt::Kind::Macro: scope->vars.set(s.name, make_macro(s, scope, s.name)); return Flow::Normal;
        case Stmt::Kind::CallBlock: {
            Value caller = make_macro(s, scope, "caller");
            out += to_python_str(eval_call(*s.expr, scope, &caller));
            return Flow::Normal;
        }
        case Stmt::Kind::Break: return Flow::Break;
        case Stmt::Kind::Continue: return Flow::Continue;
        case Stmt::Kind::Scope: return exec(s.bodies[0], scope, out);
        }
        return Flow::Normal;
    }

    Value filter_block(const Expr& filters, std::string text, const ScopePtr& scope) {
        auto inner = std::make_shared<Scope>(Scope{scope, {}});
        inner->vars.set("__block__", Value(std::move(text)));
        return eval(filters, inner);
    }

    void bind_targets(const std::vector<std::string>& targets, const Value& value, Scope& scope) {
        if (targets.size() == 1) {
            scope.vars.set(targets[0], value);
            return;
        }
        List items = iterate(value);
        if (items.size() != targets.size())
            throw TemplateError("cannot unpack " + std::to_string(items.size()) + " values into " +
                                std::to_string(targets.size()) + " names");
        for (size_t i = 0; i < targets.size(); ++i) scope.vars.set(targets[i], items[i]);
    }

    void assign(const Stmt& s, Value value, const ScopePtr& scope) {
        const std::string& target = s.targets[0];
        size_t dot = target.find('.');
        if (dot == std::string::npos) return bind_targets(s.targets, value, *scope);
        const Value* ns = scope->lookup(target.substr(0, dot));
        if (!ns || !ns->is_namespace()) throw TemplateError("cannot assign attribute on non-namespace object");
        ns->as_namespace().set(target.substr(dot + 1), std::move(value));
    }

    void exec_for(const Stmt& s, const ScopePtr& scope, std::string& out) {
        Value iterable = eval(*s.expr, scope);
        if (!iterable.is_undefined() && !iterable.is_list() && !iterable.is_dict() && !iterable.is_string())
            throw TemplateError("'" + iterable.type_name() + "' object is not iterable");
        List items = iterate(iterable);
        if (s.filter) {
            List kept;
            for (const Value& item : items) {
                Scope probe{scope, {}};
                bind_targets(s.targets, item, probe);
                if (eval(*s.filter, std::make_shared<Scope>(std::move(probe))).truthy()) kept.push_back(item);
            }
            items = std::move(kept);
        }
        auto n = static_cast<int64_t>(items.size());
        for (int64_t i = 0; i < n; ++i) {
            auto iteration = std::make_shared<Scope>(Scope{scope, {}});
            bind_targets(s.targets, items[i], *iteration);
            iteration->vars.set("loop", loop_object(items, i));
            if (exec(s.bodies[0], iteration, out) == Flow::Break) break;
        }
        if (n == 0 && s.bodies.size() > 1) exec(s.bodies[1], std::make_shared<Scope>(Scope{scope, {}}), out);
    }

    static Value loop_object(const List& items, int64_t i) {
        auto n = static_cast<int64_t>(items.size());
        Dict loop;
        loop.set("index", Value(i + 1));
        loop.set("index0", Value(i));
        loop.set("revindex", Value(n - i));
        loop.set("revindex0", Value(n - i - 1));
        loop.set("first", Value(i == 0));
        loop.set("last", Value(i == n - 1));
        loop.set("length", Value(n));
        loop.set("depth", Value(1));
        loop.set("depth0", Value(0));
        loop.set("previtem", i > 0 ? items[i - 1] : Value::undefined("there is no previous item"));
        loop.set("nextitem", i + 1 < n ? items[i + 1] : Value::undefined("there is no next item"));
        loop.set("cycle", Value(Function{"cycle", [i](const CallArgs& args) {
                              if (args.positional.empty()) throw TemplateError("no items for cycling given");
                              return args.positional[static_cast<size_t>(i) % args.positional.size()];
                          }}));
        return Value(std::move(loop));
    }

    // A macro (or a call block's caller) closes over the scope it was defined in.
    Value make_macro(const Stmt& s, const ScopePtr& closure, const std::string& name) {
        return Value(Function{name, [this, &s, closure, name](const CallArgs& args) {
                                  auto frame = std::make_shared<Scope>(Scope{closure, {}});
                                  size_t bound = 0;
                                  for (size_t i = 0; i < s.params.size(); ++i) {
                                      const Stmt::Param& p = s.params[i];
                                      if (const Value* v = args.get(i, p.name)) {
                                          frame->vars.set(p.name, *v);
                                          ++bound;
                                      } else if (p.default_value) {
                                          frame->vars.set(p.name, eval(*p.default_value, frame));
                                      } else {
                                          frame->vars.set(p.name, Value::undefined("parameter '" + p.name + "' was not provided"));
                                      }
                                  }
                                  for (const auto& [key, value] : args.keyword) {
                                      if (key == "caller") frame->vars.set("caller", value);
                                      else if (!frame->vars.find(key))
                                          throw TemplateError("macro '" + name + "' takes no keyword argument '" + key + "'");
                                  }
                                  if (args.positional.size() > s.params.size())
                                      throw TemplateError("macro '" + name + "' takes not more than " +
                                                          std::to_string(s.params.size()) + " argument(s)");
                                  std::string out;
                                  exec(s.bodies[0], frame, out);
                                  return Value(std::move(out));
                              }});
    }

    CallArgs eval_args(const Expr& e, size_t first, const ScopePtr& scope) {
        CallArgs args;
        for (size_t i = first; i < e.children.size(); ++i) args.positional.push_back(eval(*e.children[i], scope));
        for (const auto& [key, value] : e.kwargs) args.keyword.emplace_back(key, eval(*value, scope));
        return args;
    }

    Value eval_call(const Expr& e, const ScopePtr& scope, const Value* caller = nullptr) {
        Value callee = eval(*e.children[0], scope);
        CallArgs args = eval_args(e, 1, scope);
        if (caller) args.keyword.emplace_back("caller", *caller);
        if (callee.is_undefined()) raise_undefined(callee);
        if (!callee.is_function()) throw TemplateError("'" + callee.type_name() + "' object is not callable");
        return callee.as_function().call(args);
    }

    Value eval(const Expr& e, const ScopePtr& scope) {
        try {
            return eval_node(e, scope);
        } catch (TemplateError& error) {
            rethrow_at(error, e);
        }
    }

    Value eval_node(const Expr& e, const ScopePtr& scope) {
        using Kind = Expr::Kind;
        switch (e.kind) {
        case Kind::Literal: return e.value;
        case Kind::Name: {
            const Value* v = scope->lookup(e.name);
            return v ? *v : Value::undefined("'" + e.name + "' is undefined");
        }
        case Kind::List: {
            List list;
            for (const ExprPtr& c : e.children) list.push_back(eval(*c, scope));
            return e.name == "tuple" ? Value::tuple(std::move(list)) : Value(std::move(list));
        }
        case Kind::Dict: {
            Dict dict;
            for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
                Value key = eval(*e.children[i], scope);
                dict.set(to_python_str(key), eval(*e.children[i + 1], scope));
            }
            return Value(std::move(dict));
        }
        case Kind::GetAttr: {
            Value object = eval(*e.children[0], scope);
            if (object.is_undefined()) raise_undefined(object);
            return get_attribute(object, e.name);
        }
        case Kind::GetItem: {
            Value object = eval(*e.children[0], scope);
            if (object.is_undefined()) raise_undefined(object);
            return get_item(object, eval(*e.children[1], scope));
        }
        case Kind::Slice: return eval_slice(e, scope);
        case Kind::Call: return eval_call(e, scope);
        case Kind::Filter: return apply_filter(e.name, eval(*e.children[0], scope), eval_args(e, 1, scope));
        case Kind::Test: {
            bool result = apply_test(e.name, eval(*e.children[0], scope), eval_args(e, 1, scope));
            return Value(result != e.negated);
        }
        case Kind::Not: return Value(!eval(*e.children[0], scope).truthy());
        case Kind::Neg:
        case Kind::Pos: {
            Value v = eval(*e.children[0], scope);
            if (v.is_undefined()) raise_undefined(v);
            if (!v.is_number()) throw TemplateError("bad operand type for unary " + std::string(e.kind == Kind::Neg ? "-" : "+") + ": '" + v.type_name() + "'");
            if (e.kind == Kind::Pos) return v.is_bool() ? Value(v.as_int()) : v;
            return v.is_float() ? Value(-v.as_number()) : Value(-v.as_int());
        }
        case Kind::Binary: {
            Value left = eval(*e.children[0], scope);
            if (e.name == "and") return left.truthy() ? eval(*e.children[1], scope) : left;
            if (e.name == "or") return left.truthy() ? left : eval(*e.children[1], scope);
            return arithmetic(e.name, left, eval(*e.children[1], scope));
        }
        case Kind::Compare: {
            Value left = eval(*e.children[0], scope);
            for (size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.children[i + 1], scope);
                if (!compare(e.ops[i], left, right)) return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case Kind::Conditional:
            if (eval(*e.children[0], scope).truthy()) return eval(*e.children[1], scope);
            return e.children[2] ? eval(*e.children[2], scope) : Value::undefined("the conditional had no else");
        }
        return Value();
    }

    Value eval_slice(const Expr& e, const ScopePtr& scope) {
        Value object = eval(*e.children[0], scope);
        Value parts[3];
        for (int i = 0; i < 3; ++i) parts[i] = e.children[i + 1] ? eval(*e.children[i + 1], scope) : Value(nullptr);
        for (const Value& p : parts)
            if (!p.is_none() && !p.is_int() && !p.is_bool())
                throw TemplateError("slice indices must be integers or None");
        if (object.is_list()) return Value(slice(object.as_list(), parts[0], parts[1], parts[2]));
        if (object.is_string()) {
            std::string out;
            for (const std::string& cp : slice(utf8_code_points(object.as_string()), parts[0], parts[1], parts[2])) out += cp;
            return Value(std::move(out));
        }
        if (object.is_undefined()) raise_undefined(object);
        throw TemplateError("'" + object.type_name() + "' object is not subscriptable");
    }

    ScopePtr root_;
};

// jinja2 rejects unknown filters and tests when compiling, before anything renders.
void check_names(const Expr& e) {
    if (e.kind == Expr::Kind::Filter && !has_filter(e.name))
        throw TemplateError("No filter named '" + e.name + "'.", e.line, e.column);
    if (e.kind == Expr::Kind::Test && !has_test(e.name))
        throw TemplateError("No test named '" + e.name + "'.", e.line, e.column);
    for (const ExprPtr& c : e.children)
        if (c) check_names(*c);
    for (const auto& kv : e.kwargs) check_names(*kv.second);
}

void check_names(const Body& body) {
    for (const StmtPtr& s : body) {
        for (const Expr* e : {s->expr.get(), s->filter.get()})
            if (e) check_names(*e);
        for (const ExprPtr& c : s->conditions) check_names(*c);
        for (const Stmt::Param& p : s->params)
            if (p.default_value) check_names(*p.default_value);
        for (const Body& b : s->bodies) check_names(b);
    }
}

} // namespace

std::string render(const Body& body, const Dict& variables) {
    check_names(body);
    return Interpreter(variables).run(body);
}

} // namespace ponder::jinja
