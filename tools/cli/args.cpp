#include "args.h"

#include <charconv>
#include <cstdlib>

namespace ponder::cli {

std::optional<std::string> Args::take(std::initializer_list<std::string_view> names) {
    for (size_t i = 0; i < args_.size(); ++i) {
        for (std::string_view name : names) {
            if (args_[i] != name) continue;
            if (i + 1 >= args_.size()) {
                if (!error_) error_ = "missing value after " + std::string(name);
                args_.erase(args_.begin() + i);
                return std::nullopt;
            }
            std::string value = args_[i + 1];
            args_.erase(args_.begin() + i, args_.begin() + i + 2);
            return value;
        }
    }
    return std::nullopt;
}

bool Args::take_flag(std::initializer_list<std::string_view> names) {
    for (size_t i = 0; i < args_.size(); ++i)
        for (std::string_view name : names)
            if (args_[i] == name) {
                args_.erase(args_.begin() + i);
                return true;
            }
    return false;
}

std::optional<int64_t> Args::take_int(std::initializer_list<std::string_view> names) {
    auto text = take(names);
    if (!text) return std::nullopt;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) {
        if (!error_) error_ = "expected an integer after " + std::string(*names.begin()) + ", got '" + *text + "'";
        return std::nullopt;
    }
    return value;
}

std::optional<double> Args::take_float(std::initializer_list<std::string_view> names) {
    auto text = take(names);
    if (!text) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size()) {
        if (!error_) error_ = "expected a number after " + std::string(*names.begin()) + ", got '" + *text + "'";
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> Args::finish() const {
    if (error_) return error_;
    if (!args_.empty()) return "unknown argument '" + args_.front() + "'";
    return std::nullopt;
}

} // namespace ponder::cli
