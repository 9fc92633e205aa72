#include "http/metrics.hpp"

#include <cstdio>

namespace sb::http {

namespace {

std::string escape_label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"')
            out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// A client chooses the method: labelled as sent, any token would be a series of its own and
// the series would grow without bound. The route is the matched pattern, never the path.
std::string_view method_label(std::string_view method) {
    for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known)
            return known;
    }
    return "other";
}

std::string label_text(const Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels)
        out += (out.empty() ? "" : ",") + k + "=\"" + escape_label(v) + "\"";
    return out;
}

}  // namespace

std::string render_gauge(const core::GaugeSpec& gauge, const std::vector<GaugeSample>& samples) {
    const std::string name(gauge.name);
    std::string out = "# HELP " + name + " " + std::string(gauge.help) + "\n";
    out += "# TYPE " + name + " gauge\n";
    for (const auto& s : samples) {
        const auto labels = label_text(s.labels);
        out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + std::to_string(s.value) +
               "\n";
    }
    return out;
}

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
    std::lock_guard lock(mutex_);
    auto& s =
        series_[{std::string(method_label(method)), route.empty() ? "unmatched" : route, status}];
    ++s.count;
    s.sum += seconds;
    for (std::size_t i = 0; i < k_buckets.size(); ++i) {
        if (seconds <= k_buckets[i])
            ++s.buckets[i];
    }
}

void Metrics::count(const CounterSpec& counter, const Labels& labels, std::uint64_t by) {
    const std::string key = label_text(labels);
    std::lock_guard lock(mutex_);
    auto it = counters_.find(counter.name);
    if (it == counters_.end())
        it = counters_.emplace(std::string(counter.name), Counter{std::string(counter.help), {}})
                 .first;
    it->second.series[key] += by;
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP storebridge_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE storebridge_http_requests_total counter\n";
    for (const auto& [key, s] : series_) {
        const auto& [method, route, status] = key;
        out += "storebridge_http_requests_total{method=\"" + escape_label(method) + "\",route=\"" +
               escape_label(route) + "\",status=\"" + std::to_string(status) + "\"} " +
               std::to_string(s.count) + "\n";
    }
    out +=
        "# HELP storebridge_http_request_duration_seconds Time from request read to response "
        "written.\n";
    out += "# TYPE storebridge_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
        const auto& [method, route, status] = key;
        const std::string labels = "method=\"" + escape_label(method) + "\",route=\"" +
                                   escape_label(route) + "\",status=\"" + std::to_string(status) +
                                   "\"";
        for (std::size_t i = 0; i < k_buckets.size(); ++i) {
            out += "storebridge_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
                   number(k_buckets[i]) + "\"} " + std::to_string(s.buckets[i]) + "\n";
        }
        out += "storebridge_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
               std::to_string(s.count) + "\n";
        out +=
            "storebridge_http_request_duration_seconds_sum{" + labels + "} " + number(s.sum) + "\n";
        out += "storebridge_http_request_duration_seconds_count{" + labels + "} " +
               std::to_string(s.count) + "\n";
    }
    for (const auto& [name, c] : counters_) {
        out += "# HELP " + name + " " + c.help + "\n";
        out += "# TYPE " + name + " counter\n";
        for (const auto& [labels, value] : c.series) {
            out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + std::to_string(value) +
                   "\n";
        }
    }
    return out;
}

}  // namespace sb::http
