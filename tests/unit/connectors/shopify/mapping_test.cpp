#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/test_env.hpp"
#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/webhooks.hpp"

// Shopify GraphQL nodes as the connector's selections (queries.cpp) return them, field names as
// published in the Admin API schema, mapped to the records of docs/records.md.
namespace sb::connectors::shopify {
namespace {

namespace json = boost::json;
using domain::DataType;

json::object data_of(DataType type, std::string_view node) {
    const auto r = map_node(type, json::parse(node).as_object());
    return json::parse(r.data).as_object();
}

json::object money(std::string_view amount, std::string_view currency) {
    return json::object{{"amount", amount}, {"currency", currency}};
}

std::string fixture_text(const std::string& name) {
    std::ifstream in(test::shared_dir() + "/fixtures/shopify/rest/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Shipped in two parcels from two locations, one unit of the shirt sent back and refunded; the
// buyer paid in euros (rate 0.92) in a shop that keeps its books in dollars.
constexpr std::string_view k_split_order = R"({
  "id": "gid://shopify/Order/5000000000007", "legacyResourceId": "5000000000007",
  "name": "#1008", "email": "customer8@example.com", "phone": null, "note": null, "tags": [],
  "createdAt": "2025-03-02T10:00:00Z", "updatedAt": "2025-03-09T16:30:00Z",
  "processedAt": "2025-03-02T10:00:00Z", "cancelledAt": null, "closedAt": null,
  "cancelReason": null, "test": false, "currencyCode": "USD", "presentmentCurrencyCode": "EUR",
  "displayFinancialStatus": "PARTIALLY_REFUNDED", "displayFulfillmentStatus": "FULFILLED",
  "sourceName": "web",
  "subtotalPriceSet": {"shopMoney": {"amount": "195.00", "currencyCode": "USD"}},
  "totalPriceSet": {"shopMoney": {"amount": "216.59", "currencyCode": "USD"},
                    "presentmentMoney": {"amount": "199.26", "currencyCode": "EUR"}},
  "totalTaxSet": {"shopMoney": {"amount": "15.60", "currencyCode": "USD"}},
  "totalShippingPriceSet": {"shopMoney": {"amount": "5.99", "currencyCode": "USD"}},
  "totalDiscountsSet": {"shopMoney": {"amount": "0.00", "currencyCode": "USD"}},
  "totalRefundedSet": {"shopMoney": {"amount": "27.00", "currencyCode": "USD"}},
  "currentTotalPriceSet": {"shopMoney": {"amount": "189.59", "currencyCode": "USD"}},
  "customer": {"legacyResourceId": "7000000000007",
               "defaultEmailAddress": {"emailAddress": "customer8@example.com"},
               "firstName": "Zoë", "lastName": "Müller"},
  "billingAddress": null, "shippingAddress": null,
  "lineItems": {"nodes": [
    {"id": "gid://shopify/LineItem/13000000000056", "title": "Sleek Cotton Shirt",
     "variantTitle": "M / Navy", "sku": "SB-12-M-Navy", "vendor": "Nordlys", "quantity": 3,
     "currentQuantity": 2, "unfulfilledQuantity": 0, "requiresShipping": true,
     "originalUnitPriceSet": {"shopMoney": {"amount": "25.00", "currencyCode": "USD"}},
     "discountedTotalSet": {"shopMoney": {"amount": "75.00", "currencyCode": "USD"}},
     "totalDiscountSet": {"shopMoney": {"amount": "0.00", "currencyCode": "USD"}},
     "variant": {"legacyResourceId": "44000000000769"},
     "product": {"legacyResourceId": "8000000000011"}},
    {"id": "gid://shopify/LineItem/13000000000057", "title": "Rustic Oak Lamp",
     "variantTitle": "Ivory", "sku": "SB-3-Ivory", "vendor": "Acme Goods", "quantity": 1,
     "currentQuantity": 1, "unfulfilledQuantity": 0, "requiresShipping": true,
     "originalUnitPriceSet": {"shopMoney": {"amount": "120.00", "currencyCode": "USD"}},
     "discountedTotalSet": {"shopMoney": {"amount": "120.00", "currencyCode": "USD"}},
     "totalDiscountSet": {"shopMoney": {"amount": "0.00", "currencyCode": "USD"}},
     "variant": {"legacyResourceId": "44000000000131"},
     "product": {"legacyResourceId": "8000000000002"}}],
    "pageInfo": {"hasNextPage": false, "endCursor": "eyJsYXN0X2lkIjoyfQ=="}},
  "shippingLines": {"nodes": [
    {"id": "gid://shopify/ShippingLine/4100000000007", "title": "Standard", "code": "Standard",
     "source": "shopify",
     "originalPriceSet": {"shopMoney": {"amount": "5.99", "currencyCode": "USD"}}}],
    "pageInfo": {"hasNextPage": false, "endCursor": null}},
  "fulfillments": [
    {"id": "gid://shopify/Fulfillment/4500000000028", "legacyResourceId": "4500000000028",
     "name": "#1008.1", "status": "SUCCESS", "displayStatus": "DELIVERED",
     "createdAt": "2025-03-02T12:00:00Z", "updatedAt": "2025-03-05T09:00:00Z",
     "deliveredAt": "2025-03-05T09:00:00Z",
     "trackingInfo": [{"company": "UPS", "number": "1Z100000001",
                       "url": "https://www.ups.com/track?tracknum=1Z100000001"}],
     "location": {"legacyResourceId": "70000000001"},
     "fulfillmentLineItems": {"nodes": [
       {"id": "gid://shopify/FulfillmentLineItem/45000000000280", "quantity": 2,
        "lineItem": {"id": "gid://shopify/LineItem/13000000000056"}}],
       "pageInfo": {"hasNextPage": false, "endCursor": null}}},
    {"id": "gid://shopify/Fulfillment/4500000000029", "legacyResourceId": "4500000000029",
     "name": "#1008.2", "status": "SUCCESS", "displayStatus": "IN_TRANSIT",
     "createdAt": "2025-03-04T15:00:00Z", "updatedAt": "2025-03-06T08:00:00Z",
     "deliveredAt": null,
     "trackingInfo": [{"company": "DHL Express", "number": "JD014600003",
                       "url": "https://www.dhl.com/en/express/tracking.html?AWB=JD014600003"}],
     "location": {"legacyResourceId": "70000000002"},
     "fulfillmentLineItems": {"nodes": [
       {"id": "gid://shopify/FulfillmentLineItem/45000000000290", "quantity": 1,
        "lineItem": {"id": "gid://shopify/LineItem/13000000000056"}},
       {"id": "gid://shopify/FulfillmentLineItem/45000000000291", "quantity": 1,
        "lineItem": {"id": "gid://shopify/LineItem/13000000000057"}}],
       "pageInfo": {"hasNextPage": false, "endCursor": null}}}],
  "refunds": [
    {"id": "gid://shopify/Refund/900000000007", "legacyResourceId": "900000000007",
     "note": "Damaged in transit", "createdAt": "2025-03-09T16:30:00Z",
     "totalRefundedSet": {"shopMoney": {"amount": "27.00", "currencyCode": "USD"},
                          "presentmentMoney": {"amount": "24.84", "currencyCode": "EUR"}},
     "refundLineItems": {"nodes": [
       {"id": "gid://shopify/RefundLineItem/9000000000070", "quantity": 1,
        "restockType": "RETURN", "restocked": true,
        "location": {"legacyResourceId": "70000000001"},
        "lineItem": {"id": "gid://shopify/LineItem/13000000000056"},
        "subtotalSet": {"shopMoney": {"amount": "25.00", "currencyCode": "USD"}},
        "totalTaxSet": {"shopMoney": {"amount": "2.00", "currencyCode": "USD"}}}],
       "pageInfo": {"hasNextPage": false, "endCursor": null}}}]
})";

TEST(ShopifyMapping, SplitShipmentIsOneDeliveryPerFulfillmentWithItsOwnItemsAndTracking) {
    const auto d = data_of(DataType::order, k_split_order);
    EXPECT_EQ(d.at("fulfillment_status"), "fulfilled");
    const auto& deliveries = d.at("deliveries").as_array();
    ASSERT_EQ(deliveries.size(), 2u);

    const auto& first = deliveries[0].as_object();
    EXPECT_EQ(first.at("id"), "4500000000028");
    EXPECT_EQ(first.at("name"), "#1008.1");
    EXPECT_EQ(first.at("status"), "success");
    EXPECT_EQ(first.at("location_id"), "70000000001");
    EXPECT_EQ(first.at("latest_status").at("type"), "DELIVERED");
    EXPECT_EQ(first.at("latest_status").at("at"), "2025-03-05T09:00:00.000Z");
    EXPECT_EQ(first.at("delivered_at"), "2025-03-05T09:00:00.000Z");
    ASSERT_EQ(first.at("tracking").as_array().size(), 1u);
    EXPECT_EQ(first.at("tracking").at(0).at("number"), "1Z100000001");
    EXPECT_EQ(first.at("tracking").at(0).at("company"), "UPS");
    ASSERT_EQ(first.at("items").as_array().size(), 1u);
    EXPECT_EQ(first.at("items").at(0),
              (json::object{{"line_item_id", "13000000000056"}, {"quantity", 2}}));

    const auto& second = deliveries[1].as_object();
    EXPECT_EQ(second.at("id"), "4500000000029");
    EXPECT_EQ(second.at("location_id"), "70000000002");
    EXPECT_EQ(second.at("latest_status").at("type"), "IN_TRANSIT");
    EXPECT_EQ(second.at("latest_status").at("at"), "2025-03-06T08:00:00.000Z");
    EXPECT_TRUE(second.at("delivered_at").is_null());
    EXPECT_EQ(second.at("tracking").at(0).at("company"), "DHL Express");
    EXPECT_EQ(second.at("tracking").at(0).at("number"), "JD014600003");
    // The shirt's third unit travelled in the second parcel, with the lamp.
    EXPECT_EQ(second.at("items"),
              (json::array{json::object{{"line_item_id", "13000000000056"}, {"quantity", 1}},
                           json::object{{"line_item_id", "13000000000057"}, {"quantity", 1}}}));
}

TEST(ShopifyMapping, PartialRefundListsTheUnitsGivenBackWithAmountsAndRestock) {
    const auto d = data_of(DataType::order, k_split_order);
    EXPECT_EQ(d.at("financial_status"), "partially_refunded");
    EXPECT_EQ(d.at("total_refunded"), money("27.00", "USD"));
    EXPECT_EQ(d.at("current_total"), money("189.59", "USD"));
    const auto& refunds = d.at("refunds").as_array();
    ASSERT_EQ(refunds.size(), 1u);
    const auto& r = refunds[0].as_object();
    EXPECT_EQ(r.at("id"), "900000000007");
    EXPECT_EQ(r.at("note"), "Damaged in transit");
    EXPECT_EQ(r.at("created_at"), "2025-03-09T16:30:00.000Z");
    EXPECT_EQ(r.at("total"), money("27.00", "USD"));
    EXPECT_EQ(r.at("presentment_total"), money("24.84", "EUR"));
    ASSERT_EQ(r.at("items").as_array().size(), 1u);
    EXPECT_EQ(r.at("items").at(0), (json::object{{"line_item_id", "13000000000056"},
                                                 {"quantity", 1},
                                                 {"restock_type", "return"},
                                                 {"restocked", true},
                                                 {"location_id", "70000000001"},
                                                 {"subtotal", money("25.00", "USD")},
                                                 {"total_tax", money("2.00", "USD")}}));
    // The line keeps what was ordered; current_quantity drops by the refunded unit.
    const auto& shirt = d.at("line_items").at(0);
    EXPECT_EQ(shirt.at("quantity"), 3);
    EXPECT_EQ(shirt.at("current_quantity"), 2);
    EXPECT_EQ(d.at("line_items").at(1).at("current_quantity"), 1);
}

TEST(ShopifyMapping, FullRefundAndGoodwillRefund) {
    // A cancelled order refunded in full: units never shipped are cancelled back to stock, the
    // one sent back damaged is not restocked; the refund is the whole total.
    const auto full = data_of(DataType::order, R"({
      "id": "gid://shopify/Order/5000000000040", "name": "#1041",
      "createdAt": "2025-06-01T08:00:00Z", "updatedAt": "2025-06-02T08:00:00Z",
      "cancelledAt": "2025-06-02T08:00:00Z", "closedAt": "2025-06-02T08:00:00Z",
      "cancelReason": "CUSTOMER", "currencyCode": "USD", "presentmentCurrencyCode": "USD",
      "displayFinancialStatus": "REFUNDED", "displayFulfillmentStatus": "UNFULFILLED",
      "totalPriceSet": {"shopMoney": {"amount": "64.78", "currencyCode": "USD"},
                        "presentmentMoney": {"amount": "64.78", "currencyCode": "USD"}},
      "totalRefundedSet": {"shopMoney": {"amount": "64.78", "currencyCode": "USD"}},
      "currentTotalPriceSet": {"shopMoney": {"amount": "0.00", "currencyCode": "USD"}},
      "lineItems": {"nodes": [], "pageInfo": {"hasNextPage": false, "endCursor": null}},
      "fulfillments": [],
      "refunds": [
        {"id": "gid://shopify/Refund/900000000040", "legacyResourceId": "900000000040",
         "note": "Order cancelled", "createdAt": "2025-06-02T08:00:00Z",
         "totalRefundedSet": {"shopMoney": {"amount": "64.78", "currencyCode": "USD"},
                              "presentmentMoney": {"amount": "64.78", "currencyCode": "USD"}},
         "refundLineItems": {"nodes": [
           {"id": "gid://shopify/RefundLineItem/9000000000400", "quantity": 2,
            "restockType": "CANCEL", "restocked": true,
            "location": {"legacyResourceId": "70000000001"},
            "lineItem": {"id": "gid://shopify/LineItem/13000000000320"},
            "subtotalSet": {"shopMoney": {"amount": "40.00", "currencyCode": "USD"}},
            "totalTaxSet": {"shopMoney": {"amount": "3.20", "currencyCode": "USD"}}},
           {"id": "gid://shopify/RefundLineItem/9000000000401", "quantity": 1,
            "restockType": "NO_RESTOCK", "restocked": false, "location": null,
            "lineItem": {"id": "gid://shopify/LineItem/13000000000321"},
            "subtotalSet": {"shopMoney": {"amount": "14.99", "currencyCode": "USD"}},
            "totalTaxSet": {"shopMoney": {"amount": "1.19", "currencyCode": "USD"}}}]}}]
    })");
    EXPECT_EQ(full.at("status"), "cancelled");
    EXPECT_EQ(full.at("financial_status"), "refunded");
    EXPECT_EQ(full.at("current_total"), money("0.00", "USD"));
    const auto& r = full.at("refunds").at(0);
    EXPECT_EQ(r.at("total"), full.at("total"));
    ASSERT_EQ(r.at("items").as_array().size(), 2u);
    EXPECT_EQ(r.at("items").at(0).at("restock_type"), "cancel");
    EXPECT_EQ(r.at("items").at(0).at("restocked"), true);
    EXPECT_EQ(r.at("items").at(0).at("quantity"), 2);
    EXPECT_EQ(r.at("items").at(1).at("restock_type"), "no_restock");
    EXPECT_EQ(r.at("items").at(1).at("restocked"), false);
    EXPECT_TRUE(r.at("items").at(1).at("location_id").is_null());

    // A goodwill refund gives an amount back without any item.
    const auto goodwill = data_of(DataType::order, R"({
      "id": "gid://shopify/Order/5000000000041", "name": "#1042",
      "displayFinancialStatus": "PARTIALLY_REFUNDED",
      "refunds": [{"id": "gid://shopify/Refund/900000000041", "note": null,
                   "createdAt": "2025-06-03T08:00:00Z",
                   "totalRefundedSet": {"shopMoney": {"amount": "10.00", "currencyCode": "USD"},
                                        "presentmentMoney": {"amount": "9.20",
                                                             "currencyCode": "EUR"}},
                   "refundLineItems": {"nodes": []}}]
    })");
    const auto& g = goodwill.at("refunds").at(0);
    EXPECT_EQ(g.at("total"), money("10.00", "USD"));
    EXPECT_EQ(g.at("presentment_total"), money("9.20", "EUR"));
    EXPECT_TRUE(g.at("items").as_array().empty());
    EXPECT_TRUE(g.at("note").is_null());

    // An order that lists no refunds has an empty list, never a missing field.
    const auto none = data_of(DataType::order, R"({"id": "gid://shopify/Order/5000000000042"})");
    EXPECT_EQ(none.at("refunds"), json::array{});
}

TEST(ShopifyMapping, PresentmentAmountsStayInTheBuyersCurrencyAsDecimalStrings) {
    const auto eur = data_of(DataType::order, k_split_order);
    EXPECT_EQ(eur.at("currency"), "USD");
    EXPECT_EQ(eur.at("presentment_currency"), "EUR");
    // Every plain amount is the shop's; only presentment_* is the buyer's.
    EXPECT_EQ(eur.at("total"), money("216.59", "USD"));
    EXPECT_EQ(eur.at("subtotal"), money("195.00", "USD"));
    EXPECT_EQ(eur.at("total_shipping"), money("5.99", "USD"));
    EXPECT_EQ(eur.at("presentment_total"), money("199.26", "EUR"));
    EXPECT_EQ(eur.at("line_items").at(0).at("unit_price"), money("25.00", "USD"));

    // Yen have no minor unit; Shopify writes "3300.0" and the string is kept as it came (a
    // double would have come out as 3300 or 3.3e3).
    const auto jpy = data_of(DataType::order, R"({
      "id": "gid://shopify/Order/5000000000043", "currencyCode": "USD",
      "presentmentCurrencyCode": "JPY",
      "totalPriceSet": {"shopMoney": {"amount": "21.86", "currencyCode": "USD"},
                        "presentmentMoney": {"amount": "3300.0", "currencyCode": "JPY"}},
      "subtotalPriceSet": {"shopMoney": {"amount": "0.10", "currencyCode": "USD"}}
    })");
    EXPECT_EQ(jpy.at("presentment_currency"), "JPY");
    EXPECT_EQ(jpy.at("presentment_total"), money("3300.0", "JPY"));
    EXPECT_EQ(jpy.at("total"), money("21.86", "USD"));
    EXPECT_EQ(jpy.at("subtotal").at("amount"), "0.10");
    EXPECT_TRUE(jpy.at("total").at("amount").is_string());
}

TEST(ShopifyMapping, VariantsCarryEveryOptionOfTheirProductInOrder) {
    // Size × Color × Material: 2 × 2 × 2 variants, option 1 varying slowest.
    std::string variants;
    const char* sizes[] = {"S", "M"};
    const char* colors[] = {"Navy", "Sand"};
    const char* materials[] = {"Cotton", "Wool"};
    int k = 0;
    for (const char* size : sizes) {
        for (const char* color : colors) {
            for (const char* material : materials) {
                const std::string title = std::string(size) + " / " + color + " / " + material;
                const std::string id = std::to_string(44000000000640LL + k);
                variants += std::string(k ? "," : "") + R"({"id": "gid://shopify/ProductVariant/)" +
                            id + R"(", "legacyResourceId": ")" + id + R"(", "title": ")" + title +
                            R"(", "displayName": "Nordic Linen Hat - )" + title +
                            R"(", "sku": "SB-11-)" + size + "-" + color + "-" + material +
                            R"(", "barcode": null, "position": )" + std::to_string(k + 1) +
                            R"(, "price": "34.99", "compareAtPrice": null, "taxable": true,
                    "inventoryPolicy": "DENY", "inventoryQuantity": 12,
                    "createdAt": "2023-12-22T00:10:00Z", "updatedAt": "2024-05-01T00:10:00Z",
                    "selectedOptions": [{"name": "Size", "value": ")" +
                            size + R"("}, {"name": "Color", "value": ")" + color +
                            R"("}, {"name": "Material", "value": ")" + material + R"("}],
                    "inventoryItem": {"legacyResourceId": ")" +
                            std::to_string(46000000000640LL + k) + R"("}})";
                ++k;
            }
        }
    }
    const auto p = data_of(DataType::product, R"({
      "id": "gid://shopify/Product/8000000000010", "legacyResourceId": "8000000000010",
      "title": "Nordic Linen Hat", "handle": "nordic-linen-hat-11", "status": "ACTIVE",
      "tags": ["winter", "new"], "createdAt": "2023-12-22T00:10:00Z",
      "updatedAt": "2024-05-01T00:10:00Z", "publishedAt": "2023-12-22T01:10:00Z",
      "variants": {"nodes": [)" + variants +
                                                  R"(],
                   "pageInfo": {"hasNextPage": false, "endCursor": null}}})");
    const auto& vs = p.at("variants").as_array();
    ASSERT_EQ(vs.size(), 8u);
    for (std::size_t i = 0; i < vs.size(); ++i) {
        const auto& v = vs[i];
        ASSERT_EQ(v.at("options").as_array().size(), 3u) << i;
        EXPECT_EQ(v.at("options").at(0).at("name"), "Size");
        EXPECT_EQ(v.at("options").at(1).at("name"), "Color");
        EXPECT_EQ(v.at("options").at(2).at("name"), "Material");
        EXPECT_EQ(v.at("position"), static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(v.at("price"), "34.99");
        EXPECT_EQ(v.at("inventory_item_id"), json::value(std::to_string(46000000000640LL + i)));
    }
    EXPECT_EQ(vs[5].at("id"), "44000000000645");
    EXPECT_EQ(vs[5].at("title"), "M / Navy / Wool");
    EXPECT_EQ(vs[5].at("sku"), "SB-11-M-Navy-Wool");
    EXPECT_EQ(vs[5].at("options"),
              (json::array{json::object{{"name", "Size"}, {"value", "M"}},
                           json::object{{"name", "Color"}, {"value", "Navy"}},
                           json::object{{"name", "Material"}, {"value", "Wool"}}}));
}

TEST(ShopifyMapping, CustomersWithoutEmail) {
    // Signed up in a shop by phone: no email, so no email marketing consent either.
    const auto phone_only = data_of(DataType::customer, R"({
      "id": "gid://shopify/Customer/7000000000016", "legacyResourceId": "7000000000016",
      "firstName": "Kenji", "lastName": "Tanaka", "displayName": "Kenji Tanaka",
      "defaultEmailAddress": null, "defaultPhoneNumber": {"phoneNumber": "+16135551016"},
      "note": null, "state": "ENABLED",
      "verifiedEmail": false, "taxExempt": false, "tags": [], "numberOfOrders": "5",
      "createdAt": "2023-12-27T00:00:16Z", "updatedAt": "2024-08-01T00:00:00Z",
      "amountSpent": {"amount": "412.50", "currencyCode": "USD"},
      "defaultAddress": null
    })");
    EXPECT_EQ(phone_only.at("id"), "7000000000016");
    EXPECT_TRUE(phone_only.at("email").is_null());
    EXPECT_EQ(phone_only.at("phone"), "+16135551016");
    EXPECT_EQ(phone_only.at("accepts_marketing"), false);
    EXPECT_EQ(phone_only.at("verified_email"), false);
    EXPECT_EQ(phone_only.at("orders_count"), 5);
    EXPECT_EQ(phone_only.at("amount_spent"), money("412.50", "USD"));

    // Nothing to reach them by: both null, still present.
    const auto neither = data_of(DataType::customer, R"({
      "id": "gid://shopify/Customer/7000000000017", "firstName": "Ana", "lastName": "Silva",
      "defaultEmailAddress": null, "defaultPhoneNumber": null, "state": "DISABLED",
      "numberOfOrders": "0"
    })");
    ASSERT_TRUE(neither.contains("email"));
    ASSERT_TRUE(neither.contains("phone"));
    EXPECT_TRUE(neither.at("email").is_null());
    EXPECT_TRUE(neither.at("phone").is_null());
    EXPECT_EQ(neither.at("state"), "disabled");

    // An order of such a customer has no email either.
    const auto order = data_of(DataType::order, R"({
      "id": "gid://shopify/Order/5000000000015", "email": null, "phone": "+16135551016",
      "customer": {"legacyResourceId": "7000000000016", "defaultEmailAddress": null,
                   "firstName": "Kenji", "lastName": "Tanaka"}})");
    EXPECT_TRUE(order.at("email").is_null());
    EXPECT_EQ(order.at("customer_id"), "7000000000016");
    EXPECT_TRUE(order.at("customer").at("email").is_null());
}

TEST(ShopifyMapping, CustomerEmailPhoneAndMarketingComeFromTheirDefaultAddresses) {
    const auto subscribed = data_of(DataType::customer, R"({
      "id": "gid://shopify/Customer/7000000000003", "legacyResourceId": "7000000000003",
      "firstName": "Zoë", "lastName": "Müller", "displayName": "Zoë Müller", "note": null,
      "state": "ENABLED", "verifiedEmail": true, "taxExempt": false, "tags": ["vip"],
      "numberOfOrders": "12", "createdAt": "2023-12-14T00:00:03Z",
      "updatedAt": "2025-01-02T10:00:00Z",
      "amountSpent": {"amount": "1234.50", "currencyCode": "USD"}, "defaultAddress": null,
      "defaultEmailAddress": {"emailAddress": "zoe@example.com", "marketingState": "SUBSCRIBED",
                              "marketingOptInLevel": "SINGLE_OPT_IN",
                              "marketingUpdatedAt": "2023-12-14T00:00:03Z"},
      "defaultPhoneNumber": {"phoneNumber": "+4930555003"}
    })");
    EXPECT_EQ(subscribed.at("email"), "zoe@example.com");
    EXPECT_EQ(subscribed.at("phone"), "+4930555003");
    EXPECT_EQ(subscribed.at("accepts_marketing"), true);
    EXPECT_EQ(subscribed.at("verified_email"), true);
    EXPECT_EQ(subscribed.at("tags"), json::array{"vip"});

    // An address that stopped (or never started) subscribing is not accepting marketing.
    for (const char* state : {"NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING", "INVALID"}) {
        const auto other = data_of(DataType::customer, std::string(R"({
          "id": "gid://shopify/Customer/7000000000004",
          "defaultEmailAddress": {"emailAddress": "sam@example.com", "marketingState": ")") +
                                                           state + R"(",
                                  "marketingOptInLevel": null, "marketingUpdatedAt": null},
          "defaultPhoneNumber": null})");
        EXPECT_EQ(other.at("email"), "sam@example.com") << state;
        EXPECT_EQ(other.at("accepts_marketing"), false) << state;
        EXPECT_TRUE(other.at("phone").is_null()) << state;
    }
}

TEST(ShopifyMapping, ShopPlanAndAddress) {
    const auto shop = data_of(DataType::shop, R"({
      "id": "gid://shopify/Shop/60000000001", "name": "Storebridge Dev",
      "email": "owner@example.com", "contactEmail": "hello@example.com",
      "myshopifyDomain": "storebridge-dev.myshopify.com", "currencyCode": "USD",
      "enabledPresentmentCurrencies": ["USD", "EUR"], "ianaTimezone": "UTC",
      "weightUnit": "KILOGRAMS", "taxesIncluded": false,
      "createdAt": "2023-12-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z",
      "plan": {"publicDisplayName": "Advanced", "shopifyPlus": false},
      "shopAddress": {"address1": "1 Market St", "city": "San Francisco",
                      "province": "California", "country": "United States",
                      "countryCodeV2": "US", "zip": "94105"}
    })");
    EXPECT_EQ(shop.at("id"), "60000000001");
    EXPECT_EQ(shop.at("plan_name"), "Advanced");
    EXPECT_EQ(shop.at("plan_plus"), false);
    EXPECT_EQ(shop.at("weight_unit"), "kilograms");
    // What the selection does not ask for is null, never missing.
    EXPECT_EQ(shop.at("address"), (json::object{{"address1", "1 Market St"},
                                                {"address2", nullptr},
                                                {"city", "San Francisco"},
                                                {"province", "California"},
                                                {"province_code", nullptr},
                                                {"country", "United States"},
                                                {"country_code", "US"},
                                                {"zip", "94105"},
                                                {"phone", nullptr}}));
    EXPECT_TRUE(shop.at("phone").is_null());
    EXPECT_TRUE(shop.at("icon").is_null());
}

// An inventory item with its one variant and two levels, as a page reads it.
constexpr std::string_view k_stock_item = R"({
  "id": "gid://shopify/InventoryItem/46000000000641", "legacyResourceId": "46000000000641",
  "sku": "SB-11-S-Navy-Wool", "tracked": true, "updatedAt": "2024-05-01T00:10:00Z",
  "variants": {"nodes": [{"id": "gid://shopify/ProductVariant/44000000000641",
                          "legacyResourceId": "44000000000641",
                          "product": {"legacyResourceId": "8000000000010"}}]},
  "inventoryLevels": {"nodes": [
    {"id": "gid://shopify/InventoryLevel/46000000000641?inventory_item_id=46000000000641&location_id=70000000001",
     "updatedAt": "2025-02-01T00:00:00Z", "location": {"legacyResourceId": "70000000001"},
     "quantities": [{"name": "available", "quantity": 7}, {"name": "on_hand", "quantity": 9},
                    {"name": "committed", "quantity": 2}, {"name": "incoming", "quantity": 0}]},
    {"id": "gid://shopify/InventoryLevel/46000000000641?inventory_item_id=46000000000641&location_id=70000000003",
     "updatedAt": "2025-02-24T09:00:00Z", "location": {"legacyResourceId": "70000000003"},
     "quantities": [{"name": "available", "quantity": 0}, {"name": "on_hand", "quantity": 0},
                    {"name": "committed", "quantity": 0}, {"name": "incoming", "quantity": 0}]}],
    "pageInfo": {"hasNextPage": false, "endCursor": null}}
})";

TEST(ShopifyMapping, StockRecordsNameTheItemsVariantAndProduct) {
    const auto records = map_stock_item(json::parse(k_stock_item).as_object());
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].external_id, "46000000000641:70000000001");
    EXPECT_EQ(records[0].parent_external_id, "46000000000641");
    const auto d = json::parse(records[0].data).as_object();
    EXPECT_EQ(d.at("variant_id"), "44000000000641");
    EXPECT_EQ(d.at("product_id"), "8000000000010");
    EXPECT_EQ(d.at("sku"), "SB-11-S-Navy-Wool");
    EXPECT_EQ(d.at("available"), 7);
    EXPECT_EQ(d.at("on_hand"), 9);
    EXPECT_EQ(d.at("committed"), 2);
    EXPECT_EQ(d.at("location_id"), "70000000001");

    // An item without a variant (none listed) still has its stock, unattributed.
    json::object orphan = json::parse(k_stock_item).as_object();
    orphan["variants"] = json::object{{"nodes", json::array{}}};
    const auto o = json::parse(map_stock_item(orphan).at(0).data).as_object();
    EXPECT_TRUE(o.at("variant_id").is_null());
    EXPECT_TRUE(o.at("product_id").is_null());
}

TEST(ShopifyMapping, BulkStockMapsAsAPageReadDoes) {
    // The bulk file writes the variant and the levels as child lines of the item.
    const auto page = json::parse(k_stock_item).as_object();
    json::object root = page;
    root.erase("variants");
    root.erase("inventoryLevels");
    BulkAssembler a(10, 0);
    std::int64_t n = 0;
    a.add(json::serialize(root), n++);
    for (const char* key : {"inventoryLevels", "variants"}) {  // children in any order
        for (const auto& child : page.at(key).at("nodes").as_array()) {
            json::object line = child.as_object();
            line["__parentId"] = root.at("id");
            a.add(json::serialize(line), n++);
        }
    }
    auto ready = a.take_ready(true);
    ASSERT_EQ(ready.size(), 1u);
    const auto bulk = map_stock_item(ready[0].node);
    const auto paged = map_stock_item(page);
    ASSERT_EQ(bulk.size(), paged.size());
    for (std::size_t i = 0; i < bulk.size(); ++i) {
        EXPECT_EQ(bulk[i].external_id, paged[i].external_id);
        EXPECT_EQ(json::parse(bulk[i].data), json::parse(paged[i].data)) << bulk[i].external_id;
    }
}

TEST(ShopifyMapping, DeactivatedLocationIsInactive) {
    const auto closed = data_of(DataType::location, R"({
      "id": "gid://shopify/Location/70000000003", "legacyResourceId": "70000000003",
      "name": "東京 Store", "isActive": false, "fulfillsOnlineOrders": false,
      "shipsInventory": false, "deactivatedAt": "2025-02-24T09:00:00Z",
      "createdAt": "2023-12-14T00:00:00Z", "updatedAt": "2025-02-24T09:00:00Z",
      "address": {"address1": "12 銀座通り", "address2": null, "city": "Tokyo",
                  "province": "Tokyo", "provinceCode": "JP-13", "country": "Japan",
                  "countryCode": "JP", "zip": "100-0001", "phone": null}
    })");
    EXPECT_EQ(closed.at("id"), "70000000003");
    EXPECT_EQ(closed.at("active"), false);
    EXPECT_EQ(closed.at("fulfills_online_orders"), false);
    EXPECT_EQ(closed.at("ships_inventory"), false);
    EXPECT_EQ(closed.at("updated_at"), "2025-02-24T09:00:00.000Z");
    EXPECT_EQ(closed.at("address").at("country_code"), "JP");

    const auto open = data_of(DataType::location, R"({
      "id": "gid://shopify/Location/70000000001", "name": "Main Warehouse", "isActive": true,
      "fulfillsOnlineOrders": true, "shipsInventory": true, "deactivatedAt": null})");
    EXPECT_EQ(open.at("active"), true);
}

// Shopify's own refund fixture (REST) restated as the GraphQL node the connector reads.
TEST(ShopifyMapping, RefundFixtureMapsThroughItsGraphqlShape) {
    const auto rest = json::parse(fixture_text("refund.json")).at("refund").as_object();
    json::array items;
    for (const auto& v : rest.at("refund_line_items").as_array()) {
        const auto& rl = v.as_object();
        const auto& li = rl.at("line_item").as_object();
        items.push_back(json::object{
            {"id", "gid://shopify/RefundLineItem/" + std::to_string(rl.at("id").as_int64())},
            {"quantity", rl.at("quantity")},
            // The old payload says `restock` on the refund, nothing per line.
            {"restockType", rest.at("restock").as_bool() ? "LEGACY_RESTOCK" : "NO_RESTOCK"},
            {"restocked", rest.at("restock")},
            {"location", nullptr},
            {"lineItem",
             {{"id",
               "gid://shopify/LineItem/" + std::to_string(rl.at("line_item_id").as_int64())}}},
            {"subtotalSet", {{"shopMoney", {{"amount", li.at("price")}, {"currencyCode", "USD"}}}}},
            {"totalTaxSet",
             {{"shopMoney",
               {{"amount", li.at("tax_lines").at(0).at("price")}, {"currencyCode", "USD"}}}}}});
    }
    const auto& tx = rest.at("transactions").at(0).as_object();
    const json::object amount{{"amount", tx.at("amount")}, {"currencyCode", tx.at("currency")}};
    const json::object order{
        {"id", "gid://shopify/Order/" + std::to_string(rest.at("order_id").as_int64())},
        {"refunds", json::array{json::object{
                        {"id", "gid://shopify/Refund/" + std::to_string(rest.at("id").as_int64())},
                        {"legacyResourceId", std::to_string(rest.at("id").as_int64())},
                        {"note", rest.at("note")},
                        {"createdAt", rest.at("created_at")},
                        {"totalRefundedSet", {{"shopMoney", amount}, {"presentmentMoney", amount}}},
                        {"refundLineItems", {{"nodes", items}}}}}}};
    const auto d = data_of(DataType::order, json::serialize(order));
    EXPECT_EQ(d.at("id"), "450789469");
    const auto& r = d.at("refunds").at(0);
    EXPECT_EQ(r.at("id"), "509562969");
    EXPECT_EQ(r.at("note"), "it broke during shipping");
    EXPECT_EQ(r.at("created_at"), "2016-06-20T17:35:06.000Z");  // offset normalized to UTC
    EXPECT_EQ(r.at("total"), money("209.00", "USD"));
    ASSERT_EQ(r.at("items").as_array().size(), 2u);
    EXPECT_EQ(r.at("items").at(0).at("line_item_id"), "703073504");
    EXPECT_EQ(r.at("items").at(1).at("line_item_id"), "466157049");
    EXPECT_EQ(r.at("items").at(0).at("quantity"), 1);
    EXPECT_EQ(r.at("items").at(0).at("restock_type"), "legacy_restock");
    EXPECT_EQ(r.at("items").at(0).at("subtotal"), money("199.00", "USD"));
    EXPECT_EQ(r.at("items").at(0).at("total_tax"), money("3.98", "USD"));
}

// A bulk result writes the refunds' items as lines of their own; once the assembler has put
// them back under their refund, the record is the one a page read gives.
TEST(ShopifyMapping, BulkRefundItemsMapAsAPageReadDoes) {
    const auto page = json::parse(k_split_order).as_object();
    json::object root = page;
    json::array lines;
    for (const auto& li : page.at("lineItems").at("nodes").as_array()) {
        json::object l = li.as_object();
        l["__parentId"] = root.at("id");
        lines.push_back(l);
    }
    root.erase("lineItems");
    root.erase("shippingLines");
    json::array refund_items;
    for (auto& r : root.at("refunds").as_array()) {
        for (const auto& rl : r.at("refundLineItems").at("nodes").as_array()) {
            json::object l = rl.as_object();
            l["__parentId"] = r.at("id");
            refund_items.push_back(l);
        }
        r.as_object().erase("refundLineItems");
    }
    for (auto& f : root.at("fulfillments").as_array()) {
        for (const auto& fl : f.at("fulfillmentLineItems").at("nodes").as_array()) {
            json::object l = fl.as_object();
            l["__parentId"] = f.at("id");
            refund_items.push_back(l);  // children follow their parent in any order
        }
        f.as_object().erase("fulfillmentLineItems");
    }
    BulkAssembler a(10, 0);
    std::int64_t n = 0;
    a.add(json::serialize(root), n++);
    for (const auto& l : lines)
        a.add(json::serialize(l), n++);
    for (const auto& l : refund_items)
        a.add(json::serialize(l), n++);
    auto ready = a.take_ready(true);
    ASSERT_EQ(ready.size(), 1u);
    const auto bulk = json::parse(map_node(DataType::order, ready[0].node).data).as_object();
    const auto paged = data_of(DataType::order, k_split_order);
    EXPECT_EQ(bulk.at("refunds"), paged.at("refunds"));
    EXPECT_EQ(bulk.at("deliveries"), paged.at("deliveries"));
    EXPECT_EQ(bulk.at("line_items"), paged.at("line_items"));
}

// Every number token of a JSON text (strings skipped) that is written with an exponent.
std::vector<std::string> numbers_in_exponent_form(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\')
                    ++i;
            }
            continue;
        }
        if (text[i] != '-' && (text[i] < '0' || text[i] > '9'))
            continue;
        const auto end = std::min(text.find_first_of(",]}", i), text.size());
        const auto token = text.substr(i, end - i);
        if (token.find_first_of("eE") != std::string_view::npos)
            out.emplace_back(token);
        i = end - 1;
    }
    return out;
}

bool is_decimal_text(std::string_view s) {
    if (!s.empty() && s[0] == '-')
        s.remove_prefix(1);
    const auto dot = s.find('.');
    const auto whole = s.substr(0, dot);
    const auto frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    auto digits = [](std::string_view d) {
        return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    return digits(whole) && (dot == std::string_view::npos || digits(frac));
}

// Every Money object ({amount, currency}) anywhere in `v`.
void money_amounts(const json::value& v, std::vector<json::value>& out) {
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.size() == 2 && o.contains("amount") && o.contains("currency"))
            out.push_back(o.at("amount"));
        for (const auto& kv : o)
            money_amounts(kv.value(), out);
    } else if (v.is_array()) {
        for (const auto& e : v.get_array())
            money_amounts(e, out);
    }
}

// Shopify's real order payloads, and a copy whose amounts are JSON numbers (as some payloads
// and API versions send them): every amount comes out a decimal string, no number in exponent
// form.
TEST(ShopifyMapping, RealOrderFixturesKeepMoneyAsDecimalStrings) {
    std::vector<json::object> orders{
        json::parse(fixture_text("order.json")).at("order").as_object()};
    const auto list = json::parse(fixture_text("orders.json"));
    for (const auto& o : list.at("orders").as_array())
        orders.push_back(o.as_object());
    json::object numeric = orders[0];
    numeric["total_price"] = 644.6;
    numeric["subtotal_price"] = 1e3;
    numeric["total_tax"] = 0.1;
    numeric["line_items"].as_array()[0].as_object()["price"] = 199.0;
    orders.push_back(numeric);

    for (std::size_t k = 0; k < orders.size(); ++k) {
        const auto e = webhooks::decode("orders/updated", json::serialize(orders[k]));
        ASSERT_EQ(e.records.size(), 1u) << k;
        const std::string& text = e.records[0].data;
        EXPECT_EQ(numbers_in_exponent_form(text), std::vector<std::string>{}) << text;
        std::vector<json::value> amounts;
        money_amounts(json::parse(text), amounts);
        EXPECT_GE(amounts.size(), 5u) << k;  // the order's totals and its lines' prices
        for (const auto& a : amounts) {
            ASSERT_TRUE(a.is_string()) << k << ": " << a;
            EXPECT_TRUE(is_decimal_text(a.get_string())) << k << ": " << a;
        }
    }
    const auto d =
        json::parse(webhooks::decode("orders/updated", json::serialize(numeric)).records[0].data);
    EXPECT_EQ(d.at("total").at("amount"), "644.60");
    EXPECT_EQ(d.at("subtotal").at("amount"), "1000.00");
    EXPECT_EQ(d.at("total_tax").at("amount"), "0.10");
    EXPECT_EQ(d.at("line_items").at(0).at("unit_price").at("amount"), "199.00");
}

}  // namespace
}  // namespace sb::connectors::shopify
