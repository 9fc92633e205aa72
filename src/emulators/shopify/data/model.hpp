#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Plain records of the emulated store. Amounts are integer minor units of the shop currency
// (cents); presentment amounts are derived with the order's exchange rate when rendered.
namespace sb::emulators::shopify {

struct Address {
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::optional<std::string> company;
    std::string address1;
    std::string address2;
    std::string city;
    std::string province;
    std::string province_code;
    std::string country;
    std::string country_code;
    std::string zip;
    std::optional<std::string> phone;
    double latitude = 0;
    double longitude = 0;
};

struct Shop {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string myshopify_domain;
    std::string domain;
    std::string currency;
    std::vector<std::string> presentment_currencies;
    std::string plan_name;          // "basic", "advanced", "shopify_plus", "enterprise"
    std::string plan_display_name;  // "Basic", "Advanced", "Shopify Plus", ...
    std::string shop_owner;
    std::int64_t primary_location_id = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    Address address;
};

struct Location {
    std::int64_t id = 0;
    std::string name;
    bool active = true;
    std::optional<std::int64_t> deactivated_at;  // set when `active` is false
    Address address;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct Variant {
    std::int64_t id = 0;
    std::int64_t product_id = 0;
    std::int64_t inventory_item_id = 0;
    int position = 1;
    std::string title;
    std::string sku;
    std::optional<std::string> barcode;
    std::string option1;
    std::optional<std::string> option2;
    std::optional<std::string> option3;
    std::int64_t price = 0;
    std::optional<std::int64_t> compare_at_price;
    int grams = 0;
    bool taxable = true;
    bool requires_shipping = true;
    std::string inventory_policy;  // "deny" | "continue"
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct Product {
    std::int64_t id = 0;
    std::string title;
    std::string handle;
    std::string body_html;
    std::string vendor;
    std::string product_type;
    std::string status;  // "active" | "draft" | "archived"
    std::vector<std::string> tags;
    std::string option1_name;
    std::optional<std::string> option2_name;
    std::optional<std::string> option3_name;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> published_at;
    std::vector<Variant> variants;
};

struct Customer {
    std::int64_t id = 0;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::string state;  // "enabled" | "disabled" | "invited"
    bool verified_email = true;
    bool accepts_marketing = false;
    bool tax_exempt = false;
    std::vector<std::string> tags;
    std::optional<std::string> note;
    std::string currency;
    std::int64_t orders_count = 0;
    std::int64_t total_spent = 0;
    std::optional<std::int64_t> last_order_id;
    std::optional<std::string> last_order_name;
    std::int64_t address_id = 0;
    Address address;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct LineItem {
    std::int64_t id = 0;
    std::int64_t product_id = 0;
    std::int64_t variant_id = 0;
    std::string title;
    std::string variant_title;
    std::string sku;
    std::string vendor;
    int quantity = 1;
    int fulfillable_quantity = 0;
    std::int64_t price = 0;  // unit price
    std::int64_t total_discount = 0;
    std::int64_t tax = 0;
    int grams = 0;
    bool requires_shipping = true;
    bool taxable = true;
    std::optional<std::string> fulfillment_status;  // null | "fulfilled" | "partial"
};

struct ShippingLine {
    std::int64_t id = 0;
    std::string title;
    std::string code;
    std::string source;
    std::int64_t price = 0;
};

struct FulfillmentLine {
    std::size_t line_index = 0;
    int quantity = 0;
};

struct Fulfillment {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::int64_t location_id = 0;
    std::string name;    // "#1001.1"
    std::string status;  // "success" | "cancelled" | "pending"
    std::optional<std::string> shipment_status;
    std::optional<std::string> tracking_company;
    std::optional<std::string> tracking_number;
    std::optional<std::string> tracking_url;
    std::vector<FulfillmentLine> lines;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct RefundLine {
    std::size_t line_index = 0;
    int quantity = 0;
    std::int64_t subtotal = 0;  // after the line's share of the order discount
    std::int64_t tax = 0;
    std::string restock_type = "no_restock";  // "no_restock" | "cancel" | "return"
    std::optional<std::int64_t> location_id;  // where the units went back to stock
    bool restocked() const { return restock_type != "no_restock"; }
};

struct Refund {
    std::int64_t id = 0;
    std::optional<std::string> note;
    std::vector<RefundLine> lines;
    std::int64_t shipping = 0;  // refunded shipping
    std::int64_t amount = 0;    // lines (subtotal + tax) and shipping, or a goodwill amount
    std::int64_t created_at = 0;
};

struct Order {
    std::int64_t id = 0;
    std::int64_t index = 0;
    std::int64_t number = 0;  // order_number 1001...
    std::string name;         // "#1001"
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::string token;
    std::string cart_token;
    std::string currency;              // shop currency
    std::string presentment_currency;  // the buyer's currency
    double exchange_rate = 1.0;        // presentment per shop unit
    std::string financial_status;
    std::optional<std::string> fulfillment_status;
    std::optional<std::string> cancel_reason;
    std::optional<std::int64_t> cancelled_at;
    std::optional<std::int64_t> closed_at;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t processed_at = 0;
    std::optional<std::int64_t> customer_index;
    std::optional<std::string> note;
    std::vector<std::string> tags;
    std::string source_name;
    std::string gateway;
    bool test = false;
    bool buyer_accepts_marketing = false;
    std::optional<std::string> discount_code;
    std::int64_t subtotal = 0;
    std::int64_t total_discounts = 0;
    std::int64_t total_tax = 0;
    std::int64_t total_shipping = 0;
    std::int64_t total_price = 0;
    std::int64_t total_line_items_price = 0;
    int total_weight = 0;
    std::optional<Address> billing_address;
    std::optional<Address> shipping_address;
    std::vector<LineItem> line_items;
    std::vector<ShippingLine> shipping_lines;
    std::vector<Fulfillment> fulfillments;
    std::vector<Refund> refunds;
};

struct Checkout {
    std::int64_t id = 0;
    std::int64_t index = 0;
    std::string token;
    std::string cart_token;
    std::optional<std::string> email;
    std::string currency;
    std::string presentment_currency;
    std::int64_t customer_index = 0;
    std::vector<LineItem> line_items;
    std::int64_t subtotal = 0;
    std::int64_t total_tax = 0;
    std::int64_t total_price = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    Address address;
};

// Shipping settings (REST ShippingZone, CarrierService). Taxes are fractions (0.05 = 5 %).
struct ShippingProvince {
    std::int64_t id = 0;
    std::string name;
    std::string code;
    double tax = 0;
    std::string tax_name;
    std::optional<std::string> tax_type;  // null | "compounded" | "harmonized"
};

struct ShippingCountry {
    std::int64_t id = 0;
    std::string name;
    std::string code;  // "*" for Rest of World
    double tax = 0;
    std::string tax_name;
    std::vector<ShippingProvince> provinces;
};

struct WeightBasedRate {
    std::int64_t id = 0;
    std::string name;
    double weight_low = 0;  // kg
    double weight_high = 0;
    std::int64_t price = 0;
};

struct PriceBasedRate {
    std::int64_t id = 0;
    std::string name;
    std::int64_t min_order_subtotal = 0;
    std::optional<std::int64_t> max_order_subtotal;  // null: no upper bound
    std::int64_t price = 0;
};

struct CarrierRateProvider {
    std::int64_t id = 0;
    std::int64_t carrier_service_id = 0;
    std::optional<std::int64_t> country_id;
    std::int64_t flat_modifier = 0;  // minor units added to the carrier's rate
    std::int64_t percent_modifier = 0;
};

struct ShippingZone {
    std::int64_t id = 0;
    std::string name;
    std::int64_t profile_id = 0;
    std::int64_t location_group_id = 0;
    std::vector<ShippingCountry> countries;
    std::vector<WeightBasedRate> weight_based_rates;
    std::vector<PriceBasedRate> price_based_rates;
    std::vector<CarrierRateProvider> carrier_rate_providers;
};

struct CarrierService {
    std::int64_t id = 0;
    std::string name;
    bool active = true;
    bool service_discovery = true;
    std::string carrier_service_type = "api";
    std::string format = "json";
    std::string callback_url;
};

// Names of Shopify's inventory quantity states (InventoryQuantityName).
struct InventoryLevel {
    std::int64_t inventory_item_id = 0;
    std::int64_t location_id = 0;
    std::int64_t variant_id = 0;
    std::int64_t available = 0;
    std::int64_t committed = 0;
    std::int64_t incoming = 0;
    std::int64_t reserved = 0;
    std::int64_t damaged = 0;
    std::int64_t safety_stock = 0;
    std::int64_t quality_control = 0;
    std::int64_t updated_at = 0;
    std::int64_t on_hand() const {
        return available + committed + reserved + damaged + safety_stock + quality_control;
    }
    // Level id as Shopify composes it: "<item>?inventory_item_id=<location>"-like, here a number.
    std::int64_t quantity(std::string_view name) const;
};

inline std::int64_t InventoryLevel::quantity(std::string_view name) const {
    if (name == "available")
        return available;
    if (name == "on_hand")
        return on_hand();
    if (name == "committed")
        return committed;
    if (name == "incoming")
        return incoming;
    if (name == "reserved")
        return reserved;
    if (name == "damaged")
        return damaged;
    if (name == "safety_stock")
        return safety_stock;
    if (name == "quality_control")
        return quality_control;
    return 0;
}

}  // namespace sb::emulators::shopify
