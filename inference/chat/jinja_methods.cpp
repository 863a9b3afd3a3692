// Attribute and item access, iteration, `in`, and the Python methods of str and dict values
// that chat templates call (content.split('</think>'), message.get('x'), ...).
#include "chat/jinja_builtins.h"
#include "chat/jinja_strings.h"

namespace ponder::jinja {
namespace {

std::optional<std::string> optional_string(const Value* v, const char* what) {
    if (!v || v->is_none()) return std::nullopt;
    if (!v->is_string()) throw TemplateError(std::string(what) + " must be str or None, not " + v->type_name());
    return v->as_string();
}

int64_t int_arg(const Value* v, int64_t fallback) {
    if (!v || v->is_none()) return fallback;
    if (!v->is_int() && !v->is_bool()) throw TemplateError("'" + v->type_name() + "' object cannot be interpreted as an integer");
    return v->as_int();
}

const std::string& string_arg(const CallArgs& args, size_t index, const char* name) {
    const Value* v = args.get(index, name);
    if (!v) throw TemplateError(std::string("missing required argument '") + name + "'");
    if (!v->is_string()) throw TemplateError(std::string("argument '") + name + "' must be str, not " + v->type_name());
    return v->as_string();
}

Value string_list(std::vector<std::string> parts) {
    List list;
    for (std::string& p : parts) list.emplace_back(std::move(p));
    return Value(std::move(list));
}

// startswith/endswith accept a string or a tuple of strings.
bool affix_matches(const std::string& s, const Value& affix, bool prefix) {
    if (affix.is_list()) {
        for (const Value& a : affix.as_list())
            if (affix_matches(s, a, prefix)) return true;
        return false;
    }
    if (!affix.is_string()) throw TemplateError("startswith/endswith argument must be str or a tuple of str");
    const std::string& a = affix.as_string();
    if (a.size() > s.size()) return false;
    return prefix ? s.compare(0, a.size(), a) == 0 : s.compare(s.size() - a.size(), a.size(), a) == 0;
}

Value string_method(const std::string& s, const std::string& name, const CallArgs& args) {
    if (name == "startswith" || name == "endswith") {
        const Value* affix = args.get(0, "prefix");
        if (!affix) throw TemplateError(name + "() takes at least 1 argument (0 given)");
        return Value(affix_matches(s, *affix, name == "startswith"));
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip")
        return Value(py_strip(s, optional_string(args.get(0, "chars"), "strip arg"), name != "rstrip", name != "lstrip"));
    if (name == "split" || name == "rsplit") {
        auto sep = optional_string(args.get(0, "sep"), "sep");
        int64_t maxsplit = int_arg(args.get(1, "maxsplit"), -1);
        return string_list(name == "split" ? py_split(s, sep, maxsplit) : py_rsplit(s, sep, maxsplit));
    }
    if (name == "replace")
        return Value(py_replace(s, string_arg(args, 0, "old"), string_arg(args, 1, "new"), int_arg(args.get(2, "count"), -1)));
    if (name == "upper") return Value(py_upper(s));
    if (name == "lower") return Value(py_lower(s));
    if (name == "title") return Value(py_title(s));
    if (name == "capitalize") return Value(py_capitalize(s));
    if (name == "join") {
        const Value* items = args.get(0, "iterable");
        if (!items) throw TemplateError("join() takes exactly one argument (0 given)");
        std::string out;
        bool first = true;
        for (const Value& item : iterate(*items)) {
            if (!item.is_string()) throw TemplateError("sequence item: expected str instance, " + item.type_name() + " found");
            out += (first ? "" : s) + item.as_string();
            first = false;
        }
        return Value(std::move(out));
    }
    if (name == "find") {
        size_t hit = s.find(string_arg(args, 0, "sub"));
        return Value(hit == std::string::npos ? int64_t{-1} : static_cast<int64_t>(utf8_length(s.substr(0, hit))));
    }
    if (name == "count") {
        const std::string& sub = string_arg(args, 0, "sub");
        if (sub.empty()) return Value(static_cast<int64_t>(utf8_length(s) + 1));
        int64_t n = 0;
        for (size_t at = s.find(sub); at != std::string::npos; at = s.find(sub, at + sub.size())) ++n;
        return Value(n);
    }
    if (name == "splitlines") {
        std::vector<std::string> lines = py_split(s, std::string("\n"), -1);
        if (!lines.empty() && lines.back().empty()) lines.pop_back();
        for (std::string& line : lines)
            if (!line.empty() && line.back() == '\r') line.pop_back();
        return string_list(std::move(lines));
    }
    throw TemplateError("'str object' has no attribute '" + name + "'");
}

Value dict_method(const Dict& d, const std::string& name, const CallArgs& args) {
    if (name == "items") {
        List items;
        for (const auto& [k, v] : d.items) items.push_back(Value::tuple({Value(k), v}));
        return Value(std::move(items));
    }
    if (name == "keys") {
        List keys;
        for (const auto& kv : d.items) keys.emplace_back(kv.first);
        return Value(std::move(keys));
    }
    if (name == "values") {
        List values;
        for (const auto& kv : d.items) values.push_back(kv.second);
        return Value(std::move(values));
    }
    // get(key, default=None)
    const Value* key = args.get(0, "key");
    if (!key) throw TemplateError("get expected at least 1 argument, got 0");
    const Value* found = key->is_string() ? d.find(key->as_string()) : nullptr;
    if (found) return *found;
    const Value* fallback = args.get(1, "default");
    return fallback ? *fallback : Value(nullptr);
}

bool is_string_method(const std::string& name) {
    static const char* const kNames[] = {"startswith", "endswith", "strip", "lstrip", "rstrip", "split", "rsplit",
                                         "replace", "upper", "lower", "title", "capitalize", "join", "find", "count",
                                         "splitlines"};
    for (const char* n : kNames)
        if (name == n) return true;
    return false;
}

} // namespace

[[noreturn]] void raise_undefined(const Value& undefined) { throw TemplateError(undefined.undefined_hint()); }

Value get_method(const Value& object, const std::string& name) {
    if (object.is_string() && is_string_method(name)) {
        std::string s = object.as_string();
        return Value(Function{"str." + name, [s, name](const CallArgs& args) { return string_method(s, name, args); }});
    }
    if (object.is_dict() && (name == "items" || name == "keys" || name == "values" || name == "get")) {
        Value self = object;
        return Value(Function{"dict." + name, [self, name](const CallArgs& args) { return dict_method(self.as_dict(), name, args); }});
    }
    return Value::undefined("'" + object.type_name() + "' has no attribute '" + name + "'");
}

Value get_attribute(const Value& object, const std::string& name) {
    Value method = get_method(object, name);
    if (!method.is_undefined()) return method;
    if (object.is_dict())
        if (const Value* v = object.as_dict().find(name)) return *v;
    if (object.is_namespace())
        if (const Value* v = object.as_namespace().find(name)) return *v;
    return Value::undefined("'" + object.type_name() + "' has no attribute '" + name + "'");
}

Value get_item(const Value& object, const Value& key) {
    if (object.is_dict() && key.is_string()) {
        if (const Value* v = object.as_dict().find(key.as_string())) return *v;
        return Value::undefined("'dict object' has no attribute '" + key.as_string() + "'");
    }
    if ((object.is_list() || object.is_string()) && (key.is_int() || key.is_bool())) {
        int64_t i = key.as_int();
        if (object.is_list()) {
            auto n = static_cast<int64_t>(object.as_list().size());
            if (i < 0) i += n;
            if (i >= 0 && i < n) return object.as_list()[static_cast<size_t>(i)];
        } else {
            std::vector<std::string> cps = utf8_code_points(object.as_string());
            auto n = static_cast<int64_t>(cps.size());
            if (i < 0) i += n;
            if (i >= 0 && i < n) return Value(cps[static_cast<size_t>(i)]);
        }
        return Value::undefined("'" + object.type_name() + "' has no element " + std::to_string(key.as_int()));
    }
    if (key.is_string()) return get_attribute(object, key.as_string());
    return Value::undefined("'" + object.type_name() + "' has no element " + to_python_repr(key));
}

List iterate(const Value& value) {
    switch (value.kind()) {
    case Value::Kind::Undefined: return {};
    case Value::Kind::List: return value.as_list();
    case Value::Kind::Dict: {
        List keys;
        for (const auto& kv : value.as_dict().items) keys.emplace_back(kv.first);
        return keys;
    }
    case Value::Kind::String: {
        List chars;
        for (std::string& cp : utf8_code_points(value.as_string())) chars.emplace_back(std::move(cp));
        return chars;
    }
    default: throw TemplateError("'" + value.type_name() + "' object is not iterable");
    }
}

bool contains(const Value& container, const Value& item) {
    if (container.is_string()) {
        if (item.is_undefined()) raise_undefined(item);
        if (!item.is_string())
            throw TemplateError("'in <string>' requires string as left operand, not " + item.type_name());
        return container.as_string().find(item.as_string()) != std::string::npos;
    }
    if (container.is_dict()) return item.is_string() && container.as_dict().find(item.as_string()) != nullptr;
    if (container.is_list() || container.is_undefined()) {
        for (const Value& v : iterate(container))
            if (equals(v, item)) return true;
        return false;
    }
    throw TemplateError("argument of type '" + container.type_name() + "' is not iterable");
}

} // namespace ponder::jinja
