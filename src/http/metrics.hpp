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

#include "core/metrics.hpp"

namespace sb::http {

// The counters other components add to are named in core/metrics.hpp.
using core::CounterSpec;
using core::k_platform_deprecation_notices;
using core::Labels;

// One gauge's series, read when /metrics is scraped.
struct GaugeSample {
    Labels labels;
    std::int64_t value = 0;
};
// A gauge in Prometheus text exposition format (HELP, TYPE, one line a sample).
std::string render_gauge(const core::GaugeSpec& gauge, const std::vector<GaugeSample>& samples);

// Request counters and latency histograms by route and status, and the counters of other
// components, rendered in Prometheus text exposition format.
class Metrics final : public core::Counters {
  public:
    // `route` is the matched pattern ("" when none); a method outside GET, HEAD, POST, PUT,
    // PATCH, DELETE and OPTIONS is labelled "other", so clients cannot add series at will.
    void observe(const std::string& method, const std::string& route, int status, double seconds);
    // Adds `by` to the series of `labels` (0 makes the series visible before its first event).
    void count(const CounterSpec& counter, const Labels& labels, std::uint64_t by = 1) override;
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
