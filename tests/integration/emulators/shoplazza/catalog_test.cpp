#include <set>

#include "core/time.hpp"
#include "fixture.hpp"

namespace sb::emulators::shoplazza::testing {
namespace {

namespace json = boost::json;

TEST(ShoplazzaCatalog, ProductsPageByCursorWithVariants) {
    EmulatorOptions o;
    o.products = 57;
    auto e = start_emulator(o);
    std::set<std::string> ids;
    std::string cursor, second_page_pre;
    int pages = 0;
    do {
        auto r = api_get(*e, "/openapi/2022-01/products?per_page=10" +
                                 (cursor.empty() ? "" : "&cursor=" + cursor));
        ASSERT_EQ(r.status, 200) << r.body;
        const json::value body = r.json();
        for (const auto& p : body.at("products").as_array()) {
            ids.insert(std::string(p.at("id").as_string()));
            const auto& variants = p.at("variants").as_array();
            ASSERT_FALSE(variants.empty());
            std::int64_t sum = 0;
            for (const auto& v : variants) {
                EXPECT_TRUE(v.at("id").is_string());
                EXPECT_TRUE(v.at("sku").is_string());
                EXPECT_TRUE(v.at("price").is_string());
                sum += v.at("inventory_quantity").as_int64();
            }
            EXPECT_EQ(p.at("inventory_quantity").as_int64(), sum);
        }
        if (++pages == 2)
            second_page_pre = std::string(body.at("pre_cursor").as_string());
        cursor = std::string(body.at("cursor").as_string());
    } while (!cursor.empty() && pages < 100);
    EXPECT_EQ(ids.size(), 57u);
    EXPECT_EQ(pages, 6);
    // pre_cursor of page 2 leads back to page 1.
    const json::value first = api_get(*e, "/openapi/2022-01/products?per_page=10").json();
    const json::value back =
        api_get(*e, "/openapi/2022-01/products?per_page=10&pre_cursor=" + second_page_pre).json();
    EXPECT_EQ(back.at("products"), first.at("products"));
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/products/count").json().at("count").as_int64(), 57);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/products?cursor=%21%21").status, 400);
}

TEST(ShoplazzaCatalog, ProductEditsShowUpInUpdatedAtMinAndStock) {
    auto e = start_emulator();
    const std::string since = format_time(now_ms() - 1000);
    const json::value page = api_get(*e, "/openapi/2022-01/products?per_page=1").json();
    const auto& p = page.at("products").as_array().at(0);
    const std::string pid(p.at("id").as_string());
    const std::string vid(p.at("variants").as_array().at(0).at("id").as_string());
    auto r = admin(
        *e, "PUT", "/_emulator/products/" + pid,
        R"({"title":"Renamed","variants":[{"id":")" + vid + R"(","inventory_quantity":77}]})");
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value changed =
        api_get(*e, "/openapi/2022-01/products?per_page=250&updated_at_min=" + since).json();
    ASSERT_EQ(changed.at("products").as_array().size(), 1u);
    EXPECT_EQ(changed.at("products").as_array().at(0).at("title"), "Renamed");
    EXPECT_EQ(changed.at("products")
                  .as_array()
                  .at(0)
                  .at("variants")
                  .as_array()
                  .at(0)
                  .at("inventory_quantity"),
              77);
    const json::value locations = api_get(*e, "/openapi/2022-01/locations").json();
    const std::string loc(locations.at("locations").as_array().at(0).at("id").as_string());
    const json::value levels =
        api_get(*e, "/openapi/2022-01/locations/" + loc +
                        "/inventory_levels?limit=250&updated_at_min=" + since)
            .json();
    ASSERT_FALSE(levels.at("inventory_levels").as_array().empty());
    EXPECT_EQ(levels.at("inventory_levels").as_array().at(0).at("variant_id").as_string(), vid);
    EXPECT_EQ(levels.at("inventory_levels").as_array().at(0).at("stock"), 77);
}

TEST(ShoplazzaCatalog, CustomersPageAndFilter) {
    EmulatorOptions o;
    o.customers = 33;
    auto e = start_emulator(o);
    std::set<std::string> ids;
    for (int page = 1; page <= 5; ++page) {
        const json::value body =
            api_get(*e, "/openapi/2022-01/customers?limit=10&page=" + std::to_string(page)).json();
        for (const auto& c : body.at("customers").as_array()) {
            ids.insert(std::string(c.at("id").as_string()));
            for (const char* f :
                 {"email", "phone", "first_name", "last_name", "created_at", "updated_at"}) {
                EXPECT_TRUE(c.at(f).is_string()) << f;
            }
            EXPECT_FALSE(c.at("addresses").as_array().empty());
        }
    }
    EXPECT_EQ(ids.size(), 33u);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/customers/count").json().at("count").as_int64(), 33);

    const std::string since = format_time(now_ms() - 1000);
    const std::string id = *ids.begin();
    ASSERT_EQ(
        admin(*e, "PUT", "/_emulator/customers/" + id, R"({"email":"moved@example.com"})").status,
        200);
    const json::value changed =
        api_get(*e, "/openapi/2022-01/customers?updated_at_min=" + since).json();
    ASSERT_EQ(changed.at("customers").as_array().size(), 1u);
    EXPECT_EQ(changed.at("customers").as_array().at(0).at("email"), "moved@example.com");
    const json::value by_email =
        api_get(*e, "/openapi/2022-01/customers?email=moved@example.com").json();
    EXPECT_EQ(by_email.at("customers").as_array().size(), 1u);
}

TEST(ShoplazzaCatalog, ScopesGuardResources) {
    auto e = start_emulator();
    const std::string token = token_with_scopes(*e, "read_product");
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/products", token).status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders", token).status, 403);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/customers", token).status, 403);
}

}  // namespace
}  // namespace sb::emulators::shoplazza::testing
