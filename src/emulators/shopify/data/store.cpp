#include "emulators/shopify/data/store.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "emulators/shopify/data/shipping.hpp"

namespace sb::emulators::shopify {

namespace {
using Sorted = std::vector<std::pair<std::int64_t, std::int64_t>>;
}

Store::Store(CatalogSize size)
    : catalog_(std::move(size)),
      shipping_zones_(generate_shipping_zones(catalog_.size().seed)),
      carrier_services_(generate_carrier_services()) {}

const CarrierService* Store::carrier_service(std::int64_t id) const {
    for (const auto& c : carrier_services_) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

std::int64_t Store::order_count() const {
    std::shared_lock lock(mutex_);
    return catalog_.size().orders + created_;
}

void Store::apply(Order& o, const OrderPatch& p) const {
    if (p.created_at) {
        o.created_at = *p.created_at;
        o.processed_at = *p.created_at;
    }
    if (p.created) {
        // A new order starts open and unfulfilled, whatever the generator rolled.
        o.cancelled_at.reset();
        o.cancel_reason.reset();
        o.closed_at.reset();
        o.fulfillments.clear();
        o.refunds.clear();
        o.fulfillment_status.reset();
        o.financial_status = "paid";
        for (auto& li : o.line_items) {
            li.fulfillment_status.reset();
            li.fulfillable_quantity = li.quantity;
        }
    }
    if (p.updated_at)
        o.updated_at = std::max(o.updated_at, *p.updated_at);
    if (p.changes.email)
        o.email = *p.changes.email;
    if (p.changes.note)
        o.note = *p.changes.note;
    if (p.changes.tags)
        o.tags = *p.changes.tags;
    if (p.changes.financial_status)
        o.financial_status = *p.changes.financial_status;
    if (p.cancelled_at) {
        o.cancelled_at = p.cancelled_at;
        o.cancel_reason = p.cancel_reason;
        o.closed_at = p.cancelled_at;
        for (auto& li : o.line_items)
            li.fulfillable_quantity = 0;
    }
    for (auto& f : o.fulfillments) {
        auto it = p.tracking.find(f.id);
        if (it == p.tracking.end())
            continue;
        if (it->second.company)
            f.tracking_company = it->second.company;
        if (it->second.number)
            f.tracking_number = it->second.number;
        if (it->second.url)
            f.tracking_url = it->second.url;
        f.updated_at = o.updated_at;
    }
}

Order Store::order_at(std::int64_t index) const {
    Order o = catalog_.order(index);
    std::shared_lock lock(mutex_);
    auto it = patches_.find(index);
    if (it != patches_.end())
        apply(o, it->second);
    return o;
}

std::optional<std::int64_t> Store::order_index(std::int64_t id) const {
    const std::int64_t i = id - ids::order;
    if (i < 0 || i >= order_count() || order_deleted(i))
        return std::nullopt;
    return i;
}

bool Store::order_deleted(std::int64_t index) const {
    std::shared_lock lock(mutex_);
    if (patches_.empty())
        return false;
    auto it = patches_.find(index);
    return it != patches_.end() && it->second.deleted;
}

std::int64_t Store::order_updated_at(std::int64_t index) const {
    std::int64_t t = catalog_.order_updated_at(index);
    std::shared_lock lock(mutex_);
    if (patches_.empty())
        return t;
    auto it = patches_.find(index);
    if (it != patches_.end() && it->second.updated_at)
        t = std::max(t, *it->second.updated_at);
    return t;
}

std::int64_t Store::order_created_at(std::int64_t index) const {
    std::shared_lock lock(mutex_);
    if (!patches_.empty()) {
        auto it = patches_.find(index);
        if (it != patches_.end() && it->second.created_at)
            return *it->second.created_at;
    }
    return catalog_.order_created_at(index);
}

std::string Store::order_status(std::int64_t index) const {
    std::shared_lock lock(mutex_);
    if (!patches_.empty()) {
        auto it = patches_.find(index);
        if (it != patches_.end()) {
            if (it->second.cancelled_at)
                return "cancelled";
            if (it->second.created)
                return "open";
        }
    }
    return catalog_.order_status_key(index);
}

std::optional<std::int64_t> Store::product_index(std::int64_t id) const {
    const std::int64_t i = id - ids::product;
    if (i < 0 || i >= product_count())
        return std::nullopt;
    return i;
}

std::optional<std::pair<std::int64_t, int>> Store::variant_slot(std::int64_t id) const {
    const std::int64_t k = id - ids::variant;
    if (k < 0)
        return std::nullopt;
    const std::int64_t p = k / ids::variants_per_product;
    const int slot = static_cast<int>(k % ids::variants_per_product);
    if (p >= product_count() || slot >= catalog_.variant_count(p))
        return std::nullopt;
    return std::make_pair(p, slot);
}

std::optional<std::pair<std::int64_t, int>> Store::inventory_item_slot(std::int64_t id) const {
    return variant_slot(id - ids::inventory_item + ids::variant);
}

std::int64_t Store::variant_count() const {
    auto v = variant_total_.load();
    if (v >= 0)
        return v;
    v = 0;
    for (std::int64_t p = 0; p < product_count(); ++p)
        v += catalog_.variant_count(p);
    variant_total_ = v;
    return v;
}

Customer Store::customer_at(std::int64_t index) const {
    return catalog_.customer(index, order_count());
}

std::optional<std::int64_t> Store::customer_index(std::int64_t id) const {
    const std::int64_t i = id - ids::customer;
    if (i < 0 || i >= customer_count())
        return std::nullopt;
    return i;
}

std::optional<std::int64_t> Store::location_index(std::int64_t id) const {
    const std::int64_t i = id - ids::location - 1;
    if (i < 0 || i >= location_count())
        return std::nullopt;
    return i;
}

std::optional<std::int64_t> Store::checkout_index(std::int64_t id) const {
    const std::int64_t i = id - ids::checkout;
    if (i < 0 || i >= checkout_count())
        return std::nullopt;
    return i;
}

InventoryLevel Store::inventory_level(std::int64_t p, int slot, std::int64_t loc) const {
    InventoryLevel l = catalog_.inventory_level(p, slot, loc);
    std::shared_lock lock(mutex_);
    auto it = levels_.find({l.inventory_item_id, l.location_id});
    return it == levels_.end() ? l : it->second;
}

std::optional<std::pair<Order, std::size_t>> Store::fulfillment(std::int64_t fid) const {
    const std::int64_t i = (fid - ids::fulfillment) / ids::fulfillments_per_order;
    if (fid < ids::fulfillment || i >= order_count())
        return std::nullopt;
    Order o = order_at(i);
    for (std::size_t k = 0; k < o.fulfillments.size(); ++k) {
        if (o.fulfillments[k].id == fid)
            return std::make_pair(std::move(o), k);
    }
    return std::nullopt;
}

std::shared_ptr<const Sorted> Store::sorted_orders(OrderSort sort) const {
    const std::uint64_t v = version_.load();
    std::lock_guard lock(cache_mutex_);
    auto& slot = sorted_cache_[static_cast<int>(sort)];
    if (slot.second && slot.first == v)
        return slot.second;
    const std::int64_t n = order_count();
    auto out = std::make_shared<Sorted>();
    out->reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        out->emplace_back(order_updated_at(i), i);
    std::sort(out->begin(), out->end());
    slot = {v, out};
    return out;
}

Collection Store::orders(OrderSort sort) const {
    Collection c;
    c.count = order_count();
    c.id_of = [](std::int64_t i) { return ids::order + i; };
    c.index_of = [this](std::int64_t id) { return order_index(id); };
    // Creation order is id order (ids grow with time), so only updated_at needs a sort.
    if (sort == OrderSort::updated_at)
        c.sorted = sorted_orders(sort);
    if (deleted_orders_.load() > 0)
        c.matches = [this](std::int64_t i) { return !order_deleted(i); };
    return c;
}

Collection Store::products(bool by_updated_at) const {
    Collection c = simple(product_count(), ids::product);
    if (by_updated_at) {
        auto v = std::make_shared<Sorted>();
        for (std::int64_t i = 0; i < c.count; ++i)
            v->emplace_back(catalog_.product_updated_at(i), i);
        std::sort(v->begin(), v->end());
        c.sorted = v;
    }
    return c;
}

Collection Store::customers(bool by_updated_at) const {
    Collection c = simple(customer_count(), ids::customer);
    if (by_updated_at) {
        auto v = std::make_shared<Sorted>();
        for (std::int64_t i = 0; i < c.count; ++i)
            v->emplace_back(catalog_.customer_updated_at(i), i);
        std::sort(v->begin(), v->end());
        c.sorted = v;
    }
    return c;
}

Collection Store::simple(std::int64_t count, std::int64_t base) const {
    Collection c;
    c.count = count;
    c.id_of = [base](std::int64_t i) { return base + i; };
    c.index_of = [base, count](std::int64_t id) -> std::optional<std::int64_t> {
        const std::int64_t i = id - base;
        if (i < 0 || i >= count)
            return std::nullopt;
        return i;
    };
    return c;
}

Order Store::create_order(const OrderChanges& changes) {
    std::int64_t index;
    {
        std::unique_lock lock(mutex_);
        index = catalog_.size().orders + created_++;
        auto& p = patches_[index];
        p.created = true;
        p.created_at = now_ms();
        p.updated_at = p.created_at;
        p.changes = changes;
    }
    ++version_;
    return order_at(index);
}

std::optional<Order> Store::update_order(std::int64_t id, const OrderChanges& changes) {
    auto index = order_index(id);
    if (!index)
        return std::nullopt;
    {
        std::unique_lock lock(mutex_);
        auto& p = patches_[*index];
        if (changes.email)
            p.changes.email = changes.email;
        if (changes.note)
            p.changes.note = changes.note;
        if (changes.tags)
            p.changes.tags = changes.tags;
        if (changes.financial_status)
            p.changes.financial_status = changes.financial_status;
        p.updated_at = now_ms();
    }
    ++version_;
    return order_at(*index);
}

std::optional<Order> Store::delete_order(std::int64_t id) {
    auto index = order_index(id);
    if (!index)
        return std::nullopt;
    Order before = order_at(*index);
    {
        std::unique_lock lock(mutex_);
        patches_[*index].deleted = true;
    }
    ++deleted_orders_;
    ++version_;
    return before;
}

std::optional<std::pair<Order, bool>> Store::cancel_order(std::int64_t id,
                                                          const std::string& reason) {
    auto index = order_index(id);
    if (!index)
        return std::nullopt;
    Order before = order_at(*index);
    if (before.cancelled_at)
        return std::make_pair(std::move(before), false);
    {
        std::unique_lock lock(mutex_);
        auto& p = patches_[*index];
        p.cancelled_at = now_ms();
        p.cancel_reason = reason;
        p.updated_at = p.cancelled_at;
    }
    ++version_;
    return std::make_pair(order_at(*index), true);
}

std::optional<Order> Store::update_tracking(std::int64_t fid, const TrackingChange& change) {
    auto f = fulfillment(fid);
    if (!f)
        return std::nullopt;
    const std::int64_t index = f->first.index;
    {
        std::unique_lock lock(mutex_);
        auto& p = patches_[index];
        auto& t = p.tracking[fid];
        if (change.company)
            t.company = change.company;
        if (change.number)
            t.number = change.number;
        if (change.url)
            t.url = change.url;
        p.updated_at = now_ms();
    }
    ++version_;
    return order_at(index);
}

std::optional<InventoryLevel> Store::change_inventory(std::int64_t item_id,
                                                      std::int64_t location_id,
                                                      const std::string& name, std::int64_t q,
                                                      bool delta) {
    auto slot = inventory_item_slot(item_id);
    auto loc = location_index(location_id);
    if (!slot || !loc)
        return std::nullopt;
    InventoryLevel l = inventory_level(slot->first, slot->second, *loc);
    auto field = [&]() -> std::int64_t* {
        if (name == "available")
            return &l.available;
        if (name == "incoming")
            return &l.incoming;
        if (name == "committed")
            return &l.committed;
        if (name == "reserved")
            return &l.reserved;
        if (name == "damaged")
            return &l.damaged;
        if (name == "safety_stock")
            return &l.safety_stock;
        if (name == "quality_control")
            return &l.quality_control;
        return nullptr;
    }();
    if (name == "on_hand") {
        // on_hand moves with available; the other states stay as they are.
        l.available = delta ? l.available + q : q - (l.on_hand() - l.available);
    } else if (field) {
        *field = delta ? *field + q : q;
    } else {
        return std::nullopt;
    }
    l.updated_at = now_ms();
    {
        std::unique_lock lock(mutex_);
        levels_[{l.inventory_item_id, l.location_id}] = l;
    }
    ++version_;
    return l;
}

}  // namespace sb::emulators::shopify
