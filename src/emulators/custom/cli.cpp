#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/custom/emulator.hpp"

// `storebridge emulate custom [flags]`: the kit's shared flags (common/cli_flags.hpp), the
// records file, the bearer token and the page size cap.
namespace sb::emulators::custom {

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    EmulatorOptions o;
    common::parse_flags(args, [&](const std::string& flag, const std::string& value) {
        if (flag == "--records")
            o.records_file = common::to_nonempty(flag, value);
        else if (flag == "--token")
            o.token = common::to_nonempty(flag, value);
        else if (flag == "--max-limit")
            o.max_limit = static_cast<int>(common::to_int(flag, value, 1, 1000));
        else
            return common::parse_base_flag(flag, value, o);
        return true;
    });
    return o;
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>(
        "custom", args, parse_options, [](const Emulator& emu) {
            return boost::json::object{{"base_url", emu.base_url()},
                                       {"records_url", emu.base_url() + "/records"},
                                       {"token", emu.options().token},
                                       {"max_limit", emu.options().max_limit}};
        });
}

}  // namespace sb::emulators::custom
