#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The store's records as the generator builds them; times are whole seconds in ms since the
// epoch, money is minor units. JSON rendering lives in data/render.hpp.
namespace sb::emulators::shoplazza {

struct Address {
    std::string first_name, last_name, phone, company;
    std::string country, country_code, province, province_code, city, address, address1, zip;
};

struct Shop {
    std::int64_t id = 0;
    std::string name, email, domain, address1, address2, zip, city, phone, primary_locale;
    std::int64_t created_at = 0, updated_at = 0;
    std::string country_code, currency, customer_email, timezone, shop_owner, account;
    std::string province_code, icon_path, system_domain, root_url;
};

struct Variant {
    std::string id;
    std::string title, option1, sku;
    int position = 1;
    std::int64_t price = 0, compare_at_price = 0, cost_price = 0;
    std::int64_t inventory_quantity = 0;
    int weight_g = 0;
    std::int64_t created_at = 0, updated_at = 0;
};

struct Product {
    std::int64_t index = 0;
    std::string id, title, handle, vendor, tags, note, description, spu, image_path;
    std::string option_id;
    bool published = true;
    std::int64_t created_at = 0, updated_at = 0;
    std::vector<Variant> variants;
    std::int64_t inventory_quantity() const;
};

struct Customer {
    std::int64_t index = 0;
    std::string id, email, first_name, last_name, phone, phone_area_code, note, tags;
    std::string address_id;
    int subscribed = 0;
    std::int64_t created_at = 0, updated_at = 0;
    Address address;
};

struct LineItem {
    std::string id, product_id, variant_id, product_title, variant_title, sku, handle, vendor;
    std::string image_path;
    std::int64_t price = 0, compare_at_price = 0;
    int quantity = 1;
    int weight_g = 0;
    std::string fulfillment_status = "initialled";
    int shipping_quantity = 0;
};

struct FulfillmentItem {
    std::size_t line = 0;  // index into Order::line_items
    int quantity = 0;
};

struct Fulfillment {
    std::string id, status, tracking_company, tracking_company_code, tracking_number, tracking_url;
    std::int64_t created_at = 0, updated_at = 0;
    std::vector<FulfillmentItem> items;
};

struct Order {
    std::int64_t index = 0;
    std::string id, number, note, status, financial_status, fulfillment_status, cancel_reason;
    std::string payment_method, currency = "USD", email, phone;
    std::optional<std::int64_t> customer_index;
    Address shipping;
    bool buyer_accepts_marketing = false;
    std::int64_t created_at = 0, updated_at = 0;
    std::optional<std::int64_t> placed_at, finished_at, cancelled_at;
    std::int64_t sub_total = 0, total_shipping = 0, total_tax = 0, total_discount = 0;
    std::vector<LineItem> line_items;
    std::vector<Fulfillment> fulfillments;
    std::int64_t total_price() const {
        return sub_total + total_shipping + total_tax - total_discount;
    }
};

// Shoplazza's order enums (the Order List filters).
extern const std::vector<std::string> k_order_statuses;
extern const std::vector<std::string> k_financial_statuses;
extern const std::vector<std::string> k_fulfillment_statuses;
int enum_index(const std::vector<std::string>& values, const std::string& v);  // -1 if absent

}  // namespace sb::emulators::shoplazza
