// A Shoplazza store (`storebridge emulate shoplazza`, in process) connected to the hub through
// its OAuth install, synced, read through the same endpoints as Shopify, changed through
// Update Shop (seed 001) and kept fresh by its webhooks. Real HTTP on loopback both ways.
#include <set>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/emulator.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "hub_fixture.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

emulators::shoplazza::EmulatorOptions shoplazza_options(int bucket_size = 40, double leak = 2) {
    emulators::shoplazza::EmulatorOptions o;
    o.port = 0;
    o.bucket_size = bucket_size;
    o.leak_rate = leak;
    o.shop_domain = "acme.myshoplaza.com";
    o.orders = 300;
    o.products = 30;
    o.customers = 40;
    o.client_id = "lazza-app";
    o.client_secret = "lazza-secret";
    o.webhook_retry_scale = 0.001;
    return o;
}

const char* k_all_types =
    R"(["COMMERCE_SHOP","COMMERCE_LOCATION","COMMERCE_CUSTOMER","COMMERCE_PRODUCT",)"
    R"("COMMERCE_STOCK","COMMERCE_ORDER"])";

class ShoplazzaHub : public HubTest {
  protected:
    static config::Settings hub_settings(std::uint16_t port) {
        config::Settings s;
        s.connector_base_urls["shoplazza"] = "http://127.0.0.1:" + std::to_string(port);
        return s;
    }

    // The store's leaky bucket; a derived suite may shrink it before its tests start.
    inline static int bucket_size = 40;
    inline static double leak_rate = 2;

    emulators::shoplazza::Emulator store{shoplazza_options(bucket_size, leak_rate)};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    Connected connect(const std::string& types, std::string user = {}) {
        register_app("shoplazza", "lazza-app", "lazza-secret");
        return connect_store("shoplazza", "acme.myshoplaza.com", types, std::move(user));
    }

    HttpResponse store_call(const std::string& method, const std::string& target,
                            const std::string& body = {}) {
        return send(store.port(), {method, target, {{"Access-Token", store.admin_token()}}, body});
    }
    json::value stats() { return send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json(); }

    json::value stored_json(const Connected& c, const std::string& type, const std::string& id) {
        const auto text = record_data(c.id, type, id);
        return text.empty() ? json::value(nullptr) : json::parse(text);
    }

    // A webhook as the store sends it, signed with `secret`.
    HttpResponse deliver(const std::string& topic, const std::string& body, const std::string& id,
                         const std::string& secret = "lazza-secret",
                         const std::string& shop = "acme.myshoplaza.com") {
        return send(hub.port(), {"POST",
                                 "/webhooks/shoplazza",
                                 {{"Content-Type", "application/json"},
                                  {"X-Shoplazza-Topic", topic},
                                  {"X-Shoplazza-Shop-Domain", shop},
                                  {"X-Shoplazza-Deduplication-ID", id},
                                  {"X-Shoplazza-Hmac-Sha256",
                                   crypto::base64_encode(crypto::hmac_sha256(secret, body))}},
                                 body});
    }
};

void expect_all_succeeded(const json::value& jobs, std::int64_t count) {
    ASSERT_EQ(jobs.at("count").as_int64(), count) << json::serialize(jobs);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        EXPECT_EQ(j.at("status"), "succeeded") << json::serialize(j);
}

TEST_F(ShoplazzaHub, InstallThenTheInitialSyncEqualsTheStore) {
    const auto c = connect(k_all_types);
    expect_all_succeeded(wait_for_jobs(c, 6), 6);
    const auto s = stats();
    const auto& records = s.at("records");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), records.at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), records.at("customers").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), records.at("products").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_LOCATION"), records.at("locations").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_STOCK"), records.at("inventory_levels").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_SHOP"), 1);
    // The install subscribed the hub to the store's webhooks.
    EXPECT_GE(records.at("webhook_subscriptions").as_int64(), 10);

    // Field by field: 25 orders as the store answers them against what the hub stored.
    const json::value page = store_call("GET", "/openapi/2022-01/orders?limit=25").json();
    std::size_t compared = 0;
    for (const auto& ov : page.at("orders").as_array()) {
        const auto& o = ov.as_object();
        const auto d = stored_json(c, "COMMERCE_ORDER", str(o.at("id")));
        ASSERT_TRUE(d.is_object()) << o.at("id");
        EXPECT_EQ(d.at("name"), json::value("#" + str(o.at("number"))));
        EXPECT_EQ(d.at("total").at("amount"), o.at("total_price"));
        EXPECT_EQ(d.at("currency"), o.at("currency"));
        EXPECT_EQ(d.at("email"), o.at("email"));
        EXPECT_EQ(d.at("customer_id"), o.at("customer_id"));
        const auto& lines = o.at("line_items").as_array();
        ASSERT_EQ(d.at("line_items").as_array().size(), lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& l = d.at("line_items").as_array()[i];
            EXPECT_EQ(l.at("id"), lines[i].at("id"));
            EXPECT_EQ(l.at("sku"), lines[i].at("sku"));
            EXPECT_EQ(l.at("quantity"), lines[i].at("quantity"));
            EXPECT_EQ(l.at("unit_price").at("amount"), lines[i].at("price"));
        }
        const auto& fs = o.at("fulfillments").as_array();
        ASSERT_EQ(d.at("deliveries").as_array().size(), fs.size());
        for (std::size_t i = 0; i < fs.size(); ++i) {
            const auto& del = d.at("deliveries").as_array()[i];
            EXPECT_EQ(del.at("id"), fs[i].at("id"));
            if (!str(fs[i].at("tracking_number")).empty()) {
                EXPECT_EQ(del.at("tracking").at(0).at("number"), fs[i].at("tracking_number"));
            }
            const std::set<std::string> types{"DELIVERED", "IN_TRANSIT", "FAILURE", "UNKNOWN"};
            EXPECT_TRUE(types.count(str(del.at("latest_status").at("type"))));
        }
        ++compared;
    }
    EXPECT_EQ(compared, 25u);
    // A product's variants carry the store's stock.
    const json::value products = store_call("GET", "/openapi/2022-01/products?per_page=1").json();
    const auto& p = products.at("products").at(0);
    const auto d = stored_json(c, "COMMERCE_PRODUCT", str(p.at("id")));
    ASSERT_TRUE(d.is_object());
    EXPECT_EQ(d.at("title"), p.at("title"));
    EXPECT_EQ(d.at("variants").at(0).at("inventory_quantity"),
              p.at("variants").at(0).at("inventory_quantity"));
    EXPECT_EQ(d.at("variants").at(0).at("sku"), p.at("variants").at(0).at("sku"));
}

TEST_F(ShoplazzaHub, TheHubsReadEndpointsServeTheShoplazzaStore) {
    const auto c = connect(R"(["COMMERCE_CUSTOMER","COMMERCE_ORDER","COMMERCE_SHOP"])");
    expect_all_succeeded(wait_for_jobs(c, 3), 3);
    // Seed 003: the user's orders, page by page.
    std::int64_t seen = 0;
    std::string next = "/api/v6/users/" + c.user + "/commerce-orders?limit=100";
    while (!next.empty()) {
        auto r = api.get(next);
        ASSERT_EQ(r.status, 200) << r.body;
        const json::value page = r.json();
        seen += static_cast<std::int64_t>(page.at("_embedded").at("items").as_array().size());
        const auto* link = page.at("_links").as_object().if_contains("next");
        next = link ? str(link->at("href")) : std::string();
        if (!next.empty())
            next = next.substr(next.find("/api/"));
    }
    EXPECT_EQ(seen, stats().at("records").at("orders").as_int64());

    // Seed 004: an order with a customer, its items.
    const json::value page = store_call("GET", "/openapi/2022-01/orders?limit=50").json();
    std::string customer, order;
    std::size_t lines = 0;
    for (const auto& o : page.at("orders").as_array()) {
        if (o.at("customer_id").is_string()) {
            customer = c.id + ":" + str(o.at("customer_id"));
            order = c.id + ":" + str(o.at("id"));
            lines = o.at("line_items").as_array().size();
            break;
        }
    }
    ASSERT_FALSE(order.empty());
    auto items = api.get("/erc/ecommerce/customers/" + customer + "/orders/" + order + "/items");
    ASSERT_EQ(items.status, 200) << items.body;
    EXPECT_EQ(items.json().at("_embedded").at("items").as_array().size(), lines);
    EXPECT_EQ(api.get("/erc/ecommerce/customers/" + customer).status, 200);

    // Seed 001: the shop in its fields, as the store has them.
    auto shop = api.get(integration_path(c) + "/shop");
    ASSERT_EQ(shop.status, 200) << shop.body;
    const json::value ours = shop.json().at("shop");
    const json::value theirs = store_call("GET", "/openapi/2022-01/shop").json().at("shop");
    for (const char* key :
         {"name", "email", "domain", "address1", "zip", "city", "phone", "primary_locale",
          "country_code", "currency", "customer_email", "timezone", "shop_owner", "account",
          "province_code", "system_domain", "root_url", "icon"})
        EXPECT_EQ(ours.at(key), theirs.at(key)) << key;
    EXPECT_EQ(ours.at("id"), json::value(std::to_string(theirs.at("id").as_int64())));
}

TEST_F(ShoplazzaHub, UpdateShopChangesTheEmulatedShop) {
    const auto c = connect(R"(["COMMERCE_SHOP"])");
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    const auto path = integration_path(c) + "/shop";
    auto put = api.put(path, R"({"customer_email":"help@acme.example"})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.json().at("shop").at("customer_email"), "help@acme.example");
    // At the store, and in the hub's copy.
    EXPECT_EQ(store_call("GET", "/openapi/2022-01/shop").json().at("shop").at("customer_email"),
              "help@acme.example");
    EXPECT_EQ(api.get(path).json().at("shop").at("customer_email"), "help@acme.example");
    EXPECT_EQ(
        stored_json(
            c, "COMMERCE_SHOP",
            std::to_string(
                store_call("GET", "/openapi/2022-01/shop").json().at("shop").at("id").as_int64()))
            .at("contact_email"),
        "help@acme.example");

    // Seed 001's errors: bad input never reaches the store; no write_shop → 403.
    auto bad = api.put(path, R"({"customer_email":42})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(field_names(bad), std::vector<std::string>{"customer_email"});
    EXPECT_EQ(api.put(path, R"({"customer_email":"no at sign"})").status, 400);
    Api reader(hub.port(), hub.token("integrations:read"));
    EXPECT_EQ(reader.put(path, R"({"customer_email":"x@acme.example"})").status, 403);
    // What the hub lets through but the store refuses (two @): the store's 400 and its words.
    auto refused = api.put(path, R"({"customer_email":"a@@acme.example"})");
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(code_of(refused), "validation_failed");
    EXPECT_NE(refused.body.find("Shoplazza"), std::string::npos) << refused.body;
    // An inactive store: the store's "store is not active" comes back as a clear error.
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/shop/deactivate", {}, {}}).status, 200);
    auto inactive = api.put(path, R"({"customer_email":"x@acme.example"})");
    EXPECT_EQ(inactive.status, 409);
    EXPECT_EQ(code_of(inactive), "platform_auth_failed") << inactive.body;
    EXPECT_NE(inactive.body.find("not active"), std::string::npos) << inactive.body;
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/shop/activate", {}, {}}).status, 200);
    EXPECT_EQ(store_call("GET", "/openapi/2022-01/shop").json().at("shop").at("customer_email"),
              "help@acme.example");
    // Every attempt is in the action audit, failures with their code.
    const auto audit = read_db([&](sql::Session& s) {
        std::vector<std::string> out;
        for (const auto& r : s.exec("SELECT action_id, status, error_code FROM action_executions"
                                    " WHERE integration_id = $1 ORDER BY created_at",
                                    {c.id})
                                 .rows)
            out.push_back(r.text(0) + " " + r.text(1) + " " + r.text_or_null(2).value_or(""));
        return out;
    });
    EXPECT_NE(std::find(audit.begin(), audit.end(), "update_shop succeeded "), audit.end());
    EXPECT_NE(std::find(audit.begin(), audit.end(), "update_shop failed platform_auth_failed"),
              audit.end());
}

TEST_F(ShoplazzaHub, WebhooksKeepTheHubFreshAndForgeriesChangeNothing) {
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER"])");
    expect_all_succeeded(wait_for_jobs(c, 2), 2);
    const json::value page = store_call("GET", "/openapi/2022-01/orders?limit=1").json();
    const std::string order_id = str(page.at("orders").at(0).at("id"));

    // An edit at the store reaches the hub through orders/updated.
    ASSERT_EQ(send(store.port(), {"PUT", "/_emulator/orders/" + order_id, {}, R"({"note":"rush"})"})
                  .status,
              200);
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_ORDER", order_id).at("note") == "rush"; }, 15s));
    // A new order arrives through orders/create.
    auto created = send(store.port(), {"POST", "/_emulator/orders", {}, R"({"note":"new"})"});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string new_id = str(created.json().at("order").at("id"));
    EXPECT_TRUE(
        eventually([&] { return !record_data(c.id, "COMMERCE_ORDER", new_id).empty(); }, 15s));
    // A deleted customer is tombstoned.
    const json::value customers = store_call("GET", "/openapi/2022-01/customers?limit=1").json();
    const std::string customer_id = str(customers.at("customers").at(0).at("id"));
    ASSERT_EQ(send(store.port(), {"DELETE", "/_emulator/customers/" + customer_id, {}, {}}).status,
              200);
    EXPECT_TRUE(eventually(
        [&] {
            return read_db([&](sql::Session& s) {
                auto r = s.exec(
                    "SELECT deleted FROM records WHERE integration_id = $1 AND external_id = $2",
                    {c.id, customer_id});
                return !r.rows.empty() && r.rows[0].integer(0) == 1;
            });
        },
        15s));

    // Forged (wrong secret, other store) → 401; replayed → duplicate, stored once.
    json::object order =
        store_call("GET", "/openapi/2022-01/orders/" + order_id).json().at("order").as_object();
    order["note"] = "forged";
    // Newer than the store's version, and not so far ahead that incremental syncs (which
    // start a minute before the newest stored change) would miss later edits.
    order["updated_at"] = format_time(now_ms() + 5000);
    const auto body = json::serialize(json::object{{"order", order}});
    EXPECT_EQ(deliver("orders/updated", body, "d-1", "wrong-secret").status, 401);
    EXPECT_EQ(deliver("orders/updated", body, "d-1", "lazza-secret", "other.myshoplaza.com").status,
              401);
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", order_id).at("note"), "rush");
    order["note"] = "signed";
    const auto good = json::serialize(json::object{{"order", order}});
    auto first = deliver("orders/updated", good, "d-2");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json().at("status"), "accepted");
    EXPECT_EQ(deliver("orders/updated", good, "d-2").json().at("status"), "duplicate");
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_ORDER", order_id).at("note") == "signed"; }));

    // Dropped webhooks: the next incremental sync finds the edit.
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/faults", {}, R"({"webhook_drop_rate":1.0})"})
                  .status,
              200);
    const std::string other = str(
        store_call("GET", "/openapi/2022-01/orders?limit=2").json().at("orders").at(1).at("id"));
    ASSERT_EQ(
        send(store.port(), {"PUT", "/_emulator/orders/" + other, {}, R"({"note":"lost"})"}).status,
        200);
    auto sync = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(sync.status, 202) << sync.body;
    wait_for_jobs(c, 3);
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", other).at("note"), "lost");

    // The merchant uninstalls the app: the integration is revoked.
    ASSERT_EQ(
        send(store.port(), {"POST", "/_emulator/faults", {}, R"({"webhook_drop_rate":0})"}).status,
        200);
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/uninstall", {}, {}}).status, 200);
    EXPECT_TRUE(eventually(
        [&] { return api.get(integration_path(c)).json().at("status") == "REVOKED"; }, 15s));
}

class ShoplazzaThrottled : public ShoplazzaHub {
  protected:
    static void SetUpTestSuite() {
        bucket_size = 6;
        leak_rate = 4;
    }
    static void TearDownTestSuite() {
        bucket_size = 40;
        leak_rate = 2;
    }
};

TEST_F(ShoplazzaThrottled, SyncsThroughThrottlingAndFailuresEqualTheStore) {
    // A bucket of 6 requests leaking 4 a second, 10% 503s and 5% resets, by chance. The
    // connector paces itself by the bucket and a small store takes few calls, so the faults
    // the test counts on come on top: the first 3 calls answer 503, the next 3 answer 429.
    ASSERT_EQ(send(store.port(),
                   {"POST",
                    "/_emulator/faults",
                    {},
                    R"({"fail_rate":0.1,"reset_rate":0.05,"fail_next":3,"throttle_next":3})"})
                  .status,
              200);
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER","COMMERCE_PRODUCT"])");
    expect_all_succeeded(wait_for_jobs(c, 3), 3);
    const auto records = stats().at("records");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), records.at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), records.at("customers").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), records.at("products").as_int64());
    const auto requests = stats().at("requests");
    EXPECT_GE(requests.at("injected_failures").as_int64(), 3);
    EXPECT_GE(requests.at("throttled").as_int64(), 3);
}

// The issue's acceptance: one merchant, a Shopify store and a Shoplazza store, one API.
class TwoPlatforms : public HubTest {
  protected:
    static emulators::shopify::EmulatorOptions shopify_options() {
        emulators::shopify::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshopify.com";
        o.orders = 120;
        o.products = 10;
        o.customers = 20;
        o.plan = "enterprise";
        o.api_key = "app-key";
        o.api_secret = "app-secret";
        return o;
    }
    static config::Settings hub_settings(std::uint16_t shopify, std::uint16_t shoplazza) {
        config::Settings s;
        s.connector_base_urls["shopify"] = "http://127.0.0.1:" + std::to_string(shopify);
        s.connector_base_urls["shoplazza"] = "http://127.0.0.1:" + std::to_string(shoplazza);
        return s;
    }

    emulators::shopify::Emulator shopify{shopify_options()};
    emulators::shoplazza::Emulator shoplazza{shoplazza_options()};
    bool started = (shopify.start(), shoplazza.start(), true);
    TestServer hub{hub_settings(shopify.port(), shoplazza.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }
};

TEST_F(TwoPlatforms, OneMerchantsShopifyAndShoplazzaStoresReadThroughTheSameEndpoints) {
    register_app("shopify", "app-key", "app-secret");
    register_app("shoplazza", "lazza-app", "lazza-secret");
    const auto a = connect_store("shopify", "acme.myshopify.com", R"(["COMMERCE_ORDER"])");
    const auto b =
        connect_store("shoplazza", "acme.myshoplaza.com", R"(["COMMERCE_ORDER"])", a.user);
    ASSERT_EQ(a.user, b.user);
    expect_all_succeeded(wait_for_jobs(a, 1), 1);
    expect_all_succeeded(wait_for_jobs(b, 1), 1);
    std::map<std::string, std::int64_t> per_connection;
    std::set<std::string> keys_a, keys_b;
    std::string next = "/api/v6/users/" + a.user + "/commerce-orders?limit=100";
    while (!next.empty()) {
        auto r = api.get(next);
        ASSERT_EQ(r.status, 200) << r.body;
        const json::value page = r.json();
        for (const auto& o : page.at("_embedded").at("items").as_array()) {
            const auto dc = str(o.at("data_connection_id"));
            ++per_connection[dc];
            for (const auto& [k, _] : o.as_object())
                (dc == a.id ? keys_a : keys_b).insert(std::string(k));
        }
        const auto* link = page.at("_links").as_object().if_contains("next");
        next = link ? str(link->at("href")) : std::string();
        if (!next.empty())
            next = next.substr(next.find("/api/"));
    }
    EXPECT_EQ(per_connection[a.id], 120);
    EXPECT_EQ(per_connection[b.id], 300);
    EXPECT_EQ(keys_a, keys_b);  // one record shape, whichever platform
    // Filtered to one connection.
    auto only = api.get("/api/v6/users/" + a.user +
                        "/commerce-orders?limit=200&data_connection_id=" + a.id);
    ASSERT_EQ(only.status, 200) << only.body;
    EXPECT_EQ(only.json().at("_embedded").at("items").as_array().size(), 120u);
}

}  // namespace
}  // namespace sb::test
