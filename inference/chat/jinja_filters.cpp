// jinja2's built-in filters (jinja2/filters.py), one small function each, with HF's tojson.
#include "chat/jinja_builtins.h"
#include "chat/jinja_strings.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ponder::jinja {
namespace {

using FilterFn = Value (*)(const Value&, const CallArgs&);

bool flag(const CallArgs& args, size_t index, std::string_view name, bool fallback = false) {
    const Value* v = args.get(index, name);
    return v ? v->truthy() : fallback;
}

int64_t int_or(const Value* v, int64_t fallback) {
    if (!v || v->is_none()) return fallback;
    if (!v->is_int() && !v->is_bool()) throw TemplateError("expected an integer argument, got " + v->type_name());
    return v->as_int();
}

// attribute="a.b" or an integer index, as jinja2's make_attrgetter.
Value lookup_path(const Value& item, const Value& attribute) {
    if (!attribute.is_string()) return get_item(item, attribute);
    Value v = item;
    for (const std::string& part : py_split(attribute.as_string(), std::string("."), -1)) {
        if (v.is_undefined()) raise_undefined(v);
        bool digits = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
        v = digits ? get_item(v, Value(static_cast<int64_t>(std::stoll(part)))) : get_item(v, Value(part));
    }
    return v;
}

// Sort/unique key: strings compare case-insensitively unless asked otherwise.
Value sort_key(const Value& v, bool case_sensitive) {
    return v.is_string() && !case_sensitive ? Value(py_lower(v.as_string())) : v;
}

Value filter_abs(const Value& v, const CallArgs&) {
    if (!v.is_number()) throw TemplateError("bad operand type for abs(): '" + v.type_name() + "'");
    return v.is_float() ? Value(std::fabs(v.as_number())) : Value(static_cast<int64_t>(std::llabs(v.as_int())));
}

Value filter_attr(const Value& v, const CallArgs& args) {
    const Value* name = args.get(0, "name");
    if (!name || !name->is_string()) throw TemplateError("attr() needs an attribute name");
    if (v.is_undefined()) raise_undefined(v);
    Value method = get_method(v, name->as_string());
    if (!method.is_undefined() || !v.is_namespace()) return method;
    return get_attribute(v, name->as_string());
}

Value filter_batch(const Value& v, const CallArgs& args) {
    const Value* size = args.get(0, "linecount");
    if (!size || !size->is_int() || size->as_int() <= 0) throw TemplateError("batch() needs a positive line count");
    const Value* fill = args.get(1, "fill_with");
    List batches, current;
    for (const Value& item : iterate(v)) {
        current.push_back(item);
        if (static_cast<int64_t>(current.size()) == size->as_int()) {
            batches.emplace_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) {
        if (fill && !fill->is_none())
            while (static_cast<int64_t>(current.size()) < size->as_int()) current.push_back(*fill);
        batches.emplace_back(std::move(current));
    }
    return Value(std::move(batches));
}

Value filter_capitalize(const Value& v, const CallArgs&) { return Value(py_capitalize(to_python_str(v))); }

Value filter_default(const Value& v, const CallArgs& args) {
    const Value* fallback = args.get(0, "default_value");
    if (v.is_undefined() || (flag(args, 1, "boolean") && !v.truthy())) return fallback ? *fallback : Value("");
    return v;
}

Value filter_dictsort(const Value& v, const CallArgs& args) {
    if (!v.is_dict()) throw TemplateError("You can only sort by either \"key\" or \"value\" of a dict");
    bool case_sensitive = flag(args, 0, "case_sensitive");
    const Value* by = args.get(1, "by");
    size_t pos = by && by->is_string() && by->as_string() == "value" ? 1 : 0;
    List pairs;
    for (const auto& [k, item] : v.as_dict().items) pairs.push_back(Value::tuple({Value(k), item}));
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Value& a, const Value& b) {
        return less_than(sort_key(a.as_list()[pos], case_sensitive), sort_key(b.as_list()[pos], case_sensitive));
    });
    if (flag(args, 2, "reverse")) std::reverse(pairs.begin(), pairs.end());
    return Value(std::move(pairs));
}

Value filter_escape(const Value& v, const CallArgs&) {
    std::string out;
    for (char c : to_python_str(v)) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return Value(std::move(out));
}

Value filter_first(const Value& v, const CallArgs&) {
    List items = iterate(v);
    return items.empty() ? Value::undefined("No first item, sequence was empty.") : items.front();
}

Value filter_last(const Value& v, const CallArgs&) {
    List items = iterate(v);
    return items.empty() ? Value::undefined("No last item, sequence was empty.") : items.back();
}

Value filter_float(const Value& v, const CallArgs& args) {
    const Value* fallback = args.get(0, "default");
    if (v.is_number()) return Value(v.as_number());
    if (v.is_string()) {
        try {
            size_t used = 0;
            std::string text = py_strip(v.as_string(), std::nullopt, true, true);
            double d = std::stod(text, &used);
            if (used == text.size()) return Value(d);
        } catch (const std::exception&) {
        }
    }
    return fallback ? *fallback : Value(0.0);
}

Value filter_int(const Value& v, const CallArgs& args) {
    const Value* fallback = args.get(0, "default");
    if (v.is_float()) return Value(static_cast<int64_t>(std::trunc(v.as_number())));
    if (v.is_number()) return Value(v.as_int());
    if (v.is_string()) {
        std::string text = py_strip(v.as_string(), std::nullopt, true, true);
        try {
            size_t used = 0;
            int64_t i = std::stoll(text, &used, static_cast<int>(int_or(args.get(1, "base"), 10)));
            if (used == text.size()) return Value(i);
            double d = std::stod(text, &used);  // jinja2 falls back to int(float(value))
            if (used == text.size()) return Value(static_cast<int64_t>(std::trunc(d)));
        } catch (const std::exception&) {
        }
    }
    return fallback ? *fallback : Value(0);
}

Value filter_indent(const Value& v, const CallArgs& args) {
    const Value* width = args.get(0, "width");
    std::string indent = !width ? "    " : width->is_string() ? width->as_string() : std::string(static_cast<size_t>(width->as_int()), ' ');
    bool first = flag(args, 1, "first"), blank = flag(args, 2, "blank");
    // jinja2 appends "\n" and then uses str.splitlines()
    std::vector<std::string> lines = py_split(to_python_str(v) + "\n", std::string("\n"), -1);
    lines.pop_back();
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += "\n";
        if (i > 0 && (blank || !lines[i].empty())) out += indent;
        out += lines[i];
    }
    return Value(first ? indent + out : out);
}

Value filter_items(const Value& v, const CallArgs&) {
    if (v.is_undefined()) return Value(List{});
    if (!v.is_dict()) throw TemplateError("Can only get item pairs from a mapping.");
    return get_method(v, "items").as_function().call({});
}

Value filter_join(const Value& v, const CallArgs& args) {
    const Value* sep = args.get(0, "d");
    const Value* attribute = args.get(1, "attribute");
    std::string out, separator = sep ? to_python_str(*sep) : "";
    bool first = true;
    for (const Value& item : iterate(v)) {
        out += (first ? "" : separator) + to_python_str(attribute ? lookup_path(item, *attribute) : item);
        first = false;
    }
    return Value(std::move(out));
}

Value filter_length(const Value& v, const CallArgs&) {
    if (v.is_string()) return Value(static_cast<int64_t>(utf8_length(v.as_string())));
    if (v.is_namespace()) throw TemplateError("object of type 'Namespace' has no len()");
    if (!v.is_undefined() && !v.is_list() && !v.is_dict())
        throw TemplateError("object of type '" + v.type_name() + "' has no len()");
    return Value(static_cast<int64_t>(iterate(v).size()));
}

Value filter_list(const Value& v, const CallArgs&) { return Value(iterate(v)); }
Value filter_lower(const Value& v, const CallArgs&) { return Value(py_lower(to_python_str(v))); }
Value filter_upper(const Value& v, const CallArgs&) { return Value(py_upper(to_python_str(v))); }
Value filter_safe(const Value& v, const CallArgs&) { return v; }
Value filter_string(const Value& v, const CallArgs&) { return Value(to_python_str(v)); }

Value filter_map(const Value& v, const CallArgs& args) {
    List out;
    const Value* attribute = args.get(99, "attribute");
    if (attribute) {
        const Value* fallback = args.get(99, "default");
        for (const Value& item : iterate(v)) {
            Value mapped = lookup_path(item, *attribute);
            out.push_back(mapped.is_undefined() && fallback ? *fallback : mapped);
        }
        return Value(std::move(out));
    }
    if (args.positional.empty() || !args.positional[0].is_string()) throw TemplateError("map requires a filter argument");
    CallArgs rest{{args.positional.begin() + 1, args.positional.end()}, args.keyword};
    for (const Value& item : iterate(v)) out.push_back(apply_filter(args.positional[0].as_string(), item, rest));
    return Value(std::move(out));
}

Value min_max(const Value& v, const CallArgs& args, bool want_max) {
    bool case_sensitive = flag(args, 0, "case_sensitive");
    const Value* attribute = args.get(1, "attribute");
    List items = iterate(v);
    if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
    const Value* best = &items[0];
    auto key = [&](const Value& x) { return sort_key(attribute ? lookup_path(x, *attribute) : x, case_sensitive); };
    for (const Value& item : items)
        if (want_max ? less_than(key(*best), key(item)) : less_than(key(item), key(*best))) best = &item;
    return *best;
}
Value filter_max(const Value& v, const CallArgs& args) { return min_max(v, args, true); }
Value filter_min(const Value& v, const CallArgs& args) { return min_max(v, args, false); }

// select/reject/selectattr/rejectattr share this: keep items whose test result equals `keep`.
Value select_items(const Value& v, const CallArgs& args, bool by_attribute, bool keep) {
    size_t first_test_arg = by_attribute ? 1 : 0;
    if (by_attribute && args.positional.empty()) throw TemplateError("Missing parameter for attribute name");
    List out;
    for (const Value& item : iterate(v)) {
        Value subject = by_attribute ? lookup_path(item, args.positional[0]) : item;
        bool passed;
        if (args.positional.size() <= first_test_arg) {
            passed = subject.truthy();
        } else {
            const Value& test = args.positional[first_test_arg];
            if (!test.is_string()) throw TemplateError("test name must be a string");
            CallArgs rest{{args.positional.begin() + static_cast<long>(first_test_arg) + 1, args.positional.end()}, args.keyword};
            passed = apply_test(test.as_string(), subject, rest);
        }
        if (passed == keep) out.push_back(item);
    }
    return Value(std::move(out));
}
Value filter_select(const Value& v, const CallArgs& a) { return select_items(v, a, false, true); }
Value filter_reject(const Value& v, const CallArgs& a) { return select_items(v, a, false, false); }
Value filter_selectattr(const Value& v, const CallArgs& a) { return select_items(v, a, true, true); }
Value filter_rejectattr(const Value& v, const CallArgs& a) { return select_items(v, a, true, false); }

Value filter_replace(const Value& v, const CallArgs& args) {
    const Value *old = args.get(0, "old"), *replacement = args.get(1, "new"), *count = args.get(2, "count");
    if (!old || !replacement) throw TemplateError("replace() needs the old and new strings");
    return Value(py_replace(to_python_str(v), to_python_str(*old), to_python_str(*replacement),
                            count && !count->is_none() ? count->as_int() : -1));
}

Value filter_reverse(const Value& v, const CallArgs&) {
    List items = iterate(v);
    std::reverse(items.begin(), items.end());
    if (!v.is_string()) return Value(std::move(items));
    std::string out;
    for (const Value& cp : items) out += cp.as_string();
    return Value(std::move(out));
}

Value filter_round(const Value& v, const CallArgs& args) {
    int64_t precision = int_or(args.get(0, "precision"), 0);
    const Value* method = args.get(1, "method");
    std::string how = method && method->is_string() ? method->as_string() : "common";
    if (!v.is_number()) throw TemplateError("round() needs a number");
    double scale = std::pow(10.0, static_cast<double>(precision)), x = v.as_number() * scale;
    if (how == "ceil") return Value(std::ceil(x) / scale);
    if (how == "floor") return Value(std::floor(x) / scale);
    if (how != "common") throw TemplateError("method must be common, ceil or floor");
    if (!v.is_float()) return Value(v.as_int());
    return Value(std::nearbyint(x) / scale);  // round half to even, as Python's round()
}

Value filter_sort(const Value& v, const CallArgs& args) {
    bool reverse = flag(args, 0, "reverse"), case_sensitive = flag(args, 1, "case_sensitive");
    const Value* attribute = args.get(2, "attribute");
    List items = iterate(v);
    auto key = [&](const Value& x) { return sort_key(attribute ? lookup_path(x, *attribute) : x, case_sensitive); };
    std::stable_sort(items.begin(), items.end(), [&](const Value& a, const Value& b) {
        return reverse ? less_than(key(b), key(a)) : less_than(key(a), key(b));
    });
    return Value(std::move(items));
}

Value filter_sum(const Value& v, const CallArgs& args) {
    const Value* attribute = args.get(0, "attribute");
    const Value* start = args.get(1, "start");
    Value total = start ? *start : Value(0);
    for (const Value& item : iterate(v)) {
        Value x = attribute ? lookup_path(item, *attribute) : item;
        if (!x.is_number() || !total.is_number()) throw TemplateError("sum() can only add numbers");
        total = total.is_float() || x.is_float() ? Value(total.as_number() + x.as_number()) : Value(total.as_int() + x.as_int());
    }
    return total;
}

// jinja2's title filter: words begin after spaces, '-', and opening brackets.
Value filter_title(const Value& v, const CallArgs&) {
    std::string s = to_python_str(v), out;
    bool word_start = true;
    for (char c : s) {
        bool separator = c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || c == ' ' || (c >= '\t' && c <= '\r');
        out += static_cast<char>(word_start ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
        word_start = separator;
    }
    return Value(std::move(out));
}

// HF transformers' tojson: json.dumps(x, ensure_ascii=False, indent=indent, separators=..., sort_keys=...).
Value filter_tojson(const Value& v, const CallArgs& args) {
    JsonStyle style;
    const Value* indent = args.get(0, "indent");
    if (indent && !indent->is_none())
        style.indent = indent->is_string() ? indent->as_string() : std::string(static_cast<size_t>(std::max<int64_t>(0, indent->as_int())), ' ');
    style.item_separator = style.indent ? "," : ", ";
    const Value* separators = args.get(1, "separators");
    if (separators && separators->is_list() && separators->as_list().size() == 2) {
        style.item_separator = to_python_str(separators->as_list()[0]);
        style.key_separator = to_python_str(separators->as_list()[1]);
    }
    style.sort_keys = flag(args, 2, "sort_keys");
    return Value(to_json(v, style));
}

Value filter_trim(const Value& v, const CallArgs& args) {
    const Value* chars = args.get(0, "chars");
    return Value(py_strip(to_python_str(v), chars && chars->is_string() ? std::optional(chars->as_string()) : std::nullopt, true, true));
}

Value filter_unique(const Value& v, const CallArgs& args) {
    bool case_sensitive = flag(args, 0, "case_sensitive");
    const Value* attribute = args.get(1, "attribute");
    List out, seen;
    for (const Value& item : iterate(v)) {
        Value key = sort_key(attribute ? lookup_path(item, *attribute) : item, case_sensitive);
        if (std::none_of(seen.begin(), seen.end(), [&](const Value& s) { return equals(s, key); })) {
            seen.push_back(key);
            out.push_back(item);
        }
    }
    return Value(std::move(out));
}

// Counts runs of word characters (\w+): letters, digits, underscore and any non-ASCII letter.
Value filter_wordcount(const Value& v, const CallArgs&) {
    int64_t words = 0;
    bool in_word = false;
    for (unsigned char c : to_python_str(v)) {
        bool word_char = std::isalnum(c) || c == '_' || c >= 0x80;
        if (word_char && !in_word) ++words;
        in_word = word_char;
    }
    return Value(words);
}

const std::map<std::string_view, FilterFn>& filters() {
    static const std::map<std::string_view, FilterFn> table = {
        {"abs", filter_abs},           {"attr", filter_attr},         {"batch", filter_batch},
        {"capitalize", filter_capitalize}, {"count", filter_length},  {"d", filter_default},
        {"default", filter_default},   {"dictsort", filter_dictsort}, {"e", filter_escape},
        {"escape", filter_escape},     {"first", filter_first},       {"float", filter_float},
        {"indent", filter_indent},     {"int", filter_int},           {"items", filter_items},
        {"join", filter_join},         {"last", filter_last},         {"length", filter_length},
        {"list", filter_list},         {"lower", filter_lower},       {"map", filter_map},
        {"max", filter_max},           {"min", filter_min},           {"reject", filter_reject},
        {"rejectattr", filter_rejectattr}, {"replace", filter_replace}, {"reverse", filter_reverse},
        {"round", filter_round},       {"safe", filter_safe},         {"select", filter_select},
        {"selectattr", filter_selectattr}, {"sort", filter_sort},     {"string", filter_string},
        {"sum", filter_sum},           {"title", filter_title},       {"tojson", filter_tojson},
        {"trim", filter_trim},         {"unique", filter_unique},     {"upper", filter_upper},
        {"wordcount", filter_wordcount},
    };
    return table;
}

} // namespace

bool has_filter(std::string_view name) { return filters().count(name) != 0; }

Value apply_filter(std::string_view name, const Value& input, const CallArgs& args) {
    auto it = filters().find(name);
    if (it == filters().end()) throw TemplateError("No filter named '" + std::string(name) + "'.");
    return it->second(input, args);
}

} // namespace ponder::jinja
