#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulators/common/options.hpp"
#include "emulators/shopify/data/model.hpp"
#include "emulators/shopify/data/rng.hpp"

// The generated part of a store. Each record is a pure function of the seed and its index,
// so a million orders cost nothing until they are asked for and the same seed always gives
// the same store.
namespace sb::emulators::shopify {

struct CatalogSize : common::StoreSize {
    std::int64_t locations = 3;
    std::string plan = "standard";

    CatalogSize() : StoreSize("storebridge-dev.myshopify.com") {}
};

// Id layout: each kind has a base; ids of children are derived from the parent index so an
// id maps back to its record without a lookup table.
namespace ids {
inline constexpr std::int64_t shop = 60'000'000'000;
inline constexpr std::int64_t location = 70'000'000'000;
inline constexpr std::int64_t product = 8'000'000'000'000;
inline constexpr std::int64_t variant = 44'000'000'000'000;
inline constexpr std::int64_t inventory_item = 46'000'000'000'000;
inline constexpr std::int64_t customer = 7'000'000'000'000;
inline constexpr std::int64_t customer_address = 9'000'000'000'000;
inline constexpr std::int64_t order = 5'000'000'000'000;
inline constexpr std::int64_t line_item = 13'000'000'000'000;
inline constexpr std::int64_t shipping_line = 4'100'000'000'000;
inline constexpr std::int64_t fulfillment = 4'500'000'000'000;
inline constexpr std::int64_t refund = 900'000'000'000;
inline constexpr std::int64_t checkout = 30'000'000'000'000;
inline constexpr std::int64_t shipping_zone = 310'000'000'000;
inline constexpr std::int64_t shipping_country = 320'000'000'000;
inline constexpr std::int64_t shipping_province = 330'000'000'000;
inline constexpr std::int64_t weight_based_rate = 340'000'000'000;
inline constexpr std::int64_t price_based_rate = 350'000'000'000;
inline constexpr std::int64_t carrier_rate_provider = 360'000'000'000;
inline constexpr std::int64_t carrier_service = 370'000'000'000;
inline constexpr std::int64_t delivery_profile = 380'000'000'000;
inline constexpr std::int64_t location_group = 390'000'000'000;
// Slots per product: products have 1–36 variants (up to three options); the rest stay unused.
inline constexpr int variants_per_product = 64;
inline constexpr int lines_per_order = 8;
inline constexpr int fulfillments_per_order = 4;  // split shipments use 2 or 3 of them
// A product's option at `position` (1–3); the REST payload and ProductOption share it.
inline constexpr std::int64_t product_option(std::int64_t product_id, int position) {
    return product_id + position * 1'000'000'000'000LL;
}
}  // namespace ids

// Fixed time frame so the data does not depend on the day it is generated.
inline constexpr std::int64_t k_epoch_start_ms = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
inline constexpr std::int64_t k_epoch_end_ms = 1'793'491'200'000;    // 2026-11-01T00:00:00Z

class Catalog {
  public:
    explicit Catalog(CatalogSize size);
    const CatalogSize& size() const { return size_; }

    Shop shop() const;
    Location location(std::int64_t index) const;
    Product product(std::int64_t index) const;
    int variant_count(std::int64_t product_index) const;
    // `total_orders` < 0: the generated count; the store passes the count with created orders.
    Customer customer(std::int64_t index, std::int64_t total_orders = -1) const;
    // Orders at index >= size().orders are the ones created later through the admin API;
    // they are generated the same way and then patched by the store.
    Order order(std::int64_t index) const;
    Checkout checkout(std::int64_t index) const;
    std::int64_t checkout_count() const;
    InventoryLevel inventory_level(std::int64_t product_index, int variant_slot,
                                   std::int64_t location_index) const;

    // Cheap per-index timestamps for filters and sorting (no record built).
    std::int64_t order_created_at(std::int64_t index) const;
    std::int64_t order_updated_at(std::int64_t index) const;
    std::int64_t product_updated_at(std::int64_t index) const;
    std::int64_t customer_updated_at(std::int64_t index) const;
    std::string order_status_key(std::int64_t index) const;  // "open" | "closed" | "cancelled"

  private:
    Address address_for(std::uint64_t h, const std::string& first, const std::string& last) const;
    std::vector<LineItem> line_items_for(std::uint64_t h, std::int64_t id_base, int count) const;
    std::int64_t active_location_id(std::int64_t index, std::int64_t at) const;
    void add_fulfillments(Order& o, int fulfilled_lines, Rng& r) const;
    void add_refund(Order& o, Rng& r) const;

    CatalogSize size_;
};

}  // namespace sb::emulators::shopify
