#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/api_client.hpp"
#include "common/test_env.hpp"
#include "storage/sql.hpp"

#include <set>

namespace sb::test {

namespace {

class Providers : public ::testing::Test {
  protected:
    TestServer server;
    Api api{server.port(), server.token()};
    std::string user = str(api.create("/api/v6/users", R"({"name":"Merchant user"})").at("id"));
    std::string connections = "/api/v6/users/" + user + "/data-connections";

    void configure_shopify() {
        ASSERT_EQ(
            api.put("/api/v6/providers/shopify/credentials",
                    R"({"credentials":{"client_id":"API_KEY","client_secret":"API_SECRET_KEY"}})")
                .status,
            200);
        ASSERT_EQ(api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":true})").status,
                  200);
        ASSERT_EQ(api.put("/api/v6/providers/shopify", R"({"enable":true})").status, 200);
    }
};

}  // namespace

TEST_F(Providers, Seed003ProviderSetup) {
    auto creds =
        api.put("/api/v6/providers/shopify/credentials",
                R"({"credentials":{"client_id":"API_KEY","client_secret":"API_SECRET_KEY"}})");
    ASSERT_EQ(creds.status, 200) << creds.body;
    EXPECT_EQ(creds.json().at("credentials").at("client_id"), "API_KEY");
    EXPECT_EQ(creds.json().at("credentials").at("client_secret"), "********");
    EXPECT_EQ(creds.body.find("API_SECRET_KEY"), std::string::npos);
    EXPECT_EQ(api.get("/api/v6/providers/shopify/credentials")
                  .json()
                  .at("credentials")
                  .at("client_secret"),
              "********");

    auto settings = api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":true})");
    ASSERT_EQ(settings.status, 200);
    EXPECT_TRUE(settings.json().at("auto_connect").as_bool());
    EXPECT_TRUE(api.get("/api/v6/providers/shopify/settings").json().at("auto_connect").as_bool());

    auto enable = api.put("/api/v6/providers/shopify", R"({"enable":true})");
    ASSERT_EQ(enable.status, 200);
    auto p = api.get("/api/v6/providers/shopify").json();
    EXPECT_TRUE(p.at("enabled").as_bool());
    EXPECT_TRUE(p.at("has_credentials").as_bool());
    EXPECT_EQ(str(p.at("callback_url")),
              "http://127.0.0.1:" + std::to_string(server.port()) + "/callback/shopify");

    // Sending the masked secret back keeps the stored one.
    EXPECT_EQ(api.put("/api/v6/providers/shopify/credentials",
                      R"({"credentials":{"client_id":"API_KEY_2","client_secret":"********"}})")
                  .status,
              200);
    EXPECT_TRUE(api.get("/api/v6/providers/shopify").json().at("has_credentials").as_bool());
}

TEST_F(Providers, ProviderErrors) {
    EXPECT_EQ(api.get("/api/v6/providers/magento").status, 404);
    EXPECT_EQ(api.put("/api/v6/providers/magento", R"({"enable":true})").status, 404);
    auto no_creds = api.put("/api/v6/providers/shopify", R"({"enable":true})");
    EXPECT_EQ(no_creds.status, 409);
    EXPECT_EQ(code_of(no_creds), "provider_not_configured");
    auto bad = api.put("/api/v6/providers/shopify/credentials",
                       R"({"credentials":{"client_secret":5,"x":1}})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_THAT(field_names(bad), ::testing::Contains("credentials.client_id"));
    EXPECT_THAT(field_names(bad), ::testing::Contains("credentials.client_secret"));
    EXPECT_THAT(field_names(bad), ::testing::Contains("credentials.x"));
    EXPECT_EQ(code_of(api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":"yes"})")),
              "validation_failed");
    EXPECT_EQ(code_of(api.put("/api/v6/providers/shopify", R"({})")), "validation_failed");
}

TEST_F(Providers, DataConnectionNeedsAnEnabledConfiguredProvider) {
    const std::string body =
        R"({"provider_name":"shopify","requested_data_types":["COMMERCE_LOCATION","COMMERCE_CUSTOMER","COMMERCE_PRODUCT","COMMERCE_ORDER"]})";
    auto not_configured = api.post(connections, body);
    EXPECT_EQ(not_configured.status, 409);
    EXPECT_EQ(code_of(not_configured), "provider_not_configured");
    api.put("/api/v6/providers/shopify/credentials",
            R"({"credentials":{"client_id":"K","client_secret":"S"}})");
    auto disabled = api.post(connections, body);
    EXPECT_EQ(disabled.status, 409);
    EXPECT_EQ(code_of(disabled), "provider_disabled");
}

TEST_F(Providers, Seed003DataConnectionFlow) {
    configure_shopify();
    auto r = api.post(connections,
                      R"({"provider_name":"shopify","requested_data_types":["COMMERCE_LOCATION",)"
                      R"("COMMERCE_CUSTOMER","COMMERCE_PRODUCT","COMMERCE_ORDER"]})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto dc = r.json().as_object();
    EXPECT_EQ(dc.at("status"), "PENDING");
    EXPECT_EQ(dc.at("provider_name"), "shopify");
    EXPECT_EQ(str(dc.at("user_id")), user);
    EXPECT_EQ(dc.at("requested_data_types").as_array().size(), 4u);
    const auto connect_url = str(dc.at("connect_url"));
    EXPECT_TRUE(
        connect_url.starts_with("http://127.0.0.1:" + std::to_string(server.port()) + "/connect/"));
    // The connect link asks the merchant for the store first.
    const auto connect_path = connect_url.substr(connect_url.find("/connect/"));
    auto page = send(server.port(), {"GET", connect_path, {}, {}});
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.header("Content-Type").starts_with("text/html"));
    EXPECT_NE(page.body.find("Connect your Shopify store"), std::string::npos);
    EXPECT_NE(page.body.find("name=\"shop\""), std::string::npos);

    const auto id = str(dc.at("id"));
    EXPECT_EQ(api.get(connections + "/" + id).json().at("status"), "PENDING");
    EXPECT_EQ(api.get(connections).json().at("count").as_int64(), 1);
    // It is an integration of the merchant too.
    EXPECT_EQ(
        api.get("/v1/organizations/" + user + "/integrations/" + id).json().at("connector_id"),
        "shopify");
    EXPECT_EQ(api.del(connections + "/" + id).status, 204);
    EXPECT_EQ(api.get(connections + "/" + id).status, 404);
}

TEST_F(Providers, DataConnectionValidation) {
    configure_shopify();
    auto unknown_type = api.post(
        connections, R"({"provider_name":"shopify","requested_data_types":["COMMERCE_PETS"]})");
    EXPECT_EQ(unknown_type.status, 400);
    EXPECT_EQ(code_of(unknown_type), "validation_failed");
    EXPECT_EQ(code_of(api.post(connections, R"({"requested_data_types":[]})")),
              "validation_failed");
    EXPECT_EQ(code_of(api.post(connections, R"({"provider_name":"magento"})")),
              "unknown_connector");
    api.put("/api/v6/providers/woocommerce", R"({"enable":true})");
    auto unsupported = api.post(
        connections, R"({"provider_name":"woocommerce","requested_data_types":["COMMERCE_CART"]})");
    EXPECT_EQ(unsupported.status, 422);
    EXPECT_EQ(code_of(unsupported), "unsupported_data_type");
    EXPECT_EQ(api.post("/api/v6/users/usr_nope/data-connections", R"({"provider_name":"shopify"})")
                  .status,
              404);
}

}  // namespace sb::test

namespace sb::test {

TEST_F(Providers, PutHonoursIfMatch) {
    auto first = api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":true})");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.header("ETag"), "\"v1\"");
    auto stale = api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":false})",
                         {{"If-Match", "\"v9\""}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(code_of(stale), "precondition_failed");
    EXPECT_TRUE(api.get("/api/v6/providers/shopify/settings").json().at("auto_connect").as_bool());
    auto ok = api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":false})",
                      {{"If-Match", "\"v1\""}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.header("ETag"), "\"v2\"");
}

}  // namespace sb::test

namespace sb::test {

TEST_F(Providers, Seed003UserSyncQueuesAJobPerConnectedDataConnectionAndType) {
    configure_shopify();
    const std::string body = R"({"data_types":["COMMERCE_ORDER","COMMERCE_CUSTOMER"]})";
    auto none = api.post("/api/v6/users/" + user + "/sync", body);
    EXPECT_EQ(none.status, 409);
    EXPECT_EQ(code_of(none), "no_connected_integration");

    auto dc = api.create(
        connections,
        R"({"provider_name":"shopify","requested_data_types":["COMMERCE_ORDER","COMMERCE_CUSTOMER"]})");
    // The install flow is what marks a connection CONNECTED; here the test sets it directly.
    auto db = sql::open_database(server.settings().database);
    db->write([&](sql::Session& s) {
        s.exec("UPDATE integrations SET status = 'CONNECTED' WHERE id = $1", {str(dc.at("id"))});
    });
    // Before any job runs: the jobs below meet no store, and a store's refusal of the
    // credentials turns the connection to ERROR.
    auto not_requested =
        api.post("/api/v6/users/" + user + "/sync", R"({"data_types":["COMMERCE_CART"]})");
    EXPECT_EQ(not_requested.status, 422);
    EXPECT_EQ(code_of(not_requested), "unsupported_data_type");
    auto r = api.post("/api/v6/users/" + user + "/sync", body);
    ASSERT_EQ(r.status, 202) << r.body;
    const auto jobs = r.json();
    ASSERT_EQ(jobs.at("count").as_int64(), 2);
    std::set<std::string> types;
    for (const auto& j : jobs.at("_embedded").at("items").as_array()) {
        types.insert(str(j.at("data_type")));
        EXPECT_EQ(j.at("integration_id"), dc.at("id"));
    }
    EXPECT_EQ(types, (std::set<std::string>{"COMMERCE_ORDER", "COMMERCE_CUSTOMER"}));

    EXPECT_EQ(code_of(api.post("/api/v6/users/" + user + "/sync", R"({"data_types":["PETS"]})")),
              "validation_failed");
    EXPECT_EQ(code_of(api.post("/api/v6/users/" + user + "/sync", R"({"data_types":[]})")),
              "validation_failed");
}

}  // namespace sb::test

namespace sb::test {

TEST_F(Providers, ConnectLinkAndCallbackRefuseWhatTheyCannotTrust) {
    configure_shopify();
    auto dc = api.create(connections, R"({"provider_name":"shopify"})");
    const auto url = str(dc.at("connect_url"));
    const auto path = url.substr(url.find("/connect/"));
    const auto id = str(dc.at("id"));

    auto wrong = send(server.port(), {"GET", "/connect/" + id + "?token=guess", {}, {}});
    EXPECT_EQ(wrong.status, 404);
    EXPECT_EQ(code_of(wrong), "not_found");
    auto bad_store = send(server.port(), {"GET", path + "&shop=", {}, {}});
    EXPECT_EQ(bad_store.status, 200);  // an empty store: the form again

    auto no_state =
        send(server.port(), {"GET", "/callback/shopify?code=x&shop=a.myshopify.com", {}, {}});
    EXPECT_EQ(no_state.status, 400);
    EXPECT_EQ(code_of(no_state), "invalid_request");
    auto unknown_state =
        send(server.port(), {"GET", "/callback/shopify?code=x&state=forged", {}, {}});
    EXPECT_EQ(unknown_state.status, 400);
    EXPECT_EQ(code_of(unknown_state), "invalid_request");
    EXPECT_EQ(send(server.port(), {"GET", "/callback/magento?state=x", {}, {}}).status, 404);
    // Nothing changed.
    EXPECT_EQ(api.get(connections + "/" + id).json().at("status"), "PENDING");
}

}  // namespace sb::test
