#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The names of every series /metrics shows besides the HTTP ones, and the one interface the
// components that count events use (http::Metrics implements it), so the domain, the sync
// workers and the connectors count without knowing of HTTP.
namespace sb::core {

// A counter: the name ends in _total, the labels are fixed per series.
struct CounterSpec {
    std::string_view name;
    std::string_view help;
};
// A gauge, read from the database when /metrics is scraped.
struct GaugeSpec {
    std::string_view name;
    std::string_view help;
};
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counters {
  public:
    virtual ~Counters() = default;
    // Adds `by` to the series of `labels` (0 makes the series visible before its first event).
    virtual void count(const CounterSpec& counter, const Labels& labels, std::uint64_t by = 1) = 0;
};

// Responses of a platform that flagged a deprecated API use, by connector.
inline constexpr CounterSpec k_platform_deprecation_notices{
    "storebridge_platform_deprecation_notices_total",
    "Platform responses that said the request used a deprecated API, by connector."};
// Records a sync stored as new or changed, by connector.
inline constexpr CounterSpec k_records_written{
    "storebridge_records_written_total",
    "Records that sync runs stored as new or changed, by connector."};
// Incoming webhook deliveries by provider and outcome: received (signed and stored),
// duplicate (already received), rejected (bad signature or payload), applied.
inline constexpr CounterSpec k_webhook_deliveries{
    "storebridge_webhook_deliveries_total",
    "Incoming webhook deliveries by provider and outcome (received, duplicate, rejected, "
    "applied)."};
// Every attempt of a call to a platform's API (retries included), by connector.
inline constexpr CounterSpec k_platform_calls{
    "storebridge_platform_calls_total",
    "Requests sent to a platform's API, each retry counted, by connector."};
// The answers among them that were throttled (429, or the store's budget said so).
inline constexpr CounterSpec k_platform_throttles{
    "storebridge_platform_throttles_total",
    "Platform answers that throttled the hub (429 or the store's API budget), by connector."};

inline constexpr GaugeSpec k_jobs{"storebridge_jobs",
                                  "Sync jobs in the database, by status and connector."};
// queue: sync_jobs (queued jobs), webhook_inbox (deliveries not applied yet), event_outbox
// (outgoing event deliveries not delivered yet).
inline constexpr GaugeSpec k_queue_depth{
    "storebridge_queue_depth",
    "Work waiting in the hub's queues: queued sync jobs (sync_jobs), webhook deliveries not "
    "applied yet (webhook_inbox), outgoing event deliveries pending (event_outbox)."};

}  // namespace sb::core
