#include <gtest/gtest.h>

#include <thread>

#include "app/application.hpp"
#include "common/test_env.hpp"
#include "core/error.hpp"
#include "domain/auth_service.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"
#include "storage/sql_account_store.hpp"

namespace sb::test {

class Storage : public ::testing::Test {
  protected:
    TempDir dir;
    TestDatabase tdb{dir.path()};
    std::unique_ptr<sql::Database> db = sql::open_database(tdb.url());
};

TEST_F(Storage, EngineMatchesTheSelectedBackend) {
    EXPECT_EQ(db->engine(), postgres_selected() ? "postgres" : "sqlite");
}

TEST_F(Storage, MigrationsAreAppliedOnceAndRecorded) {
    EXPECT_EQ(storage::migrate(*db), static_cast<int>(storage::migrations().size()));
    EXPECT_EQ(storage::migrate(*db), 0);
    auto rows = db->read([](sql::Session& s) {
        return s.exec("SELECT version, name FROM schema_migrations ORDER BY version").rows;
    });
    ASSERT_EQ(rows.size(), storage::migrations().size());
    EXPECT_EQ(rows.back().integer(0), storage::latest_schema_version());
}

TEST_F(Storage, DatabaseNewerThanBinaryIsRefused) {
    storage::migrate(*db);
    db->write([](sql::Session& s) {
        s.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)",
               {std::int64_t{storage::latest_schema_version() + 1}});
    });
    try {
        storage::migrate(*db);
        FAIL() << "a newer schema was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("newer than this binary"), std::string::npos);
    }
}

TEST_F(Storage, ValuesRoundTripOnBothEngines) {
    db->write([](sql::Session& s) {
        s.exec("CREATE TABLE rt (i BIGINT, d DOUBLE PRECISION, t TEXT, b BYTEA, n TEXT)");
        s.exec("INSERT INTO rt VALUES ($1, $2, $3, $4, $5)",
               {std::int64_t{9'007'199'254'740'993}, 2.5, std::string("Zoë – 東京 🛒"),
                sql::Blob{std::string("\0\x01\xff", 3)}, sql::null()});
    });
    auto rows =
        db->read([](sql::Session& s) { return s.exec("SELECT i, d, t, b, n FROM rt").rows; });
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].integer(0), 9'007'199'254'740'993);
    EXPECT_DOUBLE_EQ(rows[0].real(1), 2.5);
    EXPECT_EQ(rows[0].text(2), "Zoë – 東京 🛒");
    EXPECT_EQ(rows[0].blob(3), std::string("\0\x01\xff", 3));
    EXPECT_TRUE(rows[0].is_null(4));
}

TEST_F(Storage, FailedTransactionWritesNothing) {
    db->write([](sql::Session& s) { s.exec("CREATE TABLE tx (k TEXT PRIMARY KEY)"); });
    EXPECT_THROW(db->write([](sql::Session& s) {
        s.exec("INSERT INTO tx VALUES ('a')");
        s.exec("INSERT INTO tx VALUES ('a')");  // unique violation
    }),
                 sql::DbError);
    auto n = db->read(
        [](sql::Session& s) { return s.exec("SELECT COUNT(*) FROM tx").rows.at(0).integer(0); });
    EXPECT_EQ(n, 0);
    try {
        db->write([](sql::Session& s) {
            s.exec("INSERT INTO tx VALUES ('b')");
            s.exec("INSERT INTO tx VALUES ('b')");
        });
    } catch (const sql::DbError& e) {
        EXPECT_EQ(e.kind(), sql::DbError::Kind::unique_violation);
    }
}

TEST_F(Storage, AStatementOnItsOwnReadsAndFailsCleanly) {
    db->write([](sql::Session& s) {
        s.exec("CREATE TABLE q (k TEXT PRIMARY KEY)");
        s.exec("INSERT INTO q VALUES ('a'), ('b')");
    });
    auto r = db->query("SELECT k FROM q WHERE k > $1 ORDER BY k", {std::string("a")});
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].text(0), "b");
    // A failed statement leaves nothing behind: the connections that ran it still work.
    for (int i = 0; i < 3; ++i)
        EXPECT_THROW(db->query("SELECT k FROM no_such_table", {}), sql::DbError);
    for (int i = 0; i < 3; ++i) {
        db->write([&](sql::Session& s) {
            s.exec("INSERT INTO q VALUES ($1)", {std::string("w") + std::to_string(i)});
        });
        EXPECT_EQ(db->query("SELECT COUNT(*) FROM q", {}).rows.at(0).integer(0), 3 + i);
    }
}

// PostgreSQL prepares each DML text once per connection and keeps a bounded number.
TEST_F(Storage, RepeatedAndManyDistinctStatementsAnswerRight) {
    db->write([](sql::Session& s) { s.exec("CREATE TABLE p (k BIGINT PRIMARY KEY, v TEXT)"); });
    for (std::int64_t i = 0; i < 20; ++i) {
        db->write([&](sql::Session& s) {
            s.exec("INSERT INTO p (k, v) VALUES ($1, $2)", {i, "v" + std::to_string(i)});
        });
    }
    // The same text with other values, past the five runs after which a plan may be kept.
    for (std::int64_t i = 0; i < 20; ++i) {
        auto r = db->query("SELECT v FROM p WHERE k = $1", {i});
        ASSERT_EQ(r.rows.size(), 1u);
        EXPECT_EQ(r.rows[0].text(0), "v" + std::to_string(i));
    }
    // More distinct texts than a connection keeps; the first one still answers after them.
    for (int i = 0; i < 600; ++i) {
        auto r = db->query("SELECT COUNT(*) FROM p WHERE k < $1 AND " + std::to_string(i) + " >= 0",
                           {std::int64_t{i % 20}});
        ASSERT_EQ(r.rows.at(0).integer(0), i % 20) << i;
    }
    EXPECT_EQ(db->query("SELECT v FROM p WHERE k = $1", {std::int64_t{7}}).rows.at(0).text(0),
              "v7");
    // A table changed after a statement on it was prepared.
    db->write([](sql::Session& s) { s.exec("ALTER TABLE p ADD COLUMN w TEXT"); });
    EXPECT_EQ(db->query("SELECT v FROM p WHERE k = $1", {std::int64_t{8}}).rows.at(0).text(0),
              "v8");
}

TEST_F(Storage, SecretsAndTokensAreStoredOnlyAsHashes) {
    storage::migrate(*db);
    auto store = storage::make_sql_account_store(*db);
    domain::AuthService auth(*store, {3600, 1000});
    auth.create_account("acme");
    auto client = auth.create_client("acme", {"account:read"});
    auto token = auth.issue_token(client.client_id, client.client_secret, {});
    auto dump = db->read([](sql::Session& s) {
        std::string all;
        for (auto& r : s.exec("SELECT secret_hash, scopes FROM api_clients").rows)
            all += r.text(0) + r.text(1);
        for (auto& r : s.exec("SELECT token_hash FROM access_tokens").rows)
            all += r.text(0);
        return all;
    });
    EXPECT_EQ(dump.find(client.client_secret), std::string::npos);
    EXPECT_EQ(dump.find(token.access_token), std::string::npos);
    EXPECT_NE(dump.find("pbkdf2-sha256$"), std::string::npos);
    EXPECT_EQ(auth.authenticate(token.access_token).account_id, client.account_id);
}

// A verified token is trusted for token_cache_seconds, then the database is asked again: a
// client revoked there loses its tokens within that time, and at once without the cache.
TEST_F(Storage, RevokedClientsTokensStopWithinTheCacheTime) {
    storage::migrate(*db);
    auto store = storage::make_sql_account_store(*db);
    domain::AuthService cached(*store, {3600, 1000, 1});
    domain::AuthService uncached(*store, {3600, 1000, 0});
    cached.create_account("acme");
    auto client = cached.create_client("acme", {"account:read"});
    auto token = cached.issue_token(client.client_id, client.client_secret, {});
    EXPECT_EQ(cached.authenticate(token.access_token).client_id, client.client_id);
    db->write([&](sql::Session& s) {
        s.exec("UPDATE api_clients SET revoked_at = 1 WHERE client_id = $1", {client.client_id});
    });
    EXPECT_THROW(uncached.authenticate(token.access_token), ApiError);
    EXPECT_EQ(cached.authenticate(token.access_token).client_id, client.client_id);  // trusted
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_THROW(cached.authenticate(token.access_token), ApiError);
}

TEST_F(Storage, ConcurrentWritersAndReadersDoNotFail) {
    db->write([](sql::Session& s) { s.exec("CREATE TABLE c (k BIGINT PRIMARY KEY)"); });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                db->write([&](sql::Session& s) {
                    s.exec("INSERT INTO c VALUES ($1)", {std::int64_t{t * 1000 + i}});
                });
                db->read([](sql::Session& s) { s.exec("SELECT COUNT(*) FROM c"); });
            }
        });
    }
    for (auto& th : threads)
        th.join();
    auto n = db->read(
        [](sql::Session& s) { return s.exec("SELECT COUNT(*) FROM c").rows.at(0).integer(0); });
    EXPECT_EQ(n, 200);
}

}  // namespace sb::test
