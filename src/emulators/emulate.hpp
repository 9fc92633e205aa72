#pragma once

#include <string>
#include <vector>

namespace sb::emulators {

// `storebridge emulate <platform> [options]`: returns the process exit code.
int run_emulate(const std::vector<std::string>& args);

}  // namespace sb::emulators
