#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "emulators/bigcommerce/emulator.hpp"
#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"

// `storebridge emulate bigcommerce [flags]`: the kit's shared flags (common/cli_flags.hpp) and
// BigCommerce's store hash, app credentials, plan and rate-limit window.
namespace sb::emulators::bigcommerce {

namespace {

std::string to_store_hash(const std::string& flag, const std::string& v) {
    const bool ok = !v.empty() && v.size() <= 32 && std::all_of(v.begin(), v.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
    });
    if (!ok)
        throw std::invalid_argument(flag + ": expected 1 to 32 lower-case letters and digits");
    return v;
}

std::string to_plan(const std::string& flag, const std::string& v) {
    if (v != "standard" && v != "plus" && v != "pro" && v != "enterprise")
        throw std::invalid_argument(flag + ": expected standard, plus, pro or enterprise");
    return v;
}

// BigCommerce's own flags; false for any other.
bool parse_flag(const std::string& flag, const std::string& value, EmulatorOptions& o) {
    if (flag == "--store-hash")
        o.store_hash = to_store_hash(flag, value);
    else if (flag == "--client-id")
        o.client_id = common::to_nonempty(flag, value);
    else if (flag == "--client-secret")
        o.client_secret = common::to_nonempty(flag, value);
    else if (flag == "--plan")
        o.plan = to_plan(flag, value);
    else if (flag == "--quota")
        o.quota = static_cast<int>(common::to_int(flag, value, 1, 1'000'000));
    else if (flag == "--auth-callback")
        o.auth_callback = common::to_nonempty(flag, value);
    else if (flag == "--window-ms")
        o.window_ms = static_cast<int>(common::to_int(flag, value, 100, 3'600'000));
    else
        return false;
    return true;
}

// After event, platform, host and port in the first stdout line.
boost::json::object listening_fields(const Emulator& emu) {
    const EmulatorOptions& o = emu.options();
    return {{"store_hash", o.store_hash},
            {"access_token", emu.admin_token()},
            {"api_url",
             "http://" + o.host + ":" + std::to_string(emu.port()) + "/stores/" + o.store_hash},
            {"client_id", o.client_id},
            {"plan", o.plan},
            {"orders", o.orders}};
}

}  // namespace

int EmulatorOptions::requests_quota() const {
    if (quota > 0)
        return quota;
    if (plan == "pro")
        return 450;
    if (plan == "enterprise")
        return 1500;
    return 150;
}

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    return common::parse_shop_options<EmulatorOptions>(
        args, {".mybigcommerce.com", 100'000, 20'000, 100'000}, parse_flag);
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>("bigcommerce", args, parse_options, listening_fields);
}

}  // namespace sb::emulators::bigcommerce
