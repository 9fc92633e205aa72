#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "common/api_client.hpp"
#include "common/eventually.hpp"
#include "common/test_env.hpp"
#include "storage/integration_store.hpp"
#include "storage/sql.hpp"

// Issue 16: paging parameters checked on every list (finding 6), bounds on every string the
// API stores, and values stored over their bounds by an older version (finding 2).
namespace sb::test {

namespace {

config::Settings api_only() {
    config::Settings s;
    s.sync_workers = 0;
    return s;
}

std::uint16_t closed_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();  // closed again when `a` goes
}

// The one error shape, and the first field's name.
void expect_error(const HttpResponse& r, int status, const std::string& code,
                  const std::string& field, const std::string& what) {
    ASSERT_EQ(r.status, status) << what << ": " << r.body;
    const auto body = r.json();
    ASSERT_TRUE(body.is_object()) << what;
    const auto& o = body.as_object();
    EXPECT_EQ(str(o.at("code")), code) << what << ": " << r.body;
    EXPECT_TRUE(o.at("message").is_string()) << what;
    EXPECT_TRUE(o.at("description").is_string()) << what;
    ASSERT_TRUE(o.at("fields").is_array()) << what;
    ASSERT_FALSE(o.at("fields").as_array().empty()) << what << ": " << r.body;
    const auto& f = o.at("fields").as_array().front().as_object();
    EXPECT_EQ(str(f.at("name")), field) << what << ": " << r.body;
    EXPECT_FALSE(str(f.at("description")).empty()) << what;
}

std::string with(const std::string& path, const std::string& param) {
    return path + (path.find('?') == std::string::npos ? "?" : "&") + param;
}

std::vector<std::string> item_values(const boost::json::value& list, const char* key) {
    std::vector<std::string> out;
    for (const auto& i : list.at("_embedded").at("items").as_array())
        out.push_back(str(i.at(key)));
    return out;
}

// The path and query of a _links.next.href.
std::string target_of(const boost::json::value& list) {
    const std::string href = str(list.at("_links").at("next").at("href"));
    return href.substr(href.find('/', href.find("//") + 2));
}

class PagingParams : public ::testing::Test {
  protected:
    TestServer server{api_only()};
    Api api{server.port(), server.token()};
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string integrations = "/v1/organizations/" + org + "/integrations";
    std::string integration =
        integrations + "/" +
        str(api.create(integrations,
                       R"({"name":"Shop","connector_id":"shopify","stock_sync_enabled":true,)"
                       R"("order_sync_enabled":false,"product_sync_enabled":false,)"
                       R"("credentials":{"shop_domain":"acme.myshopify.com",)"
                       R"("access_token":"shpat_s3cr3t"}})")
                .at("id"));

    struct ListRoute {
        std::string path;
        bool order_by_checked = true;
        bool served_without_data = true;  // 200 for valid paging with nothing set up
    };

    // Every list of the API (the order items of one order need a stored order: see
    // erc_api_test for their paging).
    std::vector<ListRoute> lists() const {
        const std::string user = "/api/v6/users/" + org;
        std::vector<ListRoute> out{
            {"/v1/connectors"},
            {"/v1/organizations"},
            {"/api/v6/users"},
            {integrations},
            {integration + "/jobs"},
            {integration + "/actions"},
            {integration + "/stock-levels"},
            {integration + "/webhooks"},
            {user + "/data-connections"},
            {user + "/commerce-locations"},
            {user + "/commerce-customers"},
            {user + "/commerce-products"},
            {user + "/commerce-orders"},
            {"/v1/organizations/" + org + "/changes"},
            {"/erc/ecommerce/customers?email=a@example.com"},
            {"/erc/ecommerce/customers/nobody/orders", true, false},
            {"/erc/ecommerce/customers/nobody/carts", true, false},
        };
        return out;
    }
};

}  // namespace

TEST_F(PagingParams, EveryListRefusesBadPagingParametersInTheOneErrorShape) {
    for (const auto& list : lists()) {
        for (const char* limit : {"limit=-1", "limit=abc", "limit=0", "limit=100000",
                                  "limit=", "limit=1.5", "limit=99999999999999999999"}) {
            expect_error(api.get(with(list.path, limit)), 400, "validation_failed", "limit",
                         list.path + " " + limit);
        }
        expect_error(api.get(with(list.path, "cursor=zzzz")), 400, "invalid_cursor", "cursor",
                     list.path + " cursor=zzzz");
        if (list.order_by_checked) {
            for (const char* order : {"order_by=zzz:asc", "order_by=created_at:sideways",
                                      "order_by=", "order_by=zzz"}) {
                expect_error(api.get(with(list.path, order)), 400, "validation_failed", "order_by",
                             list.path + " " + order);
            }
        }
    }
}

TEST_F(PagingParams, ValidPagingStillWorksOnEveryList) {
    for (const auto& list : lists()) {
        if (!list.served_without_data)
            continue;
        auto r = api.get(with(list.path, "limit=1"));
        EXPECT_EQ(r.status, 200) << list.path << ": " << r.body;
    }
    // The documented orders of the lists with one order.
    const std::string user = "/api/v6/users/" + org;
    for (const char* order :
         {"updated_at:asc", "updated_at", "updated_at:desc", "created_at:asc", "created_at:desc"})
        EXPECT_EQ(api.get(user + "/commerce-orders?order_by=" + order).status, 200) << order;
    expect_error(api.get(user + "/commerce-orders?order_by=seq:asc"), 400, "validation_failed",
                 "order_by", "not a commerce order");
    EXPECT_EQ(api.get("/v1/organizations/" + org + "/changes?order_by=seq:asc").status, 200);
    expect_error(api.get("/v1/connectors?order_by=id:asc"), 400, "validation_failed", "order_by",
                 "the catalog has one order");
    EXPECT_EQ(api.get(integrations + "?order_by=name:desc&limit=200").status, 200);
}

TEST_F(PagingParams, TheCatalogPagesInItsOrder) {
    auto all = api.get("/v1/connectors").json();
    const auto expected = item_values(all, "id");
    ASSERT_GE(expected.size(), 3u);
    std::vector<std::string> walked;
    auto page = api.get("/v1/connectors?limit=2").json();
    int pages = 1;
    for (;;) {
        EXPECT_LE(page.at("count").as_int64(), 2);
        for (const auto& id : item_values(page, "id"))
            walked.push_back(id);
        if (!page.at("_links").as_object().contains("next"))
            break;
        auto next = api.get(target_of(page));
        ASSERT_EQ(next.status, 200) << next.body;
        page = next.json();
        ++pages;
    }
    EXPECT_EQ(walked, expected);
    EXPECT_EQ(pages, static_cast<int>((expected.size() + 1) / 2));
}

TEST_F(PagingParams, StockLevelsPageByItemAndACursorWorksOnlyOnItsList) {
    auto put = api.put(integration + "/stock-levels",
                       R"({"levels":[{"inventory_item_id":"b","location_id":"1","available":2},)"
                       R"({"inventory_item_id":"a","location_id":"2","available":1},)"
                       R"({"inventory_item_id":"a","location_id":"1","available":5}]})");
    ASSERT_EQ(put.status, 202) << put.body;
    auto first = api.get(integration + "/stock-levels?limit=2");
    ASSERT_EQ(first.status, 200) << first.body;
    auto page = first.json();
    EXPECT_EQ(item_values(page, "inventory_item_id"), (std::vector<std::string>{"a", "a"}));
    EXPECT_EQ(item_values(page, "location_id"), (std::vector<std::string>{"1", "2"}));
    const std::string next = target_of(page);
    auto second = api.get(next).json();
    EXPECT_EQ(item_values(second, "inventory_item_id"), (std::vector<std::string>{"b"}));
    EXPECT_FALSE(second.at("_links").as_object().contains("next"));
    auto desc = api.get(integration + "/stock-levels?order_by=inventory_item_id:desc").json();
    EXPECT_EQ(item_values(desc, "inventory_item_id"), (std::vector<std::string>{"b", "a", "a"}));

    // The hub's own cursor, taken to another list or another order: invalid there.
    const std::string cursor = next.substr(next.find("cursor="));
    expect_error(api.get(integration + "/jobs?" + cursor), 400, "invalid_cursor", "cursor",
                 "a stock-levels cursor on jobs");
    expect_error(api.get(integration + "/stock-levels?order_by=inventory_item_id:desc&" + cursor),
                 400, "invalid_cursor", "cursor", "another order");
    api.create("/v1/organizations", R"({"name":"Beta"})");
    auto orgs = api.get("/v1/organizations?limit=1").json();
    const std::string org_cursor = target_of(orgs).substr(target_of(orgs).find("cursor="));
    EXPECT_EQ(api.get("/v1/organizations?" + org_cursor).status, 200);
    expect_error(api.get(integrations + "?" + org_cursor), 400, "invalid_cursor", "cursor",
                 "a merchants cursor on integrations");
}

// Bounds: every string the API stores has one, and the answer names the field and the limit.
TEST_F(PagingParams, OverLongValuesAreRefusedNamingTheFieldAndNothingIsStored) {
    const std::string s201(201, 'n');
    const std::string s256(256, 'x');
    const std::string s5000(5000, 't');
    auto count = [&](const std::string& path) {
        return api.get(path + "?limit=200").json().at("count").as_int64();
    };
    const auto merchants = count("/v1/organizations");
    expect_error(api.post("/v1/organizations", R"({"name":")" + s201 + R"("})"), 400,
                 "validation_failed", "name", "merchant name");
    expect_error(api.post("/api/v6/users", R"({"name":"A","external_id":")" + s256 + R"("})"), 400,
                 "validation_failed", "external_id", "merchant external_id");
    auto r = api.post("/v1/organizations", R"({"name":"A","email":")" + s256 + R"(@x.io"})");
    expect_error(r, 400, "validation_failed", "email", "merchant email");
    EXPECT_NE(str(r.json().at("fields").at(0).at("description")).find("at most 254 characters"),
              std::string::npos)
        << r.body;
    EXPECT_EQ(count("/v1/organizations"), merchants);

    const auto stored = count(integrations);
    expect_error(api.post(integrations, R"({"name":")" + s201 + R"(","connector_id":"shopify"})"),
                 400, "validation_failed", "name", "integration name");
    expect_error(api.post(integrations, R"({"name":"S","connector_id":")" + s256 + R"("})"), 400,
                 "validation_failed", "connector_id", "connector_id");
    expect_error(api.post(integrations, R"({"name":"S","connector_id":"shopify","credentials":)"
                                        R"({"shop_domain":"a.myshopify.com","access_token":")" +
                                            s5000 + R"("}})"),
                 400, "validation_failed", "credentials.access_token", "a credential value");
    expect_error(api.post(integrations, R"({"name":"S","connector_id":"shopify","settings":{")" +
                                            s256 + R"(":1}})"),
                 400, "validation_failed", "settings", "a setting's name");
    EXPECT_EQ(count(integrations), stored);

    expect_error(
        api.put(integration + "/stock-levels", R"({"levels":[{"inventory_item_id":")" + s256 +
                                                   R"(","location_id":"1","available":1}]})"),
        400, "validation_failed", "levels[0].inventory_item_id", "a stock level's item");
    EXPECT_EQ(count(integration + "/stock-levels"), 0);

    expect_error(api.put("/api/v6/providers/shopify/credentials",
                         R"({"credentials":{"client_id":")" + s256 + R"(","client_secret":"s"}})"),
                 400, "validation_failed", "credentials.client_id", "a provider's client_id");
    EXPECT_TRUE(api.get("/api/v6/providers/shopify/credentials")
                    .json()
                    .at("credentials")
                    .at("client_id")
                    .is_null());

    expect_error(
        api.post("/api/v6/users/" + org + "/data-connections",
                 R"({"provider_name":"shopify","requested_data_types":[")" + s256 + R"("]})"),
        400, "validation_failed", "requested_data_types", "a data type name");
    expect_error(api.put("/erc/ecommerce/shopify-webhooks-handler/credentials",
                         R"({"if_multiple_integration":false,"default_integration":)"
                         R"({"integration_type":"SHOPIFY","brand_name":")" +
                             s256 + R"("}})"),
                 400, "validation_failed", "default_integration.brand_name", "a brand name");
    EXPECT_EQ(api.get("/erc/ecommerce/shopify-webhooks-handler/credentials").status, 404);
    expect_error(api.put(integration + "/shop", R"({"customer_email":")" + s256 + R"(@x.io"})"),
                 400, "validation_failed", "customer_email", "the shop's email");
    EXPECT_EQ(count(integrations), stored);
}

// A value an older version stored over its bound fails its job with a clear code, once.
class OversizedStoredValue : public ::testing::Test {
  protected:
    static config::Settings settings() {
        config::Settings s;
        // Nothing may leave the machine: the store is a closed local port.
        s.connector_base_urls["shopify"] = "http://127.0.0.1:" + std::to_string(closed_port());
        return s;
    }
    TestServer server{settings()};
    Api api{server.port(), server.token()};
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string path = "/v1/organizations/" + org + "/integrations/" +
                       str(api.create("/v1/organizations/" + org + "/integrations",
                                      R"({"name":"Shop","connector_id":"shopify",)"
                                      R"("stock_sync_enabled":true,"order_sync_enabled":false,)"
                                      R"("product_sync_enabled":false,"credentials":)"
                                      R"({"shop_domain":"acme.myshopify.com",)"
                                      R"("access_token":"shpat_s3cr3t"}})")
                               .at("id"));

    // What an older version let through: a 100,000-character access token, sealed with the
    // hub's key like any other.
    void store_oversized_token() {
        const std::string account = str(api.get("/v1/account").json().at("id"));
        const std::string id = path.substr(path.rfind('/') + 1);
        auto db = sql::open_database(server.settings().database);
        auto store = storage::make_sql_integration_store(*db, server.app().keyring());
        auto i = store->find(account, id);
        ASSERT_TRUE(i);
        i->credentials["access_token"] = std::string(100'000, 'x');
        store->update(*i, 0);
    }
};

TEST_F(OversizedStoredValue, ActionsSyncsAndStockWritesFailWithStoredValueInvalid) {
    store_oversized_token();
    // The integration can still be read (the secret masked) and so set right again.
    auto got = api.get(path);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.body.find("xxxxxxxxxx"), std::string::npos);

    expect_error(api.post(path + "/actions/register_webhooks"), 409, "stored_value_invalid",
                 "credentials.access_token", "an action");
    expect_error(api.post(path + "/actions/set_stock_level",
                          R"({"inventory_item_id":"i","location_id":"l","available":1})"),
                 409, "stored_value_invalid", "credentials.access_token", "set_stock_level");

    auto sync = api.post(path + "/sync/orders");
    ASSERT_EQ(sync.status, 202) << sync.body;
    const std::string job = str(sync.json().at("id"));
    boost::json::value j;
    EXPECT_TRUE(eventually(
        [&] {
            j = api.get(path + "/jobs/" + job).json();
            return str(j.at("status")) == "failed";
        },
        std::chrono::seconds(30)))
        << boost::json::serialize(j);
    EXPECT_EQ(str(j.at("last_error")).rfind("stored_value_invalid", 0), 0u)
        << boost::json::serialize(j);
    EXPECT_EQ(j.at("attempts").as_int64(), 1) << boost::json::serialize(j);

    auto put = api.put(path + "/stock-levels",
                       R"({"levels":[{"inventory_item_id":"i","location_id":"l","available":3}]})");
    ASSERT_EQ(put.status, 202) << put.body;
    boost::json::value level;
    EXPECT_TRUE(eventually(
        [&] {
            level = api.get(path + "/stock-levels").json().at("_embedded").at("items").at(0);
            return str(level.at("status")) == "failed";
        },
        std::chrono::seconds(30)))
        << boost::json::serialize(level);
    EXPECT_EQ(str(level.at("last_error")).rfind("stored_value_invalid", 0), 0u)
        << boost::json::serialize(level);
    EXPECT_EQ(level.at("attempts").as_int64(), 1) << boost::json::serialize(level);

    // Set again within bounds, the action goes to the store (a closed port here).
    auto fixed = api.put(path, R"({"credentials":{"access_token":"shpat_new"}})");
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    auto again = api.post(path + "/actions/register_webhooks");
    EXPECT_NE(code_of(again), "stored_value_invalid") << again.body;
    EXPECT_NE(again.status, 500) << again.body;
}

}  // namespace sb::test
