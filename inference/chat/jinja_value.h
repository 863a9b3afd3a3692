// The value model of Ponder's Jinja interpreter: what a template variable can hold, with the
// Python semantics jinja2 inherits (truthiness, ==, ordering, str() and repr() when printed).
// Lists and dicts are shared and immutable once built (as in HF's ImmutableSandboxedEnvironment);
// only namespace() objects change in place, which is why they are shared by reference.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace ponder::jinja {

// Raised while parsing or rendering; line/column 0 means "not known here" and is filled in by the
// interpreter from the node being evaluated.
struct TemplateError : std::runtime_error {
    TemplateError(std::string message, int line = 0, int column = 0)
        : std::runtime_error(std::move(message)), line(line), column(column) {}
    int line, column;
};

class Value;
using List = std::vector<Value>;

struct Dict {
    std::vector<std::pair<std::string, Value>> items;  // insertion order, as Python dicts
    const Value* find(std::string_view key) const;
    void set(std::string key, Value value);
};

struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;

    // Argument `index` if given by position, else by `name`; nullptr when absent.
    const Value* get(size_t index, std::string_view name) const;
};

struct Function {
    std::string name;
    std::function<Value(const CallArgs&)> call;
};

struct Undefined {
    std::string hint;  // why it is undefined, used when an operation on it fails
};

class Value {
public:
    enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Namespace, Function };

    Value() : v_(Undefined{}) {}
    Value(std::nullptr_t) : v_(std::monostate{}) {}
    Value(bool b) : v_(b) {}
    Value(int i) : v_(int64_t{i}) {}
    Value(int64_t i) : v_(i) {}
    Value(double f) : v_(f) {}
    Value(std::string s) : v_(std::move(s)) {}
    Value(const char* s) : v_(std::string(s)) {}
    Value(List list) : v_(std::make_shared<const List>(std::move(list))) {}
    // A Python tuple: a list that prints as (a, b); dict.items() and dictsort yield these.
    static Value tuple(List items) {
        Value v(std::move(items));
        v.tuple_ = true;
        return v;
    }
    Value(Dict dict) : v_(std::make_shared<const Dict>(std::move(dict))) {}
    Value(Function f) : v_(std::make_shared<const Function>(std::move(f))) {}

    static Value undefined(std::string hint) { return Value(Undefined{std::move(hint)}); }
    static Value make_namespace(Dict attributes) { return Value(std::make_shared<Dict>(std::move(attributes))); }

    Kind kind() const { return static_cast<Kind>(v_.index()); }
    bool is_undefined() const { return kind() == Kind::Undefined; }
    bool is_none() const { return kind() == Kind::None; }
    bool is_string() const { return kind() == Kind::String; }
    bool is_list() const { return kind() == Kind::List; }  // lists and tuples
    bool is_tuple() const { return tuple_; }
    bool is_dict() const { return kind() == Kind::Dict; }
    bool is_namespace() const { return kind() == Kind::Namespace; }
    bool is_function() const { return kind() == Kind::Function; }
    bool is_bool() const { return kind() == Kind::Bool; }
    bool is_int() const { return kind() == Kind::Int; }  // not bool, as jinja's `integer` test
    bool is_float() const { return kind() == Kind::Float; }
    bool is_number() const { return is_bool() || is_int() || is_float(); }  // Python: bool is an int

    bool as_bool() const { return std::get<bool>(v_); }
    int64_t as_int() const;    // bool or int
    double as_number() const;  // bool, int or float
    const std::string& as_string() const { return std::get<std::string>(v_); }
    const List& as_list() const { return *std::get<std::shared_ptr<const List>>(v_); }
    const Dict& as_dict() const { return *std::get<std::shared_ptr<const Dict>>(v_); }
    Dict& as_namespace() const { return *std::get<std::shared_ptr<Dict>>(v_); }
    const Function& as_function() const { return *std::get<std::shared_ptr<const Function>>(v_); }
    const std::string& undefined_hint() const { return std::get<Undefined>(v_).hint; }

    bool truthy() const;
    // Python type name as jinja2 error messages show it: "str", "dict object", ...
    std::string type_name() const;

private:
    explicit Value(Undefined u) : v_(std::move(u)) {}
    explicit Value(std::shared_ptr<Dict> ns) : v_(std::move(ns)) {}

    std::variant<Undefined, std::monostate, bool, int64_t, double, std::string, std::shared_ptr<const List>,
                 std::shared_ptr<const Dict>, std::shared_ptr<Dict>, std::shared_ptr<const Function>>
        v_;
    bool tuple_ = false;
};

// Python ==, used by `==`, `in`, `equalto` and unique.
bool equals(const Value& a, const Value& b);
// Python <: numbers with numbers, strings with strings, lists lexicographically; else TemplateError.
bool less_than(const Value& a, const Value& b);

// str(value) as printed by {{ }}: None -> "None", True -> "True", [1, 'a'] -> "[1, 'a']".
std::string to_python_str(const Value& value);
// repr(value): strings quoted as Python does.
std::string to_python_repr(const Value& value);
// Python repr of a float: shortest round-trip digits, "1.0", "1e+16", "inf".
std::string format_python_float(double f);

// json.dumps(value, ensure_ascii=False, indent=indent, separators=..., sort_keys=...) as HF's tojson.
struct JsonStyle {
    std::optional<std::string> indent;  // nullopt = one line; a string is repeated per level
    std::string item_separator;         // default ", " (or "," with indent)
    std::string key_separator = ": ";
    bool sort_keys = false;
};
std::string to_json(const Value& value, const JsonStyle& style);

Value from_json(const nlohmann::ordered_json& json);

// Code point helpers: Python counts and slices strings by code point, we store UTF-8.
std::vector<std::string> utf8_code_points(std::string_view text);
size_t utf8_length(std::string_view text);

} // namespace ponder::jinja
