#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>
#include <set>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/events/event_types.hpp"
#include "storage/event_outbox.hpp"
#include "storage/record_writer.hpp"

namespace sb::storage {

namespace {

using sql::Session;

constexpr std::size_t k_max_error = 500;

std::string bounded(std::string text) {
    if (text.size() > k_max_error)
        text.resize(k_max_error);
    return text;
}

}  // namespace

namespace {

struct Listeners {
    std::mutex mutex;
    std::map<std::uint64_t, std::function<void()>> all;
    std::uint64_t next = 1;
};

Listeners& listeners() {
    static Listeners l;
    return l;
}

void notify_listeners() {
    auto& l = listeners();
    std::lock_guard lock(l.mutex);
    for (auto& [id, f] : l.all)
        f();
}

}  // namespace

std::uint64_t add_events_listener(std::function<void()> f) {
    auto& l = listeners();
    std::lock_guard lock(l.mutex);
    const auto id = l.next++;
    l.all.emplace(id, std::move(f));
    return id;
}

void remove_events_listener(std::uint64_t id) {
    auto& l = listeners();
    std::lock_guard lock(l.mutex);
    l.all.erase(id);
}

std::string endpoint_secret_aad(std::string_view endpoint_id) {
    return "webhook-endpoint-secret:" + std::string(endpoint_id);
}

EventWriter::EventWriter(sql::Session& s, std::string_view account_id)
    : s_(s), account_id_(account_id) {
    for (const auto& r : s.exec("SELECT id, event_types FROM webhook_endpoints WHERE account_id = "
                                "$1 AND enabled = 1 ORDER BY created_at, id",
                                {account_id_})
                             .rows)
        endpoints_.push_back({r.text(0), domain::events::split_filter(r.text(1))});
}

std::int64_t EventWriter::append(const EventDraft& e) {
    std::vector<const Endpoint*> takers;
    for (const auto& ep : endpoints_) {
        if (domain::events::filter_matches(ep.filter, e.type))
            takers.push_back(&ep);
    }
    if (takers.empty())
        return 0;
    const std::int64_t seq = e.seq ? *e.seq : reserve_sequence(s_, account_id_, 1);
    const auto now = now_ms();
    s_.exec(
        "INSERT INTO events (account_id, seq, id, type, subject, merchant_id, integration_id,"
        " record_type, external_id, record_updated_at, data, created_at) VALUES ($1, $2, $3, $4,"
        " $5, $6, $7, $8, $9, $10, $11, $12)",
        {account_id_, seq, new_id("evt"), e.type, e.subject, sql::opt(e.merchant_id),
         sql::opt(e.integration_id), sql::opt(e.record_type), sql::opt(e.external_id),
         sql::opt(e.record_updated_at), e.data, now});
    if (!notifies_) {
        s_.after_commit(notify_listeners);
        notifies_ = true;
    }
    for (const auto* ep : takers) {
        s_.exec(
            "INSERT INTO event_deliveries (id, endpoint_id, account_id, event_seq, subject, status,"
            " attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6,"
            " $6)",
            {new_id("dlv"), ep->id, account_id_, seq, e.subject, now});
    }
    return seq;
}

namespace {

class SqlEventOutbox final : public EventOutbox {
  public:
    SqlEventOutbox(sql::Database& db, const crypto::Keyring& keys)
        : db_(db), keys_(keys), pg_(db.engine() == "postgres") {}

    std::vector<OutboundDelivery> claim(const std::string& owner, std::int64_t lease_ms,
                                        int limit) override {
        return db_.write([&](Session& s) {
            const auto now = now_ms();
            const auto until = now + lease_ms;
            // The earliest pending delivery of each (endpoint, subject) only: a later event of
            // a record waits until the earlier one is delivered or given up.
            s.exec(std::string("UPDATE event_deliveries SET lease_owner = $3, lease_expires_at = "
                               "$4, attempts = attempts + 1 WHERE id IN (SELECT d.id FROM "
                               "event_deliveries d JOIN webhook_endpoints w ON w.id = "
                               "d.endpoint_id WHERE d.status = 'pending' AND d.next_attempt_at "
                               "<= $1 AND (d.lease_expires_at IS NULL OR d.lease_expires_at < "
                               "$1) AND w.enabled = 1 AND NOT EXISTS (SELECT 1 FROM "
                               "event_deliveries p WHERE p.endpoint_id = d.endpoint_id AND "
                               "p.subject = d.subject AND p.status = 'pending' AND p.event_seq < "
                               "d.event_seq) ORDER BY d.next_attempt_at, d.event_seq LIMIT $2") +
                       (pg_ ? " FOR UPDATE OF d SKIP LOCKED)" : ")"),
                   {now, std::int64_t{limit}, owner, until});
            std::vector<OutboundDelivery> out;
            for (const auto& r :
                 s.exec("SELECT d.id, d.endpoint_id, d.attempts, d.created_at, w.url, w.secret,"
                        " w.previous_secret, w.previous_secret_until, e.account_id, e.seq, e.id,"
                        " e.type, e.subject, e.merchant_id, e.integration_id, e.record_type,"
                        " e.external_id, e.record_updated_at, e.data, e.created_at"
                        " FROM event_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id"
                        " JOIN events e ON e.account_id = d.account_id AND e.seq = d.event_seq"
                        " WHERE d.lease_owner = $1 AND d.lease_expires_at = $2 AND d.status ="
                        " 'pending' ORDER BY d.event_seq",
                        {owner, until})
                     .rows) {
                OutboundDelivery o;
                o.id = r.text(0);
                o.endpoint_id = r.text(1);
                o.attempts = r.integer(2);
                o.created_at = r.integer(3);
                o.url = r.text(4);
                const auto aad = endpoint_secret_aad(o.endpoint_id);
                o.secrets.push_back(keys_.open(r.text(5), aad));
                if (!r.is_null(6) && r.integer_or_null(7).value_or(0) > now)
                    o.secrets.push_back(keys_.open(r.text(6), aad));
                auto& e = o.event;
                e.account_id = r.text(8);
                e.seq = r.integer(9);
                e.id = r.text(10);
                e.type = r.text(11);
                e.subject = r.text(12);
                e.merchant_id = r.text_or_null(13);
                e.integration_id = r.text_or_null(14);
                e.record_type = r.text_or_null(15);
                e.external_id = r.text_or_null(16);
                e.record_updated_at = r.integer_or_null(17);
                e.data = r.text(18);
                e.created_at = r.integer(19);
                out.push_back(std::move(o));
            }
            return out;
        });
    }

    void settle(const std::vector<DeliveryOutcome>& outcomes, const std::string& owner) override {
        if (outcomes.empty())
            return;
        db_.write([&](Session& s) {
            const auto now = now_ms();
            std::set<std::string> succeeded;
            std::vector<const DeliveryOutcome*> abandoned;
            for (const auto& o : outcomes) {
                const char* status = o.delivered ? "delivered" : o.retry_at ? "pending" : "failed";
                auto r = s.exec(
                    "UPDATE event_deliveries SET status = $3, next_attempt_at = $4,"
                    " last_attempt_at = $5, response_status = $6, last_error = $7,"
                    " delivered_at = $8, lease_owner = NULL, lease_expires_at = NULL"
                    " WHERE id = $1 AND lease_owner = $2 AND status = 'pending'",
                    {o.id, owner, std::string(status), o.retry_at, now, sql::opt(o.response_status),
                     o.delivered ? sql::null() : sql::Value(bounded(o.error)),
                     o.delivered ? sql::Value(now) : sql::null()});
                if (r.affected == 0)
                    continue;  // the lease ran out and another sender has it
                if (o.delivered)
                    succeeded.insert(o.endpoint_id);
                else if (!o.retry_at)
                    abandoned.push_back(&o);
            }
            for (const auto& id : succeeded) {
                s.exec("UPDATE webhook_endpoints SET last_success_at = $2 WHERE id = $1",
                       {id, now});
            }
            for (const auto* o : abandoned)
                disable_if_failing(s, *o, now);
        });
    }

    void release(const std::vector<std::string>& ids, const std::string& owner) override {
        if (ids.empty())
            return;
        db_.write([&](Session& s) {
            for (const auto& id : ids) {
                s.exec(
                    "UPDATE event_deliveries SET lease_owner = NULL, lease_expires_at = NULL,"
                    " attempts = attempts - 1 WHERE id = $1 AND lease_owner = $2 AND status ="
                    " 'pending'",
                    {id, owner});
            }
        });
    }

    std::int64_t prune(std::int64_t cutoff) override {
        return db_.write([&](Session& s) {
            auto d =
                s.exec("DELETE FROM event_deliveries WHERE status <> 'pending' AND created_at < $1",
                       {cutoff});
            auto e = s.exec(
                "DELETE FROM events WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM "
                "event_deliveries d WHERE d.account_id = events.account_id AND d.event_seq = "
                "events.seq)",
                {cutoff});
            return d.affected + e.affected;
        });
    }

  private:
    // An endpoint that has delivered nothing since the given-up delivery was created has
    // failed for the whole retry schedule: it is disabled, and the account told.
    static void disable_if_failing(Session& s, const DeliveryOutcome& o, std::int64_t now) {
        const std::string reason = bounded("deliveries failing since " + format_time(o.created_at) +
                                           ", the last: " + o.error);
        auto r = s.exec(
            "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $2, version = version + "
            "1, updated_at = $3 WHERE id = $1 AND enabled = 1 AND (last_success_at IS NULL OR "
            "last_success_at < $4) RETURNING account_id, url",
            {o.endpoint_id, reason, now, o.created_at});
        if (r.rows.empty())
            return;
        EventWriter events(s, r.rows[0].text(0));
        if (!events.wanted())
            return;
        boost::json::object data{
            {"endpoint_id", o.endpoint_id}, {"url", r.rows[0].text(1)}, {"reason", reason}};
        events.append({.type = "webhook_endpoint.disabled",
                       .subject = "webhook_endpoint:" + o.endpoint_id,
                       .data = boost::json::serialize(data)});
    }

    sql::Database& db_;
    const crypto::Keyring& keys_;
    bool pg_;
};

}  // namespace

std::unique_ptr<EventOutbox> make_sql_event_outbox(sql::Database& db, const crypto::Keyring& keys) {
    return std::make_unique<SqlEventOutbox>(db, keys);
}

}  // namespace sb::storage
