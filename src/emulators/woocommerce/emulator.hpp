#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emulators/common/emulator_server.hpp"
#include "emulators/common/options.hpp"

// The WooCommerce emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate woocommerce`. The HTTP contract is docs/emulator-woocommerce.md.
namespace sb::emulators::woocommerce {

// Host, port, seed, store size, faults, webhook retry scale and handler threads: ShopOptions
// (shop_domain is the site's host, taken from site_url when one is given).
struct EmulatorOptions : common::ShopOptions {
    EmulatorOptions() : ShopOptions(9004, "127.0.0.1") {}

    // The site's home URL, as links, webhook sources and the first stdout line show it; ""
    // means http://HOST:PORT once listening.
    std::string site_url;
    std::string consumer_key = "ck_5d1a3c6f0e9b47a28c113e7d9f4b6a02e8c7d5b1";
    std::string consumer_secret = "cs_8e2f7a1d4c6b093e5a7f1d2c8b4e6a0f3d9c7b25";
    // The site's fixed offset from UTC: `date_*` fields are site-local, `date_*_gmt` UTC.
    int utc_offset_minutes = 120;
    // The emulator serves plain HTTP, where WooCommerce takes only OAuth 1.0a signatures.
    // True: HTTP Basic and the consumer_key / consumer_secret query parameters too, as a
    // site takes them over HTTPS.
    bool allow_basic_over_http = false;
    // The key grant (/wc-auth/v1) refuses a callback_url that is not https, as WooCommerce
    // does. True: http:// ones too; the emulator can only send the keys over plain HTTP.
    bool allow_http_callback = false;
    // The key grant approves at once, as if the merchant pressed Approve.
    bool auto_approve = false;
};

// start(), stop(), wait_for_signal(), port(), admin_token() and options() come from the kit.
class Emulator : public common::Emulator<EmulatorOptions> {
  public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();

    // site_url, or http://HOST:PORT once listening.
    std::string site_url() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::woocommerce
