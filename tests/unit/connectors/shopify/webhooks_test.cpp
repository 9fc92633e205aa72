#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/test_env.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/webhooks.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::shopify {
namespace {

namespace json = boost::json;

std::string fixture_text(const std::string& name) {
    std::ifstream in(test::shared_dir() + "/fixtures/shopify/rest/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The resource inside a fixture ({"order": {...}}), as a webhook body carries it.
std::string body_of(const std::string& name, const std::string& key) {
    return json::serialize(json::parse(fixture_text(name)).at(key));
}

TEST(ShopifyWebhooks, VerifiesTheBodyHmacInConstantTime) {
    const std::string body = R"({"id":1})";
    const std::string mac = crypto::base64_encode(crypto::hmac_sha256("secret", body));
    EXPECT_TRUE(webhooks::verify(body, mac, "secret"));
    EXPECT_FALSE(webhooks::verify(body + " ", mac, "secret"));
    EXPECT_FALSE(webhooks::verify(body, mac, "other"));
    EXPECT_FALSE(webhooks::verify(body, "not base64!", "secret"));
    EXPECT_FALSE(webhooks::verify(body, "", "secret"));
    EXPECT_FALSE(webhooks::verify(body, mac, ""));
}

TEST(ShopifyWebhooks, OrderFixtureMapsToTheNormalizedOrder) {
    auto e = webhooks::decode("orders/updated", body_of("order.json", "order"));
    ASSERT_EQ(e.kind, WebhookKind::records);
    ASSERT_EQ(e.records.size(), 1u);
    const auto& r = e.records[0];
    EXPECT_EQ(r.type, domain::DataType::order);
    EXPECT_EQ(r.external_id, "450789469");
    EXPECT_GT(r.updated_at, 0);
    auto d = json::parse(r.data).as_object();
    EXPECT_EQ(d.at("name"), "#1001");
    EXPECT_EQ(d.at("financial_status"), "authorized");
    EXPECT_EQ(d.at("fulfillment_status"), "unfulfilled");  // REST null
    EXPECT_EQ(d.at("total").at("amount"), "409.94");
    EXPECT_EQ(d.at("total").at("currency"), "USD");
    EXPECT_EQ(d.at("created_at"), "2008-01-10T16:00:00.000Z");  // offset normalized to UTC
    ASSERT_FALSE(d.at("line_items").as_array().empty());
    const auto& li = d.at("line_items").as_array()[0];
    EXPECT_EQ(li.at("id"), "466157049");
    EXPECT_EQ(li.at("unit_price").at("amount"), "199.00");
    ASSERT_EQ(d.at("deliveries").as_array().size(), 1u);
    const auto& del = d.at("deliveries").as_array()[0];
    EXPECT_EQ(del.at("latest_status").at("type"), "FAILURE");  // old payload: status only
    EXPECT_EQ(del.at("tracking").as_array()[0].at("number"), "1Z2345");
    EXPECT_EQ(del.at("items").as_array()[0].at("line_item_id"), "466157049");
    // Fields the old payload lacks come out null, not missing.
    EXPECT_TRUE(d.at("phone").is_null());
    EXPECT_TRUE(d.at("presentment_total").is_null());
}

// The record keeps the delivery's body as it came (the fixture file's own spacing and number
// forms), not the body parsed and written again; a resource read some other way is serialized.
TEST(ShopifyWebhooks, ARecordsRawIsTheDeliveryBodyAsItCame) {
    const auto text = fixture_text("order.json");
    const auto parsed = json::parse(text);
    const auto& order = parsed.at("order").as_object();
    const auto start = text.find('{', text.find("\"order\""));
    const auto body = text.substr(start, text.rfind('}') - start);  // the inner object, verbatim
    ASSERT_NE(body, json::serialize(order));                        // the fixture is pretty-printed
    auto e = webhooks::decode("orders/updated", body);
    ASSERT_EQ(e.records.size(), 1u);
    EXPECT_EQ(e.records[0].raw, body);
    EXPECT_EQ(webhooks::map_rest_order(order).raw, json::serialize(order));
    // The same for a delivery read as a partial record (an inventory level).
    const auto level_text = fixture_text("inventory_level.json");
    const auto level_start = level_text.find('{', level_text.find("\"inventory_level\""));
    const auto level_body = level_text.substr(level_start, level_text.rfind('}') - level_start);
    auto s = webhooks::decode("inventory_levels/update", level_body);
    ASSERT_EQ(s.records.size(), 1u);
    EXPECT_EQ(s.records[0].raw, level_body);
}

TEST(ShopifyWebhooks, ProductCustomerAndInventoryFixturesMap) {
    auto p = webhooks::decode("products/update", body_of("product.json", "product"));
    ASSERT_EQ(p.records.size(), 1u);
    auto pd = json::parse(p.records[0].data).as_object();
    EXPECT_FALSE(pd.at("variants").as_array().empty());
    EXPECT_TRUE(pd.at("status").is_string());  // derived when the payload has none
    EXPECT_FALSE(pd.at("variants").as_array()[0].at("options").as_array().empty());

    auto c = webhooks::decode("customers/update", body_of("customer.json", "customer"));
    ASSERT_EQ(c.records.size(), 1u);
    auto cd = json::parse(c.records[0].data).as_object();
    EXPECT_TRUE(cd.at("email").is_string());
    EXPECT_TRUE(cd.at("tags").is_array());

    auto s = webhooks::decode("inventory_levels/update",
                              body_of("inventory_level.json", "inventory_level"));
    ASSERT_EQ(s.records.size(), 1u);
    auto sd = json::parse(s.records[0].data).as_object();
    EXPECT_EQ(s.records[0].external_id, std::string(sd.at("inventory_item_id").as_string()) + ":" +
                                            std::string(sd.at("location_id").as_string()));
    EXPECT_TRUE(sd.at("available").is_int64());
    EXPECT_TRUE(sd.at("on_hand").is_null());  // webhooks carry only `available`
}

TEST(ShopifyWebhooks, EventsAndTombstones) {
    EXPECT_EQ(webhooks::decode("app/uninstalled", R"({"id":1})").kind,
              WebhookKind::app_uninstalled);
    EXPECT_EQ(webhooks::decode("shop/redact", R"({"shop_id":1})").kind, WebhookKind::shop_redact);
    auto r = webhooks::decode("customers/redact",
                              R"({"customer":{"id":7,"email":"x@y.z"},"orders_to_redact":[1,2]})");
    EXPECT_EQ(r.kind, WebhookKind::customers_redact);
    EXPECT_EQ(r.customer_id, "7");
    EXPECT_EQ(r.order_ids.size(), 2u);
    auto q = webhooks::decode("customers/data_request",
                              R"({"customer":{"id":7},"orders_requested":[3]})");
    EXPECT_EQ(q.kind, WebhookKind::customers_data_request);
    auto d = webhooks::decode("orders/delete", R"({"id":450789469})");
    ASSERT_EQ(d.records.size(), 1u);
    EXPECT_TRUE(d.records[0].deleted);
    EXPECT_EQ(d.records[0].external_id, "450789469");
    EXPECT_EQ(webhooks::decode("themes/publish", "{}").kind, WebhookKind::ignored);
    try {
        webhooks::decode("orders/create", "not json");
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code(), Errc::invalid_json);
    }
}

TEST(ShopifyMapping, DeliveryStatusUsesSeed004Enum) {
    EXPECT_EQ(delivery_status("IN_TRANSIT"), "IN_TRANSIT");
    EXPECT_EQ(delivery_status("delivered"), "DELIVERED");
    EXPECT_EQ(delivery_status("LABEL_PRINTED"), "CONFIRMED");
    EXPECT_EQ(delivery_status("attempted_delivery"), "ATTEMPTED_DELIVERY");
    EXPECT_EQ(delivery_status("READY_FOR_PICKUP"), "READY_FOR_PICKUP");
    EXPECT_EQ(delivery_status("PICKED_UP"), "PICKED_UP");
    EXPECT_EQ(delivery_status("OUT_FOR_DELIVERY"), "OUT_FOR_DELIVERY");
    EXPECT_EQ(delivery_status("FAILURE"), "FAILURE");
    EXPECT_EQ(delivery_status("FULFILLED"), "UNKNOWN");
    EXPECT_EQ(delivery_status(""), "UNKNOWN");
}

}  // namespace
}  // namespace sb::connectors::shopify
