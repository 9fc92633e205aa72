#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keyring.hpp"
#include "domain/webhook_endpoint.hpp"
#include "storage/sql.hpp"

// The outbox of events to the accounts' webhook endpoints. Events are written in the
// transaction of the change they announce, with one pending delivery per endpoint that takes
// them, so a crash loses none; senders lease due deliveries and settle them.
namespace sb::storage {

// An event to append. Record events give `seq` (the record's change sequence); others get
// the account's next one.
struct EventDraft {
    std::string type;
    std::string subject;
    std::optional<std::string> merchant_id;
    std::optional<std::string> integration_id;
    std::optional<std::string> record_type;
    std::optional<std::string> external_id;
    std::optional<std::int64_t> record_updated_at;
    std::string data;  // a JSON object
    std::optional<std::int64_t> seq;
};

// Listeners told, after the commit, that a transaction appended events (a sender wakes up
// rather than waiting for its next poll). Process-wide; a listener must be cheap and must
// not throw. Returns an id for remove_events_listener.
std::uint64_t add_events_listener(std::function<void()> f);
void remove_events_listener(std::uint64_t id);

// Appends events inside the caller's transaction. It reads the account's enabled endpoints
// once; wanted() is false when none exists, so writers skip building events nobody takes.
class EventWriter {
  public:
    EventWriter(sql::Session& s, std::string_view account_id);
    bool wanted() const { return !endpoints_.empty(); }
    // The event (unless no endpoint takes it) and its deliveries. Returns its seq, or 0.
    std::int64_t append(const EventDraft& e);

  private:
    struct Endpoint {
        std::string id;
        std::vector<std::string> filter;
    };
    sql::Session& s_;
    std::string account_id_;
    std::vector<Endpoint> endpoints_;
    bool notifies_ = false;
};

// A delivery leased to a sender, with what it needs to send it.
struct OutboundDelivery {
    std::string id;
    std::string endpoint_id;
    std::string url;
    std::vector<std::string> secrets;  // whsec_…; the active one first
    std::int64_t attempts = 0;         // including this one
    std::int64_t created_at = 0;
    domain::StoredEvent event;
};

struct DeliveryOutcome {
    std::string id;
    std::string endpoint_id;
    std::int64_t created_at = 0;  // the delivery's
    bool delivered = false;
    std::optional<std::int64_t> response_status;
    std::string error;          // when not delivered
    std::int64_t retry_at = 0;  // not delivered: when to try again; 0 gives up
};

class EventOutbox {
  public:
    virtual ~EventOutbox() = default;
    // Due pending deliveries of enabled endpoints, at most one per (endpoint, subject): the
    // earliest undelivered event of each, so a subject's events arrive in order.
    virtual std::vector<OutboundDelivery> claim(const std::string& owner, std::int64_t lease_ms,
                                                int limit) = 0;
    // In one transaction. A delivery given up on disables its endpoint when the endpoint
    // has delivered nothing since that delivery was created (webhook_endpoint.disabled).
    virtual void settle(const std::vector<DeliveryOutcome>& outcomes, const std::string& owner) = 0;
    // Leased deliveries handed back unsent (the attempt is not counted).
    virtual void release(const std::vector<std::string>& ids, const std::string& owner) = 0;
    // Settled deliveries and the events no pending delivery needs, created before `cutoff`.
    virtual std::int64_t prune(std::int64_t cutoff) = 0;
};

std::unique_ptr<EventOutbox> make_sql_event_outbox(sql::Database& db, const crypto::Keyring& keys);

// The additional data bound into an endpoint's sealed secrets.
std::string endpoint_secret_aad(std::string_view endpoint_id);

}  // namespace sb::storage
