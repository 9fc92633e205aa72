#include <set>

#include "fixture.hpp"

namespace sb::emulators::bigcommerce::testing {
namespace {

namespace json = boost::json;

bool is_money4(const json::value& v) {
    if (!v.is_string())
        return false;
    const std::string s(v.as_string());
    const auto dot = s.find('.');
    return dot != std::string::npos && s.size() - dot - 1 == 4;
}

// "Wed, 10 Jan 2018 21:05:30 +0000".
bool is_rfc2822(const json::value& v) {
    if (!v.is_string())
        return false;
    const std::string s(v.as_string());
    return s.size() == 31 && s[3] == ',' && s.substr(25) == " +0000" && s[19] == ':';
}

TEST(BigCommerceV2, OrderShapes) {
    auto e = start_emulator();
    auto r = api_get(*e, "/v2/orders?limit=5");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto orders = r.json().as_array();
    ASSERT_EQ(orders.size(), 5u);
    const auto& o = orders[0].as_object();
    EXPECT_EQ(o.at("id"), 100);
    EXPECT_TRUE(is_money4(o.at("total_inc_tax"))) << o.at("total_inc_tax");
    EXPECT_TRUE(is_money4(o.at("subtotal_ex_tax")));
    EXPECT_TRUE(is_rfc2822(o.at("date_created"))) << o.at("date_created");
    EXPECT_TRUE(is_rfc2822(o.at("date_modified")));
    EXPECT_EQ(o.at("products").at("resource"), "/orders/100/products");
    const std::string url(o.at("products").at("url").as_string());
    EXPECT_NE(url.find("/stores/" + e->options().store_hash + "/v2/orders/100/products"),
              std::string::npos);
    EXPECT_EQ(o.at("status"), "Incomplete");

    auto lines = api_get(*e, "/v2/orders/100/products");
    ASSERT_EQ(lines.status, 200);
    const auto line = lines.json().as_array().at(0).as_object();
    EXPECT_TRUE(is_money4(line.at("base_price")));
    EXPECT_GT(line.at("variant_id").as_int64(), 0);

    auto addrs = api_get(*e, "/v2/orders/100/shipping_addresses");
    ASSERT_EQ(addrs.status, 200);
    EXPECT_EQ(addrs.json().as_array().at(0).at("order_id"), 100);

    auto count = api_get(*e, "/v2/orders/count");
    ASSERT_EQ(count.status, 200);
    EXPECT_EQ(count.json().at("count"), 60);
    std::set<std::int64_t> statuses;
    const auto counts = count.json();
    for (const auto& s : counts.at("statuses").as_array()) {
        if (s.at("count").as_int64() > 0)
            statuses.insert(s.at("id").as_int64());
    }
    EXPECT_EQ(statuses.size(), 15u);  // every status 0–14 is represented

    auto store = api_get(*e, "/v2/store");
    ASSERT_EQ(store.status, 200);
    EXPECT_EQ(store.json().at("id"), json::value(e->options().store_hash));
    EXPECT_EQ(api_get(*e, "/v2/time").json().at("time").is_int64(), true);
    EXPECT_EQ(api_get(*e, "/v2/orders/99999").status, 404);
    EXPECT_EQ(api_get(*e, "/v2/orders/99999").json().at(0).at("status"), 404);
}

TEST(BigCommerceV2, PagingEmptyPageAndLimit) {
    auto e = start_emulator();
    auto last = api_get(*e, "/v2/orders?limit=50&page=2");
    ASSERT_EQ(last.status, 200);
    EXPECT_EQ(last.json().as_array().size(), 10u);
    auto empty = api_get(*e, "/v2/orders?limit=50&page=3");
    EXPECT_EQ(empty.status, 204);
    EXPECT_TRUE(empty.body.empty());
    auto big = api_get(*e, "/v2/orders?limit=251");
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(big.json().at(0).at("status"), 413);
    EXPECT_EQ(api_get(*e, "/v2/orders?limit=250").status, 200);
    auto desc = api_get(*e, "/v2/orders?sort=id:desc&limit=1");
    EXPECT_EQ(desc.json().at(0).at("id"), 159);
    EXPECT_EQ(api_get(*e, "/v2/orders?sort=bogus:asc").status, 400);
}

TEST(BigCommerceV2, FiltersOnStatusAndDateModified) {
    auto e = start_emulator();
    auto shipped = api_get(*e, "/v2/orders?status_id=2&limit=250");
    ASSERT_EQ(shipped.status, 200);
    const auto shipped_orders = shipped.json();
    for (const auto& o : shipped_orders.as_array())
        EXPECT_EQ(o.at("status_id"), 2);

    // Touch order 105: only it is modified after the moment before the touch.
    auto all = api_get(*e, "/v2/orders?sort=date_modified:desc&limit=1");
    const std::string newest(all.json().at(0).at("date_modified").as_string());
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/orders/105", "{}").status, 200);
    // RFC 2822 and ISO 8601 both work; the '+' is percent-encoded as a client must.
    auto after = api_get(
        *e, "/v2/orders?min_date_modified=" + [&] {
            std::string s = newest;
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (s[i] == ' ')
                    s.replace(i, 1, "%20");
                else if (s[i] == '+')
                    s.replace(i, 1, "%2B");
                else if (s[i] == ',')
                    s.replace(i, 1, "%2C");
            }
            return s;
        }());
    ASSERT_EQ(after.status, 200) << after.body;
    std::set<std::int64_t> ids;
    const auto after_orders = after.json();
    for (const auto& o : after_orders.as_array())
        ids.insert(o.at("id").as_int64());
    EXPECT_TRUE(ids.count(105));
    auto before = api_get(*e, "/v2/orders?max_date_modified=2023-12-31T00:00:00Z");
    EXPECT_EQ(before.status, 204);
    auto window = api_get(*e,
                          "/v2/orders?min_date_created=2024-01-01T00:00:00Z&max_date_created="
                          "2024-01-01T02:59:59Z");
    ASSERT_EQ(window.status, 200);
    EXPECT_EQ(window.json().as_array().size(), 3u);  // orders are created an hour apart
    EXPECT_EQ(api_get(*e, "/v2/orders?min_date_modified=yesterday").status, 400);
}

TEST(BigCommerceV2, StatusUpdateAndShipments) {
    auto e = start_emulator();
    // Order 111 is Awaiting Fulfillment (status 11) with nothing shipped.
    auto none = api_get(*e, "/v2/orders/111/shipments");
    EXPECT_EQ(none.status, 204);
    auto order = api_get(*e, "/v2/orders/111").json();
    EXPECT_EQ(order.at("status_id"), 11);
    const auto lines = api_get(*e, "/v2/orders/111/products").json().as_array();
    const auto address = api_get(*e, "/v2/orders/111/shipping_addresses").json().at(0);

    // Invalid: an order product of another address, too many items, no items.
    const std::string addr = std::to_string(address.at("id").as_int64());
    const std::string first = std::to_string(lines[0].at("id").as_int64());
    EXPECT_EQ(api(*e, "POST", "/v2/orders/111/shipments",
                  R"({"order_address_id":)" + addr + R"(,"items":[]})")
                  .status,
              400);
    EXPECT_EQ(api(*e, "POST", "/v2/orders/111/shipments",
                  R"({"order_address_id":)" + addr + R"(,"items":[{"order_product_id":)" + first +
                      R"(,"quantity":99}]})")
                  .status,
              400);
    EXPECT_EQ(api(*e, "POST", "/v2/orders/111/shipments",
                  R"({"order_address_id":1,"items":[{"order_product_id":)" + first +
                      R"(,"quantity":1}]})")
                  .status,
              400);

    // Ship one unit of the first line: Partially Shipped unless that was everything.
    auto created = api(*e, "POST", "/v2/orders/111/shipments",
                       R"({"order_address_id":)" + addr + R"(,"tracking_number":"EJ1US",)" +
                           R"("shipping_provider":"usps","items":[{"order_product_id":)" + first +
                           R"(,"quantity":1}]})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json().at("tracking_number"), "EJ1US");
    auto after = api_get(*e, "/v2/orders/111").json();
    EXPECT_EQ(after.at("items_shipped"), 1);
    const bool all = after.at("items_total").as_int64() == 1;
    EXPECT_EQ(after.at("status_id"), all ? 2 : 3);
    EXPECT_EQ(api_get(*e, "/v2/orders/111/products").json().at(0).at("quantity_shipped"), 1);
    EXPECT_EQ(api_get(*e, "/v2/orders/111/shipments").json().as_array().size(), 1u);

    auto put = api(*e, "PUT", "/v2/orders/111", R"({"status_id":10})");
    ASSERT_EQ(put.status, 200);
    EXPECT_EQ(put.json().at("status"), "Completed");
    EXPECT_EQ(api(*e, "PUT", "/v2/orders/111", R"({"status_id":42})").status, 400);
}

}  // namespace
}  // namespace sb::emulators::bigcommerce::testing
