// A BigCommerce store (`storebridge emulate bigcommerce`, in process) connected to the hub
// through its app install, synced, kept fresh by its light webhooks (each object read back
// from the store) and by incremental syncs, written back to, throttled and faulted, and
// uninstalled. Real HTTP on loopback both ways.
#include <set>

#include "bigcommerce_hub.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "hub_fixture.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

using bigcommerce_store::k_client_id;
using bigcommerce_store::k_client_secret;
using bigcommerce_store::k_hash;

const char* k_all_types =
    R"(["COMMERCE_SHOP","COMMERCE_LOCATION","COMMERCE_CUSTOMER","COMMERCE_PRODUCT",)"
    R"("COMMERCE_STOCK","COMMERCE_ORDER"])";

class BigCommerceHub : public HubTest {
  protected:
    // The store's request window; a derived suite may shrink it before its tests start.
    inline static int quota = 150;
    inline static int window_ms = 2000;

    static emulators::bigcommerce::EmulatorOptions store_options() {
        return bigcommerce_store::options(quota, window_ms);
    }
    static config::Settings hub_settings(std::uint16_t port) {
        config::Settings s;
        s.connector_base_urls["bigcommerce"] = "http://127.0.0.1:" + std::to_string(port);
        return s;
    }

    emulators::bigcommerce::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    Connected connect(const std::string& types) {
        register_app("bigcommerce", k_client_id, k_client_secret);
        EXPECT_EQ(bigcommerce_store::register_auth_callback(store.port(), hub.port()), 200);
        return connect_store("bigcommerce", k_hash, types);
    }

    // The test's own reads share the store's window with the hub: a 429 is waited out.
    HttpResponse store_get(const std::string& path) {
        for (;;) {
            auto r = send(store.port(), {"GET",
                                         std::string("/stores/") + k_hash + path,
                                         {{"X-Auth-Token", store.admin_token()}},
                                         {}});
            if (r.status != 429)
                return r;
            std::this_thread::sleep_for(100ms);
        }
    }
    HttpResponse admin(const std::string& method, const std::string& target,
                       const std::string& body = "{}") {
        return send(store.port(), {method, target, {{"Content-Type", "application/json"}}, body});
    }
    json::value stats() { return admin("GET", "/_emulator/stats", "").json(); }

    json::value stored_json(const Connected& c, const std::string& type, const std::string& id) {
        const auto text = record_data(c.id, type, id);
        return text.empty() ? json::value(nullptr) : json::parse(text);
    }

    // A light webhook as the store sends it, signed with `secret`.
    HttpResponse deliver(const std::string& body, const std::string& secret) {
        const std::string id = "msg_test_1";
        const std::string ts = std::to_string(now_ms() / 1000);
        const std::string sig =
            "v1," + crypto::base64_encode(crypto::hmac_sha256(secret, id + "." + ts + "." + body));
        return send(hub.port(), {"POST",
                                 "/webhooks/bigcommerce",
                                 {{"Content-Type", "application/json"},
                                  {"webhook-id", id},
                                  {"webhook-timestamp", ts},
                                  {"webhook-signature", sig}},
                                 body});
    }
};

void expect_all_succeeded(const json::value& jobs, std::int64_t count) {
    ASSERT_EQ(jobs.at("count").as_int64(), count) << json::serialize(jobs);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        EXPECT_EQ(j.at("status"), "succeeded") << json::serialize(j);
}

TEST_F(BigCommerceHub, InstallThenTheInitialSyncEqualsTheStore) {
    const auto c = connect(k_all_types);
    expect_all_succeeded(wait_for_jobs(c, 6), 6);
    const auto s = stats();
    const auto& records = s.at("records");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), records.at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), records.at("customers").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), records.at("products").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_LOCATION"), records.at("locations").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_STOCK"),
              records.at("variants").as_int64() * records.at("locations").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_SHOP"), 1);
    // The install subscribed the hub to the store's webhooks.
    EXPECT_GE(records.at("hooks").as_int64(), 12);

    // Field by field: 20 orders as the store answers them against what the hub stored.
    const json::value page = store_get("/v2/orders?limit=20").json();
    std::size_t compared = 0;
    for (const auto& ov : page.as_array()) {
        const auto& o = ov.as_object();
        const std::string id = std::to_string(o.at("id").as_int64());
        const auto d = stored_json(c, "COMMERCE_ORDER", id);
        ASSERT_TRUE(d.is_object()) << id;
        EXPECT_EQ(d.at("name"), json::value("#" + id));
        EXPECT_EQ(d.at("total").at("amount"), o.at("total_inc_tax"));
        EXPECT_EQ(d.at("currency"), o.at("default_currency_code"));
        EXPECT_EQ(d.at("email"), o.at("billing_address").at("email"));
        const json::value lines = store_get("/v2/orders/" + id + "/products").json();
        ASSERT_EQ(d.at("line_items").as_array().size(), lines.as_array().size());
        for (std::size_t i = 0; i < lines.as_array().size(); ++i) {
            const auto& l = d.at("line_items").as_array()[i];
            EXPECT_EQ(l.at("sku"), lines.as_array()[i].at("sku"));
            EXPECT_EQ(l.at("quantity"), lines.as_array()[i].at("quantity"));
            EXPECT_EQ(l.at("unit_price").at("amount"), lines.as_array()[i].at("base_price"));
        }
        const auto shipments = store_get("/v2/orders/" + id + "/shipments");
        const std::size_t shipped =
            shipments.status == 204 ? 0 : shipments.json().as_array().size();
        EXPECT_EQ(d.at("deliveries").as_array().size(), shipped) << id;
        ++compared;
    }
    EXPECT_EQ(compared, 20u);
    // The first 15 orders carry the statuses 0-14 in order.
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", "105").at("status"), "cancelled");
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", "110").at("status"), "closed");
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", "102").at("fulfillment_status"), "fulfilled");
    // A product's variants carry the store's stock.
    const json::value products = store_get("/v3/catalog/products?include=variants&limit=1").json();
    const auto& p = products.at("data").at(0);
    const auto d = stored_json(c, "COMMERCE_PRODUCT", std::to_string(p.at("id").as_int64()));
    ASSERT_TRUE(d.is_object());
    EXPECT_EQ(d.at("title"), p.at("name"));
    EXPECT_EQ(d.at("variants").at(0).at("inventory_quantity"),
              p.at("variants").at(0).at("inventory_level"));
    EXPECT_EQ(d.at("variants").at(0).at("sku"), p.at("variants").at(0).at("sku"));
    // The catalog lists the connector with what it really does.
    const json::value connectors = api.get("/v1/connectors").json();
    bool listed = false;
    for (const auto& e : connectors.at("_embedded").at("items").as_array()) {
        if (e.at("id") != "bigcommerce")
            continue;
        listed = true;
        EXPECT_EQ(e.at("available"), true);
    }
    EXPECT_TRUE(listed);
}

TEST_F(BigCommerceHub, WebhooksAndIncrementalSyncsKeepTheHubFresh) {
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_STOCK"])");
    expect_all_succeeded(wait_for_jobs(c, 2), 2);

    // A cancel at the store reaches the hub through store/order/updated and a read back.
    ASSERT_EQ(admin("POST", "/_emulator/orders/120/cancel").status, 200);
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_ORDER", "120").at("status") == "cancelled"; }, 15s));
    // A new order arrives through store/order/created.
    auto created = admin("POST", "/_emulator/orders", R"({"status_id":11})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string new_id = std::to_string(created.json().at("order").at("id").as_int64());
    EXPECT_TRUE(
        eventually([&] { return !record_data(c.id, "COMMERCE_ORDER", new_id).empty(); }, 15s));

    // Forged (wrong secret) → 401, nothing stored.
    const std::string body =
        R"({"scope":"store/order/updated","store_id":"1","data":{"type":"order","id":121},)"
        R"("hash":"forged1","created_at":1,"producer":"stores/)" +
        std::string(k_hash) + R"("})";
    EXPECT_EQ(deliver(body, "wrong-secret").status, 401);
    auto first = deliver(body, k_client_secret);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json().at("status"), "accepted");
    EXPECT_EQ(deliver(body, k_client_secret).json().at("status"), "duplicate");

    // Stock write-back changes the store's inventory, and the webhook brings it back.
    const json::value items = store_get("/v3/inventory/items?limit=1").json();
    const std::string variant =
        std::to_string(items.at("data").at(0).at("identity").at("variant_id").as_int64());
    auto write =
        api.post(integration_path(c) + "/actions/set_stock_level",
                 R"({"inventory_item_id":")" + variant + R"(","location_id":"2","available":77})");
    ASSERT_EQ(write.status, 200) << write.body;
    const json::value after = store_get("/v3/inventory/items?variant_id:in=" + variant).json();
    bool seen = false;
    for (const auto& l : after.at("data").at(0).at("locations").as_array()) {
        if (l.at("location_id").as_int64() == 2) {
            EXPECT_EQ(l.at("available_to_sell").as_int64(), 77);
            seen = true;
        }
    }
    EXPECT_TRUE(seen);
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_STOCK", variant + ":2").at("available") == 77; },
        15s));
    // Bad input never reaches the store.
    EXPECT_EQ(api.post(integration_path(c) + "/actions/set_stock_level",
                       R"({"inventory_item_id":"gid://x","location_id":"2","available":1})")
                  .status,
              400);

    // Dropped webhooks: the next incremental sync finds the change.
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"webhook_drop_rate":1.0})").status, 200);
    ASSERT_EQ(admin("PUT", "/_emulator/orders/130", R"({"status_id":2})").status, 200);
    auto sync = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(sync.status, 202) << sync.body;
    wait_for_jobs(c, 3);
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", "130").at("fulfillment_status"), "fulfilled");

    // The merchant uninstalls the app: the integration is revoked.
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"webhook_drop_rate":0})").status, 200);
    ASSERT_EQ(admin("POST", "/_emulator/uninstall").status, 200);
    EXPECT_TRUE(eventually(
        [&] { return api.get(integration_path(c)).json().at("status") == "REVOKED"; }, 15s));
}

TEST_F(BigCommerceHub, CancelAndAddTrackingChangeTheStore) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    const auto actions = integration_path(c) + "/actions/";
    const auto store_order = [&](const std::string& id) {
        return store_get("/v2/orders/" + id).json();
    };

    // cancel_order: the store's order is Cancelled (5), and so is the hub's record.
    ASSERT_NE(store_order("125").at("status_id").as_int64(), 5);
    auto cancel = api.post(actions + "cancel_order", R"({"order_id":"125"})");
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    EXPECT_EQ(cancel.json().at("status"), "succeeded");
    EXPECT_EQ(store_order("125").at("status_id").as_int64(), 5);
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_ORDER", "125").at("status") == "cancelled"; }, 15s));
    auto bad = api.post(actions + "cancel_order", R"({"order_id":"gid://x/1"})");
    EXPECT_EQ(bad.status, 400) << bad.body;

    // add_tracking on a new, unshipped order: a shipment at the store with the tracking
    // number, a delivery in the hub; a second one finds nothing left to ship.
    auto created = admin("POST", "/_emulator/orders", R"({"status_id":11})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = std::to_string(created.json().at("order").at("id").as_int64());
    ASSERT_EQ(store_get("/v2/orders/" + id + "/shipments").status, 204);
    auto track =
        api.post(actions + "add_tracking",
                 R"({"order_id":")" + id +
                     R"(","tracking_number":"1Z999AA10123456784","tracking_carrier":"ups"})");
    ASSERT_EQ(track.status, 200) << track.body;
    EXPECT_EQ(track.json().at("result").at("tracking_number"), "1Z999AA10123456784");
    EXPECT_FALSE(str(track.json().at("result").at("shipment_id")).empty());
    const auto shipments = store_get("/v2/orders/" + id + "/shipments");
    ASSERT_EQ(shipments.status, 200) << shipments.body;
    ASSERT_EQ(shipments.json().as_array().size(), 1u);
    EXPECT_EQ(shipments.json().at(0).at("tracking_number"), "1Z999AA10123456784");
    EXPECT_EQ(shipments.json().at(0).at("tracking_carrier"), "ups");
    EXPECT_TRUE(eventually(
        [&] {
            const auto d = stored_json(c, "COMMERCE_ORDER", id);
            return d.is_object() && d.at("deliveries").as_array().size() == 1 &&
                   d.at("fulfillment_status") == "fulfilled";
        },
        15s))
        << record_data(c.id, "COMMERCE_ORDER", id);
    auto again =
        api.post(actions + "add_tracking", R"({"order_id":")" + id + R"(","tracking_number":"2"})");
    EXPECT_EQ(again.status, 422) << again.body;
    EXPECT_EQ(code_of(again), "unprocessable_entity");
    EXPECT_EQ(store_get("/v2/orders/" + id + "/shipments").json().as_array().size(), 1u);
}

// The token stops working without the hub hearing of it (the uninstall webhook is lost): the
// next sync's first call answers 401, the job fails at once with platform_unauthorized, and the
// integration turns to ERROR.
TEST_F(BigCommerceHub, ARevokedTokenFailsTheNextSyncAtOnce) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    ASSERT_EQ(api.get(integration_path(c)).json().at("status"), "CONNECTED");
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"webhook_drop_rate":1.0})").status, 200);
    ASSERT_EQ(admin("POST", "/_emulator/uninstall").status, 200);
    const auto api_calls = [&] { return stats().at("requests").at("api").as_int64(); };
    const auto before = api_calls();

    auto started = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(started.status, 202) << started.body;
    const auto job_path = integration_path(c) + "/jobs/" + str(started.json().at("id"));
    json::value job;
    EXPECT_TRUE(eventually([&] {
        job = api.get(job_path).json();
        return job.at("status") == "failed";
    })) << json::serialize(job);
    EXPECT_EQ(str(job.at("last_error")).rfind("platform_unauthorized: ", 0), 0)
        << json::serialize(job);
    EXPECT_EQ(job.at("attempts").as_int64(), 1) << json::serialize(job);
    EXPECT_EQ(api_calls(), before + 1) << json::serialize(stats());
    EXPECT_TRUE(
        eventually([&] { return api.get(integration_path(c)).json().at("status") == "ERROR"; }));
    // What the hub holds is untouched.
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), 40);
}

// The store's request window as the integration shows it: the figures of the last answers.
TEST_F(BigCommerceHub, TheIntegrationShowsTheStoresRequestWindow) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    const auto budget = api.get(integration_path(c)).json().at("api_budget");
    ASSERT_TRUE(budget.is_object()) << json::serialize(budget);
    EXPECT_EQ(budget.at("maximum").as_int64(), 150);
    EXPECT_EQ(budget.at("restore_rate").to_number<double>(), 75.0);
    const auto available = budget.at("available").as_int64();
    EXPECT_GE(available, 0);
    EXPECT_LE(available, 150);
    EXPECT_EQ(budget.at("throttled_count").as_int64(), 0);
}

// A store-level API account, no app: BigCommerce signs nothing without an app's client
// secret, so the hub registers its hooks with a header carrying a random secret of the
// integration's (stored sealed, never shown) and takes only deliveries that carry it.
TEST_F(BigCommerceHub, WithoutAnAppTheHooksOwnHeaderVerifiesDeliveries) {
    const auto merchant = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    const auto integration = api.create(
        "/v1/organizations/" + merchant + "/integrations",
        R"({"name":"Acme","connector_id":"bigcommerce","credentials":{"store_hash":")" +
            std::string(k_hash) + R"(","access_token":")" + store.admin_token() + R"("}})");
    const Connected c{merchant, str(integration.at("id"))};
    auto registered = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(registered.status, 200) << registered.body;
    EXPECT_EQ(registered.json().at("result").at("created").as_int64(), 12);
    EXPECT_EQ(registered.json().at("result").at("verified_by"), "hook_header");

    // Every hook at the store carries the same secret; the hub shows it nowhere.
    const json::value hooks = store_get("/v3/hooks").json();
    ASSERT_EQ(hooks.at("data").as_array().size(), 12u);
    const std::string secret =
        str(hooks.at("data").at(0).at("headers").at("X-Storebridge-Hook-Secret"));
    EXPECT_GE(secret.size(), 32u);
    for (const auto& h : hooks.at("data").as_array())
        EXPECT_EQ(str(h.at("headers").at("X-Storebridge-Hook-Secret")), secret);
    EXPECT_EQ(api.get(integration_path(c)).body.find(secret), std::string::npos);
    const auto sealed = read_db([&](sql::Session& s) {
        return s.exec("SELECT credentials_sealed FROM integrations WHERE id = $1", {c.id})
            .rows.at(0)
            .text(0);
    });
    EXPECT_EQ(sealed.find(secret), std::string::npos);
    // Registering again keeps the hooks and the secret.
    auto again = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("result").at("created").as_int64(), 0);
    EXPECT_EQ(again.json().at("result").at("already_registered").as_int64(), 12);
    EXPECT_EQ(str(store_get("/v3/hooks")
                      .json()
                      .at("data")
                      .at(0)
                      .at("headers")
                      .at("X-Storebridge-Hook-Secret")),
              secret);

    // The store's own deliveries arrive and are applied.
    auto sync = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(sync.status, 202) << sync.body;
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    ASSERT_EQ(admin("POST", "/_emulator/orders/120/cancel").status, 200);
    EXPECT_TRUE(eventually(
        [&] { return stored_json(c, "COMMERCE_ORDER", "120").at("status") == "cancelled"; }, 15s));

    // Without the header, or with another value, even signed with some secret: refused.
    const std::string body =
        R"({"scope":"store/order/updated","store_id":"1","data":{"type":"order","id":121},)"
        R"("hash":"plain1","created_at":1,"producer":"stores/)" +
        std::string(k_hash) + R"("})";
    const auto plain = [&](const std::string& value) {
        std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"}};
        if (!value.empty())
            h.emplace_back("X-Storebridge-Hook-Secret", value);
        return send(hub.port(), {"POST", "/webhooks/bigcommerce", std::move(h), body});
    };
    EXPECT_EQ(deliver(body, k_client_secret).status, 401);
    EXPECT_EQ(plain("").status, 401);
    EXPECT_EQ(plain(secret.substr(1)).status, 401);
    EXPECT_EQ(plain(secret + "x").status, 401);
    auto accepted = plain(secret);
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json().at("status"), "accepted");
}

// As BigCommerce installs: its install link carries nothing of the hub's, the store calls the
// registered callback exactly (no state), the hub finds the install by the store in `context`
// and sends the browser on to BigCommerce's "installed" page.
TEST_F(BigCommerceHub, InstallGoesThroughTheRegisteredCallbackWithoutState) {
    register_app("bigcommerce", k_client_id, k_client_secret);
    ASSERT_EQ(bigcommerce_store::register_auth_callback(store.port(), hub.port()), 200);
    // A callback for a store no connect link started is refused, and changes nothing.
    auto stray = send(hub.port(), {"GET",
                                   "/callback/bigcommerce?code=x&scope=store_v2_orders&context="
                                   "stores%2Fzz99&external_install=1",
                                   {{"Accept", "application/json"}},
                                   {}});
    EXPECT_EQ(stray.status, 400) << stray.body;
    EXPECT_EQ(code_of(stray), "invalid_request");

    auto user = str(api.create("/api/v6/users", R"({"name":"Acme"})").at("id"));
    auto dc =
        api.create("/api/v6/users/" + user + "/data-connections",
                   R"({"provider_name":"bigcommerce","requested_data_types":["COMMERCE_SHOP"]})");
    const std::string install = location_of(get_url(str(dc.at("connect_url")) + "&shop=" + k_hash));
    EXPECT_EQ(install, "http://127.0.0.1:" + std::to_string(store.port()) + "/app/" + k_client_id +
                           "/install");
    const std::string callback = location_of(get_url(install));
    const std::string registered =
        "http://127.0.0.1:" + std::to_string(hub.port()) + "/callback/bigcommerce?";
    EXPECT_EQ(callback.rfind(registered, 0), 0u) << callback;
    EXPECT_EQ(callback.find("state="), std::string::npos) << callback;
    const std::string done = location_of(get_url(callback));
    EXPECT_EQ(done, "http://127.0.0.1:" + std::to_string(store.port()) + "/app/" + k_client_id +
                        "/install/succeeded");
    EXPECT_EQ(get_url(done).status, 200);
    const auto i = api.get("/api/v6/users/" + user + "/data-connections/" + str(dc.at("id")));
    EXPECT_EQ(i.json().at("status"), "CONNECTED") << i.body;
    // The callback is single use.
    EXPECT_EQ(get_url(callback, {{"Accept", "application/json"}}).status, 400);
}

TEST_F(BigCommerceHub, AStoreHashThatIsNotOneIsRefused) {
    register_app("bigcommerce", k_client_id, k_client_secret);
    auto user = str(api.create("/api/v6/users", R"({"name":"Acme"})").at("id"));
    auto dc =
        api.create("/api/v6/users/" + user + "/data-connections",
                   R"({"provider_name":"bigcommerce","requested_data_types":["COMMERCE_ORDER"]})");
    auto r =
        get_url(str(dc.at("connect_url")) + "&shop=Not.A.Hash", {{"Accept", "application/json"}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "validation_failed");
}

class BigCommerceThrottled : public BigCommerceHub {
  protected:
    static void SetUpTestSuite() {
        quota = 25;
        window_ms = 1000;
    }
    static void TearDownTestSuite() {
        quota = 150;
        window_ms = 2000;
    }
};

TEST_F(BigCommerceThrottled, SyncsThroughThrottlingAndFailuresEqualTheStore) {
    // A window of 25 requests a second: the order sync alone takes ~160 calls. The first 3
    // calls answer 503, the next 3 answer 429, and 5% of the rest fail by chance.
    ASSERT_EQ(
        admin("POST", "/_emulator/faults", R"({"fail_rate":0.05,"fail_next":3,"throttle_next":3})")
            .status,
        200);
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER","COMMERCE_PRODUCT"])");
    expect_all_succeeded(wait_for_jobs(c, 3, 240s), 3);
    const auto s = stats();
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), s.at("records").at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), s.at("records").at("customers").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), s.at("records").at("products").as_int64());
    EXPECT_GE(s.at("requests").at("throttled").as_int64(), 3);
    EXPECT_GE(s.at("requests").at("injected_failures").as_int64(), 3);
    // The integration shows the window it met and the 429s it waited out.
    const auto budget = api.get(integration_path(c)).json().at("api_budget");
    ASSERT_TRUE(budget.is_object()) << json::serialize(budget);
    EXPECT_EQ(budget.at("maximum").as_int64(), 25);
    EXPECT_EQ(budget.at("restore_rate").to_number<double>(), 25.0);
    EXPECT_GE(budget.at("throttled_count").as_int64(), 3);
    EXPECT_TRUE(budget.as_object().contains("last_throttled_at"));
}

}  // namespace
}  // namespace sb::test
