#include "emulators/common/cli_flags.hpp"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace sb::emulators::common {

std::vector<std::pair<std::string, std::string>> split_flags(const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag.rfind("--", 0) != 0)
            throw std::invalid_argument("unexpected argument '" + flag + "'");
        if (const auto eq = flag.find('='); eq != std::string::npos) {
            out.emplace_back(flag.substr(0, eq), flag.substr(eq + 1));
        } else {
            if (i + 1 >= args.size())
                throw std::invalid_argument(flag + ": missing value");
            out.emplace_back(flag, args[++i]);
        }
    }
    return out;
}

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

double to_positive(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !(d > 0))
        throw std::invalid_argument(flag + ": expected a positive number, got '" + v + "'");
    return d;
}

std::string to_nonempty(const std::string& flag, const std::string& v) {
    if (v.empty())
        throw std::invalid_argument(flag + ": must not be empty");
    return v;
}

void parse_listen(const std::string& v, std::string& host, std::uint16_t& port) {
    const auto colon = v.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw std::invalid_argument("--listen: expected HOST:PORT, got '" + v + "'");
    host = v.substr(0, colon);
    port = static_cast<std::uint16_t>(to_int("--listen", v.substr(colon + 1), 0, 65535));
}

void parse_latency(const std::string& flag, const std::string& v, int& min_ms, int& max_ms) {
    std::string lo = v, hi = v;
    if (const auto dots = v.find(".."); dots != std::string::npos) {
        lo = v.substr(0, dots);
        hi = v.substr(dots + 2);
    } else if (const auto colon = v.find(':'); colon != std::string::npos) {
        lo = v.substr(0, colon);
        hi = v.substr(colon + 1);
    }
    min_ms = static_cast<int>(to_int(flag, lo, 0, 60'000));
    max_ms = static_cast<int>(to_int(flag, hi, 0, 60'000));
    if (max_ms < min_ms)
        throw std::invalid_argument(flag + ": MIN must not exceed MAX");
}

bool parse_base_flag(const std::string& flag, const std::string& value, BaseOptions& o) {
    if (flag == "--listen")
        parse_listen(value, o.host, o.port);
    else if (flag == "--seed")
        o.seed = static_cast<std::uint64_t>(to_int(flag, value, 0, INT64_MAX));
    else if (flag == "--latency-ms")
        parse_latency(flag, value, o.latency_min_ms, o.latency_max_ms);
    else if (flag == "--fail-rate")
        o.fail_rate = to_rate(flag, value);
    else if (flag == "--reset-rate")
        o.reset_rate = to_rate(flag, value);
    else if (flag == "--webhook-retry-scale")
        o.webhook_retry_scale = to_positive(flag, value);
    else
        return false;
    return true;
}

bool parse_shop_flag(const std::string& flag, const std::string& value, ShopOptions& o,
                     const ShopFlagLimits& limits) {
    if (flag == "--shop-domain") {
        const std::string& suffix = limits.domain_suffix;
        if (value.size() <= suffix.size() ||
            value.compare(value.size() - suffix.size(), suffix.size(), suffix) != 0) {
            throw std::invalid_argument("--shop-domain: expected NAME" + suffix + ", got '" +
                                        value + "'");
        }
        o.shop_domain = value;
    } else if (flag == "--orders") {
        o.orders = to_int(flag, value, 0, limits.max_orders);
    } else if (flag == "--products") {
        o.products = to_int(flag, value, 1, limits.max_products);
    } else if (flag == "--customers") {
        o.customers = to_int(flag, value, 1, limits.max_customers);
    } else {
        return parse_base_flag(flag, value, o);
    }
    return true;
}

void parse_flags(const std::vector<std::string>& args, const FlagParser& parse) {
    for (const auto& [flag, value] : split_flags(args)) {
        if (!parse(flag, value))
            throw std::invalid_argument("unknown flag '" + flag + "'");
    }
}

}  // namespace sb::emulators::common
