#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emulators/shopify/data/catalog.hpp"
#include "emulators/shopify/data/paging.hpp"

// The live store: the generated catalog plus a small overlay of what changed since start
// (created, updated and cancelled orders, tracking edits, stock changes). Thread-safe.
namespace sb::emulators::shopify {

struct OrderChanges {
    std::optional<std::string> email;
    std::optional<std::string> note;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::string> financial_status;
};

struct TrackingChange {
    std::optional<std::string> company;
    std::optional<std::string> number;
    std::optional<std::string> url;
};

enum class OrderSort { id, created_at, updated_at, processed_at };

class Store {
  public:
    explicit Store(CatalogSize size);
    const Catalog& catalog() const { return catalog_; }
    Shop shop() const { return catalog_.shop(); }

    std::int64_t order_count() const;
    Order order_at(std::int64_t index) const;
    std::optional<std::int64_t> order_index(std::int64_t id) const;
    std::int64_t order_updated_at(std::int64_t index) const;
    std::int64_t order_created_at(std::int64_t index) const;
    std::string order_status(std::int64_t index) const;  // open | closed | cancelled
    // A deleted order keeps its index (ids never shift) but no read finds it any more.
    bool order_deleted(std::int64_t index) const;

    std::int64_t product_count() const { return catalog_.size().products; }
    Product product_at(std::int64_t index) const { return catalog_.product(index); }
    std::optional<std::int64_t> product_index(std::int64_t id) const;
    // Variant and inventory item ids map to (product index, slot).
    std::optional<std::pair<std::int64_t, int>> variant_slot(std::int64_t variant_id) const;
    std::optional<std::pair<std::int64_t, int>> inventory_item_slot(std::int64_t item_id) const;
    std::int64_t variant_count() const;  // total, computed once

    std::int64_t customer_count() const { return catalog_.size().customers; }
    Customer customer_at(std::int64_t index) const;
    std::optional<std::int64_t> customer_index(std::int64_t id) const;

    std::int64_t location_count() const { return catalog_.size().locations; }
    Location location_at(std::int64_t index) const { return catalog_.location(index); }
    std::optional<std::int64_t> location_index(std::int64_t id) const;

    std::int64_t checkout_count() const { return catalog_.checkout_count(); }
    Checkout checkout_at(std::int64_t index) const { return catalog_.checkout(index); }
    std::optional<std::int64_t> checkout_index(std::int64_t id) const;

    // Shipping settings are generated once and never change.
    const std::vector<ShippingZone>& shipping_zones() const { return shipping_zones_; }
    const std::vector<CarrierService>& carrier_services() const { return carrier_services_; }
    const CarrierService* carrier_service(std::int64_t id) const;

    InventoryLevel inventory_level(std::int64_t product_index, int slot,
                                   std::int64_t location_index) const;
    std::optional<std::pair<Order, std::size_t>> fulfillment(std::int64_t fulfillment_id) const;

    // Collections in id order, or sorted by a timestamp (cached until the next change).
    Collection orders(OrderSort sort) const;
    Collection products(bool by_updated_at) const;
    Collection customers(bool by_updated_at) const;
    Collection simple(std::int64_t count, std::int64_t id_base) const;

    // Changes. Each returns the record after the change.
    Order create_order(const OrderChanges& changes);
    std::optional<Order> update_order(std::int64_t id, const OrderChanges& changes);
    // nullopt: unknown order; second=false: already cancelled.
    std::optional<std::pair<Order, bool>> cancel_order(std::int64_t id, const std::string& reason);
    // nullopt: unknown (or already deleted) order; else the order as it was.
    std::optional<Order> delete_order(std::int64_t id);
    std::optional<Order> update_tracking(std::int64_t fulfillment_id, const TrackingChange& change);
    // name: "available" | "on_hand" | ...; set (delta=false) or adjust (delta=true).
    std::optional<InventoryLevel> change_inventory(std::int64_t item_id, std::int64_t location_id,
                                                   const std::string& name, std::int64_t quantity,
                                                   bool delta);

    std::uint64_t version() const { return version_.load(); }

  private:
    struct OrderPatch {
        bool created = false;
        bool deleted = false;
        std::optional<std::int64_t> created_at;
        std::optional<std::int64_t> updated_at;
        std::optional<std::int64_t> cancelled_at;
        std::optional<std::string> cancel_reason;
        OrderChanges changes;
        std::map<std::int64_t, TrackingChange> tracking;
    };
    void apply(Order& o, const OrderPatch& p) const;
    std::shared_ptr<const std::vector<std::pair<std::int64_t, std::int64_t>>> sorted_orders(
        OrderSort sort) const;

    Catalog catalog_;
    std::vector<ShippingZone> shipping_zones_;
    std::vector<CarrierService> carrier_services_;
    mutable std::shared_mutex mutex_;
    std::int64_t created_ = 0;
    std::unordered_map<std::int64_t, OrderPatch> patches_;                    // by order index
    std::map<std::pair<std::int64_t, std::int64_t>, InventoryLevel> levels_;  // (item, location)
    std::atomic<std::uint64_t> version_{1};
    std::atomic<std::int64_t> deleted_orders_{0};
    mutable std::mutex cache_mutex_;
    mutable std::map<
        int, std::pair<std::uint64_t,
                       std::shared_ptr<const std::vector<std::pair<std::int64_t, std::int64_t>>>>>
        sorted_cache_;
    mutable std::atomic<std::int64_t> variant_total_{-1};
};

}  // namespace sb::emulators::shopify
