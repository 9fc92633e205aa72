#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/shoplazza/emulator.hpp"

// `storebridge emulate shoplazza [flags]`.
namespace sb::emulators::shoplazza {

using common::to_int;

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    EmulatorOptions o;
    for (const auto& [flag, value] : common::split_flags(args)) {
        if (flag == "--listen") {
            common::parse_listen(value, o.host, o.port);
        } else if (flag == "--shop-domain") {
            const std::string suffix = ".myshoplaza.com";
            if (value.size() <= suffix.size() ||
                value.compare(value.size() - suffix.size(), suffix.size(), suffix) != 0) {
                throw std::invalid_argument("--shop-domain: expected NAME.myshoplaza.com, got '" +
                                            value + "'");
            }
            o.shop_domain = value;
        } else if (flag == "--seed") {
            o.seed = static_cast<std::uint64_t>(to_int(flag, value, 0, INT64_MAX));
        } else if (flag == "--orders") {
            o.orders = to_int(flag, value, 0, 2'000'000);
        } else if (flag == "--products") {
            o.products = to_int(flag, value, 1, 1'000'000);
        } else if (flag == "--customers") {
            o.customers = to_int(flag, value, 1, 2'000'000);
        } else if (flag == "--bucket-size") {
            o.bucket_size = static_cast<int>(to_int(flag, value, 1, 1'000'000'000));
        } else if (flag == "--leak-rate") {
            o.leak_rate = common::to_positive(flag, value);
        } else if (flag == "--client-id") {
            o.client_id = common::to_nonempty(flag, value);
        } else if (flag == "--client-secret") {
            o.client_secret = common::to_nonempty(flag, value);
        } else if (flag == "--latency-ms") {
            common::parse_latency(flag, value, o.latency_min_ms, o.latency_max_ms);
        } else if (flag == "--fail-rate") {
            o.fail_rate = common::to_rate(flag, value);
        } else if (flag == "--reset-rate") {
            o.reset_rate = common::to_rate(flag, value);
        } else if (flag == "--webhook-retry-scale") {
            o.webhook_retry_scale = common::to_positive(flag, value);
        } else {
            throw std::invalid_argument("unknown flag '" + flag + "'");
        }
    }
    return o;
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>(
        "shoplazza", args, parse_options, [](const Emulator& emu) {
            const auto& o = emu.options();
            return boost::json::object{
                {"shop_domain", o.shop_domain},
                {"orders", o.orders},
                {"access_token", emu.admin_token()},
                {"base_url",
                 "http://" + o.host + ":" + std::to_string(emu.port()) + "/openapi/2022-01"}};
        });
}

}  // namespace sb::emulators::shoplazza
