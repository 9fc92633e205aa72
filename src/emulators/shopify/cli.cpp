#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "core/signals.hpp"
#include "emulators/shopify/emulator.hpp"

// `storebridge emulate shopify [flags]`.
namespace sb::emulators::shopify {

namespace {

std::int64_t to_int(const std::string& flag, const std::string& v, std::int64_t lo,
                    std::int64_t hi) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
        throw std::invalid_argument(flag + ": expected an integer in [" + std::to_string(lo) +
                                    ", " + std::to_string(hi) + "], got '" + v + "'");
    }
    return n;
}

double to_rate(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || d < 0 || d > 1)
        throw std::invalid_argument(flag + ": expected a rate in [0, 1], got '" + v + "'");
    return d;
}

}  // namespace

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    EmulatorOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i], value;
        if (const auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        } else if (flag.rfind("--", 0) == 0) {
            if (i + 1 >= args.size())
                throw std::invalid_argument(flag + ": missing value");
            value = args[++i];
        } else {
            throw std::invalid_argument("unexpected argument '" + flag + "'");
        }
        if (flag == "--listen") {
            const auto colon = value.rfind(':');
            if (colon == std::string::npos || colon == 0)
                throw std::invalid_argument("--listen: expected HOST:PORT, got '" + value + "'");
            o.host = value.substr(0, colon);
            o.port = static_cast<std::uint16_t>(to_int(flag, value.substr(colon + 1), 0, 65535));
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
            if (value.empty())
                throw std::invalid_argument("--api-key: must not be empty");
            o.api_key = value;
        } else if (flag == "--api-secret") {
            if (value.empty())
                throw std::invalid_argument("--api-secret: must not be empty");
            o.api_secret = value;
        } else if (flag == "--latency-ms") {
            const auto dots = value.find("..");
            const std::string lo = dots == std::string::npos ? value : value.substr(0, dots);
            const std::string hi = dots == std::string::npos ? value : value.substr(dots + 2);
            o.latency_min_ms = static_cast<int>(to_int(flag, lo, 0, 60'000));
            o.latency_max_ms = static_cast<int>(to_int(flag, hi, 0, 60'000));
            if (o.latency_max_ms < o.latency_min_ms)
                throw std::invalid_argument("--latency-ms: MIN must not exceed MAX");
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
            char* end = nullptr;
            o.webhook_retry_scale = std::strtod(value.c_str(), &end);
            if (*end != '\0' || o.webhook_retry_scale <= 0)
                throw std::invalid_argument("--webhook-retry-scale: expected a positive number");
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
    EmulatorOptions o;
    try {
        o = parse_options(args);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "storebridge emulate shopify: %s\n", e.what());
        return 2;
    }
    // Before any thread starts, so every thread inherits the mask and the signal is taken
    // only by the wait below.
    block_stop_signals();
    try {
        Emulator emu(o);
        emu.start();
        const boost::json::object line{
            {"event", "emulator_listening"},
            {"platform", "shopify"},
            {"host", o.host},
            {"port", emu.port()},
            {"storage_port", emu.storage_port()},
            {"shop_domain", o.shop_domain},
            {"plan", o.plan},
            {"orders", o.orders},
            {"access_token", emu.admin_token()},
            {"graphql_url", "http://" + o.host + ":" + std::to_string(emu.port()) + "/admin/api/" +
                                o.api_version + "/graphql.json"}};
        std::printf("%s\n", boost::json::serialize(line).c_str());
        std::fflush(stdout);
        emu.wait_for_signal();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storebridge emulate shopify: %s\n", e.what());
        return 1;
    }
}

}  // namespace sb::emulators::shopify
