#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Webhooks out: where an account's own app receives the hub's events (docs/events.md).
namespace sb::domain {

struct WebhookEndpoint {
    std::string id;
    std::string account_id;
    std::string url;
    std::optional<std::string> description;
    std::vector<std::string> event_types;  // filter entries: "*", "record.*", "sync.failed"
    bool enabled = true;
    // Why the hub disabled it (persistent failure); cleared when it is enabled again.
    std::optional<std::string> disabled_reason;
    // Until when deliveries are also signed with the secret a rotation replaced.
    std::optional<std::int64_t> previous_secret_until;
    std::optional<std::int64_t> last_success_at;
    std::int64_t version = 1;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

// One event's delivery to one endpoint: the log a user reads, and the outbox row.
struct EventDelivery {
    std::string id;
    std::string endpoint_id;
    std::string event_id;
    std::string event_type;
    std::int64_t event_seq = 0;
    std::string status;  // pending | delivered | failed
    std::int64_t attempts = 0;
    std::int64_t next_attempt_at = 0;  // pending only
    std::optional<std::int64_t> last_attempt_at;
    std::optional<std::int64_t> response_status;
    std::optional<std::string> last_error;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> delivered_at;
};

// An event as stored: record events keep the record's type, id and data as written, so a
// delivery hours later still carries the record as it was.
struct StoredEvent {
    std::string account_id;
    std::int64_t seq = 0;  // the account's change sequence (the change feed's `seq`)
    std::string id;        // evt_…, the deliveries' webhook-id
    std::string type;
    std::string subject;  // deliveries of one subject to one endpoint go in seq order
    std::optional<std::string> merchant_id;
    std::optional<std::string> integration_id;
    std::optional<std::string> record_type;
    std::optional<std::string> external_id;
    std::optional<std::int64_t> record_updated_at;
    std::string data;  // JSON: the record's normalized data, or the event's own object
    std::int64_t created_at = 0;
};

}  // namespace sb::domain
