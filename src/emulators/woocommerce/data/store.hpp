#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "emulators/common/options.hpp"
#include "emulators/woocommerce/data/model.hpp"

// One WooCommerce store, generated from the seed at start (every record a pure function of seed,
// kind and index) and kept in memory so that run-time changes (status, stock, notes, new orders)
// show in every later read.
namespace sb::emulators::woocommerce {

struct StoreSize : common::StoreSize {
    StoreSize() : common::StoreSize("127.0.0.1") {}
};

// after / before are exclusive, as WordPress's date queries are by default.
struct DateWindow {
    std::optional<std::int64_t> after, before;  // ms, UTC
    bool contains(std::int64_t t) const {
        return (!after || t > *after) && (!before || t < *before);
    }
};

// What a collection asks for, once its parameters are checked.
struct ListQuery {
    DateWindow created, modified;
    std::vector<std::string> statuses;  // orders; empty: any
    std::optional<std::vector<std::int64_t>> include;
    std::vector<std::int64_t> exclude;
    std::optional<std::int64_t> customer;  // orders
    std::string type;                      // products: simple | variable, "" any
    std::string sku;                       // products
    std::string email;                     // customers
    std::string orderby = "date";          // date | id | include | title | slug | name | …
    bool descending = true;
    std::int64_t page = 1, per_page = 10, offset = -1;  // offset -1: from page
};

template <class T>
struct PageOf {
    std::vector<T> items;
    std::int64_t total = 0;  // every match, across pages
};

struct OrderChange {
    Order before, after;
};

struct NewOrderItem {
    std::int64_t product_id = 0, variation_id = 0;
    int quantity = 1;
};

struct NewOrder {
    std::optional<std::int64_t> customer_id;
    std::string status = "processing";
    std::vector<NewOrderItem> items;
};

// A stock change to a simple product or a variation.
struct StockUpdate {
    std::optional<bool> manage_stock;
    std::optional<std::int64_t> stock_quantity;
};

// What a stock update changed: the product (with its variations) after it, and which variation
// (0: the product itself).
struct StockChanged {
    Product product;
    std::int64_t variation_id = 0;
};

struct StoreCounts {
    std::int64_t orders = 0, products = 0, variations = 0, customers = 0, notes = 0;
};

class Store {
  public:
    explicit Store(StoreSize size);

    PageOf<Order> orders(const ListQuery& q) const;
    std::optional<Order> order(std::int64_t id) const;
    // nullopt: no such order. The status is one of order_statuses(); a change to `cancelled`
    // gives back the stock the order took, and adds the note WooCommerce writes.
    std::optional<OrderChange> set_order_status(std::int64_t id, const std::string& status);
    // The error message, or the new order (its stock taken when the status is a paid one).
    std::pair<std::optional<Order>, std::string> create_order(const NewOrder& n);
    std::optional<Order> delete_order(std::int64_t id);
    // nullopt: no such order.
    std::optional<OrderNote> add_note(std::int64_t order_id, const std::string& note,
                                      bool customer_note);

    PageOf<Product> products(const ListQuery& q) const;
    std::optional<Product> product(std::int64_t id) const;
    // nullopt: no such product (or variation of it). A product's stock is its own for a simple
    // product; a variable product's lives on its variations.
    std::optional<StockChanged> update_stock(std::int64_t product_id, std::int64_t variation_id,
                                             const StockUpdate& u);
    std::optional<Product> touch_product(std::int64_t id);

    PageOf<Customer> customers(const ListQuery& q) const;
    std::optional<Customer> customer(std::int64_t id) const;
    std::optional<Customer> touch_customer(std::int64_t id);

    StoreCounts counts() const;

  private:
    void generate();
    Order* find_order(std::int64_t id);
    Product* find_product(std::int64_t id);
    // Takes (`sign` -1) or gives back (+1) the stock of an order's managed items.
    void move_stock(const Order& o, int sign, std::int64_t at);
    std::int64_t stamp();  // now, to the second, never before the last stamp

    StoreSize size_;
    mutable std::shared_mutex mutex_;
    std::vector<Order> orders_;  // id order
    std::vector<Product> products_;
    std::vector<Customer> customers_;
    std::vector<std::int64_t> stock_taken_;  // ids of orders whose stock is taken
    std::int64_t next_order_id_ = 0, next_item_id_ = 1, next_note_id_ = 1;
    std::int64_t last_stamp_ = 0;
};

}  // namespace sb::emulators::woocommerce
