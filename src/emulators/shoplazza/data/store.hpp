#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "emulators/common/options.hpp"
#include "emulators/shoplazza/data/model.hpp"

// One Shoplazza store. Generated records are pure functions of (seed, kind, index), built on
// demand; only edited or created records and a compact summary per order are kept, so a
// large store starts in milliseconds. Every list is in index (= creation) order.
namespace sb::emulators::shoplazza {

struct StoreSize : common::StoreSize {
    StoreSize() : common::StoreSize("storebridge-dev.myshoplaza.com") {}
};

struct TimeRange {
    std::optional<std::int64_t> min, max;  // inclusive, ms
    bool contains(std::int64_t t) const { return (!min || t >= *min) && (!max || t <= *max); }
    bool any() const { return min || max; }
};

struct OrderFilter {
    TimeRange created, updated, placed;
    int status = -1, financial_status = -1, fulfillment_status = -1;  // enum indexes
    std::optional<std::vector<std::int64_t>> indexes;                 // from `ids`
};

struct RecordFilter {
    TimeRange created, updated;
    std::optional<std::vector<std::int64_t>> indexes;
    std::optional<bool> published;  // products
    std::string email;              // customers, exact
};

// Where a page starts: after an index (cursor), before one (pre_cursor) or after skipping.
struct PageQuery {
    std::int64_t limit = 10;
    std::optional<std::int64_t> after, before;
    std::int64_t skip = 0;
    bool count = false;  // also count every match
};

struct Page {
    std::vector<std::int64_t> indexes;
    std::int64_t count = 0;  // when PageQuery::count
    bool more_after = false, more_before = false;
};

struct OrderChanges {
    std::optional<std::string> note, email, status, financial_status, fulfillment_status;
    std::optional<std::int64_t> customer_index;
};

struct ProductChanges {
    std::optional<std::string> title, note, tags, vendor;
    struct VariantChange {
        std::string id;
        std::optional<std::int64_t> inventory_quantity, price;
    };
    std::vector<VariantChange> variants;
};

struct CustomerChanges {
    std::optional<std::string> email, first_name, last_name, phone, note, tags;
};

struct StoreCounts {
    std::int64_t orders = 0, products = 0, variants = 0, customers = 0, line_items = 0;
};

class Store {
  public:
    explicit Store(StoreSize size);

    Shop shop() const;
    Shop update_customer_email(const std::string& email);

    // Ids ↔ indexes; nullopt for an id that is not this store's.
    std::optional<std::int64_t> order_index(const std::string& id) const;
    std::optional<std::int64_t> product_index(const std::string& id) const;
    std::optional<std::int64_t> customer_index(const std::string& id) const;
    std::string location_id() const;

    // nullopt when out of range or deleted.
    std::optional<Order> order(std::int64_t index) const;
    std::optional<Product> product(std::int64_t index) const;
    std::optional<Customer> customer(std::int64_t index) const;

    Page list_orders(const OrderFilter& f, const PageQuery& q) const;
    Page list_products(const RecordFilter& f, const PageQuery& q) const;
    Page list_customers(const RecordFilter& f, const PageQuery& q) const;

    Order create_order(const OrderChanges& c);
    std::optional<Order> update_order(std::int64_t index, const OrderChanges& c);
    bool delete_order(std::int64_t index);
    std::optional<Product> update_product(std::int64_t index, const ProductChanges& c);
    bool delete_product(std::int64_t index);
    std::optional<Customer> update_customer(std::int64_t index, const CustomerChanges& c);
    bool delete_customer(std::int64_t index);

    StoreCounts counts() const;
    std::uint64_t seed() const { return size_.seed; }

  private:
    struct OrderSummary {
        std::int64_t updated_at = 0;
        std::uint8_t status = 0, financial = 0, fulfillment = 0;
        bool deleted = false;
        bool placed = false;
    };
    struct RecordSummary {
        std::int64_t updated_at = 0;
        bool deleted = false;
    };

    Order generate_order(std::int64_t index) const;
    Product generate_product(std::int64_t index) const;
    Customer generate_customer(std::int64_t index) const;
    Order order_locked(std::int64_t index) const;
    Product product_locked(std::int64_t index) const;
    Customer customer_locked(std::int64_t index) const;
    std::int64_t order_created_at(std::int64_t index) const;
    std::int64_t next_update_time(std::int64_t previous) const;
    void derive_fulfillments(Order& o) const;
    void summarize(const Order& o);
    std::int64_t variant_product(std::int64_t global_variant) const;

    StoreSize size_;
    mutable std::shared_mutex mutex_;
    Shop shop_;
    std::vector<OrderSummary> orders_;
    std::vector<std::int64_t> created_extra_;  // created_at of orders beyond size_.orders
    std::vector<RecordSummary> products_, customers_;
    std::vector<std::int64_t> variant_offsets_;  // products + 1 prefix sums
    std::map<std::int64_t, Order> order_edits_;
    std::map<std::int64_t, Product> product_edits_;
    std::map<std::int64_t, Customer> customer_edits_;
    std::int64_t line_items_ = 0;
};

}  // namespace sb::emulators::shoplazza
