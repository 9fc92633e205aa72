#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/api_client.hpp"
#include "common/process.hpp"
#include "common/test_env.hpp"
#include "domain/integration.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"

namespace sb::test {

namespace {

const std::vector<std::string> k_secrets = {"shpat_CLEAR_integration_token",
                                            "CLEAR_provider_secret", "shpss_CLEAR_credentials_key",
                                            "cs_CLEAR_woo_secret"};

// Every byte the database holds: the SQLite files (with the WAL), or every row of every table
// as text.
std::string database_contents(const config::Settings& settings) {
    std::string all;
    if (!postgres_selected()) {
        for (const auto& entry : std::filesystem::directory_iterator(settings.data_dir)) {
            if (entry.path().filename().string().starts_with("storebridge.db")) {
                std::ifstream in(entry.path(), std::ios::binary);
                all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
        }
        return all;
    }
    auto db = sql::open_database(settings.database);
    db->read([&](sql::Session& s) {
        auto tables = s.exec(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema()");
        for (const auto& t : tables.rows) {
            for (const auto& r : s.exec("SELECT CAST(x AS TEXT) FROM " + t.text(0) + " x").rows)
                all += r.text(0);
        }
    });
    return all;
}

std::string database_contents(const TestServer& server) {
    return database_contents(server.settings());
}

// The token of a connect link: the value of its `token` parameter.
std::string token_of(const std::string& connect_url) {
    return connect_url.substr(connect_url.find("token=") + 6);
}

std::string stored_token_hash(const std::string& database, const std::string& integration_id) {
    return sql::open_database(database)->read([&](sql::Session& s) {
        return s.exec("SELECT connect_token_hash FROM integrations WHERE id = $1", {integration_id})
            .rows.at(0)
            .text(0);
    });
}

void store_secrets(const Api& api) {
    const auto org = str(api.create("/v1/organizations", R"({"name":"Secretive"})").at("id"));
    api.create(
        "/v1/organizations/" + org + "/integrations",
        R"({"name":"S","connector_id":"shopify","credentials":{"shop_domain":"s.myshopify.com",)"
        R"("access_token":"shpat_CLEAR_integration_token"}})");
    api.create(
        "/v1/organizations/" + org + "/integrations",
        R"({"name":"W","connector_id":"woocommerce","credentials":{"site_url":"https://w.test",)"
        R"("consumer_key":"ck_x","consumer_secret":"cs_CLEAR_woo_secret"}})");
    api.put("/api/v6/providers/shopify/credentials",
            R"({"credentials":{"client_id":"id","client_secret":"CLEAR_provider_secret"}})");
    api.put(
        "/erc/ecommerce/shopify-webhooks-handler/credentials",
        R"({"if_multiple_integration":false,"default_integration":{"integration_type":"SHOPIFY",)"
        R"("shopify_integration_credential":{"shop_domain":"c.myshopify.com","api_secret_key":"shpss_CLEAR_credentials_key"}}})");
}

}  // namespace

TEST(Secrets, TheDatabaseHoldsNoSecretInClear) {
    TestServer server;
    Api api(server.port(), server.token());
    store_secrets(api);
    server.app().stop();  // flush: SQLite checkpoints the WAL when the last connection closes
    const auto contents = database_contents(server);
    ASSERT_GT(contents.size(), 1000u);
    // Non-secret values are stored readable, which shows the scan reads real rows.
    EXPECT_NE(contents.find("Secretive"), std::string::npos);
    for (const auto& secret : k_secrets) {
        EXPECT_EQ(contents.find(secret), std::string::npos) << secret << " found in the database";
    }
}

// Issue 16, finding 7: the install link's token is kept only as its hash, and the link works.
TEST(Secrets, TheInstallLinkTokenIsStoredOnlyAsAHash) {
    TestServer server;
    Api api(server.port(), server.token());
    api.put("/api/v6/providers/shopify/credentials",
            R"({"credentials":{"client_id":"K","client_secret":"S"}})");
    ASSERT_EQ(api.put("/api/v6/providers/shopify", R"({"enable":true})").status, 200);
    const auto user = str(api.create("/api/v6/users", R"({"name":"Linked"})").at("id"));
    auto dc =
        api.create("/api/v6/users/" + user + "/data-connections", R"({"provider_name":"shopify"})");
    const auto id = str(dc.at("id"));
    const auto url = str(dc.at("connect_url"));
    const auto token = token_of(url);
    ASSERT_GE(token.size(), 24u);

    const auto contents = database_contents(server);
    EXPECT_NE(contents.find(id), std::string::npos);  // the scan reads the row
    EXPECT_EQ(contents.find(token), std::string::npos) << "the install token is in the database";
    EXPECT_EQ(stored_token_hash(server.settings().database, id), domain::hash_connect_token(token));

    // The link still works: the page that asks for the store, then the platform's authorize
    // page; a wrong token is not found.
    const auto path = url.substr(url.find("/connect/"));
    EXPECT_EQ(send(server.port(), {"GET", path, {}, {}}).status, 200);
    auto to_store = send(server.port(), {"GET", path + "&shop=linked.myshopify.com", {}, {}});
    EXPECT_EQ(to_store.status, 302) << to_store.body;
    EXPECT_NE(to_store.header("Location").find("linked.myshopify.com"), std::string::npos);
    auto wrong = send(server.port(), {"GET", "/connect/" + id + "?token=" + token + "x", {}, {}});
    EXPECT_EQ(wrong.status, 404);
    // The hub cannot show the link again: it is in the creation response only.
    auto again = api.get("/api/v6/users/" + user + "/data-connections/" + id);
    EXPECT_EQ(again.json().at("status"), "PENDING");
    EXPECT_TRUE(again.json().at("connect_url").is_null());
}

// An answer kept for an Idempotency-Key replay is sealed: the connect link's token in it is
// not in the database in clear, and the replay still returns it.
TEST(Secrets, TheAnswerKeptForAnIdempotencyKeyIsSealed) {
    TestServer server;
    Api api(server.port(), server.token());
    api.put("/api/v6/providers/shopify/credentials",
            R"({"credentials":{"client_id":"K","client_secret":"S"}})");
    ASSERT_EQ(api.put("/api/v6/providers/shopify", R"({"enable":true})").status, 200);
    const auto user = str(api.create("/api/v6/users", R"({"name":"Replayed"})").at("id"));
    const std::string path = "/api/v6/users/" + user + "/data-connections";
    const std::string body = R"({"provider_name":"shopify"})";
    auto first = api.post(path, body, {{"Idempotency-Key", "dc-1"}});
    ASSERT_EQ(first.status, 201) << first.body;
    const auto token = token_of(str(first.json().at("connect_url")));
    ASSERT_GE(token.size(), 24u);

    EXPECT_EQ(database_contents(server).find(token), std::string::npos)
        << "the stored idempotent answer holds the install token in clear";
    auto replay = api.post(path, body, {{"Idempotency-Key", "dc-1"}});
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(replay.body, first.body);
}

// A database from before the fix holds pending links in clear: the migration hashes them in
// place, and the links keep working.
TEST(Secrets, TheMigrationHashesInstallTokensKeptInClear) {
    const std::string token = "CLEAR_install_link_token_0123456789";
    TempDir dir;
    TestDatabase db(dir.path());
    config::Settings s;
    s.data_dir = dir.path();
    s.database = db.url();
    s.listen_port = 0;
    s.access_log = false;
    {
        auto old = sql::open_database(db.url());
        storage::migrate(*old, 8);
        old->write([&](sql::Session& ss) {
            ss.exec("INSERT INTO accounts (id, name, created_at) VALUES ('acct_m', 'm', 0)");
            ss.exec(
                "INSERT INTO merchants (id, account_id, name, version, created_at, updated_at)"
                " VALUES ('mer_m', 'acct_m', 'Old', 1, 0, 0)");
            ss.exec(
                "INSERT INTO integrations (id, account_id, merchant_id, connector_id, name, "
                "status, source, settings, metadata, requested_data_types, order_sync_enabled,"
                " product_sync_enabled, stock_sync_enabled, connect_token, version, created_at,"
                " updated_at) VALUES ('int_m', 'acct_m', 'mer_m', 'shopify', 'Shopify', "
                "'PENDING', 'data_connection', '{}', '{}', '[]', 0, 0, 0, $1, 1, 0, 0)",
                {token});
        });
        EXPECT_NE(database_contents(s).find(token), std::string::npos);  // the old state
        EXPECT_EQ(storage::migrate(*old, 9), 1);
        EXPECT_THROW(
            old->read([](sql::Session& ss) { ss.exec("SELECT connect_token FROM integrations"); }),
            sql::DbError);
    }  // closed: SQLite checkpoints its WAL
    EXPECT_EQ(database_contents(s).find(token), std::string::npos)
        << "the install token is still in the database";
    EXPECT_EQ(stored_token_hash(db.url(), "int_m"), domain::hash_connect_token(token));

    app::Application app(s);
    app.start();
    EXPECT_EQ(send(app.port(), {"GET", "/connect/int_m?token=" + token, {}, {}}).status, 200);
    EXPECT_EQ(send(app.port(), {"GET", "/connect/int_m?token=guess", {}, {}}).status, 404);
    app.stop();
}

TEST(Secrets, RotateKeyResealsEverySecret) {
    TempDir dir;
    TestDatabase db(dir.path());
    config::Settings s;
    s.data_dir = dir.path();
    s.database = db.url();
    s.listen_port = 0;
    s.access_log = false;
    std::string old_kid;
    std::string integration_path;
    {
        app::Application app(s);
        auto boot = app.ensure_bootstrap_client();
        app.start();
        Api api(app.port(),
                app.auth().issue_token(boot->client_id, boot->client_secret, {}).access_token);
        store_secrets(api);
        old_kid = app.keyring().active_kid();
        app.stop();
    }
    std::vector<std::string> argv = {storebridge_binary(), "admin", "rotate-key", "--data-dir",
                                     dir.path()};
    if (db.is_postgres()) {
        argv.push_back("--database");
        argv.push_back(db.url());
    }
    auto r = run_process(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = boost::json::parse(r.out).as_object();
    EXPECT_EQ(out.at("resealed").as_int64(),
              4);  // 3 integrations with credentials + 1 provider app
    const std::string new_kid(out.at("kid").as_string());
    EXPECT_NE(new_kid, old_kid);

    app::Application after(s);
    EXPECT_EQ(after.keyring().active_kid(), new_kid);
    EXPECT_EQ(after.keyring().keys().size(), 1u);  // the old key is gone from the file
    auto rows = sql::open_database(db.url())->read([](sql::Session& ss) {
        return ss
            .exec(
                "SELECT id, credentials_sealed FROM integrations WHERE credentials_sealed IS NOT "
                "NULL")
            .rows;
    });
    ASSERT_EQ(rows.size(), 3u);
    bool found = false;
    for (const auto& row : rows) {
        EXPECT_TRUE(row.text(1).starts_with(new_kid + ":"));
        found |=
            after.keyring().open(row.text(1), "integration:" + row.text(0)).find("shpat_CLEAR") !=
            std::string::npos;
    }
    EXPECT_TRUE(found);
}

}  // namespace sb::test
