#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/signals.hpp"

namespace sb::emulators::common {

// `storebridge emulate <platform> [flags]`: parses the flags (exit 2 on a bad one), starts
// the emulator, prints one `emulator_listening` JSON line (event, platform, host, port, then
// what `describe(emulator)` adds) and serves until SIGINT/SIGTERM.
template <class Emulator, class Parse, class Describe>
int run_emulator_cli(const std::string& platform, const std::vector<std::string>& args, Parse parse,
                     Describe describe) {
    decltype(parse(args)) o;
    try {
        o = parse(args);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "storebridge emulate %s: %s\n", platform.c_str(), e.what());
        return 2;
    }
    // Before any thread starts, so every thread inherits the mask and the signal is taken
    // only by the wait below.
    block_stop_signals();
    try {
        Emulator emu(o);
        emu.start();
        boost::json::object line{{"event", "emulator_listening"},
                                 {"platform", platform},
                                 {"host", o.host},
                                 {"port", emu.port()}};
        for (const auto& [k, v] : describe(emu))
            line[k] = v;
        std::printf("%s\n", boost::json::serialize(line).c_str());
        std::fflush(stdout);
        emu.wait_for_signal();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storebridge emulate %s: %s\n", platform.c_str(), e.what());
        return 1;
    }
}

}  // namespace sb::emulators::common
