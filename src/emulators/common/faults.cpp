#include "emulators/common/faults.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/time.hpp"

namespace sb::emulators::common {

Faults::Faults(const BaseOptions& o) {
    settings_.latency_min_ms = o.latency_min_ms;
    settings_.latency_max_ms = o.latency_max_ms;
    settings_.fail_rate = o.fail_rate;
    settings_.reset_rate = o.reset_rate;
}

double Faults::roll() {
    std::lock_guard lock(rng_mutex_);
    return std::uniform_real_distribution<double>(0, 1)(rng_);
}

bool Faults::take(int FaultSettings::*counter) {
    std::lock_guard lock(mutex_);
    if (settings_.*counter <= 0)
        return false;
    --(settings_.*counter);
    return true;
}

std::optional<http::Response> Faults::inject(const ErrorBody& error) {
    int lo, hi;
    double fail;
    {
        std::lock_guard lock(mutex_);
        lo = settings_.latency_min_ms;
        hi = std::max(lo, settings_.latency_max_ms);
        fail = settings_.fail_rate;
    }
    if (hi > 0) {
        const int ms = lo + static_cast<int>(roll() * (hi - lo));
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    }
    if (reset()) {
        http::Response res;
        res.abort_connection = true;
        return res;
    }
    if ((fail > 0 && roll() < fail) || take(&FaultSettings::fail_next)) {
        ++injected_failures_;
        return error(503, "Service Unavailable");
    }
    return std::nullopt;
}

bool Faults::reset() {
    double rate;
    {
        std::lock_guard lock(mutex_);
        rate = settings_.reset_rate;
    }
    if (rate <= 0 || roll() >= rate)
        return false;
    ++injected_resets_;
    return true;
}

bool Faults::take_throttle_next() {
    return take(&FaultSettings::throttle_next);
}

bool Faults::storm() const {
    std::lock_guard lock(mutex_);
    return settings_.throttle_until_ms > now_ms();
}

FaultSettings Faults::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

void Faults::update(const std::function<void(FaultSettings&)>& f) {
    std::lock_guard lock(mutex_);
    f(settings_);
}

}  // namespace sb::emulators::common
