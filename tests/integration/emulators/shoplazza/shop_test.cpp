#include "fixture.hpp"

namespace sb::emulators::shoplazza::testing {
namespace {

namespace json = boost::json;

TEST(ShoplazzaShop, GetHasEverySeedFieldWithItsJsonType) {
    auto e = start_emulator();
    auto r = api_get(*e, "/openapi/2022-01/shop");
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value body = r.json();
    const auto& shop = body.at("shop").as_object();
    EXPECT_TRUE(shop.at("id").is_int64());
    for (const char* f :
         {"name",       "email",        "domain",        "address1",       "address2",
          "zip",        "city",         "phone",         "primary_locale", "created_at",
          "updated_at", "country_code", "currency",      "customer_email", "timezone",
          "shop_owner", "account",      "province_code", "system_domain",  "root_url"}) {
        ASSERT_TRUE(shop.contains(f)) << f;
        EXPECT_TRUE(shop.at(f).is_string()) << f;
    }
    const auto& icon = shop.at("icon").as_object();
    for (const char* f : {"src", "path", "alt"})
        EXPECT_TRUE(icon.at(f).is_string()) << f;
    EXPECT_EQ(shop.at("domain").as_string(), e->options().shop_domain);
    EXPECT_EQ(api_get(*e, "/openapi/2025-06/shop").json(), body);
}

TEST(ShoplazzaShop, PutCustomerEmailChangesItAndBumpsUpdatedAt) {
    auto e = start_emulator();
    const json::value before = api_get(*e, "/openapi/2022-01/shop").json();
    auto r = api(*e, "PUT", "/openapi/2022-01/shop", R"({"customer_email":"help@shop.example"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("shop").at("customer_email"), "help@shop.example");
    const json::value after = api_get(*e, "/openapi/2022-01/shop").json();
    EXPECT_EQ(after.at("shop").at("customer_email"), "help@shop.example");
    EXPECT_GT(std::string(after.at("shop").at("updated_at").as_string()),
              std::string(before.at("shop").at("updated_at").as_string()));
    EXPECT_EQ(api(*e, "PUT", "/openapi/2025-06/shop", R"({"customer_email":"x@y.example"})").status,
              200);
}

TEST(ShoplazzaShop, PutNeedsWriteShop) {
    auto e = start_emulator();
    const std::string token = token_with_scopes(*e, "read_shop");
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop", token).status, 200);
    auto r = api(*e, "PUT", "/openapi/2022-01/shop", R"({"customer_email":"a@b.example"})", token);
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.json().at("errors").is_array());
}

TEST(ShoplazzaShop, PutRejectsBadBodies) {
    auto e = start_emulator();
    for (const char* body :
         {"not json", "[1,2]", R"({"customer_email":42})", R"({"customer_email":"not-an-email"})",
          R"({"customer_email":"a b@c.example"})"}) {
        auto r = api(*e, "PUT", "/openapi/2022-01/shop", body);
        EXPECT_EQ(r.status, 400) << body;
        const json::value j = r.json();
        ASSERT_TRUE(j.at("errors").is_array()) << body;
        EXPECT_FALSE(j.at("errors").as_array().empty());
    }
    EXPECT_NE(api_get(*e, "/openapi/2022-01/shop").json().at("shop").at("customer_email"),
              "not-an-email");
}

TEST(ShoplazzaShop, MissingOrUnknownTokenIs401) {
    auto e = start_emulator();
    auto none = test::get(e->port(), "/openapi/2022-01/shop");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.json().at("errors").as_array().at(0), "Unauthorized");
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop", "bogus").status, 401);
    // Header names are case-insensitive.
    test::HttpRequest r;
    r.target = "/openapi/2022-01/shop";
    r.headers = {{"ACCESS-TOKEN", e->admin_token()}};
    EXPECT_EQ(test::send(e->port(), r).status, 200);
}

TEST(ShoplazzaShop, DeactivatedStoreAnswersStoreIsNotActive) {
    auto e = start_emulator();
    ASSERT_EQ(admin(*e, "POST", "/_emulator/shop/deactivate").status, 200);
    for (const char* path :
         {"/openapi/2022-01/shop", "/openapi/2022-01/orders", "/openapi/2022-01/products"}) {
        auto r = api_get(*e, path);
        EXPECT_EQ(r.status, 401) << path;
        EXPECT_EQ(r.json(), json::parse(R"({"error":"store is not active"})")) << path;
    }
    ASSERT_EQ(admin(*e, "POST", "/_emulator/shop/activate").status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop").status, 200);
}

}  // namespace
}  // namespace sb::emulators::shoplazza::testing
