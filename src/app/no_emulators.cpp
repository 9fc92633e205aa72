// Linked instead of the emulators when the build leaves them out (STOREBRIDGE_EMULATORS=OFF).
#include <cstdio>

#include "emulators/emulate.hpp"

namespace sb::emulators {

int run_emulate(const std::vector<std::string>&) {
    std::fprintf(stderr,
                 "storebridge: emulate: this build has no emulators (STOREBRIDGE_EMULATORS=OFF)\n");
    return 2;
}

}  // namespace sb::emulators
