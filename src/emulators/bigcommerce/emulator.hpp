#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emulators/common/emulator_server.hpp"
#include "emulators/common/options.hpp"

// The BigCommerce emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate bigcommerce`. The HTTP contract is docs/emulator-bigcommerce.md.
namespace sb::emulators::bigcommerce {

// Host, port, seed, store size, faults, webhook retry scale and handler threads: ShopOptions.
struct EmulatorOptions : common::ShopOptions {
    EmulatorOptions() : ShopOptions(9003, "storebridge-dev.mybigcommerce.com") {}

    std::string store_hash = "sbdev01";
    std::string client_id = "emulator-client-id";
    std::string client_secret = "emulator-client-secret";
    std::string plan = "standard";  // standard | plus | pro | enterprise
    int quota = 0;                  // requests per window; 0: the plan's
    int window_ms = 30'000;
    // The app's registration in the Developer Portal: the auth callback BigCommerce sends the
    // merchant to after the install (also settable through POST /_emulator/app), and the
    // scopes the app asks for (empty: every scope the emulator knows).
    std::string auth_callback;
    std::vector<std::string> app_scopes;

    // 150 (standard, plus), 450 (pro), 1500 (enterprise), or `quota` when set.
    int requests_quota() const;
};

// start(), stop(), wait_for_signal(), port(), admin_token() and options() come from the kit.
// admin_token() is the store-level API account token, with every scope.
class Emulator : public common::Emulator<EmulatorOptions> {
  public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::bigcommerce
