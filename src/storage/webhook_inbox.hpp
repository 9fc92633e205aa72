#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/paging.hpp"
#include "domain/record.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// One verified webhook delivery for one integration, as received.
struct WebhookDelivery {
    std::string id;
    std::string account_id;
    std::string integration_id;
    std::string connector_id;
    std::string delivery_id;  // the platform's, unique per integration
    std::string topic;
    std::int64_t occurred_at = 0;  // the platform's updated_at of the change (order of apply)
    // The raw body, as signed; kept until the delivery is applied (the records then hold
    // what it said, and a redaction reaches them there), empty after.
    std::string body;
    // pending | applying | applied | recorded | ignored | failed, or rejected: signed but not
    // the topic's payload, never applied
    std::string status = "pending";
    std::int64_t attempts = 0;
    std::optional<std::string> last_error;
    std::int64_t received_at = 0;
    std::optional<std::int64_t> applied_at;
};

// What the list of an integration's deliveries filters on; unset takes every one.
struct WebhookDeliveryFilter {
    std::optional<std::string> status;  // one of WebhookDelivery::status's values
    std::optional<std::string> topic;   // exact, e.g. orders/updated
};

// What applying a delivery does to the records, in the same transaction that marks it done.
struct WebhookEffect {
    std::string status = "applied";  // applied | recorded | ignored
    std::vector<domain::Record> records;
    bool partial = false;                        // null fields of `records` keep the stored values
    std::optional<std::string> redact_customer;  // erase this customer's personal data
    std::vector<std::string> redact_orders;      // ... and these orders'
    bool redact_store = false;                   // tombstone every record of the integration
};

// A claimed delivery and what applying it does, for WebhookInbox::apply_all.
struct WebhookApplication {
    const WebhookDelivery* delivery = nullptr;
    WebhookEffect effect;
};

// What storing a delivery did.
enum class Intake {
    duplicate,  // the integration already received this delivery id
    stored,     // stored as given (pending for the applier, or rejected)
    applied,    // stored with its records written
};

// The durable inbox between the webhook endpoint and the applier: the endpoint answers once
// the delivery is stored (and, when its body alone says what changed, applied in the same
// transaction); appliers (in any server process) lease pending deliveries in the platform's
// updated_at order and apply them a batch to a transaction.
class WebhookInbox {
  public:
    virtual ~WebhookInbox() = default;
    // False when this integration already received the delivery id (a redelivery). Stored
    // with `d.status` (pending, or rejected) and `d.last_error`.
    virtual bool insert(const WebhookDelivery& d) = 0;
    // Stores the delivery already applied: `records` are upserted (by the same rule as the
    // applier's: an older updated_at never overwrites a newer one) in the transaction that
    // stores it, and it is stored `applied`. When writing the records fails, the delivery is
    // stored pending instead (the applier retries it and fails it alone). Deliveries arriving
    // together share one transaction either way (group commit).
    virtual Intake insert_applied(const WebhookDelivery& d,
                                  const std::vector<domain::Record>& records) = 0;
    // Up to `limit` pending deliveries (or ones whose applier died), oldest change first,
    // leased to `owner`.
    virtual std::vector<WebhookDelivery> claim(const std::string& owner, std::int64_t lease_ms,
                                               int limit) = 0;
    // Writes the effects and marks the deliveries, those `owner` still holds, in one
    // transaction and in the given order: each effect sees the ones before it (a partial
    // record merges over the version an earlier delivery wrote), and the upsert's rule holds
    // across them (an older updated_at never overwrites a newer one, whatever the order).
    // Returns, per delivery, whether it was still held and is now marked; on failure nothing
    // is written.
    virtual std::vector<bool> apply_all(const std::vector<WebhookApplication>& batch,
                                        const std::string& owner) = 0;
    // Hands the delivery back for another try at `retry_at`, or marks it failed (retry_at 0).
    virtual void fail(const WebhookDelivery& d, const std::string& owner, const std::string& error,
                      std::int64_t retry_at) = 0;
    // The integration's deliveries, in order of arrival (order_by received_at), without bodies.
    virtual domain::Page<WebhookDelivery> list(std::string_view account_id,
                                               std::string_view integration_id,
                                               const WebhookDeliveryFilter& filter,
                                               const domain::PageRequest& page) = 0;
};

std::unique_ptr<WebhookInbox> make_sql_webhook_inbox(sql::Database& db);

}  // namespace sb::storage
