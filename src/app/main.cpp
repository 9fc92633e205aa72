#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "config/settings.hpp"
#include "emulators/emulate.hpp"

int main(int argc, char** argv) {
    // glibc gives each of the many handler and worker threads its own heap arena (up to 8 per
    // core) and keeps what they free: a burst of large request bodies (16 MB pushes) left the
    // server at twice the memory with no gain in speed (bench/README.md, custom connector).
    // Two arenas, unless MALLOC_ARENA_MAX says otherwise.
    if (!std::getenv("MALLOC_ARENA_MAX"))
        mallopt(M_ARENA_MAX, 2);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(sb::config::usage().c_str(), args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    // Every command answers --help with its usage (push prints its own).
    if (command != "push" && std::any_of(rest.begin(), rest.end(), [](const std::string& a) {
            return a == "--help" || a == "-h";
        })) {
        const auto usage = sb::app::command_usage(command);
        if (!usage.empty()) {
            std::fputs(usage.c_str(), stdout);
            return 0;
        }
    }
    if (command == "serve")
        return sb::app::run_serve(rest);
    if (command == "admin")
        return sb::app::run_admin(rest);
    if (command == "migrate")
        return sb::app::run_migrate(rest);
    if (command == "push")
        return sb::app::run_push(rest);
    if (command == "status")
        return sb::app::run_status(rest);
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
