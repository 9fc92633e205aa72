#include "emulators/emulate.hpp"

#include <cstdio>

namespace sb::emulators {

int run_emulate(const std::vector<std::string>& args) {
    const std::string platform = args.empty() ? "" : args[0];
    std::fprintf(stderr, "storebridge: emulate: no emulator for '%s' yet\n", platform.c_str());
    return 2;
}

}  // namespace sb::emulators
