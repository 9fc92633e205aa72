#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <utility>
#include <vector>

#include "connectors/shoplazza/mapping.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/data/store.hpp"

// Shoplazza OpenAPI 2022-01 objects — the emulator's, as the e2e tests read them, and a few
// written out by hand where the emulator never strays (numbers for money, "" for absent) —
// mapped to the records of docs/records.md.
namespace sb::connectors::shoplazza {
namespace {

namespace json = boost::json;
using domain::DataType;

// Every kind of object the connector maps, as the emulated store answers it.
std::vector<std::pair<DataType, json::object>> emulated_payloads() {
    emulators::shoplazza::StoreSize size;
    size.orders = 300;
    size.products = 30;
    size.customers = 40;
    size.shop_domain = "acme.myshoplaza.com";
    const emulators::shoplazza::Store store(size);
    const auto shop = store.shop();
    std::vector<std::pair<DataType, json::object>> out;
    out.emplace_back(DataType::shop, emulators::shoplazza::shop_json(shop));
    out.emplace_back(DataType::location,
                     emulators::shoplazza::location_json(store.location_id(), shop));
    for (std::int64_t i = 0; i < size.orders; ++i) {
        const auto o = store.order(i);
        std::optional<emulators::shoplazza::Customer> customer;
        if (o->customer_index)
            customer = store.customer(*o->customer_index);
        out.emplace_back(DataType::order, emulators::shoplazza::order_json(*o, customer));
    }
    for (std::int64_t i = 0; i < size.customers; ++i)
        out.emplace_back(DataType::customer,
                         emulators::shoplazza::customer_json(*store.customer(i), "store-1"));
    for (std::int64_t i = 0; i < size.products; ++i) {
        const auto p = store.product(i);
        out.emplace_back(DataType::product, emulators::shoplazza::product_json(*p));
        for (const auto& v : p->variants)
            out.emplace_back(DataType::stock,
                             emulators::shoplazza::inventory_level_json(v, store.location_id()));
    }
    return out;
}

// A refunded unit, two fulfillments (one cancelled) and money as JSON numbers, as an older
// API version or a hand-made webhook may send it.
constexpr std::string_view k_order = R"({
  "id": "1001-7", "number": "1007", "note": "", "status": "finished",
  "financial_status": "partially_refunded", "fulfillment_status": "partially_shipped",
  "cancel_reason": "", "currency": "EUR", "total_price": 644.6, "sub_total": "600.00",
  "total_discount": 12, "total_tax": "44.60", "total_shipping": null,
  "created_at": "2024-04-29T09:58:04Z", "updated_at": "2024-04-30T10:00:00+02:00",
  "placed_at": "2024-04-29T09:58:05Z", "finished_at": "2024-05-02T08:00:00Z",
  "cancelled_at": null, "customer_id": "c-1", "email": "zoe@example.com", "phone": "",
  "tags": " rush, vip ,,gift",
  "customer": {"id": "c-1", "email": "zoe@example.com", "first_name": "Zoë", "last_name": ""},
  "shipping_address": {"first_name": "Zoë", "last_name": "Müller", "name": "Zoë Müller",
                       "company": "", "address": "Hauptstraße 1", "address1": "Apt 3",
                       "city": "Berlin", "province": "", "province_code": "",
                       "country": "Germany", "country_code": "DE", "zip": "10115",
                       "phone": "+49 30 1234567"},
  "billing_address": null,
  "line_items": [
    {"id": "li-1", "product_id": "p-1", "variant_id": "v-1", "product_title": "Shirt",
     "variant_title": "M", "sku": "SH-M", "vendor": "Nordlys", "quantity": 3,
     "refund_quantity": "1", "price": "200.00", "total": 600, "requires_shipping": true,
     "image": "//cdn.shoplazza.com/shirt.png"},
    {"id": "li-2", "product_id": "p-2", "variant_id": "v-2", "product_title": "Card",
     "variant_title": "", "sku": "", "quantity": 1, "price": 0.5, "total": "0.50",
     "requires_shipping": false, "image": ""}
  ],
  "fulfillments": [
    {"id": "f-1", "status": "finished", "tracking_number": "TN1", "tracking_company": "DHL",
     "tracking_url": "", "created_at": "2024-04-30T08:00:00Z",
     "updated_at": "2024-05-01T08:00:00Z", "line_items": [{"id": "li-1", "quantity": 1}]},
    {"id": "f-2", "status": "cancelled", "tracking_number": "",
     "created_at": "2024-04-30T09:00:00Z", "updated_at": "2024-04-30T09:30:00Z",
     "line_items": [{"id": "li-1", "quantity": 2}]}
  ]
})";

constexpr std::string_view k_customer = R"({
  "id": "c-1", "first_name": "Zoë", "last_name": "Müller", "name": "Zoë Müller",
  "email": "zoe@example.com", "phone": "", "note": null, "subscribed": "1", "tags": "vip",
  "orders_count": 4, "total_spent": 1234.5, "deleted_at": "2024-05-01T00:00:00Z",
  "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-05-01T00:00:00Z",
  "default_address": {"address": "Hauptstraße 1", "address1": "", "city": "Berlin",
                      "country_code": "DE"}
})";

constexpr std::string_view k_product = R"({
  "id": "p-1", "title": "Shirt", "handle": "shirt", "description": "<p>Soft</p>",
  "vendor": "Nordlys", "published": false, "taxable": true, "inventory_policy": "",
  "tags": "summer", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z",
  "options": [{"name": "Size"}, {"name": "Color"}],
  "variants": [{"id": "v-1", "title": "M / Navy", "option1": "M", "option2": "Navy",
                "option3": "", "position": "2", "price": 19.9, "compare_at_price": null,
                "sku": "SH-M", "barcode": "", "inventory_quantity": 7}]
})";

constexpr std::string_view k_shop = R"({
  "name": "Acme", "email": "owner@acme.example", "domain": "acme.myshoplaza.com",
  "address1": "Main St 1", "address2": "", "zip": "10115", "city": "Berlin",
  "phone": "+49 30 7654321", "country_code": "DE", "province_code": "", "currency": "EUR",
  "customer_email": "help@acme.example", "root_url": "",
  "icon": {"src": "http://img.staticdj.com/i.png", "path": "i.png"}
})";

// Every record data of the examples above and of the emulated store.
std::vector<domain::Record> all_records() {
    std::vector<domain::Record> out;
    for (const auto& [type, o] : emulated_payloads())
        out.push_back(type == DataType::stock ? map_inventory_level(o) : map_object(type, o));
    out.push_back(map_object(DataType::order, json::parse(k_order).as_object()));
    out.push_back(map_object(DataType::customer, json::parse(k_customer).as_object()));
    out.push_back(map_object(DataType::product, json::parse(k_product).as_object()));
    out.push_back(map_object(DataType::shop, json::parse(k_shop).as_object()));
    out.push_back(tombstone(DataType::customer, "c-1"));
    return out;
}

// Expected values written as JSON, so that a failure prints them as JSON.
json::value j(std::string_view text) {
    return json::parse(text);
}

json::object data_of(DataType type, std::string_view payload) {
    return json::parse(map_object(type, json::parse(payload).as_object()).data).as_object();
}

// A decimal string as money is written: digits, optionally a point and more digits.
bool is_decimal_string(const json::value& v) {
    if (!v.is_string() || v.as_string().empty())
        return false;
    const std::string_view s = v.as_string();
    std::size_t i = s[0] == '-' ? 1 : 0;
    bool digits = false, point = false;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9')
            digits = true;
        else if (s[i] == '.' && !point && digits)
            point = true;
        else
            return false;
    }
    return digits && s.back() != '.';
}

// The number tokens of JSON text (string literals skipped).
std::vector<std::string> numbers_in(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\')
                    ++i;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t end = i;
            while (end < text.size() &&
                   std::string_view("0123456789.eE+-").find(text[end]) != std::string_view::npos)
                ++end;
            out.emplace_back(text.substr(i, end - i));
            i = end - 1;
        }
    }
    return out;
}

// The amounts of every Money object in `v`, at any depth: an object with exactly the keys
// amount and currency.
void money_amounts(const json::value& v, std::vector<json::value>& out) {
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (o.size() == 2 && o.contains("amount") && o.contains("currency"))
            out.push_back(o.at("amount"));
        for (const auto& kv : o)
            money_amounts(kv.value(), out);
    } else if (v.is_array()) {
        for (const auto& e : v.as_array())
            money_amounts(e, out);
    }
}

TEST(ShoplazzaMapping, MoneyFieldsAreDecimalStrings) {
    std::size_t seen = 0;
    for (const auto& r : all_records()) {
        const auto data = json::parse(r.data);
        std::vector<json::value> amounts;
        money_amounts(data, amounts);
        for (const auto& a : amounts) {
            EXPECT_TRUE(is_decimal_string(a)) << json::serialize(a) << " in " << r.data;
            ++seen;
        }
        // Variant prices are decimal strings outside a Money object.
        if (r.type == DataType::product) {
            for (const auto& v : data.at("variants").as_array()) {
                for (const char* k : {"price", "compare_at_price"})
                    EXPECT_TRUE(v.at(k).is_null() || is_decimal_string(v.at(k))) << r.data;
            }
        }
    }
    EXPECT_GT(seen, 1000u);  // every order's totals and line prices were looked at

    // Amounts the platform sent as JSON numbers come out as strings with two decimals.
    const auto order = data_of(DataType::order, k_order);
    EXPECT_EQ(order.at("total"), j(R"({"amount": "644.60", "currency": "EUR"})"));
    EXPECT_EQ(order.at("total_discounts").at("amount"), "12");
    EXPECT_EQ(order.at("subtotal").at("amount"), "600.00");
    EXPECT_TRUE(order.at("total_shipping").is_null());
    EXPECT_EQ(order.at("line_items").at(1).at("unit_price").at("amount"), "0.50");
    const auto customer = data_of(DataType::customer, k_customer);
    EXPECT_EQ(customer.at("amount_spent"), j(R"({"amount": "1234.50", "currency": null})"));
    const auto product = data_of(DataType::product, k_product);
    EXPECT_EQ(product.at("variants").at(0).at("price"), "19.90");
}

TEST(ShoplazzaMapping, NoNumberInRecordDataIsInExponentForm) {
    std::size_t numbers = 0;
    for (const auto& r : all_records()) {
        for (const auto& n : numbers_in(r.data)) {
            EXPECT_EQ(n.find_first_of("eE"), std::string::npos) << n << " in " << r.data;
            ++numbers;
        }
    }
    EXPECT_GT(numbers, 1000u);  // quantities, counts, positions, stock levels
}

TEST(ShoplazzaMapping, AnOrderTranslatesAsDocumented) {
    const auto o = data_of(DataType::order, k_order);
    EXPECT_EQ(o.at("id"), "1001-7");
    EXPECT_EQ(o.at("name"), "#1007");
    EXPECT_EQ(o.at("status"), "closed");
    EXPECT_EQ(o.at("financial_status"), "partially_refunded");
    EXPECT_EQ(o.at("fulfillment_status"), "partially_fulfilled");
    EXPECT_EQ(o.at("tags"), j(R"(["rush", "vip", "gift"])"));
    EXPECT_TRUE(o.at("note").is_null());
    EXPECT_TRUE(o.at("phone").is_null());
    EXPECT_TRUE(o.at("refunds").is_null());
    EXPECT_EQ(o.at("processed_at"), "2024-04-29T09:58:05.000Z");
    EXPECT_EQ(o.at("updated_at"), "2024-04-30T08:00:00.000Z");
    EXPECT_EQ(o.at("closed_at"), "2024-05-02T08:00:00.000Z");
    EXPECT_EQ(o.at("customer"), j(R"({"id": "c-1", "email": "zoe@example.com", "first_name": "Zoë",
                    "last_name": null})"));
    const auto& ship = o.at("shipping_address");
    EXPECT_EQ(ship.at("address1"), "Hauptstraße 1");
    EXPECT_EQ(ship.at("address2"), "Apt 3");
    EXPECT_TRUE(ship.at("company").is_null());
    EXPECT_TRUE(o.at("billing_address").is_null());

    const auto& line = o.at("line_items").at(0);
    EXPECT_EQ(line.at("current_quantity"), 2);
    EXPECT_EQ(line.at("unfulfilled_quantity"), 1);  // 3 − 1 refunded − 1 in a live delivery
    EXPECT_EQ(line.at("image_url"), "//cdn.shoplazza.com/shirt.png");
    EXPECT_TRUE(line.at("total_discount").is_null());
    EXPECT_TRUE(o.at("line_items").at(1).at("image_url").is_null());
    EXPECT_EQ(o.at("line_items").at(1).at("requires_shipping"), false);

    const auto& delivered = o.at("deliveries").at(0);
    EXPECT_EQ(delivered.at("status"), "success");
    EXPECT_EQ(delivered.at("latest_status").at("type"), "DELIVERED");
    EXPECT_EQ(delivered.at("delivered_at"), "2024-05-01T08:00:00.000Z");
    EXPECT_EQ(delivered.at("tracking"), j(R"([{"number": "TN1", "company": "DHL", "url": null}])"));
    const auto& cancelled = o.at("deliveries").at(1);
    EXPECT_EQ(cancelled.at("status"), "cancelled");
    EXPECT_EQ(cancelled.at("latest_status").at("type"), "FAILURE");
    EXPECT_TRUE(cancelled.at("delivered_at").is_null());
    EXPECT_EQ(cancelled.at("tracking"), j("[]"));
}

TEST(ShoplazzaMapping, ShopCustomerProductStockAndTombstone) {
    const auto shop = data_of(DataType::shop, k_shop);
    EXPECT_EQ(shop.at("phone"), "+49 30 7654321");
    EXPECT_EQ(shop.at("address"), j(R"({"address1": "Main St 1", "address2": "", "city": "Berlin",
        "province": null, "province_code": null, "country": null, "country_code": "DE",
        "zip": "10115", "phone": null})"));
    EXPECT_EQ(shop.at("enabled_presentment_currencies"), j(R"(["EUR"])"));
    EXPECT_EQ(shop.at("icon"),
              j(R"({"src": "http://img.staticdj.com/i.png", "path": "i.png", "alt": ""})"));
    EXPECT_EQ(shop.at("root_url"), "");

    const auto c = data_of(DataType::customer, k_customer);
    EXPECT_EQ(c.at("display_name"), "Zoë Müller");
    EXPECT_EQ(c.at("state"), "disabled");
    EXPECT_EQ(c.at("accepts_marketing"), true);
    EXPECT_EQ(c.at("orders_count"), 4);
    EXPECT_EQ(c.at("default_address").at("address1"), "Hauptstraße 1");
    EXPECT_TRUE(c.at("default_address").at("address2").is_null());

    const auto p = data_of(DataType::product, k_product);
    EXPECT_EQ(p.at("status"), "draft");
    EXPECT_EQ(p.at("description_html"), "<p>Soft</p>");
    const auto& v = p.at("variants").at(0);
    EXPECT_EQ(v.at("inventory_item_id"), "v-1");
    EXPECT_EQ(v.at("position"), 2);
    EXPECT_EQ(v.at("inventory_policy"), "deny");
    EXPECT_EQ(v.at("taxable"), true);
    EXPECT_TRUE(v.at("compare_at_price").is_null());
    EXPECT_EQ(v.at("options"),
              j(R"([{"name": "Size", "value": "M"}, {"name": "Color", "value": "Navy"}])"));

    const auto stock = map_inventory_level(json::parse(R"({"inventory_item_id":"v-1",
        "variant_id":"v-1","location_id":"l-1","stock":"5","updated_at":"2024-01-01T00:00:00Z"})")
                                               .as_object());
    EXPECT_EQ(stock.external_id, "v-1:l-1");
    EXPECT_EQ(stock.parent_external_id, "v-1");
    const auto s = json::parse(stock.data);
    EXPECT_EQ(s.at("available"), 5);
    EXPECT_EQ(s.at("on_hand"), 5);
    EXPECT_TRUE(s.at("committed").is_null());

    const auto t = tombstone(DataType::customer, "c-1");
    EXPECT_TRUE(t.deleted);
    EXPECT_EQ(t.external_id, "c-1");
    EXPECT_EQ(t.data, R"({"id":"c-1"})");
}

}  // namespace
}  // namespace sb::connectors::shoplazza
