#include "shopify_hub.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;

using ShopifyEndToEnd = ShopifyHub;

}  // namespace

TEST_F(ShopifyEndToEnd, InstallThenInitialSyncMatchesTheStore) {
    ASSERT_EQ(api.put("/api/v6/providers/shopify/credentials",
                      R"({"credentials":{"client_id":"app-key","client_secret":"app-secret"}})")
                  .status,
              200);
    ASSERT_EQ(api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":true})").status,
              200);
    ASSERT_EQ(api.put("/api/v6/providers/shopify", R"({"enable":true})").status, 200);
    const auto user = str(api.create("/api/v6/users", R"({"name":"Acme"})").at("id"));
    auto dc =
        api.create("/api/v6/users/" + user + "/data-connections",
                   R"({"provider_name":"shopify","requested_data_types":["COMMERCE_LOCATION",)"
                   R"("COMMERCE_CUSTOMER","COMMERCE_PRODUCT","COMMERCE_ORDER"]})");
    const auto id = str(dc.at("id"));

    // The merchant opens the link, names the store, approves on Shopify, and comes back.
    auto to_shopify = location_of(get_url(str(dc.at("connect_url")) + "&shop=acme.myshopify.com"));
    EXPECT_NE(to_shopify.find("/admin/oauth/authorize"), std::string::npos);
    EXPECT_NE(to_shopify.find("client_id=app-key"), std::string::npos);
    auto back = location_of(get_url(to_shopify));
    EXPECT_NE(back.find("/callback/shopify"), std::string::npos);
    auto done = get_url(back, {{"Accept", "application/json"}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json().at("status"), "CONNECTED");
    // The same callback again: the state is spent, and nothing changes.
    auto replay = get_url(back);
    EXPECT_EQ(replay.status, 400);
    EXPECT_EQ(code_of(replay), "invalid_request");

    auto connection = api.get("/api/v6/users/" + user + "/data-connections/" + id).json();
    EXPECT_EQ(connection.at("status"), "CONNECTED");
    EXPECT_TRUE(connection.at("connect_url").is_null());
    auto integration = api.get("/v1/organizations/" + user + "/integrations/" + id);
    EXPECT_EQ(integration.json().at("credentials").at("access_token"), "********");
    EXPECT_EQ(integration.body.find("shpat_"), std::string::npos);

    // auto_connect queued the initial sync of every requested type; wait for all of them.
    const auto jobs_path = "/v1/organizations/" + user + "/integrations/" + id + "/jobs";
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    boost::json::value jobs;
    for (;;) {
        jobs = api.get(jobs_path).json();
        bool finished = jobs.at("count").as_int64() == 4;
        for (const auto& j : jobs.at("_embedded").at("items").as_array()) {
            finished = finished && j.at("status") != "queued" && j.at("status") != "running";
        }
        if (finished || std::chrono::steady_clock::now() > deadline)
            break;
        std::this_thread::sleep_for(100ms);
    }
    for (const auto& j : jobs.at("_embedded").at("items").as_array()) {
        EXPECT_EQ(j.at("status"), "succeeded") << boost::json::serialize(j);
        EXPECT_TRUE(j.at("progress").at("eta_seconds").is_null());  // finished
        EXPECT_GE(j.at("progress").at("records_per_second").as_int64(), 0);
    }
    // The store's API budget, as the connector mirrors it from Shopify's throttleStatus.
    const auto budget =
        api.get("/v1/organizations/" + user + "/integrations/" + id).json().at("api_budget");
    ASSERT_TRUE(budget.is_object()) << boost::json::serialize(budget);
    EXPECT_GT(budget.at("maximum").as_double(), 0);
    EXPECT_GT(budget.at("restore_rate").as_double(), 0);
    auto stats = send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json().at("records");
    EXPECT_EQ(stored(id, "COMMERCE_ORDER"), stats.at("orders").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_CUSTOMER"), stats.at("customers").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_PRODUCT"), stats.at("products").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_LOCATION"), stats.at("locations").as_int64());
    // An action through the hub changes the store: set a variant's stock at a location.
    auto first = [&](const std::string& type) {
        return sql::open_database(hub.settings().database)->read([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id, data FROM records WHERE integration_id = $1 AND type = $2"
                    " ORDER BY external_id LIMIT 1",
                    {id, type})
                .rows.at(0);
        });
    };
    const auto location_id = first("COMMERCE_LOCATION").text(0);
    const auto product = boost::json::parse(first("COMMERCE_PRODUCT").text(1));
    const auto item_id = str(product.at("variants").at(0).at("inventory_item_id"));
    const auto actions = "/v1/organizations/" + user + "/integrations/" + id + "/actions/";
    auto set = api.post(actions + "update_stock", R"({"inventory_item_id":")" + item_id +
                                                      R"(","location_id":")" + location_id +
                                                      R"(","available":77})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json().at("status"), "succeeded");
    auto level = send(store.port(),
                      {"GET",
                       "/admin/api/2025-01/inventory_levels.json?inventory_item_ids=" + item_id +
                           "&location_ids=" + location_id,
                       {{"X-Shopify-Access-Token", store.admin_token()}},
                       {}});
    ASSERT_EQ(level.status, 200) << level.body;
    EXPECT_EQ(level.json().at("inventory_levels").at(0).at("available").as_int64(), 77);
    // A platform refusal comes back in the hub's error shape.
    auto missing =
        api.post(actions + "update_stock", R"({"inventory_item_id":"999999999","location_id":")" +
                                               location_id + R"(","available":1})");
    EXPECT_GE(missing.status, 400);
    EXPECT_LT(missing.status, 500);
    EXPECT_TRUE(missing.json().as_object().contains("code"));

    EXPECT_FALSE(api.get("/v1/organizations/" + user + "/integrations/" + id)
                     .json()
                     .at("order_sync_updated_at")
                     .is_null());
}

}  // namespace sb::test
