#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/events/event_types.hpp"
#include "storage/event_outbox.hpp"
#include "storage/keyset.hpp"
#include "storage/webhook_endpoint_store.hpp"

namespace sb::storage {

namespace {

using sql::Session;

constexpr std::string_view k_columns =
    "id, account_id, url, description, event_types, enabled, disabled_reason,"
    " previous_secret_until, last_success_at, version, created_at, updated_at";

domain::WebhookEndpoint endpoint_from(const sql::Row& r) {
    domain::WebhookEndpoint e;
    e.id = r.text(0);
    e.account_id = r.text(1);
    e.url = r.text(2);
    e.description = r.text_or_null(3);
    e.event_types = domain::events::split_filter(r.text(4));
    e.enabled = r.integer(5) != 0;
    e.disabled_reason = r.text_or_null(6);
    e.previous_secret_until = r.integer_or_null(7);
    e.last_success_at = r.integer_or_null(8);
    e.version = r.integer(9);
    e.created_at = r.integer(10);
    e.updated_at = r.integer(11);
    return e;
}

constexpr std::string_view k_delivery_columns =
    "d.id, d.endpoint_id, e.id, e.type, d.event_seq, d.status, d.attempts, d.next_attempt_at,"
    " d.last_attempt_at, d.response_status, d.last_error, d.created_at, d.delivered_at";
constexpr std::string_view k_delivery_from =
    " FROM event_deliveries d JOIN events e ON e.account_id = d.account_id AND e.seq ="
    " d.event_seq";

domain::EventDelivery delivery_from(const sql::Row& r) {
    domain::EventDelivery d;
    d.id = r.text(0);
    d.endpoint_id = r.text(1);
    d.event_id = r.text(2);
    d.event_type = r.text(3);
    d.event_seq = r.integer(4);
    d.status = r.text(5);
    d.attempts = r.integer(6);
    d.next_attempt_at = r.integer(7);
    d.last_attempt_at = r.integer_or_null(8);
    d.response_status = r.integer_or_null(9);
    d.last_error = r.text_or_null(10);
    d.created_at = r.integer(11);
    d.delivered_at = r.integer_or_null(12);
    return d;
}

class SqlWebhookEndpointStore final : public WebhookEndpointStore {
  public:
    SqlWebhookEndpointStore(sql::Database& db, const crypto::Keyring& keys)
        : db_(db), keys_(keys) {}

    void insert(const domain::WebhookEndpoint& e, const std::string& secret) override {
        db_.write([&](Session& s) {
            s.exec(
                "INSERT INTO webhook_endpoints (id, account_id, url, description, event_types,"
                " enabled, disabled_reason, secret, version, created_at, updated_at) VALUES ($1,"
                " $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10)",
                {e.id, e.account_id, e.url, sql::opt(e.description),
                 domain::events::join_filter(e.event_types), std::int64_t{e.enabled ? 1 : 0},
                 keys_.seal(secret, endpoint_secret_aad(e.id)), e.version, e.created_at,
                 e.updated_at});
        });
    }

    std::optional<domain::WebhookEndpoint> find(std::string_view account_id,
                                                std::string_view id) override {
        auto r = db_.query("SELECT " + std::string(k_columns) +
                               " FROM webhook_endpoints WHERE account_id = $1 AND id = $2",
                           {std::string(account_id), std::string(id)});
        if (r.rows.empty())
            return std::nullopt;
        return endpoint_from(r.rows[0]);
    }

    domain::Page<domain::WebhookEndpoint> list(std::string_view account_id,
                                               const domain::PageRequest& page) override {
        const std::string col = page.order_field == "updated_at" ? "updated_at" : "created_at";
        auto clause = keyset_clause(page, col, 2);
        std::vector<sql::Value> params{std::string(account_id)};
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        std::vector<domain::WebhookEndpoint> rows;
        for (const auto& r :
             db_.query("SELECT " + std::string(k_columns) +
                           " FROM webhook_endpoints WHERE account_id = $1" + clause.sql,
                       params)
                 .rows)
            rows.push_back(endpoint_from(r));
        return make_page(std::move(rows), page, [&](const domain::WebhookEndpoint& e) {
            return domain::SortValue(col == "updated_at" ? e.updated_at : e.created_at);
        });
    }

    WriteResult update(const domain::WebhookEndpoint& e, std::int64_t expected_version) override {
        return db_.write([&](Session& s) {
            auto r = s.exec(
                "UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5,"
                " enabled = $6, disabled_reason = $7, version = version + 1, updated_at = $8"
                " WHERE account_id = $1 AND id = $2 AND ($9 = 0 OR version = $9)",
                {e.account_id, e.id, e.url, sql::opt(e.description),
                 domain::events::join_filter(e.event_types), std::int64_t{e.enabled ? 1 : 0},
                 sql::opt(e.disabled_reason), e.updated_at, expected_version});
            return settled(s, r, e.account_id, e.id);
        });
    }

    WriteResult remove(std::string_view account_id, std::string_view id,
                       std::int64_t expected_version) override {
        return db_.write([&](Session& s) {
            auto r = s.exec(
                "DELETE FROM webhook_endpoints WHERE account_id = $1 AND id = $2 AND ($3 = 0 OR"
                " version = $3)",
                {std::string(account_id), std::string(id), expected_version});
            return settled(s, r, account_id, id);
        });
    }

    WriteResult rotate_secret(std::string_view account_id, std::string_view id,
                              const std::string& secret, std::int64_t previous_until) override {
        return db_.write([&](Session& s) {
            auto r = s.exec(
                "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $4,"
                " secret = $3, version = version + 1, updated_at = $5"
                " WHERE account_id = $1 AND id = $2",
                {std::string(account_id), std::string(id),
                 keys_.seal(secret, endpoint_secret_aad(id)), previous_until, now_ms()});
            return settled(s, r, account_id, id);
        });
    }

    domain::Page<domain::EventDelivery> deliveries(std::string_view account_id,
                                                   std::string_view endpoint_id,
                                                   const std::optional<std::string>& status,
                                                   const domain::PageRequest& page) override {
        auto clause = keyset_clause(page, "d.created_at", 4, "d.id");
        std::vector<sql::Value> params{std::string(account_id), std::string(endpoint_id),
                                       sql::opt(status)};
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        std::vector<domain::EventDelivery> rows;
        for (const auto& r :
             db_.query("SELECT " + std::string(k_delivery_columns) + std::string(k_delivery_from) +
                           " WHERE d.account_id = $1 AND d.endpoint_id = $2 AND"
                           " (CAST($3 AS TEXT) IS NULL OR d.status = $3)" +
                           clause.sql,
                       params)
                 .rows)
            rows.push_back(delivery_from(r));
        return make_page(std::move(rows), page, [](const domain::EventDelivery& d) {
            return domain::SortValue(d.created_at);
        });
    }

    std::optional<domain::EventDelivery> delivery(std::string_view account_id,
                                                  std::string_view endpoint_id,
                                                  std::string_view delivery_id) override {
        return db_.read(
            [&](Session& s) { return find_delivery(s, account_id, endpoint_id, delivery_id); });
    }

    std::optional<domain::EventDelivery> replay(std::string_view account_id,
                                                std::string_view endpoint_id,
                                                std::string_view delivery_id) override {
        return db_.write([&](Session& s) -> std::optional<domain::EventDelivery> {
            auto old = find_delivery(s, account_id, endpoint_id, delivery_id);
            if (!old)
                return std::nullopt;
            const auto id = new_id("dlv");
            s.exec(
                "INSERT INTO event_deliveries (id, endpoint_id, account_id, event_seq, subject,"
                " status, attempts, next_attempt_at, created_at) SELECT $1, endpoint_id,"
                " account_id, event_seq, subject, 'pending', 0, CAST($3 AS BIGINT), CAST($3 AS "
                "BIGINT) FROM event_deliveries"
                " WHERE id = $2",
                {id, std::string(delivery_id), now_ms()});
            return find_delivery(s, account_id, endpoint_id, id);
        });
    }

    ReplayResult replay_range(std::string_view account_id, std::string_view endpoint_id,
                              std::int64_t since, std::int64_t until, int limit) override {
        return db_.write([&](Session& s) {
            ReplayResult out;
            auto ep = s.exec(
                "SELECT event_types FROM webhook_endpoints WHERE account_id = $1 AND id = $2",
                {std::string(account_id), std::string(endpoint_id)});
            if (ep.rows.empty())
                return out;
            const auto filter = domain::events::split_filter(ep.rows[0].text(0));
            const auto now = now_ms();
            auto events = s.exec(
                "SELECT seq, type, subject, created_at FROM events WHERE account_id = $1 AND"
                " created_at >= $2 AND created_at < $3 ORDER BY created_at, seq LIMIT $4",
                {std::string(account_id), since, until, std::int64_t{limit + 1}});
            int taken = 0;
            for (const auto& r : events.rows) {
                if (taken == limit) {
                    out.resume_at = r.integer(3);
                    break;
                }
                ++taken;
                if (!domain::events::filter_matches(filter, r.text(1)))
                    continue;
                s.exec(
                    "INSERT INTO event_deliveries (id, endpoint_id, account_id, event_seq,"
                    " subject, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3,"
                    " $4, $5, 'pending', 0, $6, $6)",
                    {new_id("dlv"), std::string(endpoint_id), std::string(account_id), r.integer(0),
                     r.text(2), now});
                ++out.replayed;
            }
            return out;
        });
    }

  private:
    static std::optional<domain::EventDelivery> find_delivery(Session& s,
                                                              std::string_view account_id,
                                                              std::string_view endpoint_id,
                                                              std::string_view delivery_id) {
        auto r =
            s.exec("SELECT " + std::string(k_delivery_columns) + std::string(k_delivery_from) +
                       " WHERE d.account_id = $1 AND d.endpoint_id = $2 AND d.id = $3",
                   {std::string(account_id), std::string(endpoint_id), std::string(delivery_id)});
        if (r.rows.empty())
            return std::nullopt;
        return delivery_from(r.rows[0]);
    }

    static WriteResult settled(Session& s, const sql::Result& r, std::string_view account_id,
                               std::string_view id) {
        if (r.affected == 1)
            return WriteResult::ok;
        auto e = s.exec("SELECT 1 FROM webhook_endpoints WHERE account_id = $1 AND id = $2",
                        {std::string(account_id), std::string(id)});
        return e.rows.empty() ? WriteResult::not_found : WriteResult::version_mismatch;
    }

    sql::Database& db_;
    const crypto::Keyring& keys_;
};

}  // namespace

std::unique_ptr<WebhookEndpointStore> make_sql_webhook_endpoint_store(sql::Database& db,
                                                                      const crypto::Keyring& keys) {
    return std::make_unique<SqlWebhookEndpointStore>(db, keys);
}

}  // namespace sb::storage
