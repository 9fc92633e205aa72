#include "fixture.hpp"

namespace sb::emulators::bigcommerce::testing {
namespace {

namespace json = boost::json;

TEST(BigCommerceV3, ProductsWithVariantsAndPagination) {
    auto e = start_emulator();
    auto r = api_get(*e, "/v3/catalog/products?include=variants&limit=5&page=2");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    const auto& data = body.at("data").as_array();
    ASSERT_EQ(data.size(), 5u);
    EXPECT_TRUE(data[0].at("price").is_number());
    const std::string modified(data[0].at("date_modified").as_string());
    EXPECT_EQ(modified.substr(modified.size() - 6), "+00:00");
    EXPECT_FALSE(data[0].at("variants").as_array().empty());
    const auto& p = body.at("meta").at("pagination");
    EXPECT_EQ(p.at("total"), 20);
    EXPECT_EQ(p.at("count"), 5);
    EXPECT_EQ(p.at("per_page"), 5);
    EXPECT_EQ(p.at("current_page"), 2);
    EXPECT_EQ(p.at("total_pages"), 4);
    EXPECT_EQ(p.at("links").at("previous"), "?page=1&limit=5");
    EXPECT_EQ(p.at("links").at("current"), "?page=2&limit=5");
    EXPECT_EQ(p.at("links").at("next"), "?page=3&limit=5");

    auto plain = api_get(*e, "/v3/catalog/products?limit=1").json();
    EXPECT_FALSE(plain.at("data").at(0).as_object().contains("variants"));
    EXPECT_FALSE(plain.at("meta").at("pagination").at("links").as_object().contains("previous"));

    auto some = api_get(*e, "/v3/catalog/products?id:in=112,114,999").json();
    EXPECT_EQ(some.at("data").as_array().size(), 2u);
    auto desc = api_get(*e, "/v3/catalog/products?sort=id&direction=desc&limit=1").json();
    EXPECT_EQ(desc.at("data").at(0).at("id"), 130);
    EXPECT_EQ(api_get(*e, "/v3/catalog/products?limit=251").status, 413);
    auto bad = api_get(*e, "/v3/catalog/products?sort=colour");
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(bad.json().at("status"), 422);
    EXPECT_TRUE(bad.json().at("errors").as_object().contains("sort"));

    auto variants = api_get(*e, "/v3/catalog/products/111/variants");
    ASSERT_EQ(variants.status, 200);
    EXPECT_EQ(variants.json().at("data").at(0).at("product_id"), 111);
    EXPECT_EQ(api_get(*e, "/v3/catalog/products/9999/variants").status, 404);
}

TEST(BigCommerceV3, ProductDateModifiedWindow) {
    auto e = start_emulator();
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/products/115").status, 200);
    auto r = api_get(*e, "/v3/catalog/products?date_modified:min=2025-01-01T00:00:00Z");
    ASSERT_EQ(r.status, 200);
    const auto data = r.json().at("data").as_array();
    ASSERT_EQ(data.size(), 1u);
    EXPECT_EQ(data[0].at("id"), 115);
}

TEST(BigCommerceV3, CustomersWithAddresses) {
    auto e = start_emulator();
    auto r = api_get(*e, "/v3/customers?include=addresses&limit=10");
    ASSERT_EQ(r.status, 200);
    const auto body = r.json();
    EXPECT_EQ(body.at("meta").at("pagination").at("total"), 30);
    const auto& c = body.at("data").at(0);
    EXPECT_FALSE(c.at("addresses").as_array().empty());
    EXPECT_EQ(c.at("addresses").at(0).at("customer_id"), c.at("id"));
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/customers/7").status, 200);
    auto changed = api_get(*e, "/v3/customers?date_modified:min=2025-01-01T00:00:00Z").json();
    ASSERT_EQ(changed.at("data").as_array().size(), 1u);
    EXPECT_EQ(changed.at("data").at(0).at("id"), 7);
    EXPECT_EQ(api_get(*e, "/v3/customers?id:in=3,4").json().at("data").as_array().size(), 2u);
}

TEST(BigCommerceV3, StockAdjustmentShowsInInventory) {
    auto e = start_emulator();
    auto locations = api_get(*e, "/v3/inventory/locations");
    ASSERT_EQ(locations.status, 200);
    ASSERT_GE(locations.json().at("data").as_array().size(), 2u);

    auto items = api_get(*e, "/v3/inventory/items?variant_id:in=1000").json();
    ASSERT_EQ(items.at("data").as_array().size(), 1u);
    EXPECT_EQ(items.at("data").at(0).at("identity").at("variant_id"), 1000);
    EXPECT_EQ(items.at("data").at(0).at("locations").as_array().size(), 2u);

    auto adjusted = api(*e, "PUT", "/v3/inventory/adjustments/absolute",
                        R"({"reason":"recount","items":[{"location_id":2,"variant_id":1000,)"
                        R"("quantity":37}]})");
    ASSERT_EQ(adjusted.status, 200) << adjusted.body;
    EXPECT_TRUE(adjusted.json().at("transaction_id").is_string());
    auto after = api_get(*e, "/v3/inventory/items?variant_id:in=1000&location_id:in=2").json();
    const auto& level = after.at("data").at(0).at("locations").at(0);
    EXPECT_EQ(level.at("location_id"), 2);
    EXPECT_EQ(level.at("total_inventory_onhand"), 37);
    EXPECT_EQ(level.at("available_to_sell"), 37);

    auto bad = api(*e, "PUT", "/v3/inventory/adjustments/absolute",
                   R"({"reason":"x","items":[{"location_id":9,"variant_id":1000,"quantity":1}]})");
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.json().at("errors").as_object().contains("items.0.location_id"));
    EXPECT_EQ(api(*e, "PUT", "/v3/inventory/adjustments/absolute",
                  R"({"items":[{"location_id":1,"variant_id":1,"quantity":1}]})")
                  .status,
              422);
    EXPECT_EQ(api(*e, "PUT", "/v3/inventory/adjustments/absolute", R"({"items":[]})").status, 422);
}

}  // namespace
}  // namespace sb::emulators::bigcommerce::testing
