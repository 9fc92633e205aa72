#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/api_client.hpp"
#include "common/test_env.hpp"
#include "storage/sql.hpp"

#include <boost/json/serialize.hpp>

namespace sb::test {

namespace {

using ::testing::Contains;
using ::testing::Not;

// An API-only server (no sync workers): jobs stay as the API left them.
config::Settings api_only() {
    config::Settings s;
    s.sync_workers = 0;
    return s;
}

class Integrations : public ::testing::Test {
  protected:
    TestServer server{api_only()};
    Api api{server.port(), server.token()};
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string base = "/v1/organizations/" + org + "/integrations";

    boost::json::object create_shopify(const std::string& extra = "") {
        return api.create(
            base,
            R"({"name":"My Online Store Shopify","connector_id":"shopify",)"
            R"("credentials":{"shop_domain":"acme.myshopify.com","access_token":"shpat_s3cr3t"})" +
                extra + "}");
    }
};

}  // namespace

TEST_F(Integrations, ConnectorCatalogComesFromTheConnectors) {
    auto r = api.get("/v1/connectors");
    ASSERT_EQ(r.status, 200);
    std::vector<std::string> ids;
    const auto body = r.json();
    for (const auto& c : body.at("_embedded").at("items").as_array())
        ids.push_back(str(c.at("id")));
    EXPECT_EQ(ids, (std::vector<std::string>{"shopify", "shoplazza", "bigcommerce", "woocommerce",
                                             "custom"}));
    auto shopify = api.get("/v1/connectors/shopify").json().as_object();
    EXPECT_EQ(shopify.at("category"), "shop");
    EXPECT_EQ(shopify.at("auth_kind"), "oauth2");
    bool secret_token = false;
    for (const auto& f : shopify.at("credential_fields").as_array()) {
        if (f.at("name") == "access_token")
            secret_token = f.at("secret").as_bool();
    }
    EXPECT_TRUE(secret_token);
    auto shoplazza = api.get("/v1/connectors/shoplazza").json();
    EXPECT_EQ(shoplazza.at("actions").at(0).at("id"), "update_shop");
    EXPECT_EQ(shoplazza.at("actions").at(0).at("input_schema").at("type"), "object");
    EXPECT_EQ(api.get("/v1/connectors/magento").status, 404);
    // Every registered platform's connector is built: each lists what it does.
    for (const auto& c : body.at("_embedded").at("items").as_array())
        EXPECT_EQ(c.at("available"), true) << boost::json::serialize(c);
    EXPECT_EQ(shopify.at("available"), true);
    // Actions come from capabilities: the same id and input wherever a connector has one.
    std::vector<std::string> actions;
    for (const auto& a : shopify.at("actions").as_array())
        actions.push_back(str(a.at("id")));
    EXPECT_THAT(actions, Contains("set_stock_level"));
    EXPECT_THAT(actions, Contains("register_webhooks"));
    EXPECT_THAT(actions, Contains("refresh_token"));
    EXPECT_THAT(actions, Not(Contains("update_shop")));  // Shopify's API has no shop update
}

TEST_F(Integrations, CreateHasTheSeedFieldsAndMasksSecrets) {
    auto r = api.post(
        base,
        R"({"name":"My Online Store Shopify","connector_id":"shopify","order_sync_enabled":true,)"
        R"("credentials":{"shop_domain":"acme.myshopify.com","access_token":"shpat_s3cr3t"}})");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body.find("shpat_s3cr3t"), std::string::npos);
    auto i = r.json().as_object();
    for (const char* f : {"id", "category", "name", "order_sync_enabled", "order_sync_updated_at",
                          "product_sync_enabled", "product_sync_updated_at", "stock_sync_enabled",
                          "created_at", "updated_at", "connector_id", "status", "settings"}) {
        EXPECT_TRUE(i.contains(f)) << f;
    }
    EXPECT_EQ(i.at("category"), "shop");
    EXPECT_EQ(i.at("status"), "PENDING");
    EXPECT_TRUE(i.at("order_sync_enabled").as_bool());
    EXPECT_FALSE(i.at("product_sync_enabled").as_bool());
    EXPECT_TRUE(i.at("order_sync_updated_at").is_null());
    EXPECT_EQ(i.at("credentials").at("access_token"), "********");
    EXPECT_EQ(i.at("credentials").at("shop_domain"), "acme.myshopify.com");
    EXPECT_EQ(i.at("settings").at("api_version"), "2026-10");  // default applied
    EXPECT_EQ(r.header("Location"),
              "http://127.0.0.1:" + std::to_string(server.port()) + base + "/" + str(i.at("id")));
}

TEST_F(Integrations, ValidationNamesEachBadField) {
    auto r =
        api.post(base, R"({"connector_id":"shopify","settings":{"api_version":7,"color":"red"},)"
                       R"("credentials":{},"order_sync_enabled":"yes"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "validation_failed");
    auto names = field_names(r);
    EXPECT_THAT(names, Contains("order_sync_enabled"));
    auto second = api.post(
        base, R"({"name":"x","connector_id":"shopify","settings":{"api_version":7,"color":"red"},)"
              R"("credentials":{}})");
    names = field_names(second);
    EXPECT_THAT(names, Contains("settings.api_version"));
    EXPECT_THAT(names, Contains("settings.color"));
    EXPECT_THAT(names, Contains("credentials.shop_domain"));
    auto unknown = api.post(base, R"({"name":"x","connector_id":"magento"})");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(code_of(unknown), "unknown_connector");
    EXPECT_EQ(api.post("/v1/organizations/org_nope/integrations",
                       R"({"name":"x","connector_id":"custom"})")
                  .status,
              404);
}

TEST_F(Integrations, UpdateKeepsSecretsSentBackMaskedAndHonoursIfMatch) {
    auto i = create_shopify();
    const auto path = base + "/" + str(i.at("id"));
    auto g = api.get(path);
    EXPECT_EQ(g.header("ETag"), "\"v1\"");
    // Echo the GET body back with changes: masked secret and read-only fields included.
    auto body = g.json().as_object();
    body["name"] = "Renamed";
    body["product_sync_enabled"] = true;
    body.erase("_links");
    auto u = api.put(path, boost::json::serialize(body), {{"If-Match", g.header("ETag")}});
    ASSERT_EQ(u.status, 200) << u.body;
    EXPECT_EQ(u.json().at("name"), "Renamed");
    EXPECT_TRUE(u.json().at("product_sync_enabled").as_bool());
    EXPECT_EQ(u.header("ETag"), "\"v2\"");
    auto stale = api.put(path, R"({"name":"Again"})", {{"If-Match", "\"v1\""}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(code_of(stale), "precondition_failed");
    EXPECT_EQ(code_of(api.put(path, R"({"connector_id":"bigcommerce"})")), "validation_failed");
    EXPECT_EQ(api.put(path, R"({"name":"x"})", {{"If-Match", "garbage"}}).status, 412);

    // The stored secret survived the round trip: it is still there, sealed.
    auto rows = sql::open_database(server.settings().database)->read([&](sql::Session& s) {
        return s
            .exec("SELECT credentials_sealed FROM integrations WHERE id = $1", {str(i.at("id"))})
            .rows;
    });
    auto opened = server.app().keyring().open(rows.at(0).text(0), "integration:" + str(i.at("id")));
    EXPECT_NE(opened.find("shpat_s3cr3t"), std::string::npos);

    EXPECT_EQ(api.del(path, {{"If-Match", "\"v1\""}}).status, 412);
    EXPECT_EQ(api.del(path).status, 204);
    EXPECT_EQ(api.get(path).status, 404);
}

TEST_F(Integrations, ListSettingsAndActions) {
    auto i = create_shopify();
    api.create(
        base,
        R"({"name":"Books","connector_id":"woocommerce","credentials":{"site_url":"https://b.test",)"
        R"("consumer_key":"ck_1","consumer_secret":"cs_1"}})");
    auto list = api.get(base + "?order_by=name:asc");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json().at("count").as_int64(), 2);
    EXPECT_EQ(list.json().at("_embedded").at("items").at(0).at("name"), "Books");
    EXPECT_EQ(list.body.find("cs_1"), std::string::npos);

    const auto path = base + "/" + str(i.at("id"));
    auto settings = api.get(path + "/settings");
    ASSERT_EQ(settings.status, 200);
    // No interval of its own: the hub's --sync-interval applies.
    EXPECT_FALSE(settings.json().at("settings").as_object().contains("sync_interval_minutes"))
        << settings.body;

    auto actions = api.get(path + "/actions").json();
    std::vector<std::string> ids;
    for (const auto& a : actions.at("_embedded").at("items").as_array())
        ids.push_back(str(a.at("id")));
    EXPECT_THAT(ids, Contains("update_stock"));
    EXPECT_THAT(ids, Contains("cancel_order"));
}

TEST_F(Integrations, ActionsAreValidatedAuditedAndNeverFakeSuccess) {
    // An action the connector does not have is not found.
    auto bc = api.create(
        base,
        R"({"name":"Woo","connector_id":"woocommerce","credentials":{"site_url":"https://w.test",)"
        R"("consumer_key":"ck_1","consumer_secret":"cs_1"}})");
    auto none = api.post(base + "/" + str(bc.at("id")) + "/actions/update_stock",
                         R"({"product_id":"1","available":5})");
    EXPECT_EQ(none.status, 404);
    EXPECT_EQ(code_of(none), "not_found");
    // A built connector's action checks its input before anything reaches the platform.
    auto i = create_shopify();
    const auto path = base + "/" + str(i.at("id")) + "/actions/";
    auto bad = api.post(path + "set_stock_level", R"({"location_id":"1","available":"ten"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_THAT(field_names(bad), Contains("inventory_item_id"));
    EXPECT_THAT(field_names(bad), Contains("available"));
    EXPECT_EQ(api.post(path + "self_destruct", "{}").status, 404);
    auto rows = sql::open_database(server.settings().database)->read([&](sql::Session& s) {
        return s.exec("SELECT action_id FROM action_executions", {}).rows;
    });
    EXPECT_EQ(rows.size(), 0u);  // the refused calls never reached a connector
}

TEST_F(Integrations, SyncsAreDurableJobsThatCoalesceAndCancel) {
    auto i = create_shopify();
    const auto path = base + "/" + str(i.at("id"));
    auto a = api.post(path + "/sync/orders");
    ASSERT_EQ(a.status, 202) << a.body;
    auto job = a.json().as_object();
    EXPECT_EQ(job.at("status"), "queued");
    EXPECT_EQ(job.at("data_type"), "COMMERCE_ORDER");
    EXPECT_EQ(a.header("Location"), str(job.at("_links").at("self").at("href")));
    // A second request while the first is queued joins it.
    auto b = api.post(path + "/sync/orders");
    EXPECT_EQ(b.json().at("id"), job.at("id"));
    for (const char* kind : {"products", "shipping-services", "product-stocks"}) {
        EXPECT_EQ(api.post(path + "/sync/" + kind).status, 202) << kind;
    }
    auto jobs = api.get(path + "/jobs").json();
    EXPECT_EQ(jobs.at("count").as_int64(), 4);

    const auto job_path = path + "/jobs/" + str(job.at("id"));
    EXPECT_EQ(api.get(job_path).json().at("status"), "queued");
    auto c = api.post(job_path + "/cancel");
    ASSERT_EQ(c.status, 200);
    EXPECT_EQ(c.json().at("status"), "cancelled");
    auto again = api.post(job_path + "/cancel");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(code_of(again), "job_finished");
    // After cancellation a new sync makes a new job.
    EXPECT_NE(api.post(path + "/sync/orders").json().at("id"), job.at("id"));
    EXPECT_EQ(api.get(path + "/jobs/job_nope").status, 404);
    EXPECT_EQ(code_of(api.post(path + "/sync/orders", R"({"full":true})")), "validation_failed");
}

TEST_F(Integrations, ConnectorWithoutADataTypeRefusesItsSync) {
    auto sl = api.create(base, R"({"name":"SL","connector_id":"shoplazza","credentials":)"
                               R"({"shop_domain":"acme.myshoplaza.com","access_token":"t"}})");
    auto r = api.post(base + "/" + str(sl.at("id")) + "/sync/shipping-services");
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(code_of(r), "unsupported_data_type");
}

TEST_F(Integrations, StoreAddressesAndValuesAreCheckedBeforeAnythingIsStored) {
    // Issue 16, finding 1: an integration named a port on the hub's own network, and its
    // action then opened a connection there.
    auto create = [&](const std::string& connector, const std::string& credentials) {
        return api.post(base, R"({"name":"x","connector_id":")" + connector +
                                  R"(","credentials":)" + credentials + "}");
    };
    for (const char* shop : {"127.0.0.1:19199", "localhost:19199/x?y=", "not a domain!!",
                             "10.0.0.7", "acme.myshopify.com:8443", "[::1]"}) {
        auto r = create("shopify",
                        std::string(R"({"shop_domain":")") + shop + R"(","access_token":"t"})");
        EXPECT_EQ(r.status, 400) << shop;
        EXPECT_THAT(field_names(r), Contains("credentials.shop_domain")) << shop;
    }
    EXPECT_EQ(
        create("shoplazza", R"({"shop_domain":"acme.myshopify.com","access_token":"t"})").status,
        400);
    EXPECT_EQ(create("woocommerce", R"({"site_url":"http://10.0.0.1/","consumer_key":"k",)"
                                    R"("consumer_secret":"s"})")
                  .status,
              400);
    EXPECT_EQ(create("bigcommerce", R"({"store_hash":"../../admin","access_token":"t"})").status,
              400);
    // Issue 16, finding 2: a 100,000-character token was stored, and broke every later call.
    auto big = create("shopify", R"({"shop_domain":"acme.myshopify.com","access_token":")" +
                                     std::string(100'000, 'a') + R"("})");
    EXPECT_EQ(big.status, 400);
    EXPECT_THAT(field_names(big), Contains("credentials.access_token"));
    EXPECT_NE(big.body.find("at most 4096"), std::string::npos) << big.body;
    auto fine = create("shopify", R"({"shop_domain":"acme.myshopify.com","access_token":"t"})");
    ASSERT_EQ(fine.status, 201) << fine.body;
    const auto path = base + "/" + str(fine.json().at("id"));
    auto put = api.put(path, R"({"credentials":{"shop_domain":"127.0.0.1:19199"}})");
    EXPECT_EQ(put.status, 400) << put.body;
    EXPECT_EQ(api.get(path).json().at("credentials").at("shop_domain"), "acme.myshopify.com");
    auto list = api.get(base).json().at("_embedded").at("items").as_array();
    EXPECT_EQ(list.size(), 1u);  // only the valid one was created
}

TEST_F(Integrations, OtherAccountsAndOtherMerchantsSeeNothing) {
    auto i = create_shopify();
    const auto other_org = str(api.create("/v1/organizations", R"({"name":"Other"})").at("id"));
    EXPECT_EQ(api.get("/v1/organizations/" + other_org + "/integrations/" + str(i.at("id"))).status,
              404);
    auto& auth = server.app().auth();
    auth.create_account("rival");
    auto c = auth.create_client("rival", {"integrations:read", "integrations:write"});
    Api rival(server.port(), auth.issue_token(c.client_id, c.client_secret, {}).access_token);
    EXPECT_EQ(rival.get(base + "/" + str(i.at("id"))).status, 404);
    EXPECT_EQ(rival.post(base + "/" + str(i.at("id")) + "/sync/orders").status, 404);
    EXPECT_EQ(rival.get(base).status, 404);
}

}  // namespace sb::test
