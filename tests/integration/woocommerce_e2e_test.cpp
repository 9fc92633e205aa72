// A WooCommerce site (`storebridge emulate woocommerce`, in process) connected to the hub with
// its REST API keys through POST /v1/organizations/{id}/integrations, synced, kept fresh by the
// webhooks the hub creates (full resources, signed with a secret of the hub's) and by
// incremental syncs, written back to, and faulted. Real HTTP on loopback both ways.
#include <thread>

#include "crypto/crypto.hpp"
#include "emulators/woocommerce/emulator.hpp"
#include "hub_fixture.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* k_site = "https://acme-books.test";

class WooCommerceHub : public HubTest {
  protected:
    static emulators::woocommerce::EmulatorOptions store_options() {
        emulators::woocommerce::EmulatorOptions o;
        o.port = 0;
        o.site_url = k_site;
        o.orders = 40;
        o.products = 12;
        o.customers = 20;
        o.webhook_retry_scale = 0.001;
        return o;
    }
    static config::Settings hub_settings(std::uint16_t port) {
        config::Settings s;
        s.connector_base_urls["woocommerce"] = "http://127.0.0.1:" + std::to_string(port);
        s.allow_private_targets = true;  // the site's webhooks come from loopback
        return s;
    }

    emulators::woocommerce::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    // The integration created with the site's keys, as a merchant without the key grant would.
    Connected connect() {
        Connected c;
        c.user = str(api.create("/v1/organizations", R"({"name":"Acme Books"})").at("id"));
        const auto integration =
            api.create("/v1/organizations/" + c.user + "/integrations",
                       json::serialize(
                           json::object{{"name", "Acme Books"},
                                        {"connector_id", "woocommerce"},
                                        {"credentials",
                                         {{"site_url", k_site},
                                          {"consumer_key", store.options().consumer_key},
                                          {"consumer_secret", store.options().consumer_secret}}}}));
        c.id = str(integration.at("id"));
        return c;
    }

    void sync(const Connected& c, const std::string& what) {
        auto r = api.post(integration_path(c) + "/sync/" + what);
        ASSERT_EQ(r.status, 202) << what << ": " << r.body;
    }

    // A wc/v3 GET with the site's keys; the test's own reads are not faulted by design, so a
    // 5xx/429 the test injected for the hub is waited out.
    HttpResponse store_get(const std::string& path) {
        const auto auth = "Basic " + crypto::base64_encode(store.options().consumer_key + ":" +
                                                           store.options().consumer_secret);
        for (;;) {
            auto r =
                send(store.port(), {"GET", "/wp-json/wc/v3" + path, {{"Authorization", auth}}, {}});
            if (r.status < 500 && r.status != 429)
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

    // Every product of the site, with a variable product's variations under "variations".
    std::vector<json::object> store_products() {
        std::vector<json::object> out;
        for (int page = 1;; ++page) {
            const json::value items =
                store_get("/products?per_page=100&page=" + std::to_string(page)).json();
            if (items.as_array().empty())
                return out;
            for (const auto& p : items.as_array()) {
                json::object o = p.as_object();
                if (o.at("type") == "variable") {
                    o["variations"] =
                        store_get("/products/" + std::to_string(o.at("id").as_int64()) +
                                  "/variations?per_page=100")
                            .json();
                }
                out.push_back(std::move(o));
            }
        }
    }

    // The site's stock items: each managed simple product or variation.
    std::int64_t managed_items() {
        std::int64_t n = 0;
        const auto managed = [](const json::value& v) {
            return v.at("manage_stock") == true && v.at("stock_quantity").is_number();
        };
        for (const auto& p : store_products()) {
            if (p.at("type") == "variable") {
                for (const auto& v : p.at("variations").as_array())
                    n += managed(v) ? 1 : 0;
            } else {
                n += managed(p) ? 1 : 0;
            }
        }
        return n;
    }

    // An order of the site in `status`.
    std::string order_in(const std::string& status, std::size_t index = 0) {
        const json::value orders = store_get("/orders?per_page=20&status=" + status).json();
        EXPECT_GT(orders.as_array().size(), index) << status;
        if (orders.as_array().size() <= index)
            return {};
        return std::to_string(orders.at(index).at("id").as_int64());
    }
};

void expect_all_succeeded(const json::value& jobs, std::int64_t count) {
    ASSERT_EQ(jobs.at("count").as_int64(), count) << json::serialize(jobs);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        EXPECT_EQ(j.at("status"), "succeeded") << json::serialize(j);
}

TEST_F(WooCommerceHub, TheInitialSyncEqualsTheSite) {
    const auto c = connect();
    sync(c, "orders");
    sync(c, "products");
    sync(c, "product-stocks");
    expect_all_succeeded(wait_for_jobs(c, 3), 3);
    const auto records = stats().at("records");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), records.at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), records.at("products").as_int64());
    const auto items = managed_items();
    EXPECT_GT(items, 0);
    EXPECT_EQ(stored(c.id, "COMMERCE_STOCK"), items);

    // Field by field: 10 orders as the site answers them against what the hub stored.
    const json::value page = store_get("/orders?per_page=10").json();
    ASSERT_EQ(page.as_array().size(), 10u);
    for (const auto& ov : page.as_array()) {
        const auto& o = ov.as_object();
        const std::string id = std::to_string(o.at("id").as_int64());
        const auto d = stored_json(c, "COMMERCE_ORDER", id);
        ASSERT_TRUE(d.is_object()) << id;
        EXPECT_EQ(d.at("name"), json::value("#" + str(o.at("number"))));
        EXPECT_EQ(d.at("total").at("amount"), o.at("total")) << id;
        EXPECT_EQ(d.at("currency"), o.at("currency"));
        EXPECT_EQ(d.at("email"), o.at("billing").at("email"));
        ASSERT_EQ(d.at("line_items").as_array().size(), o.at("line_items").as_array().size());
        for (std::size_t i = 0; i < o.at("line_items").as_array().size(); ++i) {
            const auto& l = d.at("line_items").as_array()[i];
            EXPECT_EQ(l.at("sku"), o.at("line_items").at(i).at("sku"));
            EXPECT_EQ(l.at("quantity"), o.at("line_items").at(i).at("quantity"));
        }
    }
    // Status mapping on one order of each kind the site holds.
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", order_in("completed")).at("fulfillment_status"),
              "fulfilled");
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", order_in("processing")).at("financial_status"),
              "paid");

    // Products: the name, a variable product's variations, a managed item's stock.
    bool variable_seen = false, stock_seen = false;
    for (const auto& p : store_products()) {
        const std::string id = std::to_string(p.at("id").as_int64());
        const auto d = stored_json(c, "COMMERCE_PRODUCT", id);
        ASSERT_TRUE(d.is_object()) << id;
        EXPECT_EQ(d.at("title"), p.at("name"));
        if (p.at("type") == "variable") {
            variable_seen = true;
            EXPECT_EQ(d.at("variants").as_array().size(), p.at("variations").as_array().size());
        } else if (p.at("manage_stock") == true && p.at("stock_quantity").is_number()) {
            stock_seen = true;
            const auto s = stored_json(c, "COMMERCE_STOCK", id + ":default");
            ASSERT_TRUE(s.is_object()) << id;
            EXPECT_EQ(s.at("available"), p.at("stock_quantity"));
        }
    }
    EXPECT_TRUE(variable_seen);
    EXPECT_TRUE(stock_seen);
}

TEST_F(WooCommerceHub, WebhooksIncrementalSyncsAndStockWriteBack) {
    const auto c = connect();
    sync(c, "orders");
    sync(c, "product-stocks");
    expect_all_succeeded(wait_for_jobs(c, 2), 2);

    // The hub creates its webhooks at the site, each with the secret it generated.
    auto registered = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(registered.status, 200) << registered.body;
    EXPECT_EQ(registered.json().at("result").at("created").as_int64(), 9);
    EXPECT_EQ(stats().at("records").at("webhooks").as_int64(), 9);
    const json::value hooks = store_get("/webhooks?per_page=100").json();
    ASSERT_EQ(hooks.as_array().size(), 9u);
    for (const auto& h : hooks.as_array()) {
        EXPECT_EQ(h.at("status"), "active") << json::serialize(h);
        EXPECT_EQ(h.at("delivery_url"),
                  json::value("http://127.0.0.1:" + std::to_string(hub.port()) +
                              "/webhooks/woocommerce"));
    }
    auto again = api.post(integration_path(c) + "/actions/register_webhooks", "{}");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("result").at("created").as_int64(), 0);
    EXPECT_EQ(stats().at("records").at("webhooks").as_int64(), 9);

    // An order completed at the site arrives by order.updated.
    const std::string by_hook = order_in("processing", 0);
    ASSERT_EQ(stored_json(c, "COMMERCE_ORDER", by_hook).at("fulfillment_status"), "unfulfilled");
    ASSERT_EQ(admin("PUT", "/_emulator/orders/" + by_hook, R"({"status":"completed"})").status,
              200);
    EXPECT_TRUE(eventually(
        [&] {
            return stored_json(c, "COMMERCE_ORDER", by_hook).at("fulfillment_status") ==
                   "fulfilled";
        },
        15s))
        << record_data(c.id, "COMMERCE_ORDER", by_hook);
    // A forged delivery is refused.
    const auto forged = send(hub.port(), {"POST",
                                          "/webhooks/woocommerce",
                                          {{"Content-Type", "application/json"},
                                           {"X-WC-Webhook-Source", std::string(k_site) + "/"},
                                           {"X-WC-Webhook-Topic", "order.updated"},
                                           {"X-WC-Webhook-Delivery-ID", "forged-1"},
                                           {"X-WC-Webhook-Signature", "AAAA"}},
                                          R"({"id":)" + by_hook + "}"});
    EXPECT_EQ(forged.status, 401) << forged.body;

    // Webhooks dropped: the change arrives by the next (incremental) order sync.
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"webhook_drop_rate":1.0})").status, 200);
    const std::string by_sync = order_in("processing", 0);
    ASSERT_NE(by_sync, by_hook);
    ASSERT_EQ(admin("POST", "/_emulator/orders/" + by_sync + "/cancel").status, 200);
    ASSERT_EQ(stored_json(c, "COMMERCE_ORDER", by_sync).at("status"), "open");
    sync(c, "orders");
    expect_all_succeeded(wait_for_jobs(c, 3), 3);
    EXPECT_EQ(stored_json(c, "COMMERCE_ORDER", by_sync).at("status"), "cancelled");
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), stats().at("records").at("orders").as_int64());
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"webhook_drop_rate":0})").status, 200);

    // Stock write-back: the site's quantity changes, and product.updated brings it back.
    std::string product;
    for (const auto& p : store_products()) {
        if (p.at("type") != "variable" && p.at("manage_stock") == true &&
            p.at("stock_quantity").is_number() && p.at("stock_quantity").as_int64() != 77) {
            product = std::to_string(p.at("id").as_int64());
            break;
        }
    }
    ASSERT_FALSE(product.empty());
    auto write = api.post(
        integration_path(c) + "/actions/set_stock_level",
        R"({"inventory_item_id":")" + product + R"(","location_id":"default","available":77})");
    ASSERT_EQ(write.status, 200) << write.body;
    EXPECT_EQ(store_get("/products/" + product).json().at("stock_quantity").as_int64(), 77);
    EXPECT_TRUE(eventually(
        [&] {
            const auto s = stored_json(c, "COMMERCE_STOCK", product + ":default");
            return s.is_object() && s.at("available") == 77;
        },
        15s))
        << record_data(c.id, "COMMERCE_STOCK", product + ":default");
    // Bad input never reaches the site.
    const auto api_calls = [&] { return stats().at("requests").at("api").as_int64(); };
    const auto before = api_calls();
    EXPECT_EQ(
        api.post(integration_path(c) + "/actions/set_stock_level",
                 R"({"inventory_item_id":")" + product + R"(","location_id":"2","available":1})")
            .status,
        400);
    EXPECT_EQ(api.post(integration_path(c) + "/actions/set_stock_level",
                       R"({"inventory_item_id":"gid://x","location_id":"default","available":1})")
                  .status,
              400);
    EXPECT_EQ(api_calls(), before);
    EXPECT_EQ(store_get("/products/" + product).json().at("stock_quantity").as_int64(), 77);
}

TEST_F(WooCommerceHub, SyncsThroughHostFailuresEqualTheSite) {
    // The first 3 calls answer 503, the next 2 answer 429 (Retry-After: 1), and 5% of the rest
    // fail by chance.
    ASSERT_EQ(
        admin("POST", "/_emulator/faults", R"({"fail_rate":0.05,"fail_next":3,"throttle_next":2})")
            .status,
        200);
    const auto c = connect();
    sync(c, "orders");
    sync(c, "products");
    expect_all_succeeded(wait_for_jobs(c, 2, 240s), 2);
    const auto s = stats();
    EXPECT_GE(s.at("requests").at("injected_failures").as_int64(), 3) << json::serialize(s);
    // Every counted fault was met (the answer shows what is left of them).
    const auto left = admin("POST", "/_emulator/faults", R"({"fail_rate":0})");
    ASSERT_EQ(left.status, 200) << left.body;
    EXPECT_EQ(left.json().at("fail_next").as_int64(), 0) << left.body;
    EXPECT_EQ(left.json().at("throttle_next").as_int64(), 0) << left.body;
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), s.at("records").at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), s.at("records").at("products").as_int64());
}

}  // namespace
}  // namespace sb::test
