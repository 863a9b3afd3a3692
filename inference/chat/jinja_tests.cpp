// jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...), jinja2/tests.py.
#include "chat/jinja_builtins.h"
#include "chat/jinja_strings.h"

#include <map>

namespace ponder::jinja {
namespace {

using TestFn = bool (*)(const Value&, const CallArgs&);

const Value& required(const CallArgs& args, const char* test) {
    if (args.positional.empty()) throw TemplateError(std::string("test '") + test + "' needs an argument");
    return args.positional[0];
}

int64_t integer(const Value& v, const char* test) {
    if (!v.is_int() && !v.is_bool()) throw TemplateError(std::string("test '") + test + "' needs an integer, got " + v.type_name());
    return v.as_int();
}

bool test_defined(const Value& v, const CallArgs&) { return !v.is_undefined(); }
bool test_undefined(const Value& v, const CallArgs&) { return v.is_undefined(); }
bool test_none(const Value& v, const CallArgs&) { return v.is_none(); }
bool test_string(const Value& v, const CallArgs&) { return v.is_string(); }
bool test_number(const Value& v, const CallArgs&) { return v.is_number(); }
bool test_integer(const Value& v, const CallArgs&) { return v.is_int(); }
bool test_float(const Value& v, const CallArgs&) { return v.is_float(); }
bool test_boolean(const Value& v, const CallArgs&) { return v.is_bool(); }
bool test_true(const Value& v, const CallArgs&) { return v.is_bool() && v.as_bool(); }
bool test_false(const Value& v, const CallArgs&) { return v.is_bool() && !v.as_bool(); }
bool test_mapping(const Value& v, const CallArgs&) { return v.is_dict(); }
bool test_callable(const Value& v, const CallArgs&) { return v.is_function(); }
// Undefined iterates as empty and has a length, so jinja2 counts it as both.
bool test_iterable(const Value& v, const CallArgs&) { return v.is_list() || v.is_dict() || v.is_string() || v.is_undefined(); }
bool test_sequence(const Value& v, const CallArgs& a) { return test_iterable(v, a); }
bool test_odd(const Value& v, const CallArgs&) { return integer(v, "odd") % 2 != 0; }
bool test_even(const Value& v, const CallArgs&) { return integer(v, "even") % 2 == 0; }
bool test_divisibleby(const Value& v, const CallArgs& a) {
    int64_t d = integer(required(a, "divisibleby"), "divisibleby");
    if (d == 0) throw TemplateError("integer division or modulo by zero");
    return integer(v, "divisibleby") % d == 0;
}
bool test_eq(const Value& v, const CallArgs& a) { return equals(v, required(a, "eq")); }
bool test_ne(const Value& v, const CallArgs& a) { return !equals(v, required(a, "ne")); }
bool test_lt(const Value& v, const CallArgs& a) { return less_than(v, required(a, "lt")); }
bool test_gt(const Value& v, const CallArgs& a) { return less_than(required(a, "gt"), v); }
bool test_le(const Value& v, const CallArgs& a) { return !less_than(required(a, "le"), v); }
bool test_ge(const Value& v, const CallArgs& a) { return !less_than(v, required(a, "ge")); }
bool test_in(const Value& v, const CallArgs& a) { return contains(required(a, "in"), v); }
bool test_sameas(const Value& v, const CallArgs& a) {
    const Value& other = required(a, "sameas");
    if (v.kind() != other.kind()) return false;
    return (v.is_none() || v.is_bool() || v.is_undefined()) ? equals(v, other) : &v == &other;
}
bool test_lower(const Value& v, const CallArgs&) {
    if (!v.is_string()) return false;
    const std::string& s = v.as_string();
    return py_lower(s) == s && py_upper(s) != s;
}
bool test_upper(const Value& v, const CallArgs&) {
    if (!v.is_string()) return false;
    const std::string& s = v.as_string();
    return py_upper(s) == s && py_lower(s) != s;
}
bool test_escaped(const Value&, const CallArgs&) { return false; }
bool test_filter(const Value& v, const CallArgs&) { return v.is_string() && has_filter(v.as_string()); }
bool test_test(const Value& v, const CallArgs&) { return v.is_string() && has_test(v.as_string()); }

const std::map<std::string_view, TestFn>& tests() {
    static const std::map<std::string_view, TestFn> table = {
        {"defined", test_defined}, {"undefined", test_undefined}, {"none", test_none},
        {"string", test_string},   {"number", test_number},       {"integer", test_integer},
        {"float", test_float},     {"boolean", test_boolean},     {"true", test_true},
        {"false", test_false},     {"mapping", test_mapping},     {"callable", test_callable},
        {"iterable", test_iterable}, {"sequence", test_sequence}, {"odd", test_odd},
        {"even", test_even},       {"divisibleby", test_divisibleby}, {"eq", test_eq},
        {"equalto", test_eq},      {"==", test_eq},               {"ne", test_ne},
        {"!=", test_ne},           {"lt", test_lt},               {"lessthan", test_lt},
        {"<", test_lt},            {"gt", test_gt},               {"greaterthan", test_gt},
        {">", test_gt},            {"le", test_le},               {"<=", test_le},
        {"ge", test_ge},           {">=", test_ge},               {"in", test_in},
        {"sameas", test_sameas},   {"lower", test_lower},         {"upper", test_upper},
        {"escaped", test_escaped}, {"filter", test_filter},       {"test", test_test},
    };
    return table;
}

} // namespace

bool has_test(std::string_view name) { return tests().count(name) != 0; }

bool apply_test(std::string_view name, const Value& input, const CallArgs& args) {
    auto it = tests().find(name);
    if (it == tests().end()) throw TemplateError("No test named '" + std::string(name) + "'.");
    return it->second(input, args);
}

} // namespace ponder::jinja
