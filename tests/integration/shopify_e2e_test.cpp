#include <map>

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
    EXPECT_GT(budget.at("maximum").to_number<double>(), 0);
    EXPECT_GT(budget.at("restore_rate").to_number<double>(), 0);
    auto stats = send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json().at("records");
    EXPECT_EQ(stored(id, "COMMERCE_ORDER"), stats.at("orders").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_CUSTOMER"), stats.at("customers").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_PRODUCT"), stats.at("products").as_int64());
    EXPECT_EQ(stored(id, "COMMERCE_LOCATION"), stats.at("locations").as_int64());
    // Field by field, a sample of orders against the store's own REST answer.
    const auto sample = sql::open_database(hub.settings().database)->read([&](sql::Session& s) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& row :
             s.exec("SELECT external_id, data FROM records WHERE integration_id = $1 AND type ="
                    " 'COMMERCE_ORDER' ORDER BY external_id LIMIT 25",
                    {id})
                 .rows)
            out.emplace_back(row.text(0), row.text(1));
        return out;
    });
    ASSERT_EQ(sample.size(), 25u);
    for (const auto& [order_id, text] : sample) {
        const auto mine = boost::json::parse(text);
        auto theirs = send(store.port(), {"GET",
                                          "/admin/api/2025-01/orders/" + order_id + ".json",
                                          {{"X-Shopify-Access-Token", store.admin_token()}},
                                          {}});
        ASSERT_EQ(theirs.status, 200) << theirs.body;
        const auto o = theirs.json().at("order");
        EXPECT_EQ(mine.at("name"), o.at("name")) << order_id;
        EXPECT_EQ(mine.at("email"), o.at("email")) << order_id;
        EXPECT_EQ(mine.at("currency"), o.at("currency")) << order_id;
        EXPECT_EQ(mine.at("total").at("amount"), o.at("total_price")) << order_id;
        EXPECT_EQ(mine.at("line_items").as_array().size(), o.at("line_items").as_array().size())
            << order_id;
        EXPECT_EQ(mine.at("deliveries").as_array().size(), o.at("fulfillments").as_array().size())
            << order_id;
        const auto& first_line = o.at("line_items").at(0);
        EXPECT_EQ(mine.at("line_items").at(0).at("sku"), first_line.at("sku")) << order_id;
        EXPECT_EQ(mine.at("line_items").at(0).at("quantity"), first_line.at("quantity"))
            << order_id;
    }
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

TEST_F(ShopifyEndToEnd, ShippingServicesAreEveryRateAndCarrierOfTheStore) {
    const auto c = connect(R"(["COMMERCE_SHIPPING_SERVICE"])");
    auto jobs = wait_for_jobs(c, 1);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        ASSERT_EQ(j.at("status"), "succeeded") << boost::json::serialize(j);
    auto rest = [&](const std::string& path) {
        auto r = send(store.port(), {"GET",
                                     "/admin/api/2025-01/" + path,
                                     {{"X-Shopify-Access-Token", store.admin_token()}},
                                     {}});
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json();
    };
    std::int64_t expected = 0;
    const auto zones = rest("shipping_zones.json");
    for (const auto& z : zones.at("shipping_zones").as_array()) {
        for (const char* key : {"weight_based_shipping_rates", "price_based_shipping_rates",
                                "carrier_shipping_rate_providers"})
            expected += static_cast<std::int64_t>(z.at(key).as_array().size());
    }
    const auto carriers = rest("carrier_services.json").at("carrier_services").as_array();
    expected += static_cast<std::int64_t>(carriers.size());
    ASSERT_GT(expected, 0);
    EXPECT_EQ(stored(c.id, "COMMERCE_SHIPPING_SERVICE"), expected);
    // A second sync of unchanged lists writes nothing.
    ASSERT_EQ(api.post(integration_path(c) + "/sync/shipping-services").status, 202);
    jobs = wait_for_jobs(c, 2);
    const auto& items = jobs.at("_embedded").at("items").as_array();  // oldest first
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1].at("status"), "succeeded");
    EXPECT_EQ(items[1].at("progress").at("records_read").as_int64(), expected);
    EXPECT_EQ(items[1].at("progress").at("records_written").as_int64(), 0);
}

TEST_F(ShopifyEndToEnd, ExpiringTokensAreRefreshedBeforeASyncAndActionsCanRepeatIt) {
    register_app();
    // An expiring offline token, obtained from the store as an app would.
    auto back = location_of(
        get_url("http://127.0.0.1:" + std::to_string(store.port()) +
                "/admin/oauth/authorize?client_id=app-key&scope=read_orders,read_locations"
                "&redirect_uri=http://127.0.0.1:1/cb&state=s1"));
    auto cb = boost::urls::parse_uri(back);
    ASSERT_TRUE(cb);
    std::string code;
    for (auto p : cb->params()) {
        if (p.key == "code")
            code = p.value;
    }
    auto grant =
        send(store.port(), {"POST",
                            "/admin/oauth/access_token",
                            {{"Content-Type", "application/json"}},
                            R"({"client_id":"app-key","client_secret":"app-secret","code":")" +
                                code + R"(","expiring":"1"})"});
    ASSERT_EQ(grant.status, 200) << grant.body;
    const auto tokens = grant.json();
    const auto refresh = str(tokens.at("refresh_token"));
    const auto merchant = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    // Its end is near (under the engine's 5-minute margin): the next sync renews it first.
    const auto soon = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() +
                      60'000;
    auto integration = api.create(
        "/v1/organizations/" + merchant + "/integrations",
        R"({"name":"Acme","connector_id":"shopify","credentials":{"shop_domain":"acme.myshopify.com","access_token":")" +
            str(tokens.at("access_token")) + R"(","refresh_token":")" + refresh +
            R"(","access_token_expires_at":)" + std::to_string(soon) + "}}");
    const Connected c{merchant, str(integration.at("id"))};
    ASSERT_EQ(api.post(integration_path(c) + "/sync/orders").status, 202);
    auto jobs = wait_for_jobs(c, 1);
    EXPECT_EQ(jobs.at("_embedded").at("items").at(0).at("status"), "succeeded")
        << boost::json::serialize(jobs);
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), store_stats().at("records").at("orders").as_int64());
    // The refresh token was used (Shopify rotates it: the old one is spent) ...
    auto spent = send(store.port(), {"POST",
                                     "/admin/oauth/access_token",
                                     {{"Content-Type", "application/json"}},
                                     R"({"client_id":"app-key","client_secret":"app-secret",)"
                                     R"("grant_type":"refresh_token","refresh_token":")" +
                                         refresh + R"("})"});
    EXPECT_EQ(spent.status, 400) << spent.body;
    // ... and the new expiry is about an hour away.
    const auto expires =
        api.get(integration_path(c)).json().at("credentials").at("access_token_expires_at");
    EXPECT_GT(expires.as_int64(), soon + 30 * 60'000);
    // The same as an action, on demand; the stored tokens are replaced again.
    auto again = api.post(integration_path(c) + "/actions/refresh_token", "{}");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.body.find("shpat_"), std::string::npos);  // tokens are never echoed
    // register_webhooks subscribes the hub once; repeating it changes nothing.
    auto first = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(first.status, 200) << first.body;
    auto result = first.json().at("result");
    EXPECT_GT(result.at("created").as_int64(), 0);
    EXPECT_EQ(str(result.at("callback_url")),
              "http://127.0.0.1:" + std::to_string(hub.port()) + "/webhooks/shopify");
    auto second = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.json().at("result").at("created").as_int64(), 0);
    EXPECT_EQ(second.json().at("result").at("already_registered"), result.at("created"));
}

TEST_F(ShopifyEndToEnd, StockLevelsAreWrittenBackWhenStockSyncIsOn) {
    const auto c = connect(R"(["COMMERCE_LOCATION","COMMERCE_PRODUCT"])");
    wait_for_jobs(c, 2);
    const auto path = integration_path(c) + "/stock-levels";
    auto first = [&](const std::string& type) {
        return read_db([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id, data FROM records WHERE integration_id = $1 AND type = $2"
                    " ORDER BY external_id LIMIT 1",
                    {c.id, type})
                .rows.at(0);
        });
    };
    const auto location = first("COMMERCE_LOCATION").text(0);
    // A product with two variants or more, so that the two levels below are two items.
    const auto product = read_db([&](sql::Session& s) {
        for (const auto& row :
             s.exec("SELECT data FROM records WHERE integration_id = $1 AND type = "
                    "'COMMERCE_PRODUCT' ORDER BY external_id",
                    {c.id})
                 .rows) {
            auto p = boost::json::parse(row.text(0));
            if (p.at("variants").as_array().size() >= 2)
                return p;
        }
        return boost::json::value();
    });
    ASSERT_TRUE(product.is_object());
    const auto item_a = str(product.at("variants").at(0).at("inventory_item_id"));
    const auto item_b = str(product.at("variants").as_array().back().at("inventory_item_id"));
    const std::string levels =
        R"({"levels":[{"inventory_item_id":")" + item_a + R"(","location_id":")" + location +
        R"(","available":11},)" + R"({"inventory_item_id":")" + item_b + R"(","location_id":")" +
        location + R"(","available":12},)" + R"({"inventory_item_id":"999999999","location_id":")" +
        location + R"(","available":1}]})";

    // Off by default: nothing is queued.
    auto off = api.put(path, levels);
    EXPECT_EQ(off.status, 409) << off.body;
    EXPECT_EQ(code_of(off), "stock_sync_disabled");
    ASSERT_EQ(api.put(integration_path(c), R"({"stock_sync_enabled":true})").status, 200);

    auto bad = api.put(path, R"({"levels":[{"inventory_item_id":"1","available":"many","x":1}]})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(field_names(bad), (std::vector<std::string>{"levels[0].location_id",
                                                          "levels[0].available", "levels[0].x"}));
    EXPECT_EQ(api.put(path, R"({"levels":[]})").status, 400);

    auto queued = api.put(path, levels);
    ASSERT_EQ(queued.status, 202) << queued.body;
    EXPECT_EQ(queued.json().at("count").as_int64(), 3);
    // The writer writes them to the store; the unknown item is refused by the store.
    std::map<std::string, std::string> status;
    EXPECT_TRUE(eventually([&] {
        status.clear();
        auto list = api.get(path).json();
        for (const auto& l : list.at("_embedded").at("items").as_array())
            status[str(l.at("inventory_item_id"))] = str(l.at("status"));
        return status.size() == 3 && status[item_a] == "written" && status[item_b] == "written" &&
               status["999999999"] == "failed";
    })) << api.get(path).body;
    auto level = [&](const std::string& item) {
        auto r = send(store.port(),
                      {"GET",
                       "/admin/api/2025-01/inventory_levels.json?inventory_item_ids=" + item +
                           "&location_ids=" + location,
                       {{"X-Shopify-Access-Token", store.admin_token()}},
                       {}});
        return r.json().at("inventory_levels").at(0).at("available").as_int64();
    };
    EXPECT_EQ(level(item_a), 11);
    EXPECT_EQ(level(item_b), 12);
    // Each write is an audited set_stock_level action.
    EXPECT_NE(api.get(path).body.find("not_found"), std::string::npos);
}

// The README's placeholder token: the store answers its one call with 401 (Shopify's "[API]
// Invalid API key or access token"), and the job fails at once with platform_unauthorized,
// sent neither again by the client nor retried by the sync engine.
TEST_F(ShopifyEndToEnd, APlaceholderTokenFailsTheSyncAtOnceWithPlatformUnauthorized) {
    const auto merchant = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    auto integration =
        api.create("/v1/organizations/" + merchant + "/integrations",
                   R"({"name":"Acme","connector_id":"shopify","credentials":)"
                   R"({"shop_domain":"acme.myshopify.com","access_token":"shpat_placeholder"}})");
    const Connected c{merchant, str(integration.at("id"))};
    // Admin API calls (GraphQL and REST); "total" would count these stats reads too.
    const auto requests = [&] {
        const auto stats = store_stats();
        return stats.at("requests").at("graphql").as_int64() +
               stats.at("requests").at("rest").as_int64();
    };
    const auto before = requests();
    auto started = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(started.status, 202) << started.body;
    const auto job_path = integration_path(c) + "/jobs/" + str(started.json().at("id"));
    boost::json::value job;
    EXPECT_TRUE(eventually([&] {
        job = api.get(job_path).json();
        return job.at("status") == "failed";
    })) << boost::json::serialize(job);
    EXPECT_EQ(str(job.at("last_error")).rfind("platform_unauthorized: ", 0), 0)
        << boost::json::serialize(job);
    EXPECT_EQ(job.at("attempts").as_int64(), 1) << boost::json::serialize(job);
    EXPECT_EQ(requests(), before + 1) << boost::json::serialize(store_stats());
}

TEST_F(ShopifyEndToEnd, ASyncThroughThrottleStorms503sAndResetsStillMatchesTheStore) {
    // Faults on every Admin API call (GraphQL, REST, bulk downloads); OAuth is spared.
    auto faults =
        send(store.port(), {"POST",
                            "/_emulator/faults",
                            {},
                            R"({"fail_rate":0.15,"reset_rate":0.1,"throttle_storm_seconds":2})"});
    ASSERT_EQ(faults.status, 200) << faults.body;
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER","COMMERCE_PRODUCT"])");
    auto jobs = wait_for_jobs(c, 3, std::chrono::seconds(240));
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        EXPECT_EQ(j.at("status"), "succeeded") << boost::json::serialize(j);
    const auto stats = store_stats();
    EXPECT_GT(stats.at("requests").at("injected_resets").as_int64(), 0)
        << boost::json::serialize(stats);
    EXPECT_GT(stats.at("requests").at("injected_failures").as_int64(), 0)
        << boost::json::serialize(stats);
    EXPECT_GT(stats.at("requests").at("throttled").as_int64(), 0) << boost::json::serialize(stats);
    const auto& records = stats.at("records");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), records.at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), records.at("customers").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), records.at("products").as_int64());
}

}  // namespace sb::test
