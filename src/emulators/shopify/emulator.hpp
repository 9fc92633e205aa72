#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The Shopify emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate shopify`.
namespace sb::emulators::shopify {

struct EmulatorOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9001;  // 0 picks a free port
    std::string shop_domain = "storebridge-dev.myshopify.com";
    std::uint64_t seed = 1;
    std::int64_t orders = 1000;
    std::int64_t products = 100;
    std::int64_t customers = 200;
    std::string plan = "standard";  // standard | advanced | plus | enterprise
    // Rate limits; 0 keeps the plan's figure (server/throttle.hpp).
    int graphql_bucket_size = 0;   // GraphQL maximumAvailable (points)
    int graphql_restore_rate = 0;  // GraphQL restoreRate (points per second)
    int rest_bucket_size = 0;      // REST bucket (requests)
    int rest_leak_rate = 0;        // REST leak (requests per second)
    std::string api_key = "emulator-api-key";
    std::string api_secret = "emulator-api-secret";
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;  // share of Admin API calls and bulk downloads reset unanswered
    int bulk_concurrency = 1;
    std::string webhook_url;
    double webhook_retry_scale = 1.0;
    std::string api_version = "2026-10";  // the version the CLI prints in its URLs
    std::string data_dir;                 // bulk results; empty: a fresh temp dir
    int handler_threads = 8;
};

class Emulator {
  public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();
    Emulator(const Emulator&) = delete;
    Emulator& operator=(const Emulator&) = delete;

    void start();  // throws std::system_error when the port cannot be bound
    void stop();
    // Blocks until SIGINT/SIGTERM, then stops; block_stop_signals() must precede start().
    void wait_for_signal();
    std::uint16_t port() const;
    std::uint16_t storage_port() const;  // where bulk results are downloaded
    // A pre-installed offline token with every scope, for curl and tests.
    const std::string& admin_token() const;
    const EmulatorOptions& options() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::shopify
