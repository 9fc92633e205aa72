#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "config/settings.hpp"
#include "emulators/emulate.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(sb::config::usage().c_str(), args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "serve")
        return sb::app::run_serve(rest);
    if (command == "admin")
        return sb::app::run_admin(rest);
    if (command == "migrate")
        return sb::app::run_migrate(rest);
    if (command == "push")
        return sb::app::run_push(rest);
    if (command == "emulate")
        return sb::emulators::run_emulate(rest);
    if (command == "version" || command == "--version") {
        std::puts("storebridge 0.1.0");
        return 0;
    }
    std::fprintf(stderr, "storebridge: unknown command '%s' (see storebridge --help)\n",
                 command.c_str());
    return 2;
}
