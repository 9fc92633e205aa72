#include "storage/migrations.hpp"

#include <stdexcept>

#include "core/time.hpp"

namespace sb::storage {

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

int migrate(sql::Database& db) {
    const bool pg = db.engine() == "postgres";
    db.write([](sql::Session& s) {
        s.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    });
    int applied = 0;
    for (const auto& m : migrations()) {
        const bool done = db.write([&](sql::Session& s) {
            // Several servers may start at once on one PostgreSQL database.
            if (pg)
                s.exec("SELECT pg_advisory_xact_lock(7391001)");
            if (current_version(s) >= m.version)
                return true;
            for (auto stmt : m.statements)
                s.exec(stmt);
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
