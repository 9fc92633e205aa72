#pragma once

#include <memory>
#include <string>
#include <vector>

#include "emulators/common/emulator_server.hpp"
#include "emulators/common/options.hpp"

// The custom connector's reference pull server (`storebridge emulate custom`): a merchant's own
// system as the hub pulls from it, GET /records over JSON Lines-loaded records. Tests start one
// in process on port 0. The HTTP contract is in docs/custom-connector.md ("Pull").
namespace sb::emulators::custom {

// Host, port, faults and handler threads: BaseOptions.
struct EmulatorOptions : common::BaseOptions {
    EmulatorOptions() : BaseOptions(9009) {}

    std::string records_file;  // JSON Lines, one record a line; "" starts empty
    // The bearer token GET /records takes (the integration's pull_token).
    std::string token = "sbpull_reference_token";
    // The most records a page holds whatever `limit` asks: a server may answer fewer.
    int max_limit = 1000;
};

// start(), stop(), wait_for_signal(), port(), admin_token() and options() come from the kit.
class Emulator : public common::Emulator<EmulatorOptions> {
  public:
    // Throws std::invalid_argument when the records file cannot be read (naming the line).
    explicit Emulator(EmulatorOptions options);
    ~Emulator();

    // http://HOST:PORT once listening: the integration's base_url.
    std::string base_url() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Parses CLI flags; throws std::invalid_argument with one readable line.
EmulatorOptions parse_options(const std::vector<std::string>& args);
int run_cli(const std::vector<std::string>& args);

}  // namespace sb::emulators::custom
