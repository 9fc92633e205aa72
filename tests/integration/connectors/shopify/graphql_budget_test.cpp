#include "core/error.hpp"
#include "fixture.hpp"

namespace sb::connectors::shopify::testing {
namespace {

TEST(ShopifyGraphql, MirrorsTheCostBucket) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    auto gql = c.graphql(integration_for(*e));
    auto r = gql.execute("{ shop { name myshopifyDomain } }");
    EXPECT_EQ(r.data.at("shop").at("myshopifyDomain").as_string(), e->options().shop_domain);
    EXPECT_GT(r.requested_cost, 0);
    auto s = c.budget_snapshot(e->options().shop_domain);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->known);
    EXPECT_EQ(s->maximum, 2000);  // standard plan
    EXPECT_EQ(s->restore_rate, 100);
    EXPECT_EQ(s->throttled_count, 0);
}

TEST(ShopifyGraphql, WaitsOutAThrottleStormAndCountsIt) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    auto gql = c.graphql(integration_for(*e));
    gql.execute("{ shop { name } }");
    ASSERT_EQ(control(*e, "POST", "/_emulator/faults", R"({"throttle_storm_seconds":1.5})").status,
              200);
    auto r = gql.execute("{ shop { name } }");
    EXPECT_TRUE(r.data.at("shop").is_object());
    auto s = c.budget_snapshot(e->options().shop_domain);
    ASSERT_TRUE(s);
    EXPECT_GE(s->throttled_count, 1);
    EXPECT_TRUE(s->last_throttled_at.has_value());
}

TEST(ShopifyGraphql, SharesOneBudgetPerShopAcrossClients) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    auto a = c.graphql(integration_for(*e));
    auto b = c.graphql(integration_for(*e));
    EXPECT_EQ(&a.budget(), &b.budget());
}

TEST(ShopifyGraphql, DrainedBucketNeverSendsAnUnpayableQuery) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    auto gql = c.graphql(integration_for(*e));
    // Learn the bucket, then spend it down with expensive pages from several threads.
    gql.execute("{ shop { name } }");
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 3; ++t) {
        threads.emplace_back([&] {
            auto g = c.graphql(integration_for(*e));
            for (int i = 0; i < 2; ++i) {
                g.execute(
                    "{ orders(first: 100) { nodes { id lineItems(first: 5) { nodes { id "
                    "sku } } } } }");
                ++ok;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(ok.load(), 6);
    // The mirrored bucket made callers wait instead of being throttled.
    auto stats = boost::json::parse(control(*e, "GET", "/_emulator/stats", "").body);
    EXPECT_EQ(stats.at("requests").at("graphql_throttled").as_int64(), 0)
        << boost::json::serialize(stats);
}

TEST(ShopifyGraphql, ErrorsCarryRegistryCodes) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    auto bad = c.graphql(integration_for(*e, "shpat_wrong"));
    const auto graphql_calls = [&] {
        return boost::json::parse(control(*e, "GET", "/_emulator/stats", "").body)
            .at("requests")
            .at("graphql")
            .as_int64();
    };
    const auto before = graphql_calls();
    try {
        bad.execute("{ shop { name } }");
        FAIL();
    } catch (const ApiError& err) {
        // The store's 401: an unknown token, sent once, with Shopify's words in the detail.
        EXPECT_EQ(err.code(), Errc::platform_unauthorized);
        EXPECT_NE(err.description().find("Invalid API key or access token"), std::string::npos)
            << err.description();
    }
    EXPECT_EQ(graphql_calls(), before + 1);
    auto gql = c.graphql(integration_for(*e));
    try {
        gql.execute("{ shop { nope } }");
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::platform_error);
    }
    // 503s from the platform are retried, then reported.
    ASSERT_EQ(control(*e, "POST", "/_emulator/faults", R"({"fail_rate":1.0})").status, 200);
    try {
        gql.execute("{ shop { name } }");
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::platform_error);
    }
    ASSERT_EQ(control(*e, "POST", "/_emulator/faults", R"({"fail_rate":0.2})").status, 200);
    for (int i = 0; i < 5; ++i)
        EXPECT_NO_THROW(gql.execute("{ shop { name } }"));
}

}  // namespace
}  // namespace sb::connectors::shopify::testing
