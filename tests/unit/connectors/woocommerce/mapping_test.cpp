// WooCommerce wc/v3 objects (minimal fixtures written from the shapes of the REST API
// documentation's examples) → the hub's records; statuses; webhook signatures.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "connectors/kit/webhook_signature.hpp"
#include "connectors/woocommerce/mapping.hpp"
#include "connectors/woocommerce/woocommerce_connector.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::woocommerce {
namespace {

namespace json = boost::json;

json::object parse(std::string_view text) {
    return json::parse(text).as_object();
}

TEST(WooCommerceMapping, GmtDatesAreUtc) {
    EXPECT_EQ(parse_gmt("1970-01-01T00:00:01"), 1000);
    EXPECT_EQ(parse_gmt("2017-03-22T16:28:02"), parse_gmt("2017-03-22T16:28:02"));
    EXPECT_FALSE(parse_gmt(""));
    EXPECT_FALSE(parse_gmt("yesterday"));
}

TEST(WooCommerceMapping, AnOrderReadsItsGmtDatesStatusAndLines) {
    const auto o = parse(R"({"id":727,"number":"727","status":"processing","currency":"USD",
      "date_created":"2017-03-22T16:28:02","date_created_gmt":"2017-03-22T19:28:02",
      "date_modified":"2017-03-22T16:28:08","date_modified_gmt":"2017-03-22T19:28:08",
      "discount_total":"0.00","shipping_total":"10.00","total":"29.35","total_tax":"1.35",
      "customer_id":0,"customer_note":"",
      "billing":{"first_name":"John","last_name":"Doe","company":"","address_1":"969 Market",
        "address_2":"","city":"San Francisco","state":"CA","postcode":"94103","country":"US",
        "email":"john.doe@example.com","phone":"(555) 555-5555"},
      "shipping":{"first_name":"John","last_name":"Doe","company":"","address_1":"969 Market",
        "address_2":"","city":"San Francisco","state":"CA","postcode":"94103","country":"US"},
      "date_paid":"2017-03-22T16:28:08","date_paid_gmt":"2017-03-22T19:28:08",
      "date_completed":null,"date_completed_gmt":null,
      "line_items":[{"id":315,"name":"Woo Single #1","product_id":93,"variation_id":0,
        "quantity":2,"subtotal":"6.00","total":"6.00","sku":"","price":3,"meta_data":[]},
        {"id":316,"name":"Ship Your Idea","product_id":22,"variation_id":23,"quantity":1,
        "subtotal":"12.00","total":"12.00","sku":"","price":12,
        "meta_data":[{"id":2095,"key":"pa_color","value":"black","display_key":"Color",
          "display_value":"Black"}]}],
      "shipping_lines":[{"id":317,"method_title":"Flat Rate","method_id":"flat_rate",
        "total":"10.00"}]})");
    const auto r = map_order(o);
    EXPECT_EQ(r.external_id, "727");
    EXPECT_EQ(r.updated_at, *parse_gmt("2017-03-22T19:28:08"));
    const auto d = json::parse(r.data);
    EXPECT_EQ(d.at("status"), "open");
    EXPECT_EQ(d.at("financial_status"), "paid");
    EXPECT_EQ(d.at("fulfillment_status"), "unfulfilled");
    EXPECT_EQ(d.at("name"), "#727");
    EXPECT_EQ(d.at("created_at"), "2017-03-22T19:28:02.000Z");
    EXPECT_EQ(d.at("total").at("amount"), "29.35");
    EXPECT_EQ(d.at("total").at("currency"), "USD");
    EXPECT_TRUE(d.at("customer_id").is_null());
    EXPECT_EQ(d.at("email"), "john.doe@example.com");
    ASSERT_EQ(d.at("line_items").as_array().size(), 2u);
    EXPECT_EQ(d.at("line_items").at(0).at("variant_id"), "93");
    EXPECT_EQ(d.at("line_items").at(1).at("variant_id"), "23");
    EXPECT_EQ(d.at("line_items").at(1).at("variant_title"), "Black");
    EXPECT_EQ(d.at("line_items").at(0).at("quantity"), 2);
    EXPECT_EQ(d.at("shipping_lines").at(0).at("price").at("amount"), "10.00");
    EXPECT_EQ(d.at("shipping_address").at("country_code"), "US");
}

TEST(WooCommerceMapping, StatusesMapToTheHubsEnums) {
    EXPECT_EQ(status_meaning("pending")->financial_status, "pending");
    EXPECT_EQ(status_meaning("on-hold")->financial_status, "authorized");
    EXPECT_EQ(status_meaning("completed")->status, "closed");
    EXPECT_EQ(status_meaning("completed")->fulfillment_status, "fulfilled");
    EXPECT_EQ(status_meaning("cancelled")->status, "cancelled");
    EXPECT_EQ(status_meaning("refunded")->financial_status, "refunded");
    EXPECT_EQ(status_meaning("failed")->status, "cancelled");
    EXPECT_FALSE(status_meaning("my-plugin-status"));
}

TEST(WooCommerceMapping, AVariableProductCarriesItsVariationsAndTheirStock) {
    const auto p = parse(R"({"id":22,"name":"Ship Your Idea","slug":"ship-your-idea",
      "type":"variable","status":"publish","date_created_gmt":"2017-03-23T20:03:12",
      "date_modified_gmt":"2017-03-23T20:03:12","manage_stock":false,"stock_quantity":null,
      "variations":[23,24]})");
    const auto vs = json::parse(R"([
      {"id":23,"sku":"SYI-B","price":"20.00","regular_price":"20.00","sale_price":"",
       "manage_stock":true,"stock_quantity":5,"date_modified_gmt":"2017-03-23T20:03:12",
       "attributes":[{"id":0,"name":"Color","option":"Black"}]},
      {"id":24,"sku":"SYI-G","price":"18.00","regular_price":"20.00","sale_price":"18.00",
       "manage_stock":false,"stock_quantity":null,"attributes":[{"id":0,"name":"Color",
       "option":"Green"}]}])")
                        .as_array();
    const auto d = json::parse(map_product(p, vs).data);
    EXPECT_EQ(d.at("status"), "active");
    ASSERT_EQ(d.at("variants").as_array().size(), 2u);
    EXPECT_EQ(d.at("variants").at(0).at("inventory_item_id"), "22/23");
    EXPECT_EQ(d.at("variants").at(0).at("inventory_quantity"), 5);
    EXPECT_TRUE(d.at("variants").at(1).at("inventory_quantity").is_null());
    EXPECT_EQ(d.at("variants").at(1).at("compare_at_price"), "20.00");
    const auto stock = map_stock(p, vs);
    ASSERT_EQ(stock.size(), 1u);  // only managed stock is a level
    EXPECT_EQ(stock[0].external_id, "22/23:default");
    EXPECT_EQ(json::parse(stock[0].data).at("available"), 5);
}

TEST(WooCommerceMapping, ASimpleProductIsItsOwnVariant) {
    const auto p = parse(R"({"id":93,"name":"Woo Single #1","type":"simple","status":"draft",
      "sku":"WS1","price":"3.00","manage_stock":true,"stock_quantity":7})");
    const auto d = json::parse(map_product(p, {}).data);
    EXPECT_EQ(d.at("status"), "draft");
    ASSERT_EQ(d.at("variants").as_array().size(), 1u);
    EXPECT_EQ(d.at("variants").at(0).at("inventory_item_id"), "93");
    const auto stock = map_stock(p, {});
    ASSERT_EQ(stock.size(), 1u);
    EXPECT_EQ(stock[0].external_id, "93:default");
}

TEST(WooCommerceMapping, ACustomerAndTheShop) {
    const auto c = parse(R"({"id":25,"email":"john.doe@example.com","first_name":"John",
      "last_name":"Doe","username":"john.doe","date_created_gmt":"2017-03-21T19:29:22",
      "date_modified_gmt":"2017-03-21T19:29:22","billing":{"first_name":"John",
      "last_name":"Doe","address_1":"969 Market","city":"San Francisco","state":"CA",
      "postcode":"94103","country":"US","email":"john.doe@example.com","phone":"555"}})");
    const auto d = json::parse(map_customer(c).data);
    EXPECT_EQ(d.at("display_name"), "John Doe");
    EXPECT_EQ(d.at("default_address").at("city"), "San Francisco");
    const auto s =
        json::parse(map_shop(parse(R"({"environment":{"home_url":"https://shop.example.com/"},
          "settings":{"currency":"EUR"}})"))
                        .data);
    EXPECT_EQ(s.at("currency"), "EUR");
    EXPECT_EQ(s.at("domain"), "shop.example.com");
}

TEST(WooCommerceWebhooks, SignatureIsBase64HmacOfTheBody) {
    const std::string body = R"({"id":727})";
    const std::string sig = crypto::base64_encode(crypto::hmac_sha256("s3cret", body));
    EXPECT_TRUE(kit::verify_hmac_sha256(body, sig, "s3cret", kit::Encoding::base64));
    EXPECT_FALSE(kit::verify_hmac_sha256(body, sig, "other", kit::Encoding::base64));
    EXPECT_FALSE(kit::verify_hmac_sha256(body + " ", sig, "s3cret", kit::Encoding::base64));
    EXPECT_EQ(normalize_site_url("HTTPS://Shop.Example.com/"), "https://shop.example.com");
}

TEST(WooCommerceWebhooks, DeletionsAreTombstonesAndBadIdsAreRefused) {
    WooCommerceConnector c({});
    const auto ev = c.decode_webhook("order.deleted", R"({"id":727})");
    ASSERT_EQ(ev.records.size(), 1u);
    EXPECT_TRUE(ev.records[0].deleted);
    EXPECT_EQ(ev.records[0].external_id, "727");
    EXPECT_THROW(c.decode_webhook("order.updated", R"({"id":"x"})"), ApiError);
    EXPECT_THROW(c.decode_webhook("order.updated", "webhook_id=3"), ApiError);
    EXPECT_EQ(c.decode_webhook("coupon.updated", R"({"id":1})").kind, WebhookKind::ignored);
}

}  // namespace
}  // namespace sb::connectors::woocommerce
