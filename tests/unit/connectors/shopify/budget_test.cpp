#include <gtest/gtest.h>

#include "connectors/shopify/budget.hpp"

namespace sb::connectors::shopify {
namespace {

TEST(ShopifyBudget, UnknownBucketDoesNotWait) {
    Budget b;
    EXPECT_EQ(b.wait_for(500).count(), 0);
    EXPECT_FALSE(b.snapshot().known);
}

TEST(ShopifyBudget, WaitIsWhatTheRestoreRateRequires) {
    Budget b;
    b.acquire(10);
    b.settle(10, ThrottleStatus{1000, 100, 50});
    // 400 missing points at 50 per second: 8 s.
    EXPECT_EQ(b.wait_for(500).count(), 8000);
    EXPECT_EQ(b.wait_for(100).count(), 0);
    // A query dearer than the bucket waits for a full bucket, not forever.
    EXPECT_EQ(b.wait_for(5000).count(), 18000);
}

TEST(ShopifyBudget, InFlightReservationsLowerTheBalance) {
    Budget b;
    b.acquire(1);
    b.settle(1, ThrottleStatus{1000, 1000, 50});
    b.acquire(600);  // reserved, not answered yet
    EXPECT_GT(b.wait_for(600).count(), 0);
    b.settle(600, ThrottleStatus{1000, 990, 50});  // refunded: the actual cost was small
    EXPECT_EQ(b.wait_for(600).count(), 0);
}

TEST(ShopifyBudget, ThrottledIsCountedAndRemembersCosts) {
    Budget b;
    b.throttled(0, ThrottleStatus{2000, 0, 100});
    auto s = b.snapshot();
    EXPECT_EQ(s.throttled_count, 1);
    EXPECT_TRUE(s.last_throttled_at);
    EXPECT_EQ(b.wait_for(100).count(), 1000);
    EXPECT_FALSE(b.known_cost("{ shop { name } }"));
    b.remember_cost("{ shop { name } }", 2);
    EXPECT_EQ(b.known_cost("{ shop { name } }"), 2);
}

TEST(ShopifyBudget, RegistryGivesOneBudgetPerShop) {
    BudgetRegistry r;
    EXPECT_EQ(r.for_shop("a.myshopify.com"), r.for_shop("a.myshopify.com"));
    EXPECT_NE(r.for_shop("a.myshopify.com"), r.for_shop("b.myshopify.com"));
    EXPECT_FALSE(r.snapshot("c.myshopify.com"));
}

}  // namespace
}  // namespace sb::connectors::shopify

#include "connectors/shopify/graphql_client.hpp"

namespace sb::connectors::shopify {
namespace {

TEST(ShopifyCostEstimate, MultipliesNestedPagesAndCaps) {
    EXPECT_EQ(estimate_cost("{ shop { name } }"), 2);
    // orders(first: 10) { nodes { lineItems(first: 5) { nodes { id } } } }
    EXPECT_EQ(
        estimate_cost("{ orders(first: 10) { nodes { lineItems(first: 5) { nodes { id } } } } }"),
        1 + 10 + 10 + 50 + 50);
    EXPECT_EQ(estimate_cost(
                  "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }"),
              1000);
    EXPECT_EQ(estimate_cost(R"({ orders(first: 2, query: "note:{x}") { nodes { id } } })"), 5);
}

}  // namespace
}  // namespace sb::connectors::shopify
