#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/records/common.hpp"

// The commerce record types (docs/records.md): one struct per `DataType`, every connector maps
// into them, the API reads them back through the same codec (records/codec.hpp). Members are in
// the order the JSON lists them.
namespace sb::domain::records {

struct Shop {
    struct Icon {
        Text src, path, alt;
    };
    std::string id;
    Text name, email, contact_email, domain, currency;
    std::vector<std::string> enabled_presentment_currencies;
    Text timezone, weight_unit;
    bool taxes_included = false;
    Text plan_name;
    bool plan_plus = false;
    std::optional<PlaceAddress> address;
    Text phone, primary_locale, shop_owner, account;
    std::optional<Icon> icon;
    Text system_domain, root_url;
    Time created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(Shop::Icon, (), (src, path, alt))
BOOST_DESCRIBE_STRUCT(Shop, (),
                      (id, name, email, contact_email, domain, currency,
                       enabled_presentment_currencies, timezone, weight_unit, taxes_included,
                       plan_name, plan_plus, address, phone, primary_locale, shop_owner, account,
                       icon, system_domain, root_url, created_at, updated_at))

struct Location {
    std::string id;
    Text name;
    bool active = true;
    bool fulfills_online_orders = false;
    bool ships_inventory = false;
    std::optional<PlaceAddress> address;
    Time created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(Location, (),
                      (id, name, active, fulfills_online_orders, ships_inventory, address,
                       created_at, updated_at))

struct Customer {
    std::string id;
    Text first_name, last_name, display_name, email, phone, note, state;
    bool verified_email = false;
    bool tax_exempt = false;
    bool accepts_marketing = false;
    std::vector<std::string> tags;
    std::int64_t orders_count = 0;
    std::optional<Money> amount_spent;
    std::optional<Address> default_address;
    Time created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(Customer, (),
                      (id, first_name, last_name, display_name, email, phone, note, state,
                       verified_email, tax_exempt, accepts_marketing, tags, orders_count,
                       amount_spent, default_address, created_at, updated_at))

struct Variant {
    struct Option {
        Text name, value;
    };
    std::string id;
    Text title, sku, barcode;
    std::optional<std::int64_t> position;
    Decimal price, compare_at_price;
    Text inventory_item_id;
    std::optional<std::int64_t> inventory_quantity;
    Text inventory_policy;
    bool taxable = true;
    std::vector<Option> options;
    Time created_at, updated_at;
};
BOOST_DESCRIBE_STRUCT(Variant::Option, (), (name, value))
BOOST_DESCRIBE_STRUCT(Variant, (),
                      (id, title, sku, barcode, position, price, compare_at_price,
                       inventory_item_id, inventory_quantity, inventory_policy, taxable, options,
                       created_at, updated_at))

struct Product {
    std::string id;
    Text title, handle, description_html, vendor, product_type, status;
    std::vector<std::string> tags;
    std::vector<Variant> variants;
    Time created_at, updated_at, published_at;
};
BOOST_DESCRIBE_STRUCT(Product, (),
                      (id, title, handle, description_html, vendor, product_type, status, tags,
                       variants, created_at, updated_at, published_at))

// One record per (inventory item, location); `id` is "<inventory_item_id>:<location_id>".
// A quantity that is null means "not known here": merge, do not overwrite.
struct Stock {
    std::string id;
    Text inventory_item_id, location_id, variant_id, product_id, sku;
    std::optional<std::int64_t> available, on_hand, committed, incoming;
    Time updated_at;
};
BOOST_DESCRIBE_STRUCT(Stock, (),
                      (id, inventory_item_id, location_id, variant_id, product_id, sku, available,
                       on_hand, committed, incoming, updated_at))

struct LineItem {
    Text id;
    Text product_id, variant_id, title, variant_title, sku, vendor;
    std::int64_t quantity = 0;
    std::int64_t current_quantity = 0;
    std::int64_t unfulfilled_quantity = 0;
    bool requires_shipping = true;
    std::optional<Money> unit_price, total_discount, total;
    Text image_url;
};
BOOST_DESCRIBE_STRUCT(LineItem, (),
                      (id, product_id, variant_id, title, variant_title, sku, vendor, quantity,
                       current_quantity, unfulfilled_quantity, requires_shipping, unit_price,
                       total_discount, total, image_url))

struct ShippingLine {
    Text title, code, source;
    std::optional<Money> price;
};
BOOST_DESCRIBE_STRUCT(ShippingLine, (), (title, code, source, price))

struct Delivery {
    struct Status {
        std::string type = "UNKNOWN";  // seed 004's delivery status
        Time at;
    };
    struct Tracking {
        Text number, company, url;
    };
    struct Item {
        Text line_item_id;
        std::int64_t quantity = 0;
    };
    Text id, name, status;
    Status latest_status;
    std::vector<Tracking> tracking;
    Text location_id;
    std::vector<Item> items;
    Time created_at, updated_at, delivered_at;
};
BOOST_DESCRIBE_STRUCT(Delivery::Status, (), (type, at))
BOOST_DESCRIBE_STRUCT(Delivery::Tracking, (), (number, company, url))
BOOST_DESCRIBE_STRUCT(Delivery::Item, (), (line_item_id, quantity))
BOOST_DESCRIBE_STRUCT(Delivery, (),
                      (id, name, status, latest_status, tracking, location_id, items, created_at,
                       updated_at, delivered_at))

struct Refund {
    struct Item {
        Text line_item_id;
        std::int64_t quantity = 0;
        Text restock_type;
        bool restocked = false;
        Text location_id;
        std::optional<Money> subtotal, total_tax;
    };
    Text id, note;
    std::optional<Money> total, presentment_total;
    std::vector<Item> items;
    Time created_at;
};
BOOST_DESCRIBE_STRUCT(Refund::Item, (),
                      (line_item_id, quantity, restock_type, restocked, location_id, subtotal,
                       total_tax))
BOOST_DESCRIBE_STRUCT(Refund, (), (id, note, total, presentment_total, items, created_at))

struct Order {
    struct Buyer {
        Text id, email, first_name, last_name;
    };
    std::string id;
    Text name, email, phone, note;
    std::vector<std::string> tags;
    std::string status = "open";
    Text financial_status, fulfillment_status, cancel_reason;
    bool test = false;
    Text source_name, currency, presentment_currency;
    std::optional<Money> subtotal, total, total_tax, total_shipping, total_discounts,
        total_refunded, current_total, presentment_total;
    Text customer_id;
    std::optional<Buyer> customer;
    std::optional<Address> billing_address, shipping_address;
    std::vector<LineItem> line_items;
    std::vector<ShippingLine> shipping_lines;
    std::vector<Delivery> deliveries;
    // null when the source does not list refunds (a webhook's record keeps the stored list)
    std::optional<std::vector<Refund>> refunds;
    Time created_at, updated_at, processed_at, cancelled_at, closed_at;
};
BOOST_DESCRIBE_STRUCT(Order::Buyer, (), (id, email, first_name, last_name))
BOOST_DESCRIBE_STRUCT(Order, (),
                      (id, name, email, phone, note, tags, status, financial_status,
                       fulfillment_status, cancel_reason, test, source_name, currency,
                       presentment_currency, subtotal, total, total_tax, total_shipping,
                       total_discounts, total_refunded, current_total, presentment_total,
                       customer_id, customer, billing_address, shipping_address, line_items,
                       shipping_lines, deliveries, refunds, created_at, updated_at, processed_at,
                       cancelled_at, closed_at))

struct Cart {
    struct Line {
        Text id, variant_id, title, variant_title, sku;
        std::int64_t quantity = 0;
        std::optional<Money> unit_price;
    };
    std::string id;
    Text name, recovery_url, customer_id, email, currency;
    std::optional<Money> subtotal, total, total_tax;
    std::optional<Address> billing_address;
    std::vector<Line> line_items;
    Time created_at, updated_at, completed_at;
};
BOOST_DESCRIBE_STRUCT(Cart::Line, (),
                      (id, variant_id, title, variant_title, sku, quantity, unit_price))
BOOST_DESCRIBE_STRUCT(Cart, (),
                      (id, name, recovery_url, customer_id, email, currency, subtotal, total,
                       total_tax, billing_address, line_items, created_at, updated_at,
                       completed_at))

// A shipping rate of a zone, or a carrier service (docs/records.md, shipping_service).
struct ShippingService {
    struct Zone {
        Text id, name;
        std::vector<std::string> countries;
    };
    struct WeightConditions {
        std::optional<double> weight_low, weight_high;  // kg
    };
    struct PriceConditions {
        std::optional<Money> min_order_subtotal, max_order_subtotal;
    };
    struct CarrierConditions {
        std::optional<Money> flat_modifier;
        std::optional<double> percent_modifier;
    };
    using Conditions = std::variant<WeightConditions, PriceConditions, CarrierConditions>;
    struct Carrier {
        Text id, name, type;
    };
    std::string id;
    std::string kind;  // weight_based, price_based, carrier_calculated, carrier_service
    Text name;
    bool active = true;
    std::optional<Zone> zone;
    std::optional<Money> price;
    std::optional<Conditions> conditions;
    std::optional<Carrier> carrier;
};
BOOST_DESCRIBE_STRUCT(ShippingService::Zone, (), (id, name, countries))
BOOST_DESCRIBE_STRUCT(ShippingService::WeightConditions, (), (weight_low, weight_high))
BOOST_DESCRIBE_STRUCT(ShippingService::PriceConditions, (),
                      (min_order_subtotal, max_order_subtotal))
BOOST_DESCRIBE_STRUCT(ShippingService::CarrierConditions, (), (flat_modifier, percent_modifier))
BOOST_DESCRIBE_STRUCT(ShippingService::Carrier, (), (id, name, type))
BOOST_DESCRIBE_STRUCT(ShippingService, (),
                      (id, kind, name, active, zone, price, conditions, carrier))

}  // namespace sb::domain::records
