// The syntax tree the parser builds and the interpreter walks. One node type for expressions and
// one for statements keeps the tree plain; which fields a node uses is listed per kind.
#pragma once

#include "chat/jinja_value.h"

#include <memory>
#include <string>
#include <vector>

namespace ponder::jinja {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    enum class Kind {
        Literal,    // value
        Name,       // name
        List,       // children; name "tuple" for a tuple
        Dict,       // children: key, value, key, value, ...
        GetAttr,    // children[0].name
        GetItem,    // children[0][children[1]]
        Slice,      // children[0][children[1]:children[2]:children[3]], absent parts are null
        Call,       // children[0](children[1..], kwargs)
        Filter,     // children[0] | name(children[1..], kwargs)
        Test,       // children[0] is [not] name(children[1..]); negated
        Neg, Pos, Not,  // children[0]
        Binary,     // children[0] name children[1]; name is + - * / // % ** ~ and or
        Compare,    // children[0] ops[0] children[1] ops[1] children[2] ...; ops: == != < > <= >= in notin
        Conditional,  // children[1] if children[0] else children[2] (null: undefined)
    };
    Kind kind;
    int line = 0, column = 0;
    Value value;
    std::string name;
    std::vector<ExprPtr> children;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    std::vector<std::string> ops;
    bool negated = false;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Stmt {
    enum class Kind {
        Text,        // text
        Output,      // {{ expr }}
        If,          // conditions[i] -> bodies[i]; bodies.back() is else when one longer than conditions
        For,         // for targets in expr [if filter]: bodies[0] [else bodies[1]]
        Set,         // targets (one name, "ns.attr", or several names) = expr
        SetBlock,    // targets[0] = rendered bodies[0] [| filters in expr: applied to a Name "__block__"]
        Macro,       // name(params with defaults) bodies[0]
        CallBlock,   // expr is the call; params are caller's; bodies[0] is caller()'s body
        FilterBlock, // expr applies filters to Name "__block__" bound to the rendered bodies[0]
        Break,
        Continue,
        Scope,       // bodies[0] rendered in place (generation blocks)
    };
    struct Param {
        std::string name;
        ExprPtr default_value;  // may be null
    };
    Kind kind;
    int line = 0, column = 0;
    std::string text, name;
    ExprPtr expr, filter;
    std::vector<ExprPtr> conditions;
    std::vector<Body> bodies;
    std::vector<std::string> targets;
    std::vector<Param> params;
};

} // namespace ponder::jinja
