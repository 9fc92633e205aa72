#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emulators/common/emulator_server.hpp"
#include "emulators/common/options.hpp"

// The Shoplazza emulator as a component: tests start one in process on port 0; the CLI wraps
// it for `storebridge emulate shoplazza`. The HTTP contract is docs/emulator-shoplazza.md.
namespace sb::emulators::shoplazza {

// Host, port, seed, store size, faults, webhook retry scale and handler threads: ShopOptions.
struct EmulatorOptions : common::ShopOptions {
    EmulatorOptions() : ShopOptions(9002, "storebridge-dev.myshoplaza.com") {}

    int bucket_size = 40;  // requests per access token
    double leak_rate = 2;  // requests per second
    std::string client_id = "emulator-client-id";
    std::string client_secret = "emulator-client-secret";
};

// start(), stop(), wait_for_signal(), port(), admin_token() and options() come from the kit.
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

}  // namespace sb::emulators::shoplazza
