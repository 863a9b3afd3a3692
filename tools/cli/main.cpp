// ponder-cli: the engine from the terminal. `ponder-cli --help` lists the subcommands.
#include "command.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace ponder::cli {

static std::vector<Command>& registry() {
    static std::vector<Command> commands;
    return commands;
}

bool register_command(Command command) {
    registry().push_back(command);
    return true;
}

} // namespace ponder::cli

int main(int argc, char** argv) {
    using namespace ponder::cli;
    auto& commands = registry();
    std::sort(commands.begin(), commands.end(), [](const Command& a, const Command& b) { return a.name < b.name; });

    std::string name = argc > 1 ? argv[1] : "--help";
    if (name == "--help" || name == "-h" || name == "help") {
        std::printf("usage: ponder-cli COMMAND [options]   (all commands take --device N)\n\n");
        for (const Command& c : commands) std::printf("  %s\n", std::string(c.usage).c_str());
        return argc > 1 ? 0 : 1;
    }
    for (const Command& c : commands) {
        if (c.name != name) continue;
        std::vector<std::string> args(argv + 2, argv + argc);
        return c.run(args);
    }
    std::fprintf(stderr, "ponder-cli: unknown command '%s' (see ponder-cli --help)\n", name.c_str());
    return 2;
}
