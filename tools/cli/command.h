// ponder-cli subcommands: each lives in its own cmd_*.cpp and registers itself here.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ponder::cli {

struct Command {
    std::string_view name;
    std::string_view usage;                        // one line, shown by `ponder-cli --help`
    int (*run)(std::span<const std::string> args); // args after the subcommand name; exit code
};

// Called from a static initializer in each cmd_*.cpp.
bool register_command(Command command);

} // namespace ponder::cli

#define PONDER_CLI_COMMAND(name, usage, fn)                                                        \
    static const bool ponder_cli_registered_##fn = ::ponder::cli::register_command({name, usage, fn})
