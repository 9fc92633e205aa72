#include "fixture.hpp"

namespace sb::emulators::bigcommerce::testing {
namespace {

namespace json = boost::json;

TEST(BigCommerceAuth, UnknownStoreMissingTokenAndScopes) {
    auto e = start_emulator();
    auto unknown = test::send(
        e->port(),
        test::HttpRequest{
            "GET", "/stores/nosuch/v2/orders", {{"X-Auth-Token", e->admin_token()}}, ""});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.json().at(0).at("status"), 404);
    auto unknown3 =
        test::send(e->port(), test::HttpRequest{"GET", "/stores/nosuch/v3/customers", {}, ""});
    EXPECT_EQ(unknown3.status, 404);
    EXPECT_EQ(unknown3.json().at("status"), 404);

    auto none =
        test::send(e->port(), test::HttpRequest{"GET", store_path(*e, "/v2/orders"), {}, ""});
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.json().at(0).at("status"), 401);
    EXPECT_EQ(api_get(*e, "/v3/customers", "not-a-token").status, 401);
    EXPECT_EQ(api_get(*e, "/v3/customers", "not-a-token").json().at("status"), 401);

    const std::string read = token_with_scopes(*e, "store_v2_orders_read_only");
    ASSERT_FALSE(read.empty());
    EXPECT_EQ(api_get(*e, "/v2/orders", read).status, 200);
    EXPECT_EQ(api(*e, "PUT", "/v2/orders/101", R"({"status_id":10})", read).status, 403);
    auto forbidden = api_get(*e, "/v3/catalog/products", read);
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.json().at("status"), 403);

    // The write scope grants the read one; the new token replaces the previous one.
    const std::string write = token_with_scopes(*e, "store_v2_orders store_inventory");
    ASSERT_FALSE(write.empty());
    EXPECT_EQ(api_get(*e, "/v2/orders", write).status, 200);
    EXPECT_EQ(api_get(*e, "/v3/inventory/items", write).status, 200);
    EXPECT_EQ(api(*e, "PUT", "/v2/orders/101", R"({"status_id":10})", write).status, 200);
    EXPECT_EQ(api_get(*e, "/v2/orders", read).status, 401);
}

TEST(BigCommerceLimits, HeadersThen429PastTheQuota) {
    EmulatorOptions o;
    o.quota = 3;
    o.window_ms = 600'000;  // the window cannot roll over during the test
    auto e = start_emulator(o);
    for (int left = 2; left >= 0; --left) {
        auto r = api_get(*e, "/v2/time");
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(r.header("X-Rate-Limit-Requests-Left"), std::to_string(left));
        EXPECT_EQ(r.header("X-Rate-Limit-Requests-Quota"), "3");
        EXPECT_EQ(r.header("X-Rate-Limit-Time-Window-Ms"), "600000");
        EXPECT_FALSE(r.header("X-Rate-Limit-Time-Reset-Ms").empty());
    }
    auto throttled = api_get(*e, "/v3/customers");
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.json().at("status"), 429);
    EXPECT_EQ(throttled.header("X-Rate-Limit-Requests-Left"), "0");
    EXPECT_GT(std::stoll(throttled.header("X-Rate-Limit-Time-Reset-Ms")), 0);
    // The quota is the store's, whatever the token.
    const std::string app = token_with_scopes(*e, "store_v2_information_read_only");
    EXPECT_EQ(api_get(*e, "/v2/time", app).status, 429);
    auto stats = admin(*e, "GET", "/_emulator/stats").json();
    EXPECT_EQ(stats.at("requests").at("throttled"), 2);
    EXPECT_EQ(stats.at("limits").at("requests_quota"), 3);
}

TEST(BigCommerceLimits, PlanQuotaAndCountedFaults) {
    EmulatorOptions o;
    o.plan = "pro";
    auto e = start_emulator(o);
    EXPECT_EQ(api_get(*e, "/v2/time").header("X-Rate-Limit-Requests-Quota"), "450");
    ASSERT_EQ(admin(*e, "POST", "/_emulator/faults", R"({"fail_next":1,"throttle_next":1})").status,
              200);
    EXPECT_EQ(api_get(*e, "/v2/time").status, 503);
    EXPECT_EQ(api_get(*e, "/v2/time").status, 429);
    EXPECT_EQ(api_get(*e, "/v2/time").status, 200);
}

TEST(BigCommerceCli, FlagsAndPlanQuotas) {
    auto o = parse_options({"--store-hash", "abc123", "--plan", "enterprise", "--orders", "10",
                            "--client-secret", "s3"});
    EXPECT_EQ(o.store_hash, "abc123");
    EXPECT_EQ(o.requests_quota(), 1500);
    EXPECT_EQ(o.orders, 10);
    EXPECT_EQ(parse_options({"--plan", "plus"}).requests_quota(), 150);
    EXPECT_EQ(parse_options({"--quota", "7"}).requests_quota(), 7);
    EXPECT_THROW(parse_options({"--plan", "gold"}), std::invalid_argument);
    EXPECT_THROW(parse_options({"--store-hash", "Bad Hash"}), std::invalid_argument);
}

}  // namespace
}  // namespace sb::emulators::bigcommerce::testing
