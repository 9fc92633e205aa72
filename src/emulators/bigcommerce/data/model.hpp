#pragma once

#include <cstdint>
#include <string>
#include <vector>

// The records of one emulated BigCommerce store, as plain values. Money is in cents; times are
// milliseconds since the epoch (whole seconds: both v2 and v3 render seconds).
namespace sb::emulators::bigcommerce {

struct Address {
    std::string first_name, last_name, company, street_1, street_2, city, state, zip, country,
        country_iso2, phone, email;
};

struct Variant {
    std::int64_t id = 0, product_id = 0, sku_id = 0;
    std::string sku;
    std::int64_t price = 0;            // cents
    std::int64_t sale_price = 0;       // cents, 0: none
    std::int64_t weight = 0;           // grams
    std::int64_t inventory_level = 0;  // the sum over locations
    std::int64_t option_id = 0, option_value_id = 0;
    std::string option_name, option_label;  // "Size", "M"
};

struct Product {
    std::int64_t id = 0;
    std::string name, sku;
    std::int64_t price = 0;  // cents
    std::int64_t brand_id = 0;
    std::vector<std::int64_t> categories;
    bool is_visible = true;
    std::int64_t date_created = 0, date_modified = 0;
    std::vector<Variant> variants;
};

struct CustomerAddress {
    std::int64_t id = 0, customer_id = 0;
    Address address;
    std::string address_type;  // residential | commercial
};

struct Customer {
    std::int64_t id = 0;
    std::string first_name, last_name, email, phone, company;
    std::int64_t customer_group_id = 0;
    std::int64_t date_created = 0, date_modified = 0;
    std::vector<CustomerAddress> addresses;
};

struct OrderProduct {
    std::int64_t id = 0, order_id = 0, product_id = 0, variant_id = 0, order_address_id = 0;
    std::string name, sku, option_name, option_value;
    std::int64_t option_id = 0, option_value_id = 0;
    std::int64_t base_price = 0;  // cents
    std::int64_t weight = 0;      // grams
    int quantity = 0, quantity_shipped = 0;
};

struct ShippingAddress {
    std::int64_t id = 0, order_id = 0;
    Address address;
    int items_total = 0, items_shipped = 0;
    std::string shipping_method;
    std::int64_t cost = 0;  // cents
};

struct ShipmentItem {
    std::int64_t order_product_id = 0, product_id = 0;
    int quantity = 0;
};

struct Shipment {
    std::int64_t id = 0, order_id = 0, customer_id = 0, order_address_id = 0;
    std::int64_t date_created = 0;
    std::string tracking_number, tracking_carrier, shipping_provider, shipping_method, comments;
    std::vector<ShipmentItem> items;
};

struct Order {
    std::int64_t id = 0, customer_id = 0;                                // customer 0: a guest
    std::int64_t date_created = 0, date_modified = 0, date_shipped = 0;  // shipped 0: never
    int status_id = 0;
    Address billing;
    std::vector<OrderProduct> products;
    std::vector<ShippingAddress> shipping_addresses;
    std::vector<Shipment> shipments;
    std::int64_t discount = 0;  // cents
    std::string payment_method, payment_status, cart_id, customer_message, staff_notes;
    std::string order_source;

    std::int64_t subtotal() const;  // sum of base_price × quantity
    std::int64_t shipping() const;  // sum of shipping address costs
    std::int64_t total() const { return subtotal() + shipping() - discount; }
    int items_total() const;
    int items_shipped() const;
};

struct Location {
    std::int64_t id = 0;
    std::string code, label, description, city, state, zip, country_code;
    bool enabled = true;
    std::int64_t created_at = 0, updated_at = 0;
};

// One variant's stock at one location.
struct StockLevel {
    std::int64_t location_id = 0;
    std::int64_t on_hand = 0;
    std::int64_t safety_stock = 0;
    std::int64_t warning_level = 0;
};

struct InventoryItem {
    Variant variant;
    std::vector<StockLevel> levels;  // one per location, in location order
};

// v2 order statuses 0–14, as BigCommerce numbers them (PLATFORMS.md §1.8).
const std::vector<std::string>& status_names();
std::string status_name(int status_id);

}  // namespace sb::emulators::bigcommerce
