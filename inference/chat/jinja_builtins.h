// jinja2's built-in filters, tests, globals and the Python methods templates call on values
// (str.startswith, dict.items, ...), with the behaviour of HF's ImmutableSandboxedEnvironment.
// All of these throw TemplateError; the interpreter adds the position.
#pragma once

#include "chat/jinja_value.h"

#include <string_view>

namespace ponder::jinja {

// obj.name: a Python attribute or method first, then the item (jinja2's getattr order).
Value get_attribute(const Value& object, const std::string& name);
// obj[key]: the item first, then the attribute; a missing item is undefined, as in jinja2.
Value get_item(const Value& object, const Value& key);
// The bound method `name` of a str, dict or list value; undefined when there is none.
Value get_method(const Value& object, const std::string& name);

bool has_filter(std::string_view name);
Value apply_filter(std::string_view name, const Value& input, const CallArgs& args);

bool has_test(std::string_view name);
bool apply_test(std::string_view name, const Value& input, const CallArgs& args);

// range, namespace, dict, raise_exception, strftime_now. strftime_now formats the local time, or
// the fixed date in $PONDER_TEMPLATE_DATE ("YYYY-MM-DD") so that tests are reproducible.
Dict make_globals();

// Python list/str iteration: list items, dict keys, string code points; undefined is empty.
List iterate(const Value& value);
// Python `item in container`.
bool contains(const Value& container, const Value& item);
// Raises the UndefinedError jinja2 raises when an undefined value is used.
[[noreturn]] void raise_undefined(const Value& undefined);

} // namespace ponder::jinja
