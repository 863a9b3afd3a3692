// How Python prints values: str() and repr() for {{ }}, float repr, and json.dumps for tojson.
#include "chat/jinja_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ponder::jinja {
namespace {

std::string python_string_repr(const std::string& s) {
    bool has_single = s.find('\'') != std::string::npos, has_double = s.find('"') != std::string::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    std::string out(1, quote);
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        char hex[8];
        if (c == '\\') out += "\\\\";
        else if (c == static_cast<unsigned char>(quote)) out += {'\\', quote};
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            // U+0080..U+009F are not printable, Python shows them as \x80..\x9f.
            std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(s[++i]));
            out += hex;
        } else out += static_cast<char>(c);
    }
    return out + quote;
}

void append_json_string(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\u%04x", c);
                out += hex;
            } else out += static_cast<char>(c);
        }
    }
    out += '"';
}

void append_json(std::string& out, const Value& v, const JsonStyle& style, int depth) {
    using Kind = Value::Kind;
    auto newline = [&](int level) {
        if (!style.indent) return;
        out += '\n';
        for (int i = 0; i < level; ++i) out += *style.indent;
    };
    switch (v.kind()) {
    case Kind::None: out += "null"; return;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Float: {
        double f = v.as_number();
        if (std::isnan(f)) out += "NaN";
        else if (std::isinf(f)) out += f > 0 ? "Infinity" : "-Infinity";
        else out += format_python_float(f);
        return;
    }
    case Kind::String: append_json_string(out, v.as_string()); return;
    case Kind::List: {
        const List& list = v.as_list();
        if (list.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (size_t i = 0; i < list.size(); ++i) {
            if (i) out += style.item_separator;
            newline(depth + 1);
            append_json(out, list[i], style, depth + 1);
        }
        newline(depth);
        out += ']';
        return;
    }
    case Kind::Dict:
    case Kind::Namespace: {
        auto items = v.is_dict() ? v.as_dict().items : v.as_namespace().items;
        if (items.empty()) {
            out += "{}";
            return;
        }
        if (style.sort_keys)
            std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.first < b.first; });
        out += '{';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) out += style.item_separator;
            newline(depth + 1);
            append_json_string(out, items[i].first);
            out += style.key_separator;
            append_json(out, items[i].second, style, depth + 1);
        }
        newline(depth);
        out += '}';
        return;
    }
    default: throw TemplateError("Object of type " + v.type_name() + " is not JSON serializable");
    }
}

std::string sequence_str(const Value& v) {
    std::string out;
    if (v.is_list()) {
        out = v.is_tuple() ? "(" : "[";
        for (const Value& item : v.as_list()) out += (out.size() > 1 ? ", " : "") + to_python_repr(item);
        if (v.is_tuple()) return out + (v.as_list().size() == 1 ? ",)" : ")");
        return out + "]";
    }
    const Dict& dict = v.is_dict() ? v.as_dict() : v.as_namespace();
    out = "{";
    for (const auto& [key, item] : dict.items)
        out += (out.size() > 1 ? ", " : "") + python_string_repr(key) + ": " + to_python_repr(item);
    out += "}";
    return v.is_namespace() ? "<Namespace " + out + ">" : out;
}

} // namespace

std::string format_python_float(double f) {
    if (std::isnan(f)) return "nan";
    if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
    char buf[64];
    auto end = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific).ptr;
    std::string sci(buf, end);  // shortest round-trip digits: "-1.2345e+02"
    bool negative = sci[0] == '-';
    size_t e = sci.find('e');
    std::string digits;
    for (size_t i = negative ? 1 : 0; i < e; ++i)
        if (sci[i] != '.') digits += sci[i];
    int exponent = std::stoi(sci.substr(e + 1));
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out += "0." + std::string(-exponent - 1, '0') + digits;
        } else if (static_cast<int>(digits.size()) <= exponent + 1) {
            out += digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_text[16];
    std::snprintf(exp_text, sizeof exp_text, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp_text;
}

std::string to_python_str(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Undefined: return "";
    case Value::Kind::String: return v.as_string();
    default: return to_python_repr(v);
    }
}

std::string to_python_repr(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Undefined: return "Undefined";
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return v.as_bool() ? "True" : "False";
    case Value::Kind::Int: return std::to_string(v.as_int());
    case Value::Kind::Float: return format_python_float(v.as_number());
    case Value::Kind::String: return python_string_repr(v.as_string());
    case Value::Kind::List:
    case Value::Kind::Dict:
    case Value::Kind::Namespace: return sequence_str(v);
    case Value::Kind::Function: return "<function " + v.as_function().name + ">";
    }
    return "";
}

std::string to_json(const Value& value, const JsonStyle& style) {
    std::string out;
    append_json(out, value, style, 0);
    return out;
}

} // namespace ponder::jinja
