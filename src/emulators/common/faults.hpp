#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "emulators/common/options.hpp"
#include "http/message.hpp"

// Fault injection on an emulator's API calls: added latency, a share of calls answered 503 or
// reset unanswered, counted faults a test can rely on (the next N calls fail or are throttled)
// and throttle storms. The rates are chance; the counted faults are not.
namespace sb::emulators::common {

// An error in the platform's own shape: {"errors":"…"}, {"errors":["…"]}, …
using ErrorBody = std::function<http::Response(int status, const std::string& message)>;

struct FaultSettings {
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;
    int fail_next = 0;                   // the next N faulted calls answer 503
    int throttle_next = 0;               // the next N are throttled whatever the bucket holds
    std::int64_t throttle_until_ms = 0;  // a throttle storm: every call throttled until then
};

class Faults {
  public:
    explicit Faults(const BaseOptions& o);
    Faults(const Faults&) = delete;
    Faults& operator=(const Faults&) = delete;

    // What a faulted call meets, in this order: the latency, a reset (abort_connection), then a
    // failure (the fail rate, else a counted fail_next) answered 503 "Service Unavailable" in
    // the platform's shape. nullopt: the call goes on.
    std::optional<http::Response> inject(const ErrorBody& error);
    // One roll of the reset fault alone (a second listener, such as a download host).
    bool reset();
    // Takes one counted throttle if any is left.
    bool take_throttle_next();
    bool storm() const;

    FaultSettings settings() const;
    // Changes the settings under the lock; `f` must not call back into this object.
    void update(const std::function<void(FaultSettings&)>& f);

    std::int64_t injected_failures() const { return injected_failures_; }
    std::int64_t injected_resets() const { return injected_resets_; }

  private:
    double roll();
    bool take(int FaultSettings::*counter);

    mutable std::mutex mutex_;
    FaultSettings settings_;
    std::mutex rng_mutex_;
    std::mt19937_64 rng_{12345};
    std::atomic<std::int64_t> injected_failures_{0};
    std::atomic<std::int64_t> injected_resets_{0};
};

}  // namespace sb::emulators::common
