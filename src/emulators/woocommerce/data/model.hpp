#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The records of one emulated WooCommerce store, as plain values. Money is in cents; times are
// milliseconds since the epoch, UTC, whole seconds (the REST API renders seconds).
namespace sb::emulators::woocommerce {

struct Address {
    std::string first_name, last_name, company, address_1, address_2, city, state, postcode,
        country, email, phone;
};

struct Variation {
    std::int64_t id = 0, product_id = 0;
    std::string sku;
    std::int64_t regular_price = 0;  // cents
    std::int64_t sale_price = 0;     // cents, 0: none
    bool manage_stock = true;
    std::int64_t stock_quantity = 0;
    std::string option;  // the value of the product's one attribute: "M"
    std::int64_t date_created = 0, date_modified = 0;

    std::int64_t price() const { return sale_price > 0 ? sale_price : regular_price; }
};

struct Product {
    std::int64_t id = 0;
    std::string name, slug, sku;
    std::string type = "simple";  // simple | variable
    std::int64_t regular_price = 0;
    std::int64_t sale_price = 0;
    bool manage_stock = true;  // simple products; variable ones track stock per variation
    std::int64_t stock_quantity = 0;
    std::int64_t date_created = 0, date_modified = 0;
    std::string attribute;  // "Size" on a variable product
    std::vector<Variation> variations;

    std::int64_t price() const { return sale_price > 0 ? sale_price : regular_price; }
};

struct Customer {
    std::int64_t id = 0;
    std::string email, first_name, last_name, username;
    std::int64_t date_created = 0, date_modified = 0;
    Address billing, shipping;
};

struct LineItem {
    std::int64_t id = 0, product_id = 0, variation_id = 0;
    std::string name, sku, option;  // option: the variation's attribute value, "" if none
    int quantity = 1;
    std::int64_t price = 0;  // cents, per unit
    std::int64_t total() const { return price * quantity; }
};

struct ShippingLine {
    std::int64_t id = 0;
    std::string method_id, method_title;
    std::int64_t total = 0;  // cents
};

struct OrderNote {
    std::int64_t id = 0;
    std::string author = "WooCommerce";
    std::string note;
    bool customer_note = false;
    std::int64_t date_created = 0;
};

struct Order {
    std::int64_t id = 0, customer_id = 0;  // customer 0: a guest
    std::string status = "processing";
    std::string order_key, currency = "USD", created_via = "checkout";
    std::string payment_method, payment_method_title, transaction_id, customer_note;
    std::int64_t date_created = 0, date_modified = 0;
    std::int64_t date_paid = 0, date_completed = 0;  // 0: null
    Address billing, shipping;
    std::vector<LineItem> line_items;
    std::vector<ShippingLine> shipping_lines;
    std::vector<OrderNote> notes;
    std::int64_t discount = 0;  // cents

    std::int64_t subtotal() const;
    std::int64_t shipping_total() const;
    std::int64_t total() const { return subtotal() + shipping_total() - discount; }
};

// The order statuses WooCommerce's REST API takes (besides `any` in filters).
const std::vector<std::string>& order_statuses();
bool known_order_status(const std::string& s);

}  // namespace sb::emulators::woocommerce
