#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The Shoplazza emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate shoplazza`. The HTTP contract is docs/emulator-shoplazza.md.
namespace sb::emulators::shoplazza {

struct EmulatorOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9002;  // 0 picks a free port
    std::string shop_domain = "storebridge-dev.myshoplaza.com";
    std::uint64_t seed = 1;
    std::int64_t orders = 1000;
    std::int64_t products = 100;
    std::int64_t customers = 200;
    int bucket_size = 40;  // requests per access token
    double leak_rate = 2;  // requests per second
    std::string client_id = "emulator-client-id";
    std::string client_secret = "emulator-client-secret";
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;
    double webhook_retry_scale = 1.0;
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
    // A pre-installed token with every scope, for curl and tests.
    const std::string& admin_token() const;
    const EmulatorOptions& options() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::shoplazza
