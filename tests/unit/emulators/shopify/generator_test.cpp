#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "emulators/shopify/data/money.hpp"
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

// Issue 14: each case the hub has to map turns up in a store of the default size.
TEST(Generator, DefaultStoreHasSplitShipmentsPartialRefundsForeignCurrenciesAndMore) {
    Store s{CatalogSize{}};
    const Catalog& c = s.catalog();
    const Shop shop = s.shop();

    int split = 0, three_parcels = 0, partial_refunds = 0, partial_units = 0, full_refunds = 0,
        goodwill = 0, restocked = 0, not_restocked = 0, cancelled_units = 0, foreign = 0;
    std::set<std::int64_t> fulfillment_ids;
    for (std::int64_t i = 0; i < s.order_count(); ++i) {
        const Order o = s.order_at(i);
        // Split shipments: every parcel its own tracking, together no more than was ordered.
        std::vector<int> sent(o.line_items.size(), 0);
        std::set<std::string> tracking;
        for (const auto& f : o.fulfillments) {
            EXPECT_TRUE(fulfillment_ids.insert(f.id).second);
            auto back = s.fulfillment(f.id);
            ASSERT_TRUE(back);
            EXPECT_EQ(back->first.id, o.id);
            EXPECT_FALSE(f.lines.empty());
            tracking.insert(f.tracking_number.value_or(""));
            for (const auto& fl : f.lines)
                sent[fl.line_index] += fl.quantity;
            EXPECT_GE(f.created_at, o.created_at);
            EXPECT_LE(f.created_at, o.updated_at);
        }
        EXPECT_EQ(tracking.size(), o.fulfillments.size());
        for (std::size_t k = 0; k < sent.size(); ++k)
            EXPECT_LE(sent[k], o.line_items[k].quantity);
        split += o.fulfillments.size() >= 2;
        three_parcels += o.fulfillments.size() == 3;
        // Refunds: partial ones give back less than was paid, full ones all of it.
        std::int64_t refunded = 0;
        for (const auto& r : o.refunds) {
            refunded += r.amount;
            for (const auto& l : r.lines) {
                const auto& li = o.line_items[l.line_index];
                EXPECT_GT(l.quantity, 0);
                EXPECT_LE(l.quantity, li.quantity);
                partial_units += l.quantity < li.quantity;
                restocked += l.restocked();
                not_restocked += !l.restocked();
                cancelled_units += l.restock_type == "cancel";
                EXPECT_EQ(l.restocked(), l.location_id.has_value());
            }
        }
        if (o.financial_status == "partially_refunded") {
            ASSERT_EQ(o.refunds.size(), 1u);
            EXPECT_GT(refunded, 0);
            EXPECT_LT(refunded, o.total_price);
            ++partial_refunds;
            goodwill += o.refunds[0].lines.empty();
        } else if (o.financial_status == "refunded") {
            ASSERT_EQ(o.refunds.size(), 1u);
            EXPECT_EQ(refunded, o.total_price);
            ++full_refunds;
        } else {
            EXPECT_TRUE(o.refunds.empty());
        }
        // Presentment: the buyer's currency at its rate; the books stay in the shop's.
        EXPECT_EQ(o.currency, shop.currency);
        EXPECT_EQ(o.exchange_rate, exchange_rate(o.presentment_currency));
        if (o.presentment_currency != shop.currency) {
            ++foreign;
            EXPECT_NE(o.exchange_rate, 1.0);
        }
    }
    EXPECT_GT(split, 50);  // about a fifth of the shipped orders
    EXPECT_GT(three_parcels, 5);
    EXPECT_GT(partial_refunds, 30);
    EXPECT_GT(partial_units, 0);  // some lines refunded in part
    EXPECT_GT(full_refunds, 20);
    EXPECT_GT(goodwill, 0);
    EXPECT_GT(restocked, 0);
    EXPECT_GT(not_restocked, 0);
    EXPECT_GT(cancelled_units, 0);
    EXPECT_GT(foreign, 200);
    EXPECT_LT(foreign, 500);

    // Products: some with two or three options and dozens of variants; ids decode back.
    int two = 0, three = 0, many = 0, default_only = 0;
    for (std::int64_t p = 0; p < s.product_count(); ++p) {
        const Product pr = s.product_at(p);
        ASSERT_EQ(static_cast<int>(pr.variants.size()), c.variant_count(p));
        ASSERT_LE(static_cast<int>(pr.variants.size()), ids::variants_per_product);
        two += pr.option2_name && !pr.option3_name;
        three += pr.option3_name.has_value();
        many += pr.variants.size() > 20;
        default_only += pr.variants.size() == 1 && pr.variants[0].title == "Default Title";
        std::set<std::string> titles, skus;
        for (std::size_t k = 0; k < pr.variants.size(); ++k) {
            const auto& v = pr.variants[k];
            EXPECT_TRUE(titles.insert(v.title).second) << v.title;
            EXPECT_TRUE(skus.insert(v.sku).second) << v.sku;
            EXPECT_EQ(v.option2.has_value(), pr.option2_name.has_value());
            EXPECT_EQ(v.option3.has_value(), pr.option3_name.has_value());
            EXPECT_EQ(s.variant_slot(v.id), std::make_pair(p, static_cast<int>(k)));
            EXPECT_EQ(s.inventory_item_slot(v.inventory_item_id),
                      std::make_pair(p, static_cast<int>(k)));
        }
    }
    EXPECT_GT(two, 5);
    EXPECT_GT(three, 0);
    EXPECT_GT(many, 0);
    EXPECT_GT(default_only, 5);
    // An order line names its variant as the product does.
    for (std::int64_t i = 0; i < 200; ++i) {
        for (const auto& li : s.order_at(i).line_items) {
            const auto slot = s.variant_slot(li.variant_id);
            ASSERT_TRUE(slot);
            const Variant v =
                s.product_at(slot->first).variants[static_cast<std::size_t>(slot->second)];
            EXPECT_EQ(li.variant_title, v.title);
            EXPECT_EQ(li.sku, v.sku);
            EXPECT_EQ(li.price, v.price);
        }
    }

    // Customers without an email: by phone only, or with nothing to reach them by.
    int phone_only = 0, neither = 0;
    for (std::int64_t i = 0; i < s.customer_count(); ++i) {
        const Customer cu = s.customer_at(i);
        if (cu.email)
            continue;
        phone_only += cu.phone.has_value();
        neither += !cu.phone;
        EXPECT_FALSE(cu.accepts_marketing);
        EXPECT_FALSE(cu.verified_email);
    }
    EXPECT_GT(phone_only, 0);
    EXPECT_GT(neither, 0);

    // A deactivated location still has its stock records and the parcels it sent before.
    int inactive = 0;
    for (std::int64_t l = 0; l < s.location_count(); ++l) {
        const Location loc = s.location_at(l);
        if (loc.active)
            continue;
        ++inactive;
        ASSERT_TRUE(loc.deactivated_at);
        EXPECT_NE(loc.id, shop.primary_location_id);
        const auto level = s.inventory_level(0, 0, l);
        EXPECT_EQ(level.location_id, loc.id);
        EXPECT_EQ(level.updated_at, *loc.deactivated_at);
        EXPECT_EQ(level.available, 0);
        int before = 0;
        for (std::int64_t i = 0; i < s.order_count(); ++i) {
            for (const auto& f : s.order_at(i).fulfillments) {
                if (f.location_id == loc.id) {
                    EXPECT_LT(f.created_at, *loc.deactivated_at);
                    ++before;
                }
            }
        }
        EXPECT_GT(before, 0);
    }
    EXPECT_EQ(inactive, 1);
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
