#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/shopify/emulator.hpp"

// `storebridge emulate shopify [flags]`.
namespace sb::emulators::shopify {

using common::parse_latency;
using common::parse_listen;
using common::to_int;
using common::to_nonempty;
using common::to_positive;
using common::to_rate;

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    EmulatorOptions o;
    for (const auto& [flag, value] : common::split_flags(args)) {
        if (flag == "--listen") {
            parse_listen(value, o.host, o.port);
        } else if (flag == "--shop-domain") {
            const std::string suffix = ".myshopify.com";
            if (value.size() <= suffix.size() ||
                value.compare(value.size() - suffix.size(), suffix.size(), suffix) != 0) {
                throw std::invalid_argument("--shop-domain: expected NAME.myshopify.com, got '" +
                                            value + "'");
            }
            o.shop_domain = value;
        } else if (flag == "--seed") {
            o.seed = static_cast<std::uint64_t>(to_int(flag, value, 0, INT64_MAX));
        } else if (flag == "--orders") {
            o.orders = to_int(flag, value, 0, 100'000'000);
        } else if (flag == "--products") {
            o.products = to_int(flag, value, 1, 10'000'000);
        } else if (flag == "--customers") {
            o.customers = to_int(flag, value, 1, 100'000'000);
        } else if (flag == "--plan") {
            if (value != "standard" && value != "advanced" && value != "plus" &&
                value != "enterprise") {
                throw std::invalid_argument(
                    "--plan: expected standard|advanced|plus|enterprise, got '" + value + "'");
            }
            o.plan = value;
        } else if (flag == "--bucket-size") {
            o.graphql_bucket_size = static_cast<int>(to_int(flag, value, 1, 1'000'000'000));
        } else if (flag == "--restore-rate") {
            o.graphql_restore_rate = static_cast<int>(to_int(flag, value, 1, 1'000'000'000));
        } else if (flag == "--rest-bucket-size") {
            o.rest_bucket_size = static_cast<int>(to_int(flag, value, 1, 1'000'000'000));
        } else if (flag == "--rest-leak-rate") {
            o.rest_leak_rate = static_cast<int>(to_int(flag, value, 1, 1'000'000'000));
        } else if (flag == "--api-key") {
            o.api_key = to_nonempty(flag, value);
        } else if (flag == "--api-secret") {
            o.api_secret = to_nonempty(flag, value);
        } else if (flag == "--latency-ms") {
            parse_latency(flag, value, o.latency_min_ms, o.latency_max_ms);
        } else if (flag == "--fail-rate") {
            o.fail_rate = to_rate(flag, value);
        } else if (flag == "--reset-rate") {
            o.reset_rate = to_rate(flag, value);
        } else if (flag == "--bulk-concurrency") {
            o.bulk_concurrency = static_cast<int>(to_int(flag, value, 1, 64));
        } else if (flag == "--webhook-url") {
            if (value.rfind("http://", 0) != 0)
                throw std::invalid_argument("--webhook-url: expected an http:// URL, got '" +
                                            value + "'");
            o.webhook_url = value;
        } else if (flag == "--webhook-retry-scale") {
            o.webhook_retry_scale = to_positive(flag, value);
        } else if (flag == "--api-version") {
            o.api_version = value;
        } else if (flag == "--data-dir") {
            o.data_dir = value;
        } else {
            throw std::invalid_argument("unknown flag '" + flag + "'");
        }
    }
    return o;
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>(
        "shopify", args, parse_options, [](const Emulator& emu) {
            const auto& o = emu.options();
            return boost::json::object{
                {"storage_port", emu.storage_port()},
                {"shop_domain", o.shop_domain},
                {"plan", o.plan},
                {"orders", o.orders},
                {"access_token", emu.admin_token()},
                {"graphql_url", "http://" + o.host + ":" + std::to_string(emu.port()) +
                                    "/admin/api/" + o.api_version + "/graphql.json"}};
        });
}

}  // namespace sb::emulators::shopify
