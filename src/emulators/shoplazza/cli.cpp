#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/shoplazza/emulator.hpp"

// `storebridge emulate shoplazza [flags]`: the kit's shared flags (common/cli_flags.hpp) and
// Shoplazza's bucket and app credentials.
namespace sb::emulators::shoplazza {

namespace {

// Shoplazza's own flags; false for any other.
bool parse_flag(const std::string& flag, const std::string& value, EmulatorOptions& o) {
    if (flag == "--bucket-size")
        o.bucket_size = static_cast<int>(common::to_int(flag, value, 1, 1'000'000'000));
    else if (flag == "--leak-rate")
        o.leak_rate = common::to_positive(flag, value);
    else if (flag == "--client-id")
        o.client_id = common::to_nonempty(flag, value);
    else if (flag == "--client-secret")
        o.client_secret = common::to_nonempty(flag, value);
    else
        return false;
    return true;
}

// After event, platform, host and port in the first stdout line.
boost::json::object listening_fields(const Emulator& emu) {
    const EmulatorOptions& o = emu.options();
    return {
        {"shop_domain", o.shop_domain},
        {"orders", o.orders},
        {"access_token", emu.admin_token()},
        {"base_url", "http://" + o.host + ":" + std::to_string(emu.port()) + "/openapi/2022-01"}};
}

}  // namespace

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    return common::parse_shop_options<EmulatorOptions>(
        args, {".myshoplaza.com", 2'000'000, 1'000'000, 2'000'000}, parse_flag);
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>("shoplazza", args, parse_options, listening_fields);
}

}  // namespace sb::emulators::shoplazza
