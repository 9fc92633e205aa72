#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/shopify/emulator.hpp"

// `storebridge emulate shopify [flags]`: the kit's shared flags (common/cli_flags.hpp) and
// Shopify's plan, limits, app credentials, bulk runs, webhook URL and API version.
namespace sb::emulators::shopify {

namespace {

int limit_flag(const std::string& flag, const std::string& value) {
    return static_cast<int>(common::to_int(flag, value, 1, 1'000'000'000));
}

// Shopify's own flags; false for any other.
bool parse_flag(const std::string& flag, const std::string& value, EmulatorOptions& o) {
    if (flag == "--plan") {
        if (value != "standard" && value != "advanced" && value != "plus" &&
            value != "enterprise") {
            throw std::invalid_argument(
                "--plan: expected standard|advanced|plus|enterprise, got '" + value + "'");
        }
        o.plan = value;
    } else if (flag == "--bucket-size") {
        o.graphql_bucket_size = limit_flag(flag, value);
    } else if (flag == "--restore-rate") {
        o.graphql_restore_rate = limit_flag(flag, value);
    } else if (flag == "--rest-bucket-size") {
        o.rest_bucket_size = limit_flag(flag, value);
    } else if (flag == "--rest-leak-rate") {
        o.rest_leak_rate = limit_flag(flag, value);
    } else if (flag == "--api-key") {
        o.api_key = common::to_nonempty(flag, value);
    } else if (flag == "--api-secret") {
        o.api_secret = common::to_nonempty(flag, value);
    } else if (flag == "--bulk-concurrency") {
        o.bulk_concurrency = static_cast<int>(common::to_int(flag, value, 1, 64));
    } else if (flag == "--webhook-url") {
        if (value.rfind("http://", 0) != 0)
            throw std::invalid_argument("--webhook-url: expected an http:// URL, got '" + value +
                                        "'");
        o.webhook_url = value;
    } else if (flag == "--api-version") {
        o.api_version = value;
    } else if (flag == "--data-dir") {
        o.data_dir = value;
    } else {
        return false;
    }
    return true;
}

// After event, platform, host and port in the first stdout line.
boost::json::object listening_fields(const Emulator& emu) {
    const EmulatorOptions& o = emu.options();
    const std::string graphql_url = "http://" + o.host + ":" + std::to_string(emu.port()) +
                                    "/admin/api/" + o.api_version + "/graphql.json";
    return {{"storage_port", emu.storage_port()},
            {"shop_domain", o.shop_domain},
            {"plan", o.plan},
            {"orders", o.orders},
            {"access_token", emu.admin_token()},
            {"graphql_url", graphql_url}};
}

}  // namespace

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    return common::parse_shop_options<EmulatorOptions>(
        args, {".myshopify.com", 100'000'000, 10'000'000, 100'000'000}, parse_flag);
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>("shopify", args, parse_options, listening_fields);
}

}  // namespace sb::emulators::shopify
