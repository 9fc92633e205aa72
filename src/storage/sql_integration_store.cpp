#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"
#include "storage/audit_log.hpp"
#include "storage/event_outbox.hpp"
#include "storage/field_codec.hpp"
#include "storage/integration_store.hpp"
#include "storage/keyset.hpp"
#include "storage/record_writer.hpp"
#include "storage/sync_job_rows.hpp"

namespace sb::storage {

std::string integration_credentials_aad(std::string_view integration_id) {
    return "integration:" + std::string(integration_id);
}

namespace {

using sql::Session;

constexpr std::string_view k_columns =
    "id, account_id, merchant_id, connector_id, name, status, source, settings, "
    "credentials_sealed, metadata,"
    " requested_data_types, order_sync_enabled, product_sync_enabled, stock_sync_enabled,"
    " order_sync_updated_at, product_sync_updated_at, connect_token_hash, version, created_at, "
    "updated_at, store";

std::string_view sort_column(std::string_view field) {
    if (field == "updated_at")
        return "updated_at";
    if (field == "name")
        return "name";
    return "created_at";
}

domain::SortValue sort_value(std::string_view col, const domain::Integration& i) {
    if (col == "name")
        return i.name;
    if (col == "updated_at")
        return i.updated_at;
    return i.created_at;
}

std::int64_t flag(bool b) {
    return b ? 1 : 0;
}

// A delete that found the row changed after it read it: the transaction is rolled back.
struct Unchanged {
    WriteResult result;
};

std::optional<std::string> status_of(Session& s, std::string_view id) {
    auto r = s.exec("SELECT status FROM integrations WHERE id = $1", {std::string(id)});
    return r.rows.empty() ? std::nullopt : std::optional<std::string>(r.rows[0].text(0));
}

// integration.connected / .error / .revoked for the account's webhook endpoints, in the
// transaction that changed the status.
void append_status_event(Session& s, std::string_view id,
                         const std::optional<std::string>& previous) {
    auto r = s.exec(
        "SELECT account_id, merchant_id, connector_id, name, status FROM integrations WHERE id = "
        "$1",
        {std::string(id)});
    if (r.rows.empty())
        return;
    const auto& row = r.rows[0];
    const std::string& status = row.text(4);
    if (previous == status)
        return;
    const char* type = status == "CONNECTED" ? "integration.connected"
                       : status == "ERROR"   ? "integration.error"
                       : status == "REVOKED" ? "integration.revoked"
                                             : nullptr;
    if (!type)
        return;
    EventWriter events(s, row.text(0));
    if (!events.wanted())
        return;
    boost::json::object data{{"integration_id", std::string(id)},
                             {"organization_id", row.text(1)},
                             {"connector_id", row.text(2)},
                             {"name", row.text(3)},
                             {"status", status},
                             {"previous_status", previous ? boost::json::value(*previous)
                                                          : boost::json::value(nullptr)}};
    events.append({.type = type,
                   .subject = "integration:" + std::string(id),
                   .merchant_id = row.text(1),
                   .integration_id = std::string(id),
                   .data = boost::json::serialize(data)});
}

class SqlIntegrationStore final : public IntegrationStore {
  public:
    SqlIntegrationStore(sql::Database& db, const crypto::Keyring& keys) : db_(db), keys_(keys) {}

    void insert(const domain::Integration& i) override {
        db_.write([&](Session& s) { insert_in(s, i); });
    }

    std::optional<domain::Integration> find(std::string_view account_id,
                                            std::string_view id) override {
        return find_one("account_id = $1 AND id = $2 AND deleted_at IS NULL",
                        {std::string(account_id), std::string(id)});
    }

    std::optional<domain::Integration> find_unscoped(std::string_view id) override {
        return find_one("id = $1 AND deleted_at IS NULL", {std::string(id)});
    }

    domain::Page<domain::Integration> list(std::string_view account_id,
                                           std::string_view merchant_id,
                                           std::optional<domain::IntegrationSource> source,
                                           const domain::PageRequest& page) override {
        const auto col = sort_column(page.order_field);
        std::string where =
            " WHERE account_id = $1 AND ($2 = '' OR merchant_id = $2) AND ($3 = '' OR source = $3)"
            " AND deleted_at IS NULL";
        auto clause = keyset_clause(page, col, 4);
        std::vector<sql::Value> params{
            std::string(account_id), std::string(merchant_id),
            source ? std::string(domain::source_name(*source)) : std::string()};
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        auto rows = db_.read([&](Session& s) {
            std::vector<domain::Integration> out;
            for (auto& r : s.exec("SELECT " + std::string(k_columns) + " FROM integrations" +
                                      where + clause.sql,
                                  params)
                               .rows) {
                out.push_back(from_row(r));
            }
            return out;
        });
        return make_page(std::move(rows), page,
                         [&](const domain::Integration& i) { return sort_value(col, i); });
    }

    WriteResult update(const domain::Integration& i, std::int64_t expected_version) override {
        return db_.write([&](Session& s) {
            const auto previous = status_of(s, i.id);
            auto r = s.exec(
                "UPDATE integrations SET name = $3, status = $4, settings = $5, credentials_sealed "
                "= $6, metadata = $7,"
                " requested_data_types = $8, order_sync_enabled = $9, product_sync_enabled = $10,"
                " stock_sync_enabled = $11, order_sync_updated_at = $12, product_sync_updated_at = "
                "$13,"
                " version = version + 1, updated_at = $14, store = $16"
                " WHERE account_id = $1 AND id = $2 AND ($15 = 0 OR version = $15)"
                " AND deleted_at IS NULL",
                {i.account_id, i.id, i.name, std::string(domain::status_name(i.status)),
                 encode_fields(i.settings), seal(i), encode_fields(i.metadata),
                 encode_data_types(i.requested_data_types), flag(i.order_sync_enabled),
                 flag(i.product_sync_enabled), flag(i.stock_sync_enabled),
                 sql::opt(i.order_sync_updated_at), sql::opt(i.product_sync_updated_at),
                 i.updated_at, expected_version,
                 i.store.empty() ? sql::null() : sql::Value(i.store)});
            if (r.affected == 1) {
                append_status_event(s, i.id, previous);
                return WriteResult::ok;
            }
            return live_version(s, i.account_id, i.id) ? WriteResult::version_mismatch
                                                       : WriteResult::not_found;
        });
    }

    WriteResult remove(std::string_view account_id, std::string_view id,
                       std::int64_t expected_version,
                       const domain::IntegrationDeletion& deletion) override {
        try {
            return db_.write([&](Session& s) {
                const auto version = live_version(s, std::string(account_id), std::string(id));
                if (!version)
                    return WriteResult::not_found;
                if (expected_version != 0 && *version != expected_version)
                    return WriteResult::version_mismatch;
                delete_in(s, std::string(account_id), std::string(id), expected_version, deletion);
                return WriteResult::ok;
            });
        } catch (const Unchanged& u) {
            return u.result;
        }
    }

    std::vector<domain::Integration> find_by_store(std::string_view connector_id,
                                                   std::string_view store) override {
        return db_.read([&](Session& s) {
            std::vector<domain::Integration> out;
            for (auto& r : s.exec("SELECT " + std::string(k_columns) +
                                      " FROM integrations WHERE connector_id = $1 AND store = $2"
                                      " AND deleted_at IS NULL"
                                      " ORDER BY created_at, id",
                                  {std::string(connector_id), std::string(store)})
                               .rows)
                out.push_back(from_row(r));
            return out;
        });
    }

    bool set_status(std::string_view id, domain::IntegrationStatus status) override {
        return db_.write([&](Session& s) {
            const auto previous = status_of(s, id);
            const bool changed =
                s.exec(
                     "UPDATE integrations SET status = $2, version = version + 1, updated_at = "
                     "$3 WHERE id = $1 AND status <> $2 AND deleted_at IS NULL",
                     {std::string(id), std::string(domain::status_name(status)), now_ms()})
                    .affected == 1;
            if (changed)
                append_status_event(s, id, previous);
            return changed;
        });
    }

    void replace_credential_set(std::string_view account_id, std::string_view merchant_id,
                                const std::vector<domain::Integration>& wanted,
                                const std::vector<domain::IntegrationDeletion>& deletions,
                                std::string_view actor) override {
        db_.write([&](Session& s) {
            auto existing = s.exec(
                "SELECT id FROM integrations WHERE account_id = $1 AND merchant_id = $2 AND source "
                "= 'credentials' AND deleted_at IS NULL",
                {std::string(account_id), std::string(merchant_id)});
            for (const auto& row : existing.rows) {
                const auto& id = row.text(0);
                bool keep = false;
                for (const auto& w : wanted)
                    keep |= w.id == id;
                if (keep)
                    continue;
                domain::IntegrationDeletion deletion{id, std::string(actor), {}};
                deletion.unsubscribe.reason = "not_attempted";
                for (const auto& d : deletions) {
                    if (d.integration_id == id)
                        deletion = d;
                }
                delete_in(s, std::string(account_id), id, 0, deletion);
            }
            for (const auto& w : wanted) {
                auto r = s.exec(
                    "UPDATE integrations SET name = $2, connector_id = $3, credentials_sealed = "
                    "$4, metadata = $5,"
                    " version = version + 1, updated_at = $6, store = $7 WHERE id = $1 AND source "
                    "= 'credentials' AND deleted_at IS NULL",
                    {w.id, w.name, w.connector_id, seal(w), encode_fields(w.metadata), w.updated_at,
                     w.store.empty() ? sql::null() : sql::Value(w.store)});
                if (r.affected == 0)
                    insert_in(s, w);
            }
        });
    }

    bool insert_job(const domain::SyncJob& j, std::string_view checkpoint) override {
        return db_.write([&](Session& s) {
            return s.exec("INSERT INTO sync_jobs (" + std::string(k_sync_job_columns) +
                              ", checkpoint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                              "$12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING",
                          {j.id, j.account_id, j.integration_id,
                           std::string(domain::data_type_name(j.data_type)), j.trigger,
                           std::string(domain::job_status_name(j.status)), flag(j.cancel_requested),
                           j.attempts, sql::opt(j.last_error), j.records_read, j.records_written,
                           j.pages, sql::opt(j.total), j.created_at, j.updated_at,
                           sql::opt(j.started_at), sql::opt(j.finished_at),
                           checkpoint.empty() ? sql::null() : sql::Value(std::string(checkpoint))})
                       .affected == 1;
        });
    }

    std::optional<domain::SyncJob> find_job(std::string_view account_id,
                                            std::string_view id) override {
        return db_.read([&](Session& s) { return find_job_in(s, account_id, id); });
    }

    std::optional<domain::SyncJob> find_active_job(std::string_view integration_id,
                                                   domain::DataType type) override {
        return db_.read([&](Session& s) -> std::optional<domain::SyncJob> {
            auto r =
                s.exec("SELECT " + std::string(k_sync_job_columns) +
                           " FROM sync_jobs WHERE integration_id = $1 AND data_type = $2"
                           " AND status IN ('queued', 'running') ORDER BY created_at LIMIT 1",
                       {std::string(integration_id), std::string(domain::data_type_name(type))});
            if (r.rows.empty())
                return std::nullopt;
            return job_from_row(r.rows[0]);
        });
    }

    domain::Page<domain::SyncJob> list_jobs(std::string_view account_id,
                                            std::string_view integration_id,
                                            const domain::PageRequest& page) override {
        const std::string_view col = page.order_field == "updated_at" ? "updated_at" : "created_at";
        auto clause = keyset_clause(page, col, 3);
        std::vector<sql::Value> params{std::string(account_id), std::string(integration_id)};
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        auto rows = db_.read([&](Session& s) {
            std::vector<domain::SyncJob> out;
            for (auto& r :
                 s.exec("SELECT " + std::string(k_sync_job_columns) +
                            " FROM sync_jobs WHERE account_id = $1 AND integration_id = $2" +
                            clause.sql,
                        params)
                     .rows) {
                out.push_back(job_from_row(r));
            }
            return out;
        });
        return make_page(std::move(rows), page, [&](const domain::SyncJob& j) -> domain::SortValue {
            return col == "updated_at" ? j.updated_at : j.created_at;
        });
    }

    std::optional<domain::SyncJob> cancel_job(std::string_view account_id,
                                              std::string_view id) override {
        return db_.write([&](Session& s) -> std::optional<domain::SyncJob> {
            const auto now = now_ms();
            s.exec(
                "UPDATE sync_jobs SET status = 'cancelled', finished_at = $3, updated_at = $3"
                " WHERE account_id = $1 AND id = $2 AND status = 'queued'",
                {std::string(account_id), std::string(id), now});
            s.exec(
                "UPDATE sync_jobs SET cancel_requested = 1, updated_at = $3"
                " WHERE account_id = $1 AND id = $2 AND status = 'running'",
                {std::string(account_id), std::string(id), now});
            return find_job_in(s, account_id, id);
        });
    }

    void insert_action_execution(const domain::ActionExecution& e,
                                 const std::vector<domain::Record>& records) override {
        db_.write([&](Session& s) {
            if (!records.empty())
                upsert_records(s, e.account_id, e.integration_id, records);
            s.exec(
                "INSERT INTO action_executions (id, account_id, integration_id, action_id, "
                "input_summary, status,"
                " error_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {e.id, e.account_id, e.integration_id, e.action_id, e.input_summary, e.status,
                 sql::opt(e.error_code), e.created_at});
        });
    }

    std::vector<domain::ActionExecution> list_action_executions(
        std::string_view account_id, std::string_view integration_id) override {
        return db_.read([&](Session& s) {
            std::vector<domain::ActionExecution> out;
            for (auto& r : s.exec("SELECT id, account_id, integration_id, action_id, "
                                  "input_summary, status, error_code,"
                                  " created_at FROM action_executions WHERE account_id = $1 AND "
                                  "integration_id = $2"
                                  " ORDER BY created_at, id",
                                  {std::string(account_id), std::string(integration_id)})
                               .rows) {
                out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
                               r.text_or_null(6), r.integer(7)});
            }
            return out;
        });
    }

    domain::Page<domain::AuditEntry> list_audit_log(std::string_view account_id,
                                                    const domain::PageRequest& page) override {
        return db_.read([&](Session& s) { return list_audit_entries(s, account_id, page); });
    }

  private:
    static std::optional<std::int64_t> live_version(Session& s, const std::string& account_id,
                                                    const std::string& id) {
        auto r = s.exec(
            "SELECT version FROM integrations WHERE account_id = $1 AND id = $2 AND deleted_at IS "
            "NULL",
            {account_id, id});
        if (r.rows.empty())
            return std::nullopt;
        return r.rows[0].integer(0);
    }

    // remove()'s work inside the caller's transaction. The rows are taken in the order a sync
    // batch takes them (its job, the account's sequence and records, then the integration),
    // so a delete and a batch of the same integration on PostgreSQL wait for each other
    // instead of deadlocking. Throws Unchanged when the integration changed in between.
    static void delete_in(Session& s, const std::string& account_id, const std::string& id,
                          std::int64_t expected_version,
                          const domain::IntegrationDeletion& deletion) {
        const auto now = now_ms();
        // A running job loses its lease: its next batch is refused, so no record comes back.
        const auto jobs = s.exec(
            "UPDATE sync_jobs SET status = 'cancelled', finished_at = $2, updated_at = $2,"
            " lease_owner = NULL, lease_expires_at = NULL"
            " WHERE integration_id = $1 AND status IN ('queued', 'running')",
            {id, now});
        s.exec(
            "UPDATE webhook_events SET status = 'ignored', lease_owner = NULL, lease_expires_at = "
            "NULL WHERE integration_id = $1 AND status IN ('pending', 'applying')",
            {id});
        std::vector<domain::Record> tombstones;
        for (const auto& row :
             s.exec("SELECT type, external_id, parent_external_id, updated_at FROM records"
                    " WHERE integration_id = $1 AND deleted = 0",
                    {id})
                 .rows) {
            const auto type = domain::parse_data_type(row.text(0));
            if (!type)
                continue;
            // The same platform time with deleted set: upsert_records writes it over the
            // live version and gives it the next sequence number.
            auto t = domain::records::make_tombstone(*type, row.text(1), row.integer(3), "{}");
            t.parent_external_id = row.text_or_null(2);
            tombstones.push_back(std::move(t));
        }
        const auto tombstoned = upsert_records(s, account_id, id, tombstones);
        const auto store = s.exec("SELECT store FROM integrations WHERE id = $1", {id});
        auto row = s.exec(
            "UPDATE integrations SET deleted_at = $3, credentials_sealed = NULL, "
            "connect_token_hash = NULL, store = NULL, version = version + 1, updated_at = $3"
            " WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL AND ($4 = 0 OR version = "
            "$4) RETURNING merchant_id, connector_id, name, source",
            {account_id, id, now, expected_version});
        if (row.rows.empty()) {
            throw Unchanged{live_version(s, account_id, id) ? WriteResult::version_mismatch
                                                            : WriteResult::not_found};
        }
        const auto& r = row.rows[0];
        domain::AuditEntry audit;
        audit.id = new_id("aud");
        audit.account_id = account_id;
        audit.actor = deletion.actor;
        audit.action = "integration.deleted";
        audit.subject_type = "integration";
        audit.subject_id = id;
        audit.created_at = now;
        audit.detail = {{"merchant_id", r.text(0)},
                        {"connector_id", r.text(1)},
                        {"name", r.text(2)},
                        {"source", r.text(3)},
                        {"records_tombstoned", tombstoned},
                        {"jobs_cancelled", jobs.affected},
                        {"unsubscribe", deletion.unsubscribe.status},
                        {"webhooks_removed", deletion.unsubscribe.removed}};
        if (auto address = store.rows.empty() ? std::nullopt : store.rows[0].text_or_null(0))
            audit.detail.emplace("store", *address);
        if (deletion.unsubscribe.reason)
            audit.detail.emplace("unsubscribe_reason", *deletion.unsubscribe.reason);
        insert_audit_entry(s, audit);
    }

    std::optional<domain::Integration> find_one(std::string_view where,
                                                std::vector<sql::Value> params) {
        return db_.read([&](Session& s) -> std::optional<domain::Integration> {
            auto r = s.exec("SELECT " + std::string(k_columns) + " FROM integrations WHERE " +
                                std::string(where),
                            params);
            if (r.rows.empty())
                return std::nullopt;
            return from_row(r.rows[0]);
        });
    }

    sql::Value seal(const domain::Integration& i) const {
        if (i.credentials.empty())
            return sql::null();
        return keys_.seal(encode_fields(i.credentials), integration_credentials_aad(i.id));
    }

    domain::Integration from_row(const sql::Row& r) const {
        domain::Integration i;
        i.id = r.text(0);
        i.account_id = r.text(1);
        i.merchant_id = r.text(2);
        i.connector_id = r.text(3);
        i.name = r.text(4);
        i.status = domain::parse_status(r.text(5)).value_or(domain::IntegrationStatus::error);
        i.source = domain::parse_source(r.text(6));
        i.settings = decode_fields(r.text(7));
        if (!r.is_null(8))
            i.credentials = decode_fields(keys_.open(r.text(8), integration_credentials_aad(i.id)));
        i.metadata = decode_fields(r.text(9));
        i.requested_data_types = decode_data_types(r.text(10));
        i.order_sync_enabled = r.integer(11) != 0;
        i.product_sync_enabled = r.integer(12) != 0;
        i.stock_sync_enabled = r.integer(13) != 0;
        i.order_sync_updated_at = r.integer_or_null(14);
        i.product_sync_updated_at = r.integer_or_null(15);
        i.connect_token_hash = r.text_or_null(16).value_or("");
        i.version = r.integer(17);
        i.created_at = r.integer(18);
        i.updated_at = r.integer(19);
        i.store = r.text_or_null(20).value_or("");
        return i;
    }

    void insert_in(Session& s, const domain::Integration& i) const {
        s.exec("INSERT INTO integrations (" + std::string(k_columns) +
                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                   "$16, $17, $18, $19, $20, $21)",
               {i.id,
                i.account_id,
                i.merchant_id,
                i.connector_id,
                i.name,
                std::string(domain::status_name(i.status)),
                std::string(domain::source_name(i.source)),
                encode_fields(i.settings),
                seal(i),
                encode_fields(i.metadata),
                encode_data_types(i.requested_data_types),
                flag(i.order_sync_enabled),
                flag(i.product_sync_enabled),
                flag(i.stock_sync_enabled),
                sql::opt(i.order_sync_updated_at),
                sql::opt(i.product_sync_updated_at),
                i.connect_token_hash.empty() ? sql::null() : sql::Value(i.connect_token_hash),
                i.version,
                i.created_at,
                i.updated_at,
                i.store.empty() ? sql::null() : sql::Value(i.store)});
    }

    std::optional<domain::SyncJob> find_job_in(Session& s, std::string_view account_id,
                                               std::string_view id) const {
        auto r = s.exec("SELECT " + std::string(k_sync_job_columns) +
                            " FROM sync_jobs WHERE account_id = $1 AND id = $2",
                        {std::string(account_id), std::string(id)});
        if (r.rows.empty())
            return std::nullopt;
        return job_from_row(r.rows[0]);
    }

    sql::Database& db_;
    const crypto::Keyring& keys_;
};

}  // namespace

std::unique_ptr<IntegrationStore> make_sql_integration_store(sql::Database& db,
                                                             const crypto::Keyring& keys) {
    return std::make_unique<SqlIntegrationStore>(db, keys);
}

}  // namespace sb::storage
