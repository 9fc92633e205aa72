#include <stdexcept>

#include "emulators/common/cli_flags.hpp"
#include "emulators/common/run_cli.hpp"
#include "emulators/woocommerce/emulator.hpp"

// `storebridge emulate woocommerce [flags]`: the kit's shared flags (common/cli_flags.hpp) and
// WooCommerce's site URL, REST API key pair, the site's UTC offset and the auth switches.
namespace sb::emulators::woocommerce {

namespace {

// http(s)://host[:port][/path], kept without a trailing slash.
std::string to_site_url(const std::string& flag, std::string v) {
    while (!v.empty() && v.back() == '/')
        v.pop_back();
    const bool scheme = v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0;
    const std::size_t host = v.find("://") + 3;
    if (!scheme || v.size() <= host || v.find_first_of(" ?#") != std::string::npos)
        throw std::invalid_argument(flag + ": expected an http:// or https:// URL");
    return v;
}

// The host of a site URL, as the store's domain.
std::string host_of(const std::string& url) {
    const std::size_t from = url.find("://") + 3;
    const std::size_t to = url.find_first_of(":/", from);
    return url.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

bool to_bool(const std::string& flag, const std::string& v) {
    if (v == "true" || v == "1")
        return true;
    if (v == "false" || v == "0")
        return false;
    throw std::invalid_argument(flag + ": expected true or false, got '" + v + "'");
}

// WooCommerce's own flags; false for any other.
bool parse_flag(const std::string& flag, const std::string& value, EmulatorOptions& o) {
    if (flag == "--site-url") {
        o.site_url = to_site_url(flag, value);
        o.shop_domain = host_of(o.site_url);
    } else if (flag == "--shop-domain") {
        throw std::invalid_argument(flag + ": a WooCommerce site is named by --site-url");
    } else if (flag == "--consumer-key") {
        o.consumer_key = common::to_nonempty(flag, value);
    } else if (flag == "--consumer-secret") {
        o.consumer_secret = common::to_nonempty(flag, value);
    } else if (flag == "--allow-basic-over-http") {
        o.allow_basic_over_http = to_bool(flag, value);
    } else if (flag == "--allow-http-callback") {
        o.allow_http_callback = to_bool(flag, value);
    } else if (flag == "--auto-approve") {
        o.auto_approve = to_bool(flag, value);
    } else if (flag == "--utc-offset-minutes") {
        o.utc_offset_minutes = static_cast<int>(common::to_int(flag, value, -720, 840));
    } else {
        return false;
    }
    return true;
}

// After event, platform, host and port in the first stdout line.
boost::json::object listening_fields(const Emulator& emu) {
    const EmulatorOptions& o = emu.options();
    const std::string site = emu.site_url();
    return {{"site_url", site},
            {"api_url", site + "/wp-json/wc/v3"},
            {"consumer_key", o.consumer_key},
            {"consumer_secret", o.consumer_secret},
            {"utc_offset_minutes", o.utc_offset_minutes},
            {"key_grant_url", site + "/wc-auth/v1/authorize"},
            {"allow_basic_over_http", o.allow_basic_over_http},
            {"orders", o.orders}};
}

}  // namespace

EmulatorOptions parse_options(const std::vector<std::string>& args) {
    return common::parse_shop_options<EmulatorOptions>(args, {"", 100'000, 20'000, 100'000},
                                                       parse_flag);
}

int run_cli(const std::vector<std::string>& args) {
    return common::run_emulator_cli<Emulator>("woocommerce", args, parse_options, listening_fields);
}

}  // namespace sb::emulators::woocommerce
