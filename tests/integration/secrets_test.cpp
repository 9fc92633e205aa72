#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/api_client.hpp"
#include "common/process.hpp"
#include "common/test_env.hpp"
#include "storage/sql.hpp"

namespace sb::test {

namespace {

const std::vector<std::string> k_secrets = {"shpat_CLEAR_integration_token",
                                            "CLEAR_provider_secret", "shpss_CLEAR_credentials_key",
                                            "cs_CLEAR_woo_secret"};

// Every byte the database holds: the SQLite files, or every row of every table as text.
std::string database_contents(const TestServer& server) {
    std::string all;
    if (!postgres_selected()) {
        for (const auto& entry : std::filesystem::directory_iterator(server.settings().data_dir)) {
            if (entry.path().filename().string().starts_with("storebridge.db")) {
                std::ifstream in(entry.path(), std::ios::binary);
                all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
        }
        return all;
    }
    auto db = sql::open_database(server.settings().database);
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
