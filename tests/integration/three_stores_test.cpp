// Issue 17's acceptance: one merchant with a Shopify, a Shoplazza and a BigCommerce store, each
// installed through its connect link and synced, read through the same endpoints: seed 003's
// commerce-orders (all, and each store's by data_connection_id), seed 004's customers → orders
// → items, and the change feed. Three emulators and the hub, real HTTP on loopback.
#include <map>
#include <set>

#include "bigcommerce_hub.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "shopify_hub.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

constexpr std::int64_t k_shopify_orders = 60;
constexpr std::int64_t k_shoplazza_orders = 50;
constexpr const char* k_types = R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER"])";

// Stored ids and emails hold no character a query needs escaped, but `+` and `@` may appear.
std::string query_value(const std::string& v) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char ch : v) {
        if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            out += k_hex[ch >> 4];
            out += k_hex[ch & 15];
        }
    }
    return out;
}

class ThreeStores : public HubTest {
  protected:
    static emulators::shopify::EmulatorOptions shopify_options() {
        auto o = ShopifyHub::store_options();
        o.orders = k_shopify_orders;
        return o;
    }
    static emulators::shoplazza::EmulatorOptions shoplazza_options() {
        emulators::shoplazza::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshoplaza.com";
        o.orders = k_shoplazza_orders;
        o.products = 10;
        o.customers = 20;
        o.client_id = "lazza-app";
        o.client_secret = "lazza-secret";
        o.webhook_retry_scale = 0.001;
        return o;
    }
    static config::Settings hub_settings(std::uint16_t shopify, std::uint16_t shoplazza,
                                         std::uint16_t bigcommerce) {
        auto s = ShopifyHub::hub_settings(shopify);
        s.connector_base_urls["shoplazza"] = "http://127.0.0.1:" + std::to_string(shoplazza);
        s.connector_base_urls["bigcommerce"] = "http://127.0.0.1:" + std::to_string(bigcommerce);
        return s;
    }

    emulators::shopify::Emulator shopify{shopify_options()};
    emulators::shoplazza::Emulator shoplazza{shoplazza_options()};
    emulators::bigcommerce::Emulator bigcommerce{bigcommerce_store::options()};
    bool started = (shopify.start(), shoplazza.start(), bigcommerce.start(), true);
    TestServer hub{hub_settings(shopify.port(), shoplazza.port(), bigcommerce.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    static std::int64_t store_orders(std::uint16_t port) {
        return send(port, {"GET", "/_emulator/stats", {}, {}})
            .json()
            .at("records")
            .at("orders")
            .as_int64();
    }

    // A stored order of `integration` with a customer whose record has an email: the
    // customer's id, the order's id, its email and its line count.
    struct CustomerOrder {
        std::string customer, order, email;
        std::size_t lines = 0;
    };
    CustomerOrder customer_order(const std::string& integration) {
        const auto rows = read_db([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id, data FROM records WHERE integration_id = $1 AND "
                    "type = 'COMMERCE_ORDER' ORDER BY external_id",
                    {integration})
                .rows;
        });
        for (const auto& row : rows) {
            const auto order = json::parse(row.text(1));
            const auto* customer = order.as_object().if_contains("customer_id");
            if (!customer || !customer->is_string())
                continue;
            const auto text = record_data(integration, "COMMERCE_CUSTOMER", str(*customer));
            if (text.empty())
                continue;
            const auto c = json::parse(text);
            if (!c.at("email").is_string())
                continue;
            return {str(*customer), row.text(0), str(c.at("email")),
                    order.at("line_items").as_array().size()};
        }
        ADD_FAILURE() << "no order of " << integration << " has a customer with an email";
        return {};
    }
};

TEST_F(ThreeStores, OneMerchantReadsItsThreeStoresThroughTheSameEndpoints) {
    register_app("shopify", "app-key", "app-secret");
    register_app("shoplazza", "lazza-app", "lazza-secret");
    register_app("bigcommerce", bigcommerce_store::k_client_id, bigcommerce_store::k_client_secret);
    ASSERT_EQ(bigcommerce_store::register_auth_callback(bigcommerce.port(), hub.port()), 200);
    const auto a = connect_store("shopify", "acme.myshopify.com", k_types);
    const auto b = connect_store("shoplazza", "acme.myshoplaza.com", k_types, a.user);
    const auto c = connect_store("bigcommerce", bigcommerce_store::k_hash, k_types, a.user);
    ASSERT_EQ(a.user, b.user);
    ASSERT_EQ(a.user, c.user);
    for (const auto* s : {&a, &b, &c}) {
        const auto jobs = wait_for_jobs(*s, 2);
        ASSERT_EQ(jobs.at("count").as_int64(), 2) << json::serialize(jobs);
        for (const auto& j : jobs.at("_embedded").at("items").as_array())
            ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    }
    const std::map<std::string, std::int64_t> expected{{a.id, store_orders(shopify.port())},
                                                       {b.id, store_orders(shoplazza.port())},
                                                       {c.id, store_orders(bigcommerce.port())}};
    EXPECT_EQ(expected.at(a.id), k_shopify_orders);
    EXPECT_EQ(expected.at(b.id), k_shoplazza_orders);
    EXPECT_EQ(expected.at(c.id), 40);

    // Seed 003: every order of the merchant, one record shape whichever the platform.
    const std::string orders_path = "/api/v6/users/" + a.user + "/commerce-orders?limit=100";
    std::map<std::string, std::int64_t> per_connection;
    std::map<std::string, std::set<std::string>> keys;
    for (const auto& o : list_all(orders_path)) {
        const auto dc = str(o.at("data_connection_id"));
        ++per_connection[dc];
        for (const auto& [k, _] : o.as_object())
            keys[dc].insert(std::string(k));
    }
    EXPECT_EQ(per_connection, expected);
    EXPECT_EQ(keys[a.id], keys[b.id]);
    EXPECT_EQ(keys[a.id], keys[c.id]);
    // Each store's alone.
    for (const auto& [dc, count] : expected) {
        const auto only = list_all(orders_path + "&data_connection_id=" + dc);
        EXPECT_EQ(static_cast<std::int64_t>(only.size()), count) << dc;
        for (const auto& o : only)
            EXPECT_EQ(str(o.at("data_connection_id")), dc);
    }

    // Seed 004: from a customer's email to their order's items, in each store.
    for (const auto& dc : {a.id, b.id, c.id}) {
        SCOPED_TRACE(dc);
        const auto co = customer_order(dc);
        ASSERT_FALSE(co.order.empty());
        const auto customer_id = dc + ":" + co.customer;
        std::set<std::string> found;
        for (const auto& customer :
             list_all("/erc/ecommerce/customers?email=" + query_value(co.email)))
            found.insert(str(customer.at("id")));
        EXPECT_EQ(found.count(customer_id), 1u) << co.email;
        std::set<std::string> orders;
        for (const auto& o : list_all("/erc/ecommerce/customers/" + customer_id + "/orders"))
            orders.insert(str(o.at("id")));
        const auto order_id = dc + ":" + co.order;
        EXPECT_EQ(orders.count(order_id), 1u);
        auto items =
            api.get("/erc/ecommerce/customers/" + customer_id + "/orders/" + order_id + "/items");
        ASSERT_EQ(items.status, 200) << items.body;
        EXPECT_EQ(items.json().at("_embedded").at("items").as_array().size(), co.lines);
    }

    // The change feed holds the records of all three integrations.
    std::map<std::string, std::set<std::string>> changed;
    for (const auto& change : list_all("/v1/organizations/" + a.user + "/changes?limit=1000")) {
        if (change.at("type") == "COMMERCE_ORDER")
            changed[str(change.at("integration_id"))].insert(str(change.at("id")));
    }
    std::map<std::string, std::int64_t> changed_orders;
    for (const auto& [dc, ids] : changed)
        changed_orders[dc] = static_cast<std::int64_t>(ids.size());
    EXPECT_EQ(changed_orders, expected);
}

}  // namespace
}  // namespace sb::test
