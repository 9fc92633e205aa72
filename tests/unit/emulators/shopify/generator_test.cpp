#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/rest/rest_json.hpp"

namespace sb::emulators::shopify {
namespace {

CatalogSize size(std::uint64_t seed, std::int64_t orders) {
    CatalogSize s;
    s.seed = seed;
    s.orders = orders;
    return s;
}

std::string order_json(const Catalog& c, std::int64_t i) {
    return boost::json::serialize(rest_order(c.order(i), nullptr, "x.myshopify.com"));
}

TEST(Generator, SameSeedSameStoreByIndex) {
    Catalog a(size(42, 1'000'000)), b(size(42, 1'000'000));
    for (std::int64_t i : {0LL, 1LL, 777LL, 999'999LL})
        EXPECT_EQ(order_json(a, i), order_json(b, i));
    // Order i does not depend on having generated others first.
    const std::string late = order_json(a, 123'456);
    (void)order_json(a, 5);
    EXPECT_EQ(order_json(a, 123'456), late);
    EXPECT_EQ(boost::json::serialize(rest_product(a.product(7))),
              boost::json::serialize(rest_product(b.product(7))));
    EXPECT_EQ(boost::json::serialize(rest_customer(a.customer(9))),
              boost::json::serialize(rest_customer(b.customer(9))));
}

TEST(Generator, DifferentSeedsDiffer) {
    Catalog a(size(1, 100)), b(size(2, 100));
    EXPECT_NE(order_json(a, 3), order_json(b, 3));
}

TEST(Generator, RealisticShape) {
    Catalog c(size(7, 5000));
    std::set<std::string> currencies, statuses;
    int with_fulfillment = 0, cancelled = 0, multi_line = 0;
    std::int64_t prev_created = 0;
    for (std::int64_t i = 0; i < 5000; ++i) {
        const Order o = c.order(i);
        currencies.insert(o.presentment_currency);
        statuses.insert(o.financial_status);
        with_fulfillment += !o.fulfillments.empty();
        cancelled += o.cancelled_at.has_value();
        multi_line += o.line_items.size() > 1;
        EXPECT_GE(o.created_at, prev_created);  // ids follow creation time
        EXPECT_GE(o.updated_at, o.created_at);
        EXPECT_EQ(o.total_price, o.subtotal + o.total_tax + o.total_shipping);
        prev_created = o.created_at;
    }
    EXPECT_GE(currencies.size(), 4u);
    EXPECT_GE(statuses.size(), 5u);
    EXPECT_GT(with_fulfillment, 1000);
    EXPECT_GT(cancelled, 50);
    EXPECT_GT(multi_line, 2000);
}

TEST(Store, OverlayKeepsChangesSmall) {
    Store s(size(3, 1000));
    const Order created = s.create_order({});
    EXPECT_EQ(created.id, ids::order + 1000);
    EXPECT_EQ(s.order_count(), 1001);
    auto c = s.cancel_order(ids::order + 5, "fraud");
    ASSERT_TRUE(c);
    if (c->second) {
        EXPECT_EQ(s.order_status(5), "cancelled");
    }
    auto again = s.cancel_order(ids::order + 5, "fraud");
    EXPECT_FALSE(again->second);
    const auto before = s.inventory_level(0, 0, 0);
    auto after =
        s.change_inventory(before.inventory_item_id, before.location_id, "available", 3, true);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->available, before.available + 3);
    EXPECT_EQ(after->on_hand(), before.on_hand() + 3);
}

}  // namespace
}  // namespace sb::emulators::shopify
