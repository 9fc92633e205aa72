// A WooCommerce site (`storebridge emulate woocommerce`, in process) connected to the hub with
// its REST API keys through POST /v1/organizations/{id}/integrations, synced, kept fresh by the
// webhooks the hub creates (full resources, signed with a secret of the hub's) and by
// incremental syncs, written back to, and faulted. Real HTTP on loopback both ways.
#include <thread>

#include "connectors/woocommerce/oauth1.hpp"
#include "core/time.hpp"
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
        o.allow_http_callback = true;  // the hub's callback is http://127.0.0.1 here
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

    // A wc/v3 GET with the site's keys, signed with OAuth 1.0a as over plain HTTP (against the
    // site's own address, http); the test's own reads are not faulted by design, so a 5xx/429
    // the test injected for the hub is waited out.
    HttpResponse store_get(const std::string& path) {
        for (;;) {
            http::Request parsed;
            EXPECT_TRUE(http::parse_target(path, parsed)) << path;
            const std::string api_path = "/wp-json/wc/v3" + path.substr(0, path.find('?'));
            const auto q = connectors::woocommerce::oauth1_signed_query(
                "GET", "http://acme-books.test" + api_path, parsed.query,
                {store.options().consumer_key, store.options().consumer_secret}, now_ms() / 1000,
                crypto::hex_encode(crypto::random_bytes(16)));
            auto r =
                send(store.port(),
                     {"GET", api_path + "?" + connectors::woocommerce::encode_query(q), {}, {}});
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
    // Over plain HTTP every call of the hub was signed (the site ignores Basic there).
    const auto calls = stats().at("requests");
    EXPECT_GT(calls.at("oauth1").as_int64(), 3) << json::serialize(calls);
    EXPECT_EQ(calls.at("basic").as_int64(), 0) << json::serialize(calls);
    EXPECT_EQ(calls.at("unauthorized").as_int64(), 0) << json::serialize(calls);
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
    // fail by chance. The 503s come after the site took the call's OAuth nonce, so each retry
    // must be signed again: the same request twice would be refused.
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

// ---- the key grant install ----

// The href of the store's approval page link with `id`, HTML entities undone.
std::string link_of(const std::string& html, const std::string& id) {
    const auto at = html.find("id=\"" + id + "\" href=\"");
    if (at == std::string::npos)
        return {};
    const auto from = html.find("href=\"", at) + 6;
    std::string href = html.substr(from, html.find('"', from) - from);
    for (std::size_t p; (p = href.find("&amp;")) != std::string::npos;)
        href.replace(p, 5, "&");
    return href;
}

class WooCommerceInstall : public WooCommerceHub {
  protected:
    // WooCommerce has no app of the hub's: enabling the provider is enough.
    void enable_provider() {
        ASSERT_EQ(
            api.put("/api/v6/providers/woocommerce/settings", R"({"auto_connect":true})").status,
            200);
        ASSERT_EQ(api.put("/api/v6/providers/woocommerce", R"({"enable":true})").status, 200);
    }

    struct Started {
        std::string user;
        std::string id;
        std::string approval;  // the store's page where the merchant approves
        std::string state;     // user_id in the authorize URL
    };

    // A data connection, and its connect link opened with the site's address.
    Started start_install(const std::string& types = R"(["COMMERCE_ORDER"])") {
        Started s;
        s.user = str(api.create("/api/v6/users", R"({"name":"Acme Books"})").at("id"));
        const auto dc =
            api.create("/api/v6/users/" + s.user + "/data-connections",
                       R"({"provider_name":"woocommerce","requested_data_types":)" + types + "}");
        s.id = str(dc.at("id"));
        s.approval = location_of(
            get_url(str(dc.at("connect_url")) + "&shop=" + crypto::percent_encode(k_site)));
        http::Request parsed;
        const auto q = s.approval.find('?');
        EXPECT_TRUE(q != std::string::npos &&
                    http::parse_target("/" + s.approval.substr(q), parsed))
            << s.approval;
        s.state = std::string(parsed.query_param("user_id").value_or(""));
        return s;
    }

    // A link of the site's pages names the site (k_site); the site is the emulator here.
    std::string on_store(const std::string& link) {
        EXPECT_EQ(link.rfind(k_site, 0), 0u) << link;
        return "http://127.0.0.1:" + std::to_string(store.port()) +
               link.substr(std::string(k_site).size());
    }

    std::string dc_status(const Started& s) {
        return str(
            api.get("/api/v6/users/" + s.user + "/data-connections/" + s.id).json().at("status"));
    }

    HttpResponse post_keys(const std::string& body) {
        return send(hub.port(), {"POST",
                                 "/callback/woocommerce",
                                 {{"Content-Type", "application/json;charset=UTF-8"}},
                                 body});
    }

    std::string sealed_credentials(const std::string& id) {
        return read_db([&](sql::Session& db) {
            auto r = db.exec("SELECT credentials_sealed FROM integrations WHERE id = $1", {id});
            return r.rows.empty() ? std::string() : r.rows[0].text(0);
        });
    }
};

// The connect link asks for the site, the hub sends the merchant to the site's
// /wc-auth/v1/authorize, the merchant approves, the site POSTs a new key pair to the hub's
// callback (checked with a signed call, stored sealed) and sends the browser back; the
// connection is CONNECTED and its syncs sign with the new key.
TEST_F(WooCommerceInstall, TheKeyGrantConnectsAndSyncsSignWithTheNewKey) {
    enable_provider();
    const auto s = start_install();
    const std::string authorize =
        "http://127.0.0.1:" + std::to_string(store.port()) + "/wc-auth/v1/authorize?";
    ASSERT_EQ(s.approval.rfind(authorize, 0), 0u) << s.approval;
    const std::string callback =
        "http://127.0.0.1:" + std::to_string(hub.port()) + "/callback/woocommerce";
    EXPECT_NE(s.approval.find("scope=read_write"), std::string::npos) << s.approval;
    EXPECT_NE(s.approval.find("callback_url=" + crypto::percent_encode(callback)),
              std::string::npos)
        << s.approval;
    EXPECT_NE(s.approval.find("return_url=" + crypto::percent_encode(callback)), std::string::npos)
        << s.approval;
    ASSERT_GT(s.state.size(), 20u);
    EXPECT_EQ(dc_status(s), "PENDING");

    const auto page = get_url(s.approval);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto back = location_of(get_url(on_store(link_of(page.body, "approve"))));
    EXPECT_EQ(back, callback + "?success=1&user_id=" + crypto::percent_encode(s.state));
    // The keys came before the browser: the connection is already CONNECTED.
    EXPECT_EQ(dc_status(s), "CONNECTED");
    const auto done = get_url(back, {{"Accept", "application/json"}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json().at("status"), "CONNECTED");
    EXPECT_EQ(get_url(back).status, 200);  // the browser's page, as often as it reloads

    auto st = stats();
    EXPECT_EQ(st.at("records").at("api_keys").as_int64(), 2);  // the options' and the grant's
    EXPECT_EQ(st.at("requests").at("keys_granted").as_int64(), 1);
    // Stored sealed: the granted secret is nowhere in clear.
    const auto sealed = sealed_credentials(s.id);
    EXPECT_NE(sealed.find(":v1."), std::string::npos) << sealed;  // key id, then the box
    EXPECT_EQ(sealed.find("consumer"), std::string::npos) << sealed;

    // auto_connect queued the requested sync; it signs with the granted key only.
    const Connected c{s.user, s.id};
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    st = stats();
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), st.at("records").at("orders").as_int64());
    EXPECT_EQ(st.at("requests").at("basic").as_int64(), 0);
    EXPECT_EQ(st.at("requests").at("unauthorized").as_int64(), 0);
    EXPECT_GT(st.at("requests").at("oauth1").as_int64(), 1);

    // The delivery is single use: the same state again is refused, and changes nothing.
    auto again = post_keys(R"({"key_id":9,"user_id":")" + s.state +
                           R"(","consumer_key":"ck_x","consumer_secret":"cs_x",)"
                           R"("key_permissions":"read_write"})");
    EXPECT_EQ(again.status, 400) << again.body;
    EXPECT_EQ(code_of(again), "invalid_request");
}

// Keys the site does not take are refused with the platform's code before anything is
// stored; forged or malformed deliveries and a declined approval change nothing either.
TEST_F(WooCommerceInstall, WrongKeysForgedDeliveriesAndADeclineAreRefused) {
    enable_provider();
    const auto s = start_install();
    const auto api_calls = [&] { return stats().at("requests").at("api").as_int64(); };

    auto wrong = post_keys(R"({"key_id":7,"user_id":")" + s.state + R"(","consumer_key":")" +
                           store.options().consumer_key +
                           R"(","consumer_secret":"cs_not_the_secret",)"
                           R"("key_permissions":"read_write"})");
    EXPECT_EQ(wrong.status, 409) << wrong.body;
    EXPECT_EQ(code_of(wrong), "platform_unauthorized") << wrong.body;
    EXPECT_EQ(wrong.body.find("cs_not_the_secret"), std::string::npos) << wrong.body;
    EXPECT_EQ(dc_status(s), "PENDING");
    EXPECT_EQ(stats().at("requests").at("unauthorized").as_int64(), 1);

    const auto before = api_calls();
    // An unknown state, a read-only key, not WooCommerce's keys, not JSON: refused without a
    // call to the site.
    const std::string as_read = R"(","consumer_key":"ck_a","consumer_secret":"cs_a",)"
                                R"("key_permissions":"read"})";
    const std::string not_keys = R"(","consumer_key":"a","consumer_secret":"b",)"
                                 R"("key_permissions":"read_write"})";
    const std::vector<std::string> bodies{
        R"({"user_id":"not-a-state","consumer_key":"ck_a","consumer_secret":"cs_a",)"
        R"("key_permissions":"read_write"})",
        R"({"user_id":")" + s.state + as_read, R"({"user_id":")" + s.state + not_keys,
        "user_id=" + s.state};
    for (const auto& body : bodies) {
        auto r = post_keys(body);
        EXPECT_EQ(r.status, 400) << body << ": " << r.body;
        EXPECT_EQ(code_of(r), "invalid_request") << r.body;
    }
    EXPECT_EQ(api_calls(), before);
    EXPECT_EQ(dc_status(s), "PENDING");

    // The refused keys left the install open: the merchant approves, and it connects.
    const auto page = get_url(s.approval);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto back = location_of(get_url(on_store(link_of(page.body, "approve"))));
    EXPECT_EQ(get_url(back, {{"Accept", "application/json"}}).status, 200);
    EXPECT_EQ(dc_status(s), "CONNECTED");

    // Another merchant declines: the browser comes back with success=0.
    const auto declined = start_install();
    const auto deny = link_of(get_url(declined.approval).body, "deny");
    ASSERT_FALSE(deny.empty());
    auto r = get_url(deny, {{"Accept", "application/json"}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "invalid_request");
    EXPECT_EQ(dc_status(declined), "PENDING");
    // Its state is spent: keys arriving afterwards are refused.
    auto late = post_keys(R"({"user_id":")" + declined.state +
                          R"(","consumer_key":"ck_a","consumer_secret":"cs_a",)"
                          R"("key_permissions":"read_write"})");
    EXPECT_EQ(late.status, 400) << late.body;
}

// A connected site whose key pair is wrong: the site refuses the signature and the sync fails
// at once with platform_unauthorized.
TEST_F(WooCommerceHub, ASecretTheSiteDoesNotKnowFailsTheSyncAtOnce) {
    const auto user = str(api.create("/v1/organizations", R"({"name":"Acme Books"})").at("id"));
    const auto integration =
        api.create("/v1/organizations/" + user + "/integrations",
                   json::serialize(json::object{{"name", "Acme Books"},
                                                {"connector_id", "woocommerce"},
                                                {"credentials",
                                                 {{"site_url", k_site},
                                                  {"consumer_key", store.options().consumer_key},
                                                  {"consumer_secret", "cs_wrong"}}}}));
    const Connected c{user, str(integration.at("id"))};
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
    EXPECT_EQ(stats().at("requests").at("unauthorized").as_int64(), 1);
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), 0);
}

// ---- a slow site, a stalled one, a broken one ----

// A site 2 s away per call (a merchant's shared hosting on a bad day) is read whole all the
// same, and its calls never exceed the per-site limit.
TEST_F(WooCommerceHub, ASlowSiteIsReadWhole) {
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"latency_min_ms":2000,"latency_max_ms":2000})")
                  .status,
              200);
    const auto c = connect();
    sync(c, "orders");
    sync(c, "products");
    sync(c, "customers");
    expect_all_succeeded(wait_for_jobs(c, 3, 300s), 3);
    ASSERT_EQ(
        admin("POST", "/_emulator/faults", R"({"latency_min_ms":0,"latency_max_ms":0})").status,
        200);
    const auto s = stats();
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), s.at("records").at("orders").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_PRODUCT"), s.at("records").at("products").as_int64());
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), s.at("records").at("customers").as_int64());
    EXPECT_LE(s.at("requests").at("max_in_flight").as_int64(), 2) << json::serialize(s);
}

// The job's last error once it has one (the engine tries a failed job again later).
json::value job_with_error(Api& api, const std::string& job_path) {
    json::value job;
    EXPECT_TRUE(test::eventually(
        [&] {
            job = api.get(job_path).json();
            return job.at("last_error").is_string();
        },
        120s))
        << json::serialize(job);
    return job;
}

// A site that stalls past the integration's request_timeout_seconds: the job fails with
// platform_timeout and nothing of the page it waited for is stored.
TEST_F(WooCommerceHub, AStalledSiteFailsTheSyncWithPlatformTimeout) {
    ASSERT_EQ(admin("POST", "/_emulator/faults", R"({"latency_min_ms":5000,"latency_max_ms":5000})")
                  .status,
              200);
    const auto user = str(api.create("/v1/organizations", R"({"name":"Acme Books"})").at("id"));
    const auto integration = api.create(
        "/v1/organizations/" + user + "/integrations",
        json::serialize(json::object{{"name", "Acme Books"},
                                     {"connector_id", "woocommerce"},
                                     {"settings", {{"request_timeout_seconds", 2}}},
                                     {"credentials",
                                      {{"site_url", k_site},
                                       {"consumer_key", store.options().consumer_key},
                                       {"consumer_secret", store.options().consumer_secret}}}}));
    const Connected c{user, str(integration.at("id"))};
    auto started = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(started.status, 202) << started.body;
    const auto job =
        job_with_error(api, integration_path(c) + "/jobs/" + str(started.json().at("id")));
    EXPECT_EQ(str(job.at("last_error")).rfind("platform_timeout: ", 0), 0) << json::serialize(job);
    EXPECT_NE(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), 0);
    EXPECT_GT(stats().at("requests").at("oauth1").as_int64(), 0);
}

// A site that answers its API calls with a WordPress HTML page and 200 (a PHP fatal error, a
// security plugin's page): the job fails with platform_error, nothing stored.
TEST_F(WooCommerceHub, AnHtmlPageFor200FailsTheSyncWithPlatformError) {
    const auto set = admin("POST", "/_emulator/faults", R"({"html_next":1000})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.json().at("html_next").as_int64(), 1000) << set.body;
    EXPECT_EQ(admin("POST", "/_emulator/faults", R"({"html_next":"x"})").status, 400);
    const auto c = connect();
    auto started = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(started.status, 202) << started.body;
    const auto job =
        job_with_error(api, integration_path(c) + "/jobs/" + str(started.json().at("id")));
    EXPECT_EQ(str(job.at("last_error")).rfind("platform_error: ", 0), 0) << json::serialize(job);
    EXPECT_NE(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_GE(stats().at("requests").at("html_answers").as_int64(), 1);
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), 0);
}

// ---- politeness, the reconciliation interval, customers on demand ----

// Syncs and a burst of actions on one site together: never more than 2 calls in flight at
// the site (the connector's per-site limit), and they did overlap up to it.
TEST_F(WooCommerceHub, CallsToOneSiteAreAtMostTwoInFlight) {
    ASSERT_EQ(
        admin("POST", "/_emulator/faults", R"({"latency_min_ms":300,"latency_max_ms":300})").status,
        200);
    const auto c = connect();
    const auto order = order_in("processing");
    ASSERT_FALSE(order.empty());
    sync(c, "orders");
    sync(c, "customers");
    std::vector<std::thread> burst;
    std::atomic<int> ok{0};
    for (int i = 0; i < 6; ++i) {
        burst.emplace_back([&, i] {
            Api own{hub.port(), hub.token()};
            const auto r =
                own.post(integration_path(c) + "/actions/add_tracking",
                         json::serialize(json::object{
                             {"order_id", order}, {"tracking_number", "TRK" + std::to_string(i)}}));
            if (r.status == 200)
                ++ok;
        });
    }
    for (auto& t : burst)
        t.join();
    expect_all_succeeded(wait_for_jobs(c, 2, 180s), 2);
    EXPECT_EQ(ok.load(), 6);
    const auto s = stats();
    EXPECT_LE(s.at("requests").at("max_in_flight").as_int64(), 2) << json::serialize(s);
    EXPECT_EQ(s.at("requests").at("max_in_flight").as_int64(), 2) << json::serialize(s);
}

// WooCommerce never sends a webhook again: the catalog shows the connector's shorter
// reconciliation interval, and an integration created without one gets it.
TEST_F(WooCommerceHub, TheReconciliationIntervalIsShortByDefault) {
    const auto catalog = api.get("/v1/connectors/woocommerce");
    ASSERT_EQ(catalog.status, 200) << catalog.body;
    const json::value spec = catalog.json();
    bool listed = false;
    for (const auto& f : spec.at("settings_fields").as_array()) {
        if (f.at("name") == "sync_interval_minutes") {
            listed = true;
            EXPECT_EQ(f.at("default").as_int64(), 10) << catalog.body;
        }
    }
    EXPECT_TRUE(listed) << catalog.body;
    const auto c = connect();
    const auto got = api.get(integration_path(c)).json();
    EXPECT_EQ(got.at("settings").at("sync_interval_minutes").as_int64(), 10)
        << json::serialize(got);
}

// POST …/sync/customers: the site's customers, read whole.
TEST_F(WooCommerceHub, CustomersAreSyncedOnDemand) {
    const auto c = connect();
    auto r = api.post(integration_path(c) + "/sync/customers");
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(r.json().at("data_type"), "COMMERCE_CUSTOMER") << r.body;
    expect_all_succeeded(wait_for_jobs(c, 1), 1);
    EXPECT_EQ(stored(c.id, "COMMERCE_CUSTOMER"), stats().at("records").at("customers").as_int64());
}

}  // namespace
}  // namespace sb::test
