// Seed 004's e-commerce reads over data synced from the emulated store.
#include <cctype>
#include <set>

#include "crypto/crypto.hpp"
#include "shopify_hub.hpp"

namespace sb::test {

namespace {

namespace json = boost::json;

class ErcApi : public ShopifyHub {
  protected:
    void SetUp() override {
        c = connect(R"(["COMMERCE_CUSTOMER","COMMERCE_ORDER","COMMERCE_CART"])");
        auto jobs = wait_for_jobs(c, 3);
        for (const auto& j : jobs.at("_embedded").at("items").as_array())
            ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    }

    // An order (its data) with several line items and at least one delivery, and its customer.
    std::pair<std::string, json::object> order_with_deliveries() {
        return read_db([&](sql::Session& s) {
            for (const auto& row :
                 s.exec("SELECT external_id, data FROM records WHERE integration_id = $1 AND "
                        "type = 'COMMERCE_ORDER' ORDER BY external_id",
                        {c.id})
                     .rows) {
                auto d = json::parse(row.text(1)).as_object();
                if (d.at("customer_id").is_string() && d.at("line_items").as_array().size() >= 3 &&
                    !d.at("deliveries").as_array().empty())
                    return std::pair{row.text(0), d};
            }
            return std::pair{std::string(), json::object{}};
        });
    }

    static std::string path_of(const std::string& href) { return href.substr(href.find("/erc/")); }

    // A query parameter value, percent-encoded but for the unreserved characters.
    static std::string url_encode(const std::string& value) {
        static const char* const hex = "0123456789ABCDEF";
        std::string out;
        for (const unsigned char ch : value) {
            if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
                out += static_cast<char>(ch);
            } else {
                out += '%';
                out += hex[ch >> 4];
                out += hex[ch & 15];
            }
        }
        return out;
    }

    Connected c;
};

}  // namespace

// A number in exponent form (6.446E2) anywhere outside a string of a JSON text.
bool has_exponent_number(const std::string& text) {
    bool in_string = false, in_number = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-') {
            in_number = true;
        } else if (in_number && (c == 'e' || c == 'E')) {
            return true;
        } else {
            in_number = false;
        }
    }
    return false;
}

TEST_F(ErcApi, FromACustomersEmailToTheItemsOfTheirOrder) {
    auto [order_id, order] = order_with_deliveries();
    ASSERT_FALSE(order_id.empty());
    const std::string customer_ext(order.at("customer_id").as_string());
    const auto customer_data = json::parse(record_data(c.id, "COMMERCE_CUSTOMER", customer_ext));
    std::string email(customer_data.at("email").as_string());
    for (auto& ch : email)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));

    // Found by email, whatever its case.
    auto found = api.get("/erc/ecommerce/customers?email=" + email);
    ASSERT_EQ(found.status, 200) << found.body;
    const auto found_body = found.json();
    const auto& customers = found_body.at("_embedded").at("items").as_array();
    ASSERT_EQ(customers.size(), 1u) << found.body;
    const auto customer_id = str(customers[0].at("id"));
    EXPECT_EQ(customer_id, c.id + ":" + customer_ext);
    EXPECT_EQ(api.get("/erc/ecommerce/customers/" + customer_id).json().at("email"),
              customer_data.at("email"));

    // Their orders include this one.
    std::set<std::string> orders;
    std::string next = "/erc/ecommerce/customers/" + customer_id + "/orders?limit=2";
    while (!next.empty()) {
        auto page = api.get(next);
        ASSERT_EQ(page.status, 200) << page.body;
        const auto body = page.json();
        for (const auto& o : body.at("_embedded").at("items").as_array())
            EXPECT_TRUE(orders.insert(str(o.at("id"))).second);
        const auto* n = body.at("_links").as_object().if_contains("next");
        next = n ? path_of(str(n->at("href"))) : "";
    }
    const auto order_ref = c.id + ":" + order_id;
    EXPECT_EQ(orders.count(order_ref), 1u);
    auto one = api.get("/erc/ecommerce/customers/" + customer_id + "/orders/" + order_ref);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.json().at("name"), order.at("name"));
    // Money is a number in plain decimal form: never 6.446E2.
    EXPECT_TRUE(one.json().at("total").at("value").is_number()) << one.body;
    ASSERT_TRUE(has_exponent_number(R"({"id":"a1e5","total":{"value":6.446E2}})"));
    EXPECT_FALSE(has_exponent_number(one.body)) << one.body;

    // The items, exactly as the seed describes them.
    const auto items_path =
        "/erc/ecommerce/customers/" + customer_id + "/orders/" + order_ref + "/items";
    auto all = api.get(items_path + "?limit=100");
    ASSERT_EQ(all.status, 200) << all.body;
    const auto body = all.json();
    EXPECT_FALSE(body.at("_links").as_object().contains("next"));  // one page: no next
    EXPECT_TRUE(body.at("_links").at("self").at("href").is_string());
    EXPECT_TRUE(body.as_object().contains("custom_fields"));
    const auto& items = body.at("_embedded").at("items").as_array();
    ASSERT_EQ(items.size(), order.at("line_items").as_array().size());
    const std::set<std::string> keys{
        "id",       "name", "description",          "brand",     "price", "image_url",
        "quantity", "sku",  "deliverable_quantity", "deliveries"};
    const std::set<std::string> statuses{
        "UNKNOWN",    "ATTEMPTED_DELIVERY", "READY_FOR_PICKUP", "PICKED_UP", "CONFIRMED",
        "IN_TRANSIT", "OUT_FOR_DELIVERY",   "DELIVERED",        "FAILURE"};
    EXPECT_FALSE(has_exponent_number(all.body)) << all.body;
    int deliveries = 0;
    for (const auto& item : items) {
        std::set<std::string> have;
        for (const auto& kv : item.as_object())
            have.insert(std::string(kv.key()));
        EXPECT_EQ(have, keys);
        EXPECT_TRUE(item.at("price").at("value").is_number());
        EXPECT_TRUE(item.at("price").at("currency").is_string());
        for (const auto& d : item.at("deliveries").as_array()) {
            ++deliveries;
            EXPECT_TRUE(d.at("id").is_string());
            EXPECT_TRUE(d.at("delivery_quantity").is_int64());
            EXPECT_EQ(statuses.count(str(d.at("latest_status_info").at("type"))), 1u);
            EXPECT_TRUE(d.as_object().contains("tracking_info"));
            EXPECT_TRUE(d.as_object().contains("last_update"));
        }
    }
    EXPECT_GT(deliveries, 0);

    // One item a page, by price descending: every item once, in order.
    std::vector<double> prices;
    std::set<std::string> ids;
    next = items_path + "?limit=1&order_by=price:desc";
    std::string second_cursor;
    while (!next.empty()) {
        auto page = api.get(next);
        ASSERT_EQ(page.status, 200) << page.body;
        const auto b = page.json();
        for (const auto& it : b.at("_embedded").at("items").as_array()) {
            prices.push_back(it.at("price").at("value").to_number<double>());
            EXPECT_TRUE(ids.insert(str(it.at("id"))).second);
        }
        const auto* n = b.at("_links").as_object().if_contains("next");
        next = n ? path_of(str(n->at("href"))) : "";
        if (second_cursor.empty() && !next.empty())
            second_cursor = next.substr(next.find("cursor=") + 7);
    }
    EXPECT_EQ(ids.size(), items.size());
    EXPECT_TRUE(std::is_sorted(prices.rbegin(), prices.rend()));

    // The cursor belongs to its order_by; altered, or with another order, it is refused.
    EXPECT_EQ(api.get(items_path + "?limit=1&order_by=price:desc&cursor=" + second_cursor).status,
              200);
    auto other_order = api.get(items_path + "?limit=1&order_by=name:asc&cursor=" + second_cursor);
    EXPECT_EQ(other_order.status, 400);
    EXPECT_EQ(code_of(other_order), "invalid_cursor");
    std::string altered = second_cursor;
    altered[2] = altered[2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(api.get(items_path + "?limit=1&order_by=price:desc&cursor=" + altered).status, 400);
    auto bad_order = api.get(items_path + "?order_by=colour:asc");
    EXPECT_EQ(bad_order.status, 400);
    EXPECT_EQ(field_names(bad_order), std::vector<std::string>{"order_by"});
    EXPECT_EQ(field_names(api.get(items_path + "?limit=0")), std::vector<std::string>{"limit"});
    EXPECT_EQ(field_names(api.get(items_path + "?limit=101")), std::vector<std::string>{"limit"});
}

TEST_F(ErcApi, UnknownOrForeignIdsAre404AndSearchNeedsOneField) {
    auto [order_id, order] = order_with_deliveries();
    ASSERT_FALSE(order_id.empty());
    const auto customer_id = c.id + ":" + std::string(order.at("customer_id").as_string());
    const auto order_ref = c.id + ":" + order_id;
    EXPECT_EQ(api.get("/erc/ecommerce/customers/nosuch").status, 404);
    EXPECT_EQ(api.get("/erc/ecommerce/customers/" + c.id + ":1").status, 404);
    EXPECT_EQ(api.get("/erc/ecommerce/customers/" + customer_id + "/orders/" + c.id + ":1").status,
              404);
    // An order of another customer is not found under this one.
    std::string stranger;
    read_db([&](sql::Session& s) {
        for (const auto& row :
             s.exec("SELECT external_id FROM records WHERE integration_id = $1 AND type ="
                    " 'COMMERCE_CUSTOMER' AND external_id <> $2 LIMIT 1",
                    {c.id, std::string(order.at("customer_id").as_string())})
                 .rows)
            stranger = c.id + ":" + row.text(0);
        return 0;
    });
    ASSERT_FALSE(stranger.empty());
    EXPECT_EQ(api.get("/erc/ecommerce/customers/" + stranger + "/orders/" + order_ref).status, 404);
    EXPECT_EQ(
        api.get("/erc/ecommerce/customers/" + stranger + "/orders/" + order_ref + "/items").status,
        404);

    auto none = api.get("/erc/ecommerce/customers");
    EXPECT_EQ(none.status, 400);
    EXPECT_EQ(field_names(none), std::vector<std::string>{"email"});
    EXPECT_EQ(api.get("/erc/ecommerce/customers?email=a@b.c&phone=1").status, 400);
    EXPECT_EQ(
        api.get("/erc/ecommerce/customers?email=nobody@nowhere.test").json().at("count").as_int64(),
        0);

    // Another account sees none of it.
    auto& auth = hub.app().auth();
    auth.create_account("rival");
    auto client = auth.create_client("rival", {"erc-ecommerce-connections-orders:read",
                                               "erc-ecommerce-connections-customers:read",
                                               "erc-ecommerce-connections-carts:read"});
    Api rival(hub.port(),
              auth.issue_token(client.client_id, client.client_secret, {}).access_token);
    EXPECT_EQ(rival.get("/erc/ecommerce/customers/" + customer_id).status, 404);
    EXPECT_EQ(
        rival.get("/erc/ecommerce/customers/" + customer_id + "/orders/" + order_ref + "/items")
            .status,
        404);
}

// `name` matches a case-insensitive prefix of the first, last or full name, character for
// character: `%` and `_` are no wildcards. The customers come in as the store's signed
// customers/create webhooks, with names no generated customer has.
TEST_F(ErcApi, NameSearchMatchesPrefixesOfFirstLastAndFullNameLiterally) {
    const auto customer = [&](const std::string& id, const std::string& first,
                              const std::string& last) {
        const std::string body =
            json::serialize(json::object{{"id", std::stoll(id)},
                                         {"first_name", first},
                                         {"last_name", last},
                                         {"email", "c" + id + "@example.test"},
                                         {"created_at", "2024-05-01T10:00:00Z"},
                                         {"updated_at", "2024-05-01T10:00:00Z"}});
        auto r =
            send(hub.port(), {"POST",
                              "/webhooks/shopify",
                              {{"Content-Type", "application/json"},
                               {"X-Shopify-Topic", "customers/create"},
                               {"X-Shopify-Shop-Domain", "acme.myshopify.com"},
                               {"X-Shopify-Webhook-Id", "name-search-" + id},
                               {"X-Shopify-Hmac-Sha256",
                                crypto::base64_encode(crypto::hmac_sha256("app-secret", body))}},
                              body});
        ASSERT_EQ(r.status, 200) << r.body;
    };
    customer("990001", "Adalbertina", "Quixlovelace");
    customer("990002", "50%", "Offer");
    customer("990003", "500", "Club");
    customer("990004", "Jo_Ann", "Underscore");
    customer("990005", "JoXAnn", "Wildcard");
    for (const char* id : {"990001", "990002", "990003", "990004", "990005"}) {
        ASSERT_TRUE(eventually([&] { return !record_data(c.id, "COMMERCE_CUSTOMER", id).empty(); }))
            << id;
    }
    // The platform ids the search finds, over every page.
    const auto found = [&](const std::string& query) {
        std::set<std::string> ids;
        std::string next = "/erc/ecommerce/customers?limit=1&name=" + url_encode(query);
        while (!next.empty()) {
            auto r = api.get(next);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200)
                break;
            const auto body = r.json();
            for (const auto& item : body.at("_embedded").at("items").as_array())
                ids.insert(str(item.at("custom_fields").at("external_id")));
            const auto& links = body.at("_links").as_object();
            next = links.contains("next") ? path_of(str(links.at("next").at("href"))) : "";
        }
        return ids;
    };
    using Ids = std::set<std::string>;
    EXPECT_EQ(found("adalb"), Ids{"990001"});                     // first name
    EXPECT_EQ(found("QUIXLOV"), Ids{"990001"});                   // last name, other case
    EXPECT_EQ(found("Adalbertina Quix"), Ids{"990001"});          // full name
    EXPECT_EQ(found("aDaLbErTiNa qUiXlOvElAcE"), Ids{"990001"});  // all of it, any case
    EXPECT_EQ(found("lovelace"), Ids{});                          // not a prefix
    EXPECT_EQ(found("50%"), Ids{"990002"});                       // `%` is a `%`
    EXPECT_EQ(found("50"), (Ids{"990002", "990003"}));            // two, over two pages
    EXPECT_EQ(found("jo_"), Ids{"990004"});                       // `_` is a `_`
    EXPECT_EQ(found("%"), Ids{});
    // email and phone stay exact matches.
    EXPECT_EQ(
        api.get("/erc/ecommerce/customers?email=c990001@example").json().at("count").as_int64(), 0);
    EXPECT_EQ(api.get("/erc/ecommerce/customers?email=C990001@example.test")
                  .json()
                  .at("count")
                  .as_int64(),
              1);
}

TEST_F(ErcApi, ACustomersCartsAndOneCart) {
    // A cart that names a customer.
    std::string cart_id, customer_ext;
    read_db([&](sql::Session& s) {
        for (const auto& row :
             s.exec("SELECT external_id, data FROM records WHERE integration_id = $1 AND type ="
                    " 'COMMERCE_CART' ORDER BY external_id",
                    {c.id})
                 .rows) {
            auto d = json::parse(row.text(1));
            if (d.at("customer_id").is_string()) {
                cart_id = row.text(0);
                customer_ext = str(d.at("customer_id"));
                return 0;
            }
        }
        return 0;
    });
    ASSERT_FALSE(cart_id.empty());
    const auto customer_id = c.id + ":" + customer_ext;
    auto carts = api.get("/erc/ecommerce/customers/" + customer_id + "/carts?limit=100");
    ASSERT_EQ(carts.status, 200) << carts.body;
    bool listed = false;
    const auto carts_body = carts.json();
    for (const auto& cart : carts_body.at("_embedded").at("items").as_array()) {
        listed = listed || str(cart.at("id")) == c.id + ":" + cart_id;
        EXPECT_EQ(str(cart.at("customer_id")), customer_id);
    }
    EXPECT_TRUE(listed);
    auto one = api.get("/erc/ecommerce/carts/" + c.id + ":" + cart_id);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_FALSE(one.json().at("items").as_array().empty());
    EXPECT_EQ(api.get("/erc/ecommerce/carts/" + c.id + ":0").status, 404);
}

}  // namespace sb::test
