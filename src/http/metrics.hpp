#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sb::http {

// A counter other components add to; the name ends in _total, the labels are fixed per series.
struct CounterSpec {
    std::string_view name;
    std::string_view help;
};
using Labels = std::vector<std::pair<std::string, std::string>>;

// Responses of a platform that flagged a deprecated API use, by connector.
inline constexpr CounterSpec k_platform_deprecation_notices{
    "storebridge_platform_deprecation_notices_total",
    "Platform responses that said the request used a deprecated API, by connector."};

// Request counters and latency histograms by route and status, and the counters of other
// components, rendered in Prometheus text exposition format.
class Metrics {
  public:
    // `route` is the matched pattern ("" when none); a method outside GET, HEAD, POST, PUT,
    // PATCH, DELETE and OPTIONS is labelled "other", so clients cannot add series at will.
    void observe(const std::string& method, const std::string& route, int status, double seconds);
    // Adds `by` to the series of `labels` (0 makes the series visible before its first event).
    void count(const CounterSpec& counter, const Labels& labels, std::uint64_t by = 1);
    std::string render() const;

    static constexpr std::array<double, 12> k_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                         0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  private:
    struct Series {
        std::uint64_t count = 0;
        double sum = 0;
        std::array<std::uint64_t, k_buckets.size()> buckets{};
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, Series> series_;
    struct Counter {
        std::string help;
        std::map<std::string, std::uint64_t> series;  // rendered labels → value
    };
    std::map<std::string, Counter, std::less<>> counters_;
};

}  // namespace sb::http
