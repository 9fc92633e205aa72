#include "fixture.hpp"

namespace sb::emulators::woocommerce::testing {
namespace {

namespace json = boost::json;

bool is_money(const json::value& v) {
    if (!v.is_string())
        return false;
    const std::string s(v.as_string());
    const auto dot = s.find('.');
    return dot != std::string::npos && s.size() - dot == 3;
}

// "2024-01-01T10:00:00": no offset, no fraction.
bool is_wc_date(const json::value& v) {
    return v.is_string() && v.as_string().size() == 19 && v.as_string()[10] == 'T';
}

TEST(WooCommerceOrders, ShapesAndPaginationHeaders) {
    auto e = start_emulator();
    auto r = api_get(*e, "/orders?per_page=25&page=2");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("X-WP-Total"), "60");
    EXPECT_EQ(r.header("X-WP-TotalPages"), "3");
    const std::string link = r.header("Link");
    const std::string base = e->site_url() + "/wp-json/wc/v3/orders?";
    EXPECT_NE(link.find("<" + base + "per_page=25&page=1>; rel=\"prev\""), std::string::npos)
        << link;
    EXPECT_NE(link.find("<" + base + "per_page=25&page=3>; rel=\"next\""), std::string::npos)
        << link;
    const auto orders = r.json().as_array();
    ASSERT_EQ(orders.size(), 25u);
    // Newest first by default.
    EXPECT_GT(orders[0].at("date_created_gmt").as_string(),
              orders[1].at("date_created_gmt").as_string());
    const auto& o = orders[0].as_object();
    EXPECT_TRUE(o.at("id").is_int64());
    EXPECT_EQ(o.at("number"), json::value(std::to_string(o.at("id").as_int64())));
    EXPECT_TRUE(is_money(o.at("total")));
    EXPECT_TRUE(is_money(o.at("shipping_total")));
    for (const char* d : {"date_created", "date_created_gmt", "date_modified", "date_modified_gmt"})
        EXPECT_TRUE(is_wc_date(o.at(d))) << d;
    // The site is two hours ahead of UTC.
    EXPECT_NE(o.at("date_created"), o.at("date_created_gmt"));
    const auto& item = o.at("line_items").as_array().at(0).as_object();
    EXPECT_TRUE(item.at("product_id").is_int64());
    EXPECT_TRUE(is_money(item.at("total")));
    EXPECT_TRUE(item.at("price").is_number());
    EXPECT_TRUE(is_money(o.at("shipping_lines").as_array().at(0).at("total")));
    EXPECT_TRUE(o.at("billing").at("email").is_string());
    EXPECT_TRUE(o.at("_links").at("self").is_array());

    // The last page has prev only.
    auto last = api_get(*e, "/orders?per_page=25&page=3");
    EXPECT_EQ(last.json().as_array().size(), 10u);
    EXPECT_EQ(last.header("Link").find("rel=\"next\""), std::string::npos);
    EXPECT_NE(last.header("Link").find("rel=\"prev\""), std::string::npos);
    // The default page size is 10.
    EXPECT_EQ(api_get(*e, "/orders").json().as_array().size(), 10u);

    auto one = api_get(*e, "/orders/1003");
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.json().at("id"), 1003);
    auto missing = api_get(*e, "/orders/99");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.json().at("code"), "woocommerce_rest_shop_order_invalid_id");
    EXPECT_EQ(missing.json().at("data").at("status"), 404);
}

TEST(WooCommerceOrders, PerPageOver100IsRefused) {
    auto e = start_emulator();
    auto r = api_get(*e, "/orders?per_page=101");
    ASSERT_EQ(r.status, 400);
    const auto j = r.json();
    EXPECT_EQ(j.at("code"), "rest_invalid_param");
    EXPECT_EQ(j.at("data").at("status"), 400);
    EXPECT_TRUE(j.at("data").at("params").as_object().contains("per_page"));
    EXPECT_EQ(api_get(*e, "/orders?per_page=100").status, 200);
    EXPECT_EQ(api_get(*e, "/products?per_page=0").status, 400);
    EXPECT_EQ(api_get(*e, "/orders?status=shipped").status, 400);
    EXPECT_EQ(api_get(*e, "/orders?modified_after=yesterday").status, 400);
}

TEST(WooCommerceOrders, ModifiedAfterAndStatusFilters) {
    auto e = start_emulator();
    auto all = api_get(*e, "/orders?per_page=100&orderby=id&order=asc").json().as_array();
    ASSERT_EQ(all.size(), 60u);
    // The 40th order's modification time, in GMT: strictly later ones only.
    const std::string pivot(all[40].at("date_modified_gmt").as_string());
    std::size_t later = 0;
    for (const auto& o : all)
        later += std::string(o.at("date_modified_gmt").as_string()) > pivot ? 1 : 0;
    auto gmt = api_get(*e, "/orders?per_page=100&dates_are_gmt=true&modified_after=" + pivot);
    ASSERT_EQ(gmt.status, 200) << gmt.body;
    EXPECT_EQ(gmt.json().as_array().size(), later);
    EXPECT_EQ(gmt.header("X-WP-Total"), std::to_string(later));
    const json::value gmt_list = gmt.json();
    for (const auto& o : gmt_list.as_array())
        EXPECT_GT(std::string(o.at("date_modified_gmt").as_string()), pivot);
    // Without dates_are_gmt the same text is site-local time: two hours earlier in UTC, so
    // more orders match.
    auto local = api_get(*e, "/orders?per_page=100&modified_after=" + pivot);
    EXPECT_GT(local.json().as_array().size(), later);
    // With an explicit offset the text is an instant.
    auto zulu = api_get(*e, "/orders?per_page=100&modified_after=" + pivot + "Z");
    EXPECT_EQ(zulu.json().as_array().size(), later);
    // modified_before is the complement (minus the pivot itself).
    auto before = api_get(*e, "/orders?per_page=100&dates_are_gmt=1&modified_before=" + pivot);
    std::size_t earlier = 0;
    for (const auto& o : all)
        earlier += std::string(o.at("date_modified_gmt").as_string()) < pivot ? 1 : 0;
    EXPECT_EQ(before.json().as_array().size(), earlier);

    auto done = api_get(*e, "/orders?per_page=100&status=completed,cancelled");
    ASSERT_EQ(done.status, 200);
    ASSERT_FALSE(done.json().as_array().empty());
    const json::value done_list = done.json();
    for (const auto& o : done_list.as_array())
        EXPECT_TRUE(o.at("status") == "completed" || o.at("status") == "cancelled");

    // An order changed now is the only one modified after the newest generated change.
    const std::string newest = [&] {
        std::string m;
        for (const auto& o : all)
            m = std::max(m, std::string(o.at("date_modified_gmt").as_string()));
        return m;
    }();
    ASSERT_EQ(api(*e, "PUT", "/orders/1007", R"({"status":"completed"})").status, 200);
    auto changed = api_get(*e, "/orders?dates_are_gmt=true&modified_after=" + newest);
    ASSERT_EQ(changed.json().as_array().size(), 1u);
    EXPECT_EQ(changed.json().as_array()[0].at("id"), 1007);
    EXPECT_EQ(changed.json().as_array()[0].at("status"), "completed");
}

TEST(WooCommerceOrders, StatusPutAndNotes) {
    auto e = start_emulator();
    auto bad = api(*e, "PUT", "/orders/1001", R"({"status":"shipped"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json().at("code"), "rest_invalid_param");
    auto put = api(*e, "PUT", "/orders/1001", R"({"status":"cancelled"})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.json().at("status"), "cancelled");
    EXPECT_EQ(api_get(*e, "/orders/1001").json().at("status"), "cancelled");
    EXPECT_EQ(api(*e, "PUT", "/orders/5", R"({"status":"cancelled"})").status, 404);

    auto note = api(*e, "POST", "/orders/1001/notes", R"({"note":"Shipped with DHL 123"})");
    ASSERT_EQ(note.status, 201) << note.body;
    EXPECT_EQ(note.json().at("note"), "Shipped with DHL 123");
    EXPECT_EQ(note.json().at("customer_note"), false);
    auto notes = api_get(*e, "/orders/1001/notes").json().as_array();
    ASSERT_EQ(notes.size(), 2u);  // the status change's, then ours, newest first
    EXPECT_EQ(notes[0].at("note"), "Shipped with DHL 123");
    EXPECT_EQ(api(*e, "POST", "/orders/1001/notes", "{}").status, 400);
}

TEST(WooCommerceProducts, VariationsAndStockPut) {
    auto e = start_emulator();
    auto variable = api_get(*e, "/products?type=variable&per_page=100");
    ASSERT_EQ(variable.status, 200);
    ASSERT_FALSE(variable.json().as_array().empty());
    const auto p = variable.json().as_array()[0].as_object();
    EXPECT_EQ(p.at("type"), "variable");
    const std::string pid = std::to_string(p.at("id").as_int64());
    const auto ids = p.at("variations").as_array();
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(p.at("attributes").as_array()[0].at("variation"), true);

    auto vars = api_get(*e, "/products/" + pid + "/variations");
    ASSERT_EQ(vars.status, 200);
    EXPECT_EQ(vars.header("X-WP-Total"), "3");
    const auto v = vars.json().as_array()[0].as_object();
    EXPECT_EQ(v.at("id"), ids[0]);
    EXPECT_TRUE(is_money(v.at("price")));
    EXPECT_EQ(v.at("attributes").as_array()[0].at("name"), "Size");
    const std::string vid = std::to_string(v.at("id").as_int64());

    auto put = api(*e, "PUT", "/products/" + pid + "/variations/" + vid,
                   R"({"manage_stock":true,"stock_quantity":"17"})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.json().at("stock_quantity"), 17);
    auto again = api_get(*e, "/products/" + pid + "/variations/" + vid).json();
    EXPECT_EQ(again.at("stock_quantity"), 17);
    EXPECT_EQ(again.at("manage_stock"), true);
    auto zero =
        api(*e, "PUT", "/products/" + pid + "/variations/" + vid, R"({"stock_quantity":0})");
    EXPECT_EQ(zero.json().at("stock_status"), "outofstock");
    EXPECT_EQ(api(*e, "PUT", "/products/" + pid + "/variations/9999", R"({"stock_quantity":1})")
                  .json()
                  .at("code"),
              "woocommerce_rest_product_variation_invalid_id");

    auto simple = api_get(*e, "/products?type=simple&per_page=1").json().as_array()[0];
    const std::string sid = std::to_string(simple.at("id").as_int64());
    auto sput = api(*e, "PUT", "/products/" + sid, R"({"manage_stock":true,"stock_quantity":42})");
    ASSERT_EQ(sput.status, 200);
    EXPECT_EQ(api_get(*e, "/products/" + sid).json().at("stock_quantity"), 42);
    EXPECT_EQ(api(*e, "PUT", "/products/" + sid, R"({"stock_quantity":"many"})").status, 400);
    EXPECT_EQ(api_get(*e, "/products/3").json().at("code"), "woocommerce_rest_product_invalid_id");
}

TEST(WooCommerceCustomers, ListWithoutModifiedFilter) {
    auto e = start_emulator();
    auto all = api_get(*e, "/customers?per_page=100");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.header("X-WP-Total"), "30");
    // Customers take no modified filter: it is ignored, as WordPress ignores unknown parameters.
    auto filtered = api_get(*e, "/customers?per_page=100&modified_after=2100-01-01T00:00:00");
    EXPECT_EQ(filtered.header("X-WP-Total"), "30");
    auto by_id = api_get(*e, "/customers?orderby=id&order=asc&per_page=3").json().as_array();
    ASSERT_EQ(by_id.size(), 3u);
    EXPECT_LT(by_id[0].at("id").as_int64(), by_id[1].at("id").as_int64());
    EXPECT_TRUE(is_wc_date(by_id[0].at("date_modified_gmt")));
    EXPECT_EQ(by_id[0].at("role"), "customer");
    auto one = api_get(*e, "/customers/" + std::to_string(by_id[0].at("id").as_int64()));
    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(api_get(*e, "/customers/9999").json().at("code"), "woocommerce_rest_invalid_id");
}

TEST(WooCommerceSeed, SameSeedSameStore) {
    EmulatorOptions o;
    o.seed = 7;
    auto a = start_emulator(o);
    auto b = start_emulator(o);
    auto body = [](const Emulator& e) {
        auto j = api_get(e, "/orders?per_page=5").json();
        for (auto& x : j.as_array())
            x.as_object().erase("_links");  // the port differs
        for (auto& x : j.as_array())
            x.as_object().erase("payment_url");
        return json::serialize(j);
    };
    EXPECT_EQ(body(*a), body(*b));
}

}  // namespace
}  // namespace sb::emulators::woocommerce::testing
