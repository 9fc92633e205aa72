#include "storage/migrations.hpp"

#include <stdexcept>

#include "core/time.hpp"
#include "domain/integration.hpp"
#include "storage/record_reader.hpp"

namespace sb::storage {

namespace {

// Migration 9: install link tokens were kept in clear. Each is replaced by its hash, so a
// pending link keeps working, and the clear column goes. On SQLite, secure_delete zeroes the
// bytes the update frees; on PostgreSQL the old row versions last until the next VACUUM.
void hash_connect_tokens(sql::Session& s, std::string_view engine) {
    const bool sqlite = engine == "sqlite";
    std::int64_t secure_delete = 0;
    if (sqlite) {
        secure_delete = s.exec("PRAGMA secure_delete").rows.at(0).integer(0);
        s.exec("PRAGMA secure_delete = ON");
    }
    auto rows =
        s.exec("SELECT id, connect_token FROM integrations WHERE connect_token IS NOT NULL");
    for (const auto& r : rows.rows) {
        s.exec(
            "UPDATE integrations SET connect_token_hash = $2, connect_token = NULL WHERE id = $1",
            {r.text(0), domain::hash_connect_token(r.text(1))});
    }
    s.exec("ALTER TABLE integrations DROP COLUMN connect_token");
    if (sqlite && secure_delete == 0)
        s.exec("PRAGMA secure_delete = OFF");
}

// How migrations 8, 10 and 11 wrote a records.data field when they were added: on PostgreSQL
// each expression cast the whole text to jsonb again, so a write parsed it once per index.
// Frozen: the reader's expressions (record_reader.hpp) now read migration 15's `doc`, which
// does not exist yet when these run, and a fresh database must pass through the same
// schemas as an upgraded one.
std::string legacy_lower_json(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "lower(data::jsonb ->> '" + std::string(key) + "')";
    return "lower(json_extract(data, '$." + std::string(key) + "'))";
}

std::string legacy_prefix_json(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "(" + legacy_lower_json(engine, key) + " COLLATE \"C\")";
    return legacy_lower_json(engine, key);
}

std::string legacy_text_json(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "COALESCE(data::jsonb ->> '" + std::string(key) + "', '')";
    return "COALESCE(json_extract(data, '$." + std::string(key) + "'), '')";
}

// The field expressions an index is built over: the frozen ones of the migrations that
// created it, or the reader's, which migration 15 rebuilds the PostgreSQL indexes over.
struct FieldSql {
    std::string (*lower)(std::string_view engine, std::string_view key);
    std::string (*prefix)(std::string_view engine, std::string_view key);
    std::string (*text)(std::string_view engine, std::string_view key);
};

constexpr FieldSql k_legacy_fields{legacy_lower_json, legacy_prefix_json, legacy_text_json};
constexpr FieldSql k_reader_fields{lower_json_field, prefix_json_field, text_json_field};

// Seed 004's lookups (migration 8): customers by email or phone, a customer's orders and
// carts. Partial, so only the rows of those types pay for the expression on writes.
void record_lookup_indexes(sql::Session& s, std::string_view engine, const FieldSql& f) {
    s.exec("CREATE INDEX customers_by_email ON records(account_id, (" + f.lower(engine, "email") +
           ")) WHERE type = 'COMMERCE_CUSTOMER'");
    s.exec("CREATE INDEX customers_by_phone ON records(account_id, (" + f.lower(engine, "phone") +
           ")) WHERE type = 'COMMERCE_CUSTOMER'");
    s.exec("CREATE INDEX orders_by_customer ON records(integration_id, (" +
           f.lower(engine, "customer_id") +
           "), updated_at, external_id) WHERE type = 'COMMERCE_ORDER'");
    s.exec("CREATE INDEX carts_by_customer ON records(integration_id, (" +
           f.lower(engine, "customer_id") +
           "), updated_at, external_id) WHERE type = 'COMMERCE_CART'");
}

// Migration 8: the lookups, and customers by name, which migration 11 replaced.
void record_lookups_by_field(sql::Session& s, std::string_view engine) {
    record_lookup_indexes(s, engine, k_legacy_fields);
    s.exec("CREATE INDEX customers_by_name ON records(account_id, (" +
           legacy_lower_json(engine, "display_name") + ")) WHERE type = 'COMMERCE_CUSTOMER'");
}

// Migration 10: the commerce lists' created_at order and the order filters a large store
// cannot scan for. The expressions are the ones the reads use (record_reader.hpp; on
// PostgreSQL, since migration 15, over `doc`), so both engines match them; partial by type, so the
// other types do not pay for them on writes. The filters' indexes end in the default order's
// columns: SQLite, without statistics, otherwise prefers the index that saves the sort and scans
// every order.
void commerce_list_indexes(sql::Session& s, std::string_view engine, const FieldSql& f) {
    const auto text = [&](std::string_view key) { return f.text(engine, key); };
    s.exec("CREATE INDEX records_by_type_created ON records(account_id, type, (" +
           text("created_at") + "), integration_id, external_id)");
    s.exec("CREATE INDEX orders_by_status ON records(account_id, (" + text("status") +
           "), updated_at, integration_id, external_id) WHERE type = 'COMMERCE_ORDER'");
    s.exec("CREATE INDEX orders_by_email ON records(account_id, (" + f.lower(engine, "email") +
           "), updated_at, integration_id, external_id) WHERE type = 'COMMERCE_ORDER'");
    s.exec("CREATE INDEX orders_by_account_customer ON records(account_id, (" +
           text("customer_id") +
           "), updated_at, integration_id, external_id) WHERE type = 'COMMERCE_ORDER'");
    s.exec("CREATE INDEX customers_by_email_updated ON records(account_id, (" +
           f.lower(engine, "email") +
           "), updated_at, integration_id, external_id) WHERE type = 'COMMERCE_CUSTOMER'");
}

// Migration 11: customers found by a prefix of their first, last or full name, a range of
// prefix_json_field (record_reader.hpp). On PostgreSQL that is the lower-cased text in "C"
// order, which migration 8's name index (the database's collation) cannot seek a range of;
// on SQLite it is the same text, indexed once more by its new name.
void customer_name_indexes(sql::Session& s, std::string_view engine, const FieldSql& f) {
    for (const char* key : {"first_name", "last_name", "display_name"}) {
        s.exec("CREATE INDEX customers_by_" + std::string(key) + " ON records(account_id, (" +
               f.prefix(engine, key) + ")) WHERE type = 'COMMERCE_CUSTOMER'");
    }
}

// Migration 15, PostgreSQL only: the record is parsed once per write, into `doc`, and every
// index over its fields reads that. Before, each of the 12 expression indexes cast the whole
// text again (bench/README.md, "PostgreSQL: one JSON parse per record"). `data` stays the
// text as written, since jsonb would not read back the same (key order, spacing). Adding a
// stored column rewrites the table once, under its exclusive lock.
void parse_records_once(sql::Session& s, std::string_view engine) {
    if (engine != "postgres")
        return;
    s.exec("ALTER TABLE records ADD COLUMN doc jsonb GENERATED ALWAYS AS (data::jsonb) STORED");
    for (const char* index :
         {"customers_by_email", "customers_by_phone", "orders_by_customer", "carts_by_customer",
          "records_by_type_created", "orders_by_status", "orders_by_email",
          "orders_by_account_customer", "customers_by_email_updated", "customers_by_first_name",
          "customers_by_last_name", "customers_by_display_name"})
        s.exec("DROP INDEX " + std::string(index));
    record_lookup_indexes(s, engine, k_reader_fields);
    commerce_list_indexes(s, engine, k_reader_fields);
    customer_name_indexes(s, engine, k_reader_fields);
}

}  // namespace

// Types are chosen so one text serves both engines: TEXT, BIGINT (epoch milliseconds,
// SQLite INTEGER affinity), BYTEA (SQLite stores blobs as given), SMALLINT for flags.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         "accounts and api clients",
         {
             "CREATE TABLE accounts ("
             " id TEXT PRIMARY KEY,"
             " name TEXT NOT NULL UNIQUE,"
             " created_at BIGINT NOT NULL)",
             "CREATE TABLE api_clients ("
             " client_id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " secret_hash TEXT NOT NULL,"
             " scopes TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " revoked_at BIGINT)",
             "CREATE INDEX api_clients_account ON api_clients(account_id)",
             "CREATE TABLE access_tokens ("
             " token_hash TEXT PRIMARY KEY,"
             " client_id TEXT NOT NULL REFERENCES api_clients(client_id) ON DELETE CASCADE,"
             " account_id TEXT NOT NULL,"
             " scopes TEXT NOT NULL,"
             " expires_at BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL)",
             "CREATE INDEX access_tokens_expiry ON access_tokens(expires_at)",
         }},
        {2,
         "merchants, provider apps, integrations, jobs, action audit, idempotency keys",
         {
             "CREATE TABLE merchants ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " name TEXT NOT NULL,"
             " external_id TEXT,"
             " email TEXT,"
             " is_account_default SMALLINT NOT NULL DEFAULT 0,"
             " version BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL)",
             "CREATE INDEX merchants_by_created ON merchants(account_id, created_at, id)",
             "CREATE INDEX merchants_by_updated ON merchants(account_id, updated_at, id)",
             "CREATE INDEX merchants_by_name ON merchants(account_id, name, id)",
             "CREATE TABLE provider_apps ("
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " provider TEXT NOT NULL,"
             " client_id TEXT,"
             " client_secret_sealed TEXT,"
             " auto_connect SMALLINT NOT NULL DEFAULT 0,"
             " enabled SMALLINT NOT NULL DEFAULT 0,"
             " version BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL,"
             " PRIMARY KEY (account_id, provider))",
             "CREATE TABLE integrations ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,"
             " connector_id TEXT NOT NULL,"
             " name TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " settings TEXT NOT NULL,"
             " credentials_sealed TEXT,"
             " metadata TEXT NOT NULL,"
             " requested_data_types TEXT NOT NULL,"
             " order_sync_enabled SMALLINT NOT NULL,"
             " product_sync_enabled SMALLINT NOT NULL,"
             " stock_sync_enabled SMALLINT NOT NULL,"
             " order_sync_updated_at BIGINT,"
             " product_sync_updated_at BIGINT,"
             " connect_token TEXT,"
             " version BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL)",
             "CREATE INDEX integrations_by_created ON integrations(account_id, merchant_id, "
             "created_at, id)",
             "CREATE INDEX integrations_by_updated ON integrations(account_id, merchant_id, "
             "updated_at, id)",
             "CREATE INDEX integrations_by_name ON integrations(account_id, merchant_id, name, id)",
             "CREATE TABLE sync_jobs ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL,"
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " data_type TEXT NOT NULL,"
             " trigger_kind TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " cancel_requested SMALLINT NOT NULL DEFAULT 0,"
             " attempts BIGINT NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " checkpoint TEXT,"
             " records_read BIGINT NOT NULL DEFAULT 0,"
             " records_written BIGINT NOT NULL DEFAULT 0,"
             " pages BIGINT NOT NULL DEFAULT 0,"
             " total BIGINT,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL,"
             " started_at BIGINT,"
             " finished_at BIGINT)",
             "CREATE INDEX sync_jobs_by_integration ON sync_jobs(integration_id, created_at, id)",
             "CREATE INDEX sync_jobs_active ON sync_jobs(integration_id, data_type, status)",
             "CREATE TABLE action_executions ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL,"
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " action_id TEXT NOT NULL,"
             " input_summary TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " error_code TEXT,"
             " created_at BIGINT NOT NULL)",
             "CREATE INDEX action_executions_by_integration ON action_executions(integration_id, "
             "created_at)",
             "CREATE TABLE idempotency_keys ("
             " account_id TEXT NOT NULL,"
             " idem_key TEXT NOT NULL,"
             " fingerprint TEXT NOT NULL,"
             " status BIGINT NOT NULL,"
             " location TEXT,"
             " body TEXT,"
             " created_at BIGINT NOT NULL,"
             " PRIMARY KEY (account_id, idem_key))",
             "CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at)",
         }},
        {3,
         "records, change sequence, job leases, sync state",
         {
             "CREATE TABLE records ("
             " account_id TEXT NOT NULL,"
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " type TEXT NOT NULL,"
             " external_id TEXT NOT NULL,"
             " parent_external_id TEXT,"
             " updated_at BIGINT NOT NULL,"
             " deleted SMALLINT NOT NULL DEFAULT 0,"
             " data TEXT NOT NULL,"
             " raw TEXT NOT NULL,"
             " seq BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " written_at BIGINT NOT NULL,"
             " PRIMARY KEY (integration_id, type, external_id))",
             "CREATE INDEX records_by_seq ON records(account_id, seq)",
             "CREATE INDEX records_by_updated ON records(integration_id, type, updated_at, "
             "external_id)",
             "CREATE TABLE account_sequences ("
             " account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
             " last_seq BIGINT NOT NULL)",
             "ALTER TABLE sync_jobs ADD COLUMN lease_owner TEXT",
             "ALTER TABLE sync_jobs ADD COLUMN lease_expires_at BIGINT",
             "ALTER TABLE sync_jobs ADD COLUMN next_run_at BIGINT NOT NULL DEFAULT 0",
             "CREATE INDEX sync_jobs_claimable ON sync_jobs(status, next_run_at)",
             // At most one queued or running job per integration and data type, whatever
             // races the API or several servers run into.
             "CREATE UNIQUE INDEX sync_jobs_one_active ON sync_jobs(integration_id, data_type)"
             " WHERE status IN ('queued', 'running')",
             "CREATE TABLE sync_state ("
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " data_type TEXT NOT NULL,"
             " watermark BIGINT,"
             " last_success_at BIGINT,"
             " PRIMARY KEY (integration_id, data_type))",
         }},
        {4,
         "install states",
         {
             "CREATE TABLE install_states ("
             " state_hash TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL,"
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " provider TEXT NOT NULL,"
             " store TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " expires_at BIGINT NOT NULL,"
             " used_at BIGINT)",
             "CREATE INDEX install_states_by_expiry ON install_states(expires_at)",
         }},
        {5,
         "webhook inbox, store address",
         {
             "ALTER TABLE integrations ADD COLUMN store TEXT",
             "CREATE INDEX integrations_by_store ON integrations(connector_id, store)",
             // Deliveries as received, verified: one row per (integration, delivery id), so a
             // redelivery is recognised; applied in the platform's updated_at order.
             "CREATE TABLE webhook_events ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL,"
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " connector_id TEXT NOT NULL,"
             " delivery_id TEXT NOT NULL,"
             " topic TEXT NOT NULL,"
             " occurred_at BIGINT NOT NULL,"
             " body TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " attempts BIGINT NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " lease_owner TEXT,"
             " lease_expires_at BIGINT,"
             " received_at BIGINT NOT NULL,"
             " applied_at BIGINT)",
             "CREATE UNIQUE INDEX webhook_events_delivery ON webhook_events(integration_id, "
             "delivery_id)",
             "CREATE INDEX webhook_events_pending ON webhook_events(status, occurred_at)",
             "CREATE INDEX webhook_events_by_integration ON webhook_events(integration_id, "
             "received_at, id)",
         }},
        {6,
         "stock write-back",
         {
             // The stock levels to write to the store: the latest wanted quantity per item and
             // location wins, so a burst of changes costs one call per level.
             "CREATE TABLE stock_writes ("
             " integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,"
             " inventory_item_id TEXT NOT NULL,"
             " location_id TEXT NOT NULL,"
             " account_id TEXT NOT NULL,"
             " available BIGINT NOT NULL,"
             " status TEXT NOT NULL,"
             " attempts BIGINT NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " not_before BIGINT NOT NULL DEFAULT 0,"
             " lease_owner TEXT,"
             " lease_expires_at BIGINT,"
             " requested_at BIGINT NOT NULL,"
             " written_at BIGINT,"
             " PRIMARY KEY (integration_id, inventory_item_id, location_id))",
             "CREATE INDEX stock_writes_pending ON stock_writes(status, not_before)",
         }},
        {7,
         "record read indexes",
         {
             // The commerce lists: one type of a merchant's records by platform change time.
             "CREATE INDEX records_by_type_updated ON records(account_id, type, updated_at, "
             "integration_id, external_id)",
         }},
        {8, "record lookups by field", {}, record_lookups_by_field},
        {9,
         "install link tokens kept as a hash",
         {"ALTER TABLE integrations ADD COLUMN connect_token_hash TEXT"},
         hash_connect_tokens},
        {10,
         "commerce list orders and filters",
         {},
         [](sql::Session& s, std::string_view engine) {
             commerce_list_indexes(s, engine, k_legacy_fields);
         }},
        {11,
         "customer name prefixes",
         {"DROP INDEX customers_by_name"},
         [](sql::Session& s, std::string_view engine) {
             customer_name_indexes(s, engine, k_legacy_fields);
         }},
        {12,
         "integration deletion: soft delete and audit log",
         {
             // A deleted integration stays as a row, so the tombstones of its records (which
             // cascade with it) stay in the change feed; every read treats it as absent.
             "ALTER TABLE integrations ADD COLUMN deleted_at BIGINT",
             "CREATE TABLE audit_log ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " actor TEXT NOT NULL,"
             " action TEXT NOT NULL,"
             " subject_type TEXT NOT NULL,"
             " subject_id TEXT NOT NULL,"
             " detail TEXT NOT NULL,"
             " created_at BIGINT NOT NULL)",
             "CREATE INDEX audit_log_by_created ON audit_log(account_id, created_at, id)",
         }},
        {13,
         "webhooks out: endpoints, events, deliveries",
         {
             "CREATE TABLE webhook_endpoints ("
             " id TEXT PRIMARY KEY,"
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " url TEXT NOT NULL,"
             " description TEXT,"
             " event_types TEXT NOT NULL,"
             " enabled SMALLINT NOT NULL,"
             " disabled_reason TEXT,"
             " secret TEXT NOT NULL,"
             " previous_secret TEXT,"
             " previous_secret_until BIGINT,"
             " last_success_at BIGINT,"
             " version BIGINT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL)",
             "CREATE INDEX webhook_endpoints_by_created ON webhook_endpoints(account_id, "
             "created_at, id)",
             "CREATE INDEX webhook_endpoints_by_updated ON webhook_endpoints(account_id, "
             "updated_at, id)",
             // The outbox: an event is written in the transaction of its change, numbered in
             // the account's change sequence.
             "CREATE TABLE events ("
             " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
             " seq BIGINT NOT NULL,"
             " id TEXT NOT NULL,"
             " type TEXT NOT NULL,"
             " subject TEXT NOT NULL,"
             " merchant_id TEXT,"
             " integration_id TEXT,"
             " record_type TEXT,"
             " external_id TEXT,"
             " record_updated_at BIGINT,"
             " data TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " PRIMARY KEY (account_id, seq))",
             "CREATE UNIQUE INDEX events_by_id ON events(id)",
             "CREATE INDEX events_by_created ON events(account_id, created_at, seq)",
             "CREATE TABLE event_deliveries ("
             " id TEXT PRIMARY KEY,"
             " endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,"
             " account_id TEXT NOT NULL,"
             " event_seq BIGINT NOT NULL,"
             " subject TEXT NOT NULL,"
             " status TEXT NOT NULL,"
             " attempts BIGINT NOT NULL DEFAULT 0,"
             " next_attempt_at BIGINT NOT NULL,"
             " lease_owner TEXT,"
             " lease_expires_at BIGINT,"
             " last_attempt_at BIGINT,"
             " response_status BIGINT,"
             " last_error TEXT,"
             " created_at BIGINT NOT NULL,"
             " delivered_at BIGINT)",
             "CREATE INDEX event_deliveries_due ON event_deliveries(next_attempt_at) WHERE "
             "status = 'pending'",
             "CREATE INDEX event_deliveries_order ON event_deliveries(endpoint_id, subject, "
             "event_seq) WHERE status = 'pending'",
             "CREATE INDEX event_deliveries_by_endpoint ON event_deliveries(endpoint_id, "
             "created_at, id)",
             "CREATE INDEX event_deliveries_by_event ON event_deliveries(account_id, event_seq)",
         }},
        {14,
         "the account's job list (GET /v1/jobs), newest first, with and without a status",
         {
             "CREATE INDEX sync_jobs_by_account ON sync_jobs(account_id, created_at, id)",
             "CREATE INDEX sync_jobs_by_account_status ON sync_jobs(account_id, status, "
             "created_at, id)",
         }},
        {15, "records parsed once per write (PostgreSQL)", {}, parse_records_once},
    };
    return all;
}

int latest_schema_version() {
    return migrations().back().version;
}

namespace {

int current_version(sql::Session& s) {
    auto r = s.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    const int current = static_cast<int>(r.rows.at(0).integer(0));
    if (current > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this binary supports (" +
                                 std::to_string(latest_schema_version()) +
                                 "); upgrade storebridge");
    }
    return current;
}

}  // namespace

int migrate(sql::Database& db, int up_to) {
    const bool pg = db.engine() == "postgres";
    db.write([](sql::Session& s) {
        s.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    });
    int applied = 0;
    for (const auto& m : migrations()) {
        if (m.version > up_to)
            break;
        const bool done = db.write([&](sql::Session& s) {
            // Several servers may start at once on one PostgreSQL database.
            if (pg)
                s.exec("SELECT pg_advisory_xact_lock(7391001)");
            if (current_version(s) >= m.version)
                return true;
            for (auto stmt : m.statements)
                s.exec(stmt);
            if (m.code)
                m.code(s, db.engine());
            s.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                   {std::int64_t{m.version}, std::string(m.name), now_ms()});
            return false;
        });
        if (!done)
            ++applied;
    }
    // A database newer than the binary with nothing left to apply still has to be refused.
    db.read([](sql::Session& s) { current_version(s); });
    return applied;
}

}  // namespace sb::storage
