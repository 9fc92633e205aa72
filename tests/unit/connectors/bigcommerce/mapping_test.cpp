// BigCommerce's published example payloads (shared/PLATFORMS.md §1.9, from the v2 orders and
// v3 catalog OpenAPI documents) mapped into the hub's records; the 15 status ids; the webhook
// signature (Standard Webhooks keyed by the raw client secret).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "connectors/bigcommerce/bigcommerce_connector.hpp"
#include "connectors/bigcommerce/mapping.hpp"
#include "connectors/bigcommerce/webhooks.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::bigcommerce {
namespace {

namespace json = boost::json;

json::object parse(const char* text) {
    return json::parse(text).as_object();
}

const char* k_order =
    R"({"id":100,"customer_id":20,"date_created":"Wed, 10 Jan 2018 21:05:30 +0000",
 "date_modified":"Wed, 05 Dec 2018 20:16:55 +0000","date_shipped":"","status_id":11,
 "status":"Awaiting Fulfillment","subtotal_ex_tax":"336.3200","subtotal_inc_tax":"361.9500",
 "total_ex_tax":"361.9500","total_inc_tax":"361.9500","total_tax":"0.0000","items_total":17,
 "items_shipped":0,"payment_method":"Credit Card","payment_status":"authorized",
 "refunded_amount":"0.0000","currency_code":"USD","default_currency_code":"USD",
 "currency_exchange_rate":"1.0000000000","discount_amount":"0.0000","coupon_discount":"0.0000",
 "shipping_address_count":1,"cart_id":"a845","billing_address":{"first_name":"Jane",
 "last_name":"Doe","company":"","street_1":"455 Main Street","street_2":"","city":"Austin",
 "state":"Texas","zip":"78751","country":"United States","country_iso2":"US",
 "phone":"555-1234","email":"janedoe@example.com","form_fields":[]},"order_source":"manual",
 "channel_id":1,"external_source":"POS","external_id":null,"custom_status":"Awaiting Fulfillment",
 "customer_locale":"en","external_order_id":"ext-1"})";

const char* k_product_line = R"({"id":65,"order_id":100,"product_id":77,"variant_id":345,
 "order_address_id":51,"name":"Orange","sku":"S-ORAN","type":"physical","base_price":"55.9900",
 "price_ex_tax":"55.9900","price_inc_tax":"55.9900","total_inc_tax":"111.9800","quantity":2,
 "quantity_shipped":1,"quantity_refunded":0,"is_refunded":false,"refund_amount":"0.0000",
 "product_options":[{"id":1,"option_id":2,"display_name":"Size","display_value":"S","value":"69"}],
 "applied_discounts":[{"id":"coupon","amount":"5.5000"}]})";

const char* k_shipment = R"({"id":6,"order_id":100,"customer_id":11,"order_address_id":51,
 "date_created":"Mon, 11 Mar 2019 17:22:08 +0000","tracking_number":"EJ958083578US",
 "shipping_method":"None","shipping_provider":"usps","tracking_carrier":"","tracking_link":"",
 "comments":"","items":[{"order_product_id":65,"product_id":0,"quantity":1}],
 "shipping_provider_display_name":"USPS","generated_tracking_link":"https://track.example/1"})";

const char* k_address = R"({"id":51,"order_id":100,"first_name":"Jane","last_name":"Doe",
 "company":"","street_1":"1 Elm","street_2":"","city":"Austin","state":"Texas","zip":"78751",
 "country":"United States","country_iso2":"US","phone":"","email":"janedoe@example.com",
 "items_total":2,"items_shipped":1,"shipping_method":"None","base_cost":"12.9900",
 "cost_ex_tax":"12.0000","cost_inc_tax":"12.9900","shipping_zone_id":1,
 "shipping_zone_name":"United States -1"})";

json::value data_of(const domain::Record& r) {
    return json::parse(r.data);
}

TEST(BigCommerceDates, Rfc2822ReadsAsEpochMs) {
    EXPECT_EQ(parse_rfc2822("Wed, 10 Jan 2018 21:05:30 +0000"), parse_time("2018-01-10T21:05:30Z"));
    EXPECT_EQ(parse_rfc2822("10 Jan 2018 23:05:30 +0200"), parse_time("2018-01-10T21:05:30Z"));
    EXPECT_EQ(parse_rfc2822("Wed, 10 Jan 2018 21:05:30 GMT"), parse_time("2018-01-10T21:05:30Z"));
    EXPECT_FALSE(parse_rfc2822(""));
    EXPECT_FALSE(parse_rfc2822("Wed, 31 Feb 2018 21:05:30 +0000"));
    EXPECT_FALSE(parse_rfc2822("2018-01-10T21:05:30Z"));
}

TEST(BigCommerceMapping, ThePublishedOrderMapsWithItsLinesAddressesAndShipments) {
    const auto order =
        assemble_order(parse(k_order), json::array{parse(k_product_line)},
                       json::array{parse(k_address)}, json::array{parse(k_shipment)});
    const auto r = map_order(order);
    EXPECT_EQ(r.type, domain::DataType::order);
    EXPECT_EQ(r.external_id, "100");
    EXPECT_EQ(r.updated_at, *parse_time("2018-12-05T20:16:55Z"));
    // The raw keeps everything the store said, the sub-resources included.
    const auto raw = json::parse(r.raw).as_object();
    EXPECT_EQ(raw.at("external_order_id"), "ext-1");
    EXPECT_EQ(raw.at("shipments").as_array().size(), 1u);
    const auto d = data_of(r);
    EXPECT_EQ(d.at("name"), "#100");
    EXPECT_EQ(d.at("email"), "janedoe@example.com");
    EXPECT_EQ(d.at("status"), "open");
    EXPECT_EQ(d.at("financial_status"), "paid");
    EXPECT_EQ(d.at("fulfillment_status"), "unfulfilled");
    EXPECT_EQ(d.at("source_name"), "manual");
    EXPECT_EQ(d.at("currency"), "USD");
    EXPECT_EQ(d.at("total").at("amount"), "361.9500");
    EXPECT_EQ(d.at("subtotal").at("amount"), "336.3200");
    EXPECT_EQ(d.at("current_total").at("amount"), "361.9500");
    EXPECT_EQ(d.at("customer_id"), "20");
    EXPECT_EQ(d.at("customer").at("first_name"), "Jane");
    EXPECT_EQ(d.at("billing_address").at("address1"), "455 Main Street");
    EXPECT_EQ(d.at("billing_address").at("country_code"), "US");
    EXPECT_EQ(d.at("billing_address").at("province"), "Texas");
    EXPECT_EQ(d.at("shipping_address").at("address1"), "1 Elm");
    EXPECT_EQ(d.at("shipping_lines").at(0).at("title"), "None");
    EXPECT_EQ(d.at("shipping_lines").at(0).at("price").at("amount"), "12.9900");
    EXPECT_EQ(d.at("created_at"), "2018-01-10T21:05:30.000Z");
    EXPECT_TRUE(d.at("refunds").is_null());
    const auto& line = d.at("line_items").at(0);
    EXPECT_EQ(line.at("id"), "65");
    EXPECT_EQ(line.at("product_id"), "77");
    EXPECT_EQ(line.at("variant_id"), "345");
    EXPECT_EQ(line.at("title"), "Orange");
    EXPECT_EQ(line.at("variant_title"), "S");
    EXPECT_EQ(line.at("sku"), "S-ORAN");
    EXPECT_EQ(line.at("quantity"), 2);
    EXPECT_EQ(line.at("unfulfilled_quantity"), 1);
    EXPECT_EQ(line.at("unit_price").at("amount"), "55.9900");
    EXPECT_EQ(line.at("total_discount").at("amount"), "5.5000");
    EXPECT_EQ(line.at("total").at("amount"), "111.9800");
    const auto& del = d.at("deliveries").at(0);
    EXPECT_EQ(del.at("id"), "6");
    EXPECT_EQ(del.at("latest_status").at("type"), "IN_TRANSIT");
    EXPECT_EQ(del.at("tracking").at(0).at("number"), "EJ958083578US");
    EXPECT_EQ(del.at("tracking").at(0).at("company"), "USPS");
    EXPECT_EQ(del.at("tracking").at(0).at("url"), "https://track.example/1");
    EXPECT_EQ(del.at("items").at(0).at("line_item_id"), "65");
    EXPECT_EQ(del.at("items").at(0).at("quantity"), 1);
}

TEST(BigCommerceMapping, EveryStatusIdHasAMeaning) {
    const std::set<std::string> statuses{"open", "closed", "cancelled"};
    const std::set<std::string> financial{"pending",  "authorized",         "paid",
                                          "refunded", "partially_refunded", "voided"};
    for (std::int64_t id = 0; id <= 14; ++id) {
        const auto m = status_meaning(id);
        ASSERT_TRUE(m) << id;
        EXPECT_TRUE(statuses.count(m->status)) << id;
        EXPECT_TRUE(financial.count(m->financial_status)) << id;
    }
    EXPECT_FALSE(status_meaning(15));
    EXPECT_FALSE(status_meaning(-1));
    EXPECT_EQ(status_meaning(5)->status, "cancelled");
    EXPECT_EQ(status_meaning(6)->cancel_reason, "declined");
    EXPECT_EQ(status_meaning(10)->status, "closed");
    EXPECT_EQ(status_meaning(2)->fulfillment_status, "fulfilled");
    EXPECT_EQ(status_meaning(3)->fulfillment_status, "partially_fulfilled");
    EXPECT_EQ(status_meaning(14)->financial_status, "partially_refunded");
    // Where the id says nothing of shipping, the shipped units do.
    for (std::int64_t id : {4, 13, 14}) {
        auto o = parse(k_order);
        o["status_id"] = id;
        o["items_shipped"] = 3;
        EXPECT_EQ(data_of(map_order(o)).at("fulfillment_status"), "partially_fulfilled") << id;
        o["items_shipped"] = 17;
        EXPECT_EQ(data_of(map_order(o)).at("fulfillment_status"), "fulfilled") << id;
    }
    auto o = parse(k_order);
    o["status_id"] = 5;
    EXPECT_EQ(data_of(map_order(o)).at("cancelled_at"), "2018-12-05T20:16:55.000Z");
}

TEST(BigCommerceMapping, ThePublishedProductMapsWithItsVariant) {
    const auto p = parse(R"({"id":174,"name":"1L Le Parfait Jar","type":"physical","sku":"",
      "price":7.95,"calculated_price":7.95,"inventory_level":0,"inventory_tracking":"none",
      "is_visible":true,"categories":[23,21],"brand_id":36,
      "date_created":"2018-08-15T14:48:46+00:00","date_modified":"2018-09-05T20:42:07+00:00",
      "base_variant_id":345,"custom_url":{"url":"/1l-le-parfait-jar/","is_customized":false},
      "variants":[{"id":382,"product_id":174,"sku":"SMIT","sku_id":348,"price":10,
      "calculated_price":10,"sale_price":8,"retail_price":12,"weight":4,"inventory_level":3,
      "inventory_warning_level":0,"purchasing_disabled":false,"upc":"","mpn":"","gtin":"123",
      "option_values":[{"id":174,"label":"Beige","option_id":220,"option_display_name":"Color"}]}]})");
    const auto r = map_product(p);
    EXPECT_EQ(r.external_id, "174");
    EXPECT_EQ(r.updated_at, *parse_time("2018-09-05T20:42:07Z"));
    const auto d = data_of(r);
    EXPECT_EQ(d.at("title"), "1L Le Parfait Jar");
    EXPECT_EQ(d.at("handle"), "1l-le-parfait-jar");
    EXPECT_EQ(d.at("product_type"), "physical");
    EXPECT_EQ(d.at("status"), "active");
    const auto& v = d.at("variants").at(0);
    EXPECT_EQ(v.at("id"), "382");
    EXPECT_EQ(v.at("title"), "Beige");
    EXPECT_EQ(v.at("sku"), "SMIT");
    EXPECT_EQ(v.at("barcode"), "123");
    EXPECT_EQ(v.at("price"), "10");
    EXPECT_EQ(v.at("compare_at_price"), "12");
    EXPECT_EQ(v.at("inventory_item_id"), "382");
    EXPECT_EQ(v.at("inventory_quantity"), 3);
    EXPECT_EQ(v.at("inventory_policy"), "continue");
    EXPECT_EQ(v.at("options").at(0).at("name"), "Color");
    EXPECT_EQ(v.at("options").at(0).at("value"), "Beige");
}

// A v3 customer as the customers document's example has it, read with include=addresses.
TEST(BigCommerceMapping, ThePublishedCustomerMapsWithItsAddress) {
    const auto c = parse(R"({"id":11,"authentication":{"force_password_reset":false},
      "company":"BigCommerce","customer_group_id":0,"email":"jane.smith@example.com",
      "first_name":"Jane","last_name":"Smith","notes":"A note","phone":"1234567890",
      "registration_ip_address":"","tax_exempt_category":"","date_created":"2018-09-05T20:42:07Z",
      "date_modified":"2019-01-10T21:05:30Z","accepts_product_review_abandoned_cart_emails":true,
      "channel_ids":[1],"addresses":[{"id":5,"customer_id":11,"first_name":"Jane",
      "last_name":"Smith","company":"","address1":"111 E West Street","address2":"654",
      "city":"Akron","state_or_province":"Ohio","postal_code":"44325","country_code":"US",
      "country":"United States","phone":"1234567890","address_type":"residential"}]})");
    const auto r = map_customer(c);
    EXPECT_EQ(r.external_id, "11");
    EXPECT_EQ(r.updated_at, *parse_time("2019-01-10T21:05:30Z"));
    const auto d = data_of(r);
    EXPECT_EQ(d.at("email"), "jane.smith@example.com");
    EXPECT_EQ(d.at("first_name"), "Jane");
    EXPECT_EQ(d.at("last_name"), "Smith");
    EXPECT_EQ(d.at("display_name"), "Jane Smith");
    EXPECT_EQ(d.at("phone"), "1234567890");
    EXPECT_EQ(d.at("note"), "A note");
    EXPECT_EQ(d.at("accepts_marketing"), true);
    EXPECT_EQ(d.at("tax_exempt"), false);
    const auto& a = d.at("default_address");
    EXPECT_EQ(a.at("address1"), "111 E West Street");
    EXPECT_EQ(a.at("address2"), "654");
    EXPECT_EQ(a.at("city"), "Akron");
    EXPECT_EQ(a.at("province"), "Ohio");
    EXPECT_EQ(a.at("zip"), "44325");
    EXPECT_EQ(a.at("country_code"), "US");
    EXPECT_EQ(a.at("name"), "Jane Smith");
}

TEST(BigCommerceMapping, AnInventoryItemIsOneStockRecordPerLocation) {
    const auto item = parse(R"({"identity":{"sku":"P-1-S","variant_id":1000,"product_id":111,
      "sku_id":500},"locations":[{"location_id":1,"available_to_sell":7,
      "total_inventory_onhand":9},{"location_id":2,"available_to_sell":0,
      "total_inventory_onhand":0}]})");
    const auto records = map_inventory_item(item);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].external_id, "1000:1");
    EXPECT_EQ(records[0].parent_external_id, "1000");
    const auto d = data_of(records[0]);
    EXPECT_EQ(d.at("variant_id"), "1000");
    EXPECT_EQ(d.at("product_id"), "111");
    EXPECT_EQ(d.at("available"), 7);
    EXPECT_EQ(d.at("on_hand"), 9);
    EXPECT_EQ(records[1].external_id, "1000:2");
}

// ---- webhooks ----

const char* k_light = R"({"scope":"store/order/statusUpdated","store_id":"1025646",)"
                      R"("data":{"type":"order","id":250,"status":{"previous_status_id":0,)"
                      R"("new_status_id":11}},"hash":"dd70c0976e06b67aaf671e73f49dcb79230ebf9d",)"
                      R"("created_at":1561479335,"producer":"stores/abc123"})";

HeaderLookup headers_of(std::map<std::string, std::string> h) {
    return [h = std::move(h)](std::string_view name) {
        auto it = h.find(std::string(name));
        return it == h.end() ? std::string() : it->second;
    };
}

TEST(BigCommerceWebhooks, TheEnvelopeComesFromTheBody) {
    const auto e = webhook_envelope(k_light);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->store, "abc123");
    EXPECT_EQ(e->topic, "store/order/statusUpdated");
    EXPECT_EQ(e->delivery_id, "dd70c0976e06b67aaf671e73f49dcb79230ebf9d");
    EXPECT_FALSE(webhook_envelope("not json"));
    EXPECT_FALSE(webhook_envelope(R"({"scope":"x","hash":"h","producer":"stores/ABC!"})"));
}

TEST(BigCommerceWebhooks, TheSignatureIsStandardWebhooksWithTheRawClientSecret) {
    // shared/PLATFORMS.md §8: key bc_client_secret, id msg_1, ts 1700000000.
    const std::string body = R"({"scope":"store/order/created"})";
    const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    auto h = headers_of({{"webhook-id", "msg_1"},
                         {"webhook-timestamp", "1700000000"},
                         {"webhook-signature", "v1,B1R1dx5EUiS2Sy+MnDvLZvbtSRk8P3sB5LUDvFn1L64="}});
    EXPECT_TRUE(verify_signature(h, body, "bc_client_secret", at));
    EXPECT_FALSE(verify_signature(h, body, "other_secret", at));
    EXPECT_FALSE(verify_signature(h, body + " ", "bc_client_secret", at));
    EXPECT_FALSE(verify_signature(h, body, "", at));
    // Stale: ten minutes later the same delivery is refused.
    EXPECT_FALSE(verify_signature(h, body, "bc_client_secret", at + std::chrono::minutes(10)));
    EXPECT_FALSE(verify_signature(headers_of({}), body, "bc_client_secret", at));
}

TEST(BigCommerceWebhooks, TheLightPayloadNamesWhatToRead) {
    auto ev = decode_light("store/order/statusUpdated", k_light);
    EXPECT_EQ(ev.kind, WebhookKind::records);
    EXPECT_EQ(ev.fetch, LightEvent::Fetch::order);
    EXPECT_EQ(ev.id, "250");
    ev = decode_light("store/shipment/created",
                      R"({"scope":"store/shipment/created","data":{"type":"shipment","id":3,)"
                      R"("orderId":250},"hash":"h","created_at":1,"producer":"stores/a"})");
    EXPECT_EQ(ev.fetch, LightEvent::Fetch::order);
    EXPECT_EQ(ev.id, "250");
    ev = decode_light("store/sku/inventory/updated",
                      R"({"data":{"type":"sku","id":5,"inventory":{"product_id":111,)"
                      R"("method":"absolute","value":3,"variant_id":1000}},"created_at":1})");
    EXPECT_EQ(ev.fetch, LightEvent::Fetch::stock);
    EXPECT_EQ(ev.id, "1000");
    ev = decode_light("store/product/deleted",
                      R"({"data":{"type":"product","id":7},"created_at":1})");
    EXPECT_EQ(ev.fetch, LightEvent::Fetch::deleted);
    EXPECT_EQ(ev.type, domain::DataType::product);
    EXPECT_EQ(decode_light("store/app/uninstalled",
                           R"({"data":{"type":"store","id":"1"},"created_at":1})")
                  .kind,
              WebhookKind::app_uninstalled);
    EXPECT_EQ(decode_light("store/information/updated", R"({"data":{},"created_at":1})").kind,
              WebhookKind::ignored);
    // Not BigCommerce's types: refused, never applied.
    EXPECT_THROW(decode_light("store/order/updated", "{"), ApiError);
    try {
        decode_light("store/order/updated",
                     R"({"data":{"type":"order","id":"250"},"created_at":1})");
        ADD_FAILURE() << "a text id was accepted";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code(), Errc::invalid_webhook_payload);
    }
    EXPECT_THROW(decode_light("store/order/updated", R"({"created_at":1})"), ApiError);
}

TEST(BigCommerceConnectorInfo, AStoreHashIsLowerCaseLettersAndDigits) {
    BigCommerceConnector c({});
    EXPECT_TRUE(c.valid_store("abc123"));
    EXPECT_FALSE(c.valid_store("ABC123"));
    EXPECT_FALSE(c.valid_store("store.mybigcommerce.com"));
    EXPECT_FALSE(c.valid_store(""));
    EXPECT_FALSE(c.valid_store(std::string(33, 'a')));
    EXPECT_TRUE(c.spec().available);
    EXPECT_EQ(c.spec().store_field, "store_hash");
    EXPECT_EQ(c.api_base("abc123"), "https://api.bigcommerce.com/stores/abc123");
    BigCommerceConnector local({.base_url_override = "http://127.0.0.1:9003/"});
    EXPECT_EQ(local.api_base("abc123"), "http://127.0.0.1:9003/stores/abc123");
}

}  // namespace
}  // namespace sb::connectors::bigcommerce
