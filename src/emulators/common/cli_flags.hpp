#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "emulators/common/options.hpp"

// Flag parsing shared by the `storebridge emulate <platform>` commands. Every function throws
// std::invalid_argument with one readable line naming the flag.
namespace sb::emulators::common {

// "--flag=value" and "--flag value" into (flag, value) pairs, in order.
std::vector<std::pair<std::string, std::string>> split_flags(const std::vector<std::string>& args);

std::int64_t to_int(const std::string& flag, const std::string& v, std::int64_t lo,
                    std::int64_t hi);
double to_rate(const std::string& flag, const std::string& v);      // in [0, 1]
double to_positive(const std::string& flag, const std::string& v);  // > 0
std::string to_nonempty(const std::string& flag, const std::string& v);

// HOST:PORT (the port may be 0).
void parse_listen(const std::string& v, std::string& host, std::uint16_t& port);
// MIN:MAX or MIN..MAX milliseconds, or one number for both.
void parse_latency(const std::string& flag, const std::string& v, int& min_ms, int& max_ms);

// --listen, --seed, --latency-ms, --fail-rate, --reset-rate, --webhook-retry-scale; false for
// any other flag.
bool parse_base_flag(const std::string& flag, const std::string& value, BaseOptions& o);

// What a platform's store accepts on the command line.
struct ShopFlagLimits {
    std::string domain_suffix;  // ".myshopify.com": --shop-domain must be NAME + suffix
    std::int64_t max_orders = 0;
    std::int64_t max_products = 0;
    std::int64_t max_customers = 0;
};

// The base flags, --shop-domain, --orders, --products and --customers; false for any other.
bool parse_shop_flag(const std::string& flag, const std::string& value, ShopOptions& o,
                     const ShopFlagLimits& limits);

// Every flag of `args` through `parse` (the platform's flags, then the shared ones it calls);
// a flag `parse` does not take is an error.
using FlagParser = std::function<bool(const std::string& flag, const std::string& value)>;
void parse_flags(const std::vector<std::string>& args, const FlagParser& parse);

// A commerce platform's parse_options: its defaults, then each flag through the platform's
// `parse_flag(flag, value, options)` (false: not one of its own), else parse_shop_flag.
template <class Options, class ParseFlag>
Options parse_shop_options(const std::vector<std::string>& args, const ShopFlagLimits& limits,
                           ParseFlag parse_flag) {
    Options o;
    parse_flags(args, [&](const std::string& flag, const std::string& value) {
        return parse_flag(flag, value, o) || parse_shop_flag(flag, value, o, limits);
    });
    return o;
}

}  // namespace sb::emulators::common
