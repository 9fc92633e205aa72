#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "core/time.hpp"
#include "domain/data_types.hpp"
#include "domain/integration.hpp"
#include "storage/event_outbox.hpp"
#include "storage/group_commit.hpp"
#include "storage/keyset.hpp"
#include "storage/record_writer.hpp"
#include "storage/webhook_inbox.hpp"

namespace sb::storage {

namespace {

namespace json = boost::json;
using sql::Session;

constexpr std::string_view k_columns =
    "id, account_id, integration_id, connector_id, delivery_id, topic, occurred_at, status, "
    "attempts, last_error, received_at, applied_at";

WebhookDelivery from_row(const sql::Row& r, bool with_body) {
    WebhookDelivery d;
    d.id = r.text(0);
    d.account_id = r.text(1);
    d.integration_id = r.text(2);
    d.connector_id = r.text(3);
    d.delivery_id = r.text(4);
    d.topic = r.text(5);
    d.occurred_at = r.integer(6);
    d.status = r.text(7);
    d.attempts = r.integer(8);
    d.last_error = r.text_or_null(9);
    d.received_at = r.integer(10);
    d.applied_at = r.integer_or_null(11);
    if (with_body)
        d.body = r.text(12);
    return d;
}

json::object parse_object(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    return !ec && v.is_object() ? std::move(v.as_object()) : json::object{};
}

// The personal data a record of each type carries (docs/records.md), erased on redaction.
const std::vector<std::string_view>& personal_fields(std::string_view type) {
    static const std::vector<std::string_view> order{
        "email", "phone", "note", "customer", "billing_address", "shipping_address"};
    static const std::vector<std::string_view> cart{"email", "customer_id", "billing_address",
                                                    "recovery_url"};
    static const std::vector<std::string_view> none;
    if (type == domain::data_type_name(domain::DataType::order))
        return order;
    if (type == domain::data_type_name(domain::DataType::cart))
        return cart;
    return none;
}

struct Stored {
    std::string type;
    std::string external_id;
    std::optional<std::string> parent;
    std::int64_t updated_at = 0;
    std::string data;
};

std::optional<Stored> stored_record(Session& s, std::string_view integration_id,
                                    std::string_view type, std::string_view external_id) {
    auto r = s.exec(
        "SELECT type, external_id, parent_external_id, updated_at, data FROM records"
        " WHERE integration_id = $1 AND type = $2 AND external_id = $3 AND deleted = 0",
        {std::string(integration_id), std::string(type), std::string(external_id)});
    if (r.rows.empty())
        return std::nullopt;
    const auto& row = r.rows[0];
    return Stored{row.text(0), row.text(1), row.text_or_null(2), row.integer(3), row.text(4)};
}

domain::Record rewritten(const Stored& st, bool deleted, std::string data) {
    domain::Record r;
    r.type = domain::parse_data_type(st.type).value_or(domain::DataType::order);
    r.external_id = st.external_id;
    r.parent_external_id = st.parent;
    r.updated_at = st.updated_at;  // the same platform time: the erased version replaces it
    r.deleted = deleted;
    r.data = std::move(data);
    r.raw = "{}";  // the platform payload carries the same personal data
    return r;
}

// The record with its personal fields set to null.
domain::Record scrubbed(const Stored& st) {
    auto data = parse_object(st.data);
    for (auto key : personal_fields(st.type)) {
        if (data.contains(key))
            data[key] = nullptr;
    }
    data["redacted"] = true;
    return rewritten(st, false, json::serialize(data));
}

domain::Record tombstone(const Stored& st) {
    return rewritten(st, true, json::serialize(json::object{{"id", st.external_id}}));
}

// webhook_delivery.rejected: a signed delivery from a store that is not its topic's
// payload, kept and never applied. The event names it; the body stays in the hub.
void append_rejected_event(Session& s, const WebhookDelivery& d) {
    EventWriter events(s, d.account_id);
    if (!events.wanted())
        return;
    auto m = s.exec("SELECT merchant_id FROM integrations WHERE id = $1", {d.integration_id});
    std::optional<std::string> merchant;
    if (!m.rows.empty())
        merchant = m.rows[0].text(0);
    boost::json::object data{
        {"delivery_id", d.id},
        {"platform_delivery_id", d.delivery_id},
        {"integration_id", d.integration_id},
        {"organization_id", merchant ? boost::json::value(*merchant) : boost::json::value(nullptr)},
        {"connector_id", d.connector_id},
        {"topic", d.topic},
        {"error", d.last_error ? boost::json::value(*d.last_error) : boost::json::value(nullptr)},
        {"received_at", format_time(d.received_at)}};
    events.append({.type = "webhook_delivery.rejected",
                   .subject = "integration:" + d.integration_id,
                   .merchant_id = merchant,
                   .integration_id = d.integration_id,
                   .data = boost::json::serialize(data)});
}

// The records of consecutive deliveries of one integration, upserted in one call: one
// sequence reservation and one look-up of the account's endpoints for a whole batch rather
// than one per delivery. Upserted in the order added, so the newest updated_at of a record
// ends stored whatever the deliveries' order.
class RecordBatch {
  public:
    explicit RecordBatch(Session& s) : s_(s) {}
    void add(const std::string& account_id, const std::string& integration_id,
             std::vector<domain::Record> records) {
        if (records.empty())
            return;
        if (account_id != account_id_ || integration_id != integration_id_)
            flush();
        account_id_ = account_id;
        integration_id_ = integration_id;
        std::move(records.begin(), records.end(), std::back_inserter(records_));
    }
    void flush() {
        if (records_.empty())
            return;
        upsert_records(s_, account_id_, integration_id_, records_);
        records_.clear();
    }

  private:
    Session& s_;
    std::string account_id_;
    std::string integration_id_;
    std::vector<domain::Record> records_;
};

// A delivery handed to the group commit, with the records to write with it (or none).
struct Arrival {
    const WebhookDelivery* delivery = nullptr;
    const std::vector<domain::Record>* records = nullptr;
};

class SqlWebhookInbox final : public WebhookInbox {
  public:
    explicit SqlWebhookInbox(sql::Database& db)
        : db_(db),
          pg_(db.engine() == "postgres"),
          inserts_([this](const std::vector<const Arrival*>& as) { return insert_all(as); }) {}

    // Deliveries arriving together are stored in one transaction (group commit): each caller
    // still answers only once its delivery is durable.
    bool insert(const WebhookDelivery& d) override {
        return inserts_.submit({&d, nullptr}) != Intake::duplicate;
    }

    Intake insert_applied(const WebhookDelivery& d,
                          const std::vector<domain::Record>& records) override {
        return inserts_.submit({&d, &records});
    }

    std::vector<WebhookDelivery> claim(const std::string& owner, std::int64_t lease_ms,
                                       int limit) override {
        auto out = db_.write([&](Session& s) {
            const auto now = now_ms();
            // One statement for the whole batch. A pending row's lease_expires_at is its "not
            // before" after a failed attempt. On PostgreSQL, SKIP LOCKED lets appliers of other
            // servers claim other rows at the same time instead of the same ones.
            auto r = s.exec(
                "UPDATE webhook_events SET status = 'applying', lease_owner = $3,"
                " lease_expires_at = $4, attempts = attempts + 1 WHERE id IN (SELECT id FROM"
                " webhook_events WHERE (status = 'pending' AND (lease_expires_at IS NULL OR"
                " lease_expires_at <= $1)) OR (status = 'applying' AND lease_expires_at < $1)"
                " ORDER BY occurred_at, received_at, id LIMIT $2" +
                    std::string(pg_ ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " +
                    std::string(k_columns) + ", body",
                {now, std::int64_t{limit}, owner, now + lease_ms});
            std::vector<WebhookDelivery> claimed;
            claimed.reserve(r.rows.size());
            for (const auto& row : r.rows)
                claimed.push_back(from_row(row, true));
            return claimed;
        });
        // RETURNING gives no order: the platform's order of changes, as selected.
        std::sort(out.begin(), out.end(), [](const WebhookDelivery& a, const WebhookDelivery& b) {
            return std::tie(a.occurred_at, a.received_at, a.id) <
                   std::tie(b.occurred_at, b.received_at, b.id);
        });
        return out;
    }

    std::vector<bool> apply_all(const std::vector<WebhookApplication>& batch,
                                const std::string& owner) override {
        return db_.write([&](Session& s) {
            RecordBatch writes(s);
            std::vector<bool> marked;
            marked.reserve(batch.size());
            for (const auto& a : batch)
                marked.push_back(write_effect(s, writes, *a.delivery, owner, a.effect));
            writes.flush();
            return marked;
        });
    }

    void fail(const WebhookDelivery& d, const std::string& owner, const std::string& error,
              std::int64_t retry_at) override {
        db_.write([&](Session& s) {
            s.exec(
                "UPDATE webhook_events SET status = $3, last_error = $4, lease_owner = NULL,"
                " lease_expires_at = $5 WHERE id = $1 AND lease_owner = $2",
                {d.id, owner, std::string(retry_at == 0 ? "failed" : "pending"), error,
                 retry_at == 0 ? sql::null() : sql::Value(retry_at)});
        });
    }

    domain::Page<WebhookDelivery> list(std::string_view account_id, std::string_view integration_id,
                                       const WebhookDeliveryFilter& filter,
                                       const domain::PageRequest& page) override {
        std::vector<sql::Value> params{std::string(account_id), std::string(integration_id)};
        std::string where = " FROM webhook_events WHERE account_id = $1 AND integration_id = $2";
        for (const auto& [column, value] :
             {std::pair{"status", filter.status}, std::pair{"topic", filter.topic}}) {
            if (!value)
                continue;
            params.emplace_back(*value);
            where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
        }
        auto clause = keyset_clause(page, "received_at", static_cast<int>(params.size()) + 1);
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        auto rows = db_.read([&](Session& s) {
            std::vector<WebhookDelivery> out;
            for (auto& r :
                 s.exec("SELECT " + std::string(k_columns) + where + clause.sql, params).rows)
                out.push_back(from_row(r, false));
            return out;
        });
        return make_page(std::move(rows), page, [](const WebhookDelivery& d) -> domain::SortValue {
            return d.received_at;
        });
    }

  private:
    // Marks the delivery and queues its effect's records, if `owner` still holds it. Effects
    // that read stored records (partial records, redactions) first flush what earlier
    // deliveries of the batch queued, so they read those versions.
    static bool write_effect(Session& s, RecordBatch& writes, const WebhookDelivery& d,
                             const std::string& owner, const WebhookEffect& effect) {
        auto mine = s.exec(
            "UPDATE webhook_events SET status = $3, applied_at = $4, lease_owner = NULL,"
            " lease_expires_at = NULL, last_error = NULL,"
            " body = CASE WHEN $3 = 'applied' THEN '' ELSE body END"
            " WHERE id = $1 AND lease_owner = $2 AND status = 'applying'",
            {d.id, owner, effect.status, now_ms()});
        if (mine.affected == 0)
            return false;  // another applier took it over
        const bool reads = effect.partial || effect.redact_customer ||
                           !effect.redact_orders.empty() || effect.redact_store;
        if (reads)
            writes.flush();
        std::vector<domain::Record> records;
        records.reserve(effect.records.size());
        for (const auto& r : effect.records) {
            if (!effect.partial || r.deleted) {
                records.push_back(r);
                continue;
            }
            records.push_back(merged(s, d.integration_id, r));
        }
        if (effect.redact_customer) {
            const auto customer = domain::data_type_name(domain::DataType::customer);
            if (auto st = stored_record(s, d.integration_id, customer, *effect.redact_customer))
                records.push_back(tombstone(*st));
        }
        for (const auto& order_id : effect.redact_orders) {
            const auto order = domain::data_type_name(domain::DataType::order);
            if (auto st = stored_record(s, d.integration_id, order, order_id))
                records.push_back(scrubbed(*st));
        }
        writes.add(d.account_id, d.integration_id, std::move(records));
        if (effect.redact_store) {
            writes.flush();
            erase_all(s, d);
        }
        return true;
    }

    // A group of arrivals. Records to apply go in with their deliveries; if writing them
    // fails, the group is stored again without them (pending, for the applier, which fails
    // the culprit alone), so one bad record never refuses the others' deliveries.
    std::vector<Intake> insert_all(const std::vector<const Arrival*>& as) {
        if (std::any_of(as.begin(), as.end(), [](const Arrival* a) { return a->records; })) {
            try {
                return store_all(as, true);
            } catch (const std::exception&) {
                // stored pending below
            }
        }
        return store_all(as, false);
    }

    std::vector<Intake> store_all(const std::vector<const Arrival*>& as, bool apply) {
        return db_.write([&](Session& s) {
            RecordBatch writes(s);
            const auto now = now_ms();
            // Whether each integration may still take records, read once a group inside its
            // transaction: the caller's view of it may be a moment old (deleted or revoked
            // since). Those deliveries are stored pending; the applier ignores them.
            std::map<std::string, bool, std::less<>> live;
            auto takes_records = [&](const std::string& integration_id) {
                auto it = live.find(integration_id);
                if (it == live.end()) {
                    const bool yes =
                        !s.exec(
                              "SELECT 1 FROM integrations WHERE id = $1 AND"
                              " deleted_at IS NULL AND status <> $2",
                              {integration_id, std::string(domain::status_name(
                                                   domain::IntegrationStatus::revoked))})
                             .rows.empty();
                    it = live.emplace(integration_id, yes).first;
                }
                return it->second;
            };
            std::vector<bool> applies;
            applies.reserve(as.size());
            for (const auto* a : as)
                applies.push_back(apply && a->records &&
                                  takes_records(a->delivery->integration_id));
            const auto inserted = insert_rows(s, as, applies, now);
            std::vector<Intake> out;
            out.reserve(as.size());
            for (std::size_t i = 0; i < as.size(); ++i) {
                const auto& d = *as[i]->delivery;
                if (!inserted.contains(d.id)) {
                    out.push_back(Intake::duplicate);
                    continue;
                }
                if (d.status == "rejected")
                    append_rejected_event(s, d);
                if (applies[i])
                    writes.add(d.account_id, d.integration_id, *as[i]->records);
                out.push_back(applies[i] ? Intake::applied : Intake::stored);
            }
            writes.flush();
            return out;
        });
    }

    // The group's rows, k_rows_per_insert to a statement (one round trip each on PostgreSQL);
    // returns the ids of those inserted (a redelivery's row is not).
    static std::set<std::string> insert_rows(Session& s, const std::vector<const Arrival*>& as,
                                             const std::vector<bool>& applies, std::int64_t now) {
        constexpr std::size_t k_rows_per_insert = 50;
        std::set<std::string> inserted;
        for (std::size_t first = 0; first < as.size(); first += k_rows_per_insert) {
            const auto n = std::min(k_rows_per_insert, as.size() - first);
            std::string sql =
                "INSERT INTO webhook_events (id, account_id, integration_id, connector_id,"
                " delivery_id, topic, occurred_at, body, status, attempts, received_at,"
                " last_error, applied_at) VALUES ";
            std::vector<sql::Value> params;
            for (std::size_t i = first; i < first + n; ++i) {
                const auto& d = *as[i]->delivery;
                const bool applied = applies[i];
                sql::append_values_row(
                    sql, params,
                    {d.id, d.account_id, d.integration_id, d.connector_id, d.delivery_id, d.topic,
                     d.occurred_at, applied ? std::string() : d.body,
                     applied ? std::string("applied") : d.status, std::int64_t{applied ? 1 : 0},
                     d.received_at, sql::opt(d.last_error),
                     applied ? sql::Value(now) : sql::null()},
                    i == first);
            }
            sql += " ON CONFLICT (integration_id, delivery_id) DO NOTHING RETURNING id";
            for (const auto& r : s.exec(sql, params).rows)
                inserted.insert(r.text(0));
        }
        return inserted;
    }

    // A partial record over the stored one: its null fields keep the stored values.
    static domain::Record merged(Session& s, std::string_view integration_id,
                                 const domain::Record& r) {
        auto st = stored_record(s, integration_id, domain::data_type_name(r.type), r.external_id);
        if (!st)
            return r;
        auto base = parse_object(st->data);
        for (const auto& [k, v] : parse_object(r.data)) {
            if (!v.is_null() || !base.contains(k))
                base[k] = v;
        }
        domain::Record out = r;
        out.data = json::serialize(base);
        return out;
    }

    // shop/redact: every live record of the integration becomes a tombstone.
    static void erase_all(Session& s, const WebhookDelivery& d) {
        std::vector<domain::Record> erased;
        for (const auto& row :
             s.exec("SELECT type, external_id, parent_external_id, updated_at, data FROM records"
                    " WHERE integration_id = $1 AND deleted = 0",
                    {d.integration_id})
                 .rows) {
            erased.push_back(tombstone(Stored{row.text(0), row.text(1), row.text_or_null(2),
                                              row.integer(3), std::string()}));
        }
        upsert_records(s, d.account_id, d.integration_id, erased);
    }

    sql::Database& db_;
    bool pg_;
    GroupCommit<Arrival, Intake> inserts_;
};

}  // namespace

std::unique_ptr<WebhookInbox> make_sql_webhook_inbox(sql::Database& db) {
    return std::make_unique<SqlWebhookInbox>(db);
}

}  // namespace sb::storage
