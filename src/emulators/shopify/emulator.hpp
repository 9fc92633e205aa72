#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emulators/common/emulator_server.hpp"
#include "emulators/common/options.hpp"

// The Shopify emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate shopify`.
namespace sb::emulators::shopify {

// Host, port, seed, store size, faults, webhook retry scale and handler threads: ShopOptions.
struct EmulatorOptions : common::ShopOptions {
    EmulatorOptions() : ShopOptions(9001, "storebridge-dev.myshopify.com") {}

    std::string plan = "standard";  // standard | advanced | plus | enterprise
    // Rate limits; 0 keeps the plan's figure (server/throttle.hpp).
    int graphql_bucket_size = 0;   // GraphQL maximumAvailable (points)
    int graphql_restore_rate = 0;  // GraphQL restoreRate (points per second)
    int rest_bucket_size = 0;      // REST bucket (requests)
    int rest_leak_rate = 0;        // REST leak (requests per second)
    std::string api_key = "emulator-api-key";
    std::string api_secret = "emulator-api-secret";
    int bulk_concurrency = 1;
    std::string webhook_url;
    std::string api_version = "2026-10";  // the version the CLI prints in its URLs
    std::string data_dir;                 // bulk results; empty: a fresh temp dir
};

// start(), stop(), wait_for_signal(), port(), admin_token() and options() come from the kit.
class Emulator : public common::Emulator<EmulatorOptions> {
  public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();
    std::uint16_t storage_port() const;  // where bulk results are downloaded

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::shopify
