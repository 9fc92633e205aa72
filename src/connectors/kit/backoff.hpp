#pragma once

#include <chrono>
#include <optional>
#include <string_view>

// How long a platform call waits before its next attempt. Every connector waits through
// these (kit::PlatformClient); nothing in a platform folder computes a delay of its own.
namespace sb::connectors::kit {

// Exponential backoff with full jitter: `unit_random` (0..1) of min(cap, base * 2^attempt).
// `attempt` counts from 0. Full jitter spreads clients that failed together over the whole
// window, so they do not come back in step.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double unit_random);
// The same with a random draw of this thread's generator.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap);
// A draw in [0, 1) of this thread's generator.
double unit_random();

// A Retry-After value (RFC 9110 10.2.3): delta-seconds ("120"; a fraction such as Shopify's
// "2.0" is accepted) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
// forms), as the wait from `now`. A date in the past is no wait; anything else is nullopt.
std::optional<std::chrono::milliseconds> retry_after(std::string_view value,
                                                     std::chrono::system_clock::time_point now);

}  // namespace sb::connectors::kit
