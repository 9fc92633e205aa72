#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "emulators/bigcommerce/data/model.hpp"
#include "emulators/common/options.hpp"

// One BigCommerce store, generated from the seed at start (every record a pure function of
// seed, kind and index) and kept in memory so that run-time changes (status updates,
// shipments, stock) stay consistent across the v2 and v3 views.
namespace sb::emulators::bigcommerce {

struct StoreSize : common::StoreSize {
    StoreSize() : common::StoreSize("storebridge-dev.mybigcommerce.com") {}
    int locations = 2;
};

struct TimeWindow {
    std::optional<std::int64_t> min, max;  // inclusive, ms
    bool contains(std::int64_t t) const { return (!min || t >= *min) && (!max || t <= *max); }
};

struct Sort {
    std::string field = "id";
    bool descending = false;
};

// What a list asks for: 1-based page and its size.
struct PageRequest {
    std::int64_t page = 1;
    std::int64_t limit = 50;
};

template <class T>
struct PageOf {
    std::vector<T> items;
    std::int64_t total = 0;  // every match, across pages
};

struct OrderQuery {
    TimeWindow created, modified;
    std::optional<int> status_id;
    std::optional<std::int64_t> min_id, max_id, customer_id;
    std::string email;
    Sort sort;
};

struct RecordQuery {
    TimeWindow modified;
    std::optional<std::vector<std::int64_t>> ids;
    Sort sort;
};

struct InventoryQuery {
    std::optional<std::vector<std::int64_t>> variant_ids, location_ids;
};

struct NewOrderItem {
    std::int64_t variant_id = 0;
    int quantity = 1;
};

struct NewOrder {
    std::optional<std::int64_t> customer_id;
    int status_id = 11;  // Awaiting Fulfillment
    std::vector<NewOrderItem> items;
};

struct NewShipment {
    std::int64_t order_address_id = 0;
    std::string tracking_number, tracking_carrier, shipping_provider, shipping_method, comments;
    std::vector<ShipmentItem> items;  // order_product_id, quantity
};

// A change refused: the message for a 400 / 422 answer, and the field it is about.
struct Refusal {
    std::string message;
    std::string field;
};

// A status change: the order before and after.
struct OrderChange {
    Order before, after;
};

struct ShipmentCreated {
    Shipment shipment;
    OrderChange order;
};

struct StockChange {
    std::int64_t variant_id = 0, product_id = 0, sku_id = 0, location_id = 0, quantity = 0;
};

struct AbsoluteAdjustment {
    std::int64_t location_id = 0;
    std::optional<std::int64_t> variant_id;
    std::optional<std::string> sku;
    std::int64_t quantity = 0;
};

struct StoreCounts {
    std::int64_t orders = 0, products = 0, variants = 0, customers = 0, shipments = 0,
                 locations = 0;
};

class Store {
  public:
    explicit Store(StoreSize size);

    PageOf<Order> orders(const OrderQuery& q, const PageRequest& p) const;
    std::int64_t count_orders(std::optional<int> status_id) const;
    std::optional<Order> order(std::int64_t id) const;
    // nullopt: no such order. `touch` bumps date_modified even when the status stays.
    std::optional<OrderChange> set_order_status(std::int64_t id, std::optional<int> status_id,
                                                bool touch = true);
    // Throws nothing; a Refusal says why the order was not made.
    std::pair<std::optional<Order>, std::optional<Refusal>> create_order(const NewOrder& n);
    // nullopt order: no such order.
    std::pair<std::optional<ShipmentCreated>, std::optional<Refusal>> create_shipment(
        std::int64_t order_id, const NewShipment& n);

    PageOf<Product> products(const RecordQuery& q, const PageRequest& p) const;
    std::optional<Product> product(std::int64_t id) const;
    std::optional<Product> touch_product(std::int64_t id);
    PageOf<Customer> customers(const RecordQuery& q, const PageRequest& p) const;
    std::optional<Customer> touch_customer(std::int64_t id);

    std::vector<Location> locations() const;
    PageOf<InventoryItem> inventory(const InventoryQuery& q, const PageRequest& p) const;
    // All or nothing: every item is checked before any changes.
    std::pair<std::vector<StockChange>, std::optional<Refusal>> adjust_absolute(
        const std::vector<AbsoluteAdjustment>& items);

    StoreCounts counts() const;

  private:
    void generate();
    Order* find_order(std::int64_t id);
    const Order* find_order(std::int64_t id) const;
    const Variant* find_variant(std::int64_t id) const;
    std::int64_t stamp();  // now, to the second, never before the last stamp

    StoreSize size_;
    mutable std::shared_mutex mutex_;
    std::vector<Order> orders_;  // id order
    std::vector<Product> products_;
    std::vector<Customer> customers_;
    std::vector<Location> locations_;
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> variant_at_;  // product, variant
    std::map<std::int64_t, std::vector<StockLevel>> stock_;                   // by variant id
    std::int64_t next_order_product_id_ = 1, next_address_id_ = 1, next_shipment_id_ = 1;
    std::int64_t last_stamp_ = 0;
};

}  // namespace sb::emulators::bigcommerce
