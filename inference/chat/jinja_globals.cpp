// The globals a chat template can call: jinja2's range/namespace/dict and HF's raise_exception
// and strftime_now.
#include "chat/jinja_builtins.h"
#include "platform/local_time.h"

#include <cstdlib>
#include <ctime>

namespace ponder::jinja {
namespace {

constexpr int64_t kMaxRange = 100000;  // jinja2's sandbox refuses larger ranges

Value range(const CallArgs& args) {
    std::vector<int64_t> bounds;
    for (const Value& v : args.positional) {
        if (!v.is_int() && !v.is_bool()) throw TemplateError("'" + v.type_name() + "' object cannot be interpreted as an integer");
        bounds.push_back(v.as_int());
    }
    if (bounds.empty() || bounds.size() > 3) throw TemplateError("range expected 1 to 3 arguments");
    int64_t start = bounds.size() > 1 ? bounds[0] : 0, stop = bounds.size() > 1 ? bounds[1] : bounds[0];
    int64_t step = bounds.size() > 2 ? bounds[2] : 1;
    if (step == 0) throw TemplateError("range() arg 3 must not be zero");
    List out;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (static_cast<int64_t>(out.size()) >= kMaxRange)
            throw TemplateError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        out.emplace_back(i);
    }
    return Value(std::move(out));
}

// dict(mapping, **kwargs) and namespace(mapping, **kwargs) take the same arguments.
Dict keyword_dict(const CallArgs& args) {
    Dict d;
    if (!args.positional.empty()) {
        const Value& init = args.positional[0];
        if (init.is_dict()) d = init.as_dict();
        else if (init.is_namespace()) d = init.as_namespace();
        else throw TemplateError("dict()/namespace() takes a mapping as its positional argument");
    }
    for (const auto& [k, v] : args.keyword) d.set(k, v);
    return d;
}

Value strftime_now(const CallArgs& args) {
    if (args.positional.empty() || !args.positional[0].is_string()) throw TemplateError("strftime_now needs a format string");
    std::tm tm{};
    const char* fixed = std::getenv("PONDER_TEMPLATE_DATE");
    int y = 0, m = 0, d = 0;
    if (fixed && std::sscanf(fixed, "%d-%d-%d", &y, &m, &d) == 3) {
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        tm.tm_hour = 12;
        std::mktime(&tm);  // fills in the weekday and day of the year
    } else {
        tm = local_time(std::time(nullptr));
    }
    char buf[256];
    size_t n = std::strftime(buf, sizeof buf, args.positional[0].as_string().c_str(), &tm);
    return Value(std::string(buf, n));
}

} // namespace

Dict make_globals() {
    Dict g;
    g.set("range", Value(Function{"range", range}));
    g.set("dict", Value(Function{"dict", [](const CallArgs& a) { return Value(keyword_dict(a)); }}));
    g.set("namespace", Value(Function{"namespace", [](const CallArgs& a) { return Value::make_namespace(keyword_dict(a)); }}));
    g.set("raise_exception", Value(Function{"raise_exception", [](const CallArgs& a) -> Value {
                                   throw TemplateError(a.positional.empty() ? "raise_exception called" : to_python_str(a.positional[0]));
                               }}));
    g.set("strftime_now", Value(Function{"strftime_now", strftime_now}));
    return g;
}

} // namespace ponder::jinja
