// A small argument reader for ponder-cli subcommands: `--flag VALUE`, `-f VALUE`, `--switch`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ponder::cli {

class Args {
public:
    explicit Args(std::span<const std::string> args) : args_(args.begin(), args.end()) {}

    // Value of the first of `names` present (e.g. {"-m", "--model"}); removes it from the list.
    std::optional<std::string> take(std::initializer_list<std::string_view> names);
    // True if a switch is present; removes it.
    bool take_flag(std::initializer_list<std::string_view> names);
    // Typed forms: fail (set error()) when the value does not parse.
    std::optional<int64_t> take_int(std::initializer_list<std::string_view> names);
    std::optional<double> take_float(std::initializer_list<std::string_view> names);

    // After all take*(): the first error, or an "unknown argument" message for leftovers.
    std::optional<std::string> finish() const;

private:
    std::vector<std::string> args_;
    std::optional<std::string> error_;
};

} // namespace ponder::cli
