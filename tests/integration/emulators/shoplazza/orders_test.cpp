#include <set>

#include "core/time.hpp"
#include "fixture.hpp"

namespace sb::emulators::shoplazza::testing {
namespace {

namespace json = boost::json;

// Walks /orders with `extra` query and limit, by next_token or by page; returns every id.
std::vector<std::string> walk(const Emulator& e, int limit, bool by_token,
                              const std::string& extra = {}) {
    std::vector<std::string> ids;
    std::string token;
    for (int page = 1; page < 10'000; ++page) {
        std::string target = "/openapi/2022-01/orders?limit=" + std::to_string(limit) + extra;
        target += by_token ? (token.empty() ? "" : "&next_token=" + token)
                           : "&page=" + std::to_string(page);
        auto r = api_get(e, target);
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200)
            break;
        const json::value body = r.json();
        const auto& orders = body.at("orders").as_array();
        for (const auto& o : orders)
            ids.emplace_back(o.at("id").as_string());
        token = std::string(body.at("next_token").as_string());
        if (by_token ? token.empty() : static_cast<int>(orders.size()) < limit)
            break;
    }
    return ids;
}

std::int64_t stats_orders(const Emulator& e) {
    return test::get(e.port(), "/_emulator/stats").json().at("records").at("orders").as_int64();
}

TEST(ShoplazzaOrders, PagingWalksEveryOrderExactlyOnce) {
    EmulatorOptions o;
    o.orders = 1203;
    o.bucket_size = 1000;
    auto e = start_emulator(o);
    const std::int64_t total = stats_orders(*e);
    ASSERT_EQ(total, 1203);
    for (const auto& [limit, by_token] : {std::pair{250, true}, {250, false}, {7, true}}) {
        const auto ids = walk(*e, limit, by_token);
        EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total) << limit << by_token;
        EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    }
    const json::value first = api_get(*e, "/openapi/2022-01/orders").json();
    EXPECT_EQ(first.at("count").as_int64(), total);
    EXPECT_EQ(first.at("orders").as_array().size(), 10u);  // default limit
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders/count").json().at("count").as_int64(), total);
}

TEST(ShoplazzaOrders, LimitAbove250IsRefused) {
    auto e = start_emulator();
    for (const char* l : {"251", "0", "abc"}) {
        auto r = api_get(*e, std::string("/openapi/2022-01/orders?limit=") + l);
        EXPECT_EQ(r.status, 400) << l;
        EXPECT_TRUE(r.json().at("errors").is_array());
    }
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders?limit=250").status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders?next_token=garbage").status, 400);
}

TEST(ShoplazzaOrders, UpdatedAtMinFindsEditsAndNewOrders) {
    auto e = start_emulator();
    const std::string since = format_time(now_ms() - 1000);
    const json::value page = api_get(*e, "/openapi/2022-01/orders?limit=3").json();
    const std::string id(page.at("orders").as_array().at(2).at("id").as_string());
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/orders/" + id, R"({"note":"call first"})").status, 200);
    auto created = admin(*e, "POST", "/_emulator/orders", R"({"email":"new@example.com"})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string new_id(created.json().at("order").at("id").as_string());

    const auto changed = walk(*e, 50, true, "&updated_at_min=" + since);
    EXPECT_EQ(std::set<std::string>(changed.begin(), changed.end()),
              (std::set<std::string>{id, new_id}));
    auto one = api_get(*e, "/openapi/2022-01/orders/" + id).json();
    EXPECT_EQ(one.at("order").at("note"), "call first");
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders?updated_at_min=yesterday").status, 400);
}

TEST(ShoplazzaOrders, StatusFiltersUseShoplazzaEnums) {
    auto e = start_emulator();
    std::int64_t sum = 0;
    for (const char* s : {"opened", "placed", "finished", "cancelled"}) {
        const json::value r =
            api_get(*e, std::string("/openapi/2022-01/orders?limit=250&status=") + s).json();
        for (const auto& o : r.at("orders").as_array())
            EXPECT_EQ(o.at("status"), s);
        EXPECT_GT(r.at("count").as_int64(), 0) << s;
        sum += r.at("count").as_int64();
    }
    EXPECT_EQ(sum, stats_orders(*e));
    const json::value paid =
        api_get(*e, "/openapi/2022-01/orders?limit=250&financial_status=paid").json();
    for (const auto& o : paid.at("orders").as_array())
        EXPECT_EQ(o.at("financial_status"), "paid");
    const json::value shipped =
        api_get(*e, "/openapi/2022-01/orders?limit=250&fulfillment_status=shipped").json();
    ASSERT_FALSE(shipped.at("orders").as_array().empty());
    for (const auto& o : shipped.at("orders").as_array()) {
        EXPECT_EQ(o.at("fulfillment_status"), "shipped");
        const auto& f = o.at("fulfillments").as_array();
        ASSERT_FALSE(f.empty());
        EXPECT_FALSE(f.at(0).at("tracking_number").as_string().empty());
        EXPECT_FALSE(f.at(0).at("tracking_url").as_string().empty());
        EXPECT_FALSE(f.at(0).at("tracking_company").as_string().empty());
    }
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders?status=open").status, 400);
}

TEST(ShoplazzaOrders, OrderCarriesLineItemsCustomerAndAddresses) {
    EmulatorOptions o;
    o.bucket_size = 1000;
    auto e = start_emulator(o);
    const json::value page = api_get(*e, "/openapi/2022-01/orders?limit=20").json();
    bool with_customer = false;
    for (const auto& o : page.at("orders").as_array()) {
        const auto& lines = o.at("line_items").as_array();
        ASSERT_FALSE(lines.empty());
        for (const char* f : {"id", "product_id", "variant_id", "sku", "price", "product_title"})
            EXPECT_TRUE(lines.at(0).at(f).is_string()) << f;
        EXPECT_TRUE(lines.at(0).at("quantity").is_int64());
        EXPECT_TRUE(o.at("shipping_address").at("country_code").is_string());
        if (o.at("customer_id").is_string()) {
            with_customer = true;
            const std::string cid(o.at("customer_id").as_string());
            auto c = api_get(*e, "/openapi/2022-01/customers/" + cid);
            EXPECT_EQ(c.status, 200);
            const std::string pid(lines.at(0).at("product_id").as_string());
            const json::value product = api_get(*e, "/openapi/2022-01/products/" + pid).json();
            bool found = false;
            for (const auto& v : product.at("product").at("variants").as_array())
                found = found || v.at("id") == lines.at(0).at("variant_id");
            EXPECT_TRUE(found);
        }
    }
    EXPECT_TRUE(with_customer);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders/nope").status, 404);
}

TEST(ShoplazzaOrders, SameSeedSameFirstPage) {
    EmulatorOptions o;
    o.seed = 42;
    auto a = start_emulator(o);
    auto b = start_emulator(o);
    o.seed = 43;
    auto c = start_emulator(o);
    const auto pa = api_get(*a, "/openapi/2022-01/orders?limit=50").body;
    EXPECT_EQ(pa, api_get(*b, "/openapi/2022-01/orders?limit=50").body);
    EXPECT_NE(pa, api_get(*c, "/openapi/2022-01/orders?limit=50").body);
}

}  // namespace
}  // namespace sb::emulators::shoplazza::testing
