#include <algorithm>
#include <map>

#include "connectors/shopify/fetch.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/error.hpp"
#include "fixture.hpp"

// Issue 14 end to end: the emulated store's split shipments, partial refunds, foreign
// currencies, many-variant products, customers without email and deactivated location come
// out of both read paths (bulk and pages) as the same records.
namespace sb::connectors::shopify::testing {
namespace {

namespace json = boost::json;
using domain::DataType;

constexpr std::int64_t k_everything = 1'700'000'000'000;  // before the store's first record

std::map<std::string, json::object> by_id(const CollectingSink& s) {
    std::map<std::string, json::object> out;
    for (const auto& r : s.records)
        out[r.external_id] = json::parse(r.data).as_object();
    return out;
}

std::map<std::string, json::object> read(ShopifyConnector& c, const domain::Integration& i,
                                         DataType type, std::optional<std::int64_t> since) {
    CollectingSink sink;
    c.fetch(FetchRequest{i, type, {}, since}, sink);
    return by_id(sink);
}

TEST(ShopifyShapes, EveryPageQueryStaysUnderTheSingleQueryCostLimit) {
    auto e = start_big_plan();
    for (DataType type : {DataType::order, DataType::product, DataType::customer,
                          DataType::location, DataType::cart, DataType::stock}) {
        test::HttpRequest r;
        r.method = "POST";
        r.target = "/admin/api/2026-01/graphql.json";
        r.headers = {{"Content-Type", "application/json"},
                     {"X-Shopify-Access-Token", e->admin_token()}};
        r.body = json::serialize(
            json::object{{"query", queries::page_query(type)}, {"variables", json::object{}}});
        auto resp = test::send(e->port(), r);
        ASSERT_EQ(resp.status, 200) << resp.body;
        const auto body = json::parse(resp.body).as_object();
        ASSERT_FALSE(body.contains("errors")) << domain::data_type_name(type) << ": " << resp.body;
        const auto requested = body.at("extensions").at("cost").at("requestedQueryCost");
        EXPECT_LE(requested.to_number<double>(), 1000.0) << domain::data_type_name(type);
    }
}

TEST(ShopifyShapes, OrdersFromBulkAndPagesCarrySplitShipmentsRefundsAndPresentment) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    const auto bulk = read(c, integ, DataType::order, std::nullopt);
    const auto pages = read(c, integ, DataType::order, k_everything);
    ASSERT_FALSE(bulk.empty());
    ASSERT_EQ(bulk.size(), pages.size());
    int split = 0, partial = 0, full = 0, foreign = 0;
    for (const auto& [id, d] : bulk) {
        ASSERT_TRUE(pages.count(id)) << id;
        EXPECT_EQ(json::value(d), json::value(pages.at(id))) << id;  // one record, either path
        const auto& deliveries = d.at("deliveries").as_array();
        if (deliveries.size() >= 2) {
            ++split;
            std::set<std::string> numbers;
            for (const auto& del : deliveries) {
                EXPECT_FALSE(del.at("items").as_array().empty());
                numbers.insert(std::string(del.at("tracking").at(0).at("number").as_string()));
            }
            EXPECT_EQ(numbers.size(), deliveries.size()) << id;
        }
        const auto& refunds = d.at("refunds").as_array();
        const std::string financial(d.at("financial_status").as_string());
        if (financial == "partially_refunded" || financial == "refunded") {
            ASSERT_EQ(refunds.size(), 1u) << id;
            const auto& r = refunds[0];
            EXPECT_EQ(r.at("total"), d.at("total_refunded")) << id;
            EXPECT_EQ(r.at("total").at("currency"), d.at("currency"));
            EXPECT_EQ(r.at("presentment_total").at("currency"), d.at("presentment_currency"));
            if (financial == "refunded") {
                ++full;
                EXPECT_EQ(r.at("total"), d.at("total")) << id;
                EXPECT_EQ(d.at("current_total").at("amount"), "0.00") << id;
            } else if (!r.at("items").as_array().empty()) {
                ++partial;
                for (const auto& item : r.at("items").as_array()) {
                    EXPECT_TRUE(item.at("subtotal").at("amount").is_string());
                    EXPECT_EQ(item.at("restocked").as_bool(),
                              item.at("restock_type") != "no_restock");
                }
            }
        } else {
            EXPECT_TRUE(refunds.empty()) << id;
        }
        if (d.at("presentment_currency") != d.at("currency")) {
            ++foreign;
            EXPECT_EQ(d.at("presentment_total").at("currency"), d.at("presentment_currency"));
            EXPECT_EQ(d.at("total").at("currency"), "USD");
            EXPECT_NE(d.at("presentment_total").at("amount"), d.at("total").at("amount"));
        }
    }
    EXPECT_GT(split, 0);
    EXPECT_GT(partial, 0);
    EXPECT_GT(full, 0);
    EXPECT_GT(foreign, 0);
}

TEST(ShopifyShapes, ProductsCustomersAndLocations) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);

    // Products: both paths read every variant with every option, dozens for some products.
    const auto bulk = read(c, integ, DataType::product, std::nullopt);
    const auto pages = read(c, integ, DataType::product, k_everything);
    ASSERT_EQ(bulk.size(), pages.size());
    std::size_t most = 0, three = 0;
    for (const auto& [id, p] : bulk) {
        EXPECT_EQ(json::value(p), json::value(pages.at(id))) << id;
        const auto& variants = p.at("variants").as_array();
        most = std::max(most, variants.size());
        const auto options = variants.at(0).at("options").as_array().size();
        three += options == 3;
        for (const auto& v : variants)
            EXPECT_EQ(v.at("options").as_array().size(), options) << id;
    }
    EXPECT_GT(most, 20u);
    EXPECT_GT(three, 0u);

    // Customers without an email.
    int without_email = 0;
    for (const auto& [id, cu] : read(c, integ, DataType::customer, std::nullopt))
        without_email += cu.at("email").is_null();
    EXPECT_GT(without_email, 0);

    // The deactivated location is read, inactive, and keeps its stock records.
    std::set<std::string> inactive;
    for (const auto& [id, l] : read(c, integ, DataType::location, std::nullopt)) {
        if (!l.at("active").as_bool()) {
            inactive.insert(id);
            EXPECT_EQ(l.at("fulfills_online_orders"), false);
        }
    }
    ASSERT_EQ(inactive.size(), 1u);
    int stock_there = 0;
    for (const auto& [id, s] : read(c, integ, DataType::stock, std::nullopt))
        stock_there += inactive.count(std::string(s.at("location_id").as_string())) > 0;
    EXPECT_GT(stock_there, 0);
}

TEST(ShopifyShapes, StockFromBulkAndPagesIsTheSame) {
    // Stock syncs by bulk only; the page query serves the late children of a bulk file
    // (nodes:) and must give the same records.
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto bulk = read(c, integration_for(*e), DataType::stock, std::nullopt);
    std::map<std::string, json::object> pages;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
        test::HttpRequest r;
        r.method = "POST";
        r.target = "/admin/api/2026-10/graphql.json";
        r.headers = {{"Content-Type", "application/json"},
                     {"X-Shopify-Access-Token", e->admin_token()}};
        r.body = json::serialize(
            json::object{{"query", queries::page_query(DataType::stock)},
                         {"variables", page_variables(DataType::stock, cursor, std::nullopt)}});
        auto resp = test::send(e->port(), r);
        ASSERT_EQ(resp.status, 200) << resp.body;
        const auto body = json::parse(resp.body).as_object();
        ASSERT_FALSE(body.contains("errors")) << resp.body;
        const auto& conn = body.at("data").at("inventoryItems").as_object();
        for (const auto& n : conn.at("nodes").as_array()) {
            for (const auto& rec : map_stock_item(n.as_object()))
                pages[rec.external_id] = json::parse(rec.data).as_object();
        }
        const auto& info = conn.at("pageInfo");
        if (!info.at("hasNextPage").as_bool())
            break;
        cursor = std::string(info.at("endCursor").as_string());
    }
    ASSERT_FALSE(bulk.empty());
    ASSERT_EQ(bulk.size(), pages.size());
    for (const auto& [id, s] : bulk) {
        ASSERT_TRUE(pages.count(id)) << id;
        EXPECT_EQ(json::value(s), json::value(pages.at(id))) << id;
        EXPECT_TRUE(s.at("variant_id").is_string()) << id;
        EXPECT_TRUE(s.at("product_id").is_string()) << id;
    }
}

}  // namespace
}  // namespace sb::connectors::shopify::testing
