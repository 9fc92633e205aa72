#include "emulators/bigcommerce/data/store.hpp"

#include <algorithm>
#include <mutex>

#include "core/time.hpp"
#include "emulators/common/rng.hpp"

namespace sb::emulators::bigcommerce {

namespace {

using common::hash_of;
using common::Rng;

// Generated records are dated from here on, whatever day the emulator starts.
constexpr std::int64_t k_epoch_ms = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t k_hour_ms = 3'600'000;
constexpr std::int64_t k_first_order_id = 100;
constexpr std::int64_t k_first_product_id = 111;
constexpr std::int64_t k_first_variant_id = 1000;
constexpr std::int64_t k_first_sku_id = 500;

enum Kind : std::uint64_t { k_product = 1, k_variant, k_customer, k_order, k_stock };

const char* const k_adjectives[] = {"Orbit",  "Harbor", "Linen",  "Copper", "Alpine",  "Cedar",
                                    "Summit", "Nomad",  "Willow", "Ember",  "Coastal", "Urban"};
const char* const k_nouns[] = {"Mug",   "Backpack", "Lamp",   "Throw", "Bottle", "Notebook",
                               "Scarf", "Planter",  "Candle", "Tote",  "Jacket", "Kettle"};
const char* const k_first_names[] = {"Ada",  "Ben",  "Chloe", "Dev",  "Elena", "Farid", "Grace",
                                     "Hugo", "Ines", "Jonas", "Kira", "Liam",  "Maya",  "Noah"};
const char* const k_last_names[] = {"Garcia", "Okafor", "Novak",  "Tanaka", "Schmidt",
                                    "Rossi",  "Dubois", "Khan",   "Larsen", "Silva",
                                    "Murphy", "Cohen",  "Yilmaz", "Nguyen"};
const char* const k_cities[][4] = {{"Austin", "Texas", "78701", "US"},
                                   {"Denver", "Colorado", "80202", "US"},
                                   {"Portland", "Oregon", "97201", "US"},
                                   {"Toronto", "Ontario", "M5H 2N2", "CA"},
                                   {"Boston", "Massachusetts", "02108", "US"}};
const char* const k_sizes[] = {"S", "M", "L"};
const char* const k_payment_methods[] = {"Credit Card", "PayPal", "Cash on Delivery"};
const char* const k_carriers[][2] = {{"usps", "USPS"}, {"ups", "UPS"}, {"fedex", "FedEx"}};
// Later orders' statuses, weighted towards the common ones.
const int k_status_mix[] = {11, 11, 11, 10, 10, 10, 2, 2, 9, 7, 1, 3, 5, 4, 14, 0, 6, 8, 12, 13};

std::int64_t whole_seconds(std::int64_t ms) {
    return ms - ms % 1000;
}

// A version-4-shaped id from the record's stream, so that it stays the same across runs.
std::string uuid_from(Rng& r) {
    static const char* const hex = "0123456789abcdef";
    std::string out;
    std::uint64_t bits = r.next();
    for (int i = 0; i < 32; ++i) {
        if (i == 16)
            bits = r.next();
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out += '-';
        out += i == 12 ? '4' : hex[bits & 15];
        bits >>= 4;
    }
    return out;
}

std::string country_name(const std::string& iso2) {
    return iso2 == "CA" ? "Canada" : "United States";
}

Address make_address(Rng& r, const std::string& first, const std::string& last,
                     const std::string& email) {
    const auto& c = k_cities[r.below(std::size(k_cities))];
    Address a;
    a.first_name = first;
    a.last_name = last;
    a.street_1 = std::to_string(r.between(1, 999)) + " " + r.pick(k_adjectives) + " Street";
    a.city = c[0];
    a.state = c[1];
    a.zip = c[2];
    a.country_iso2 = c[3];
    a.country = country_name(a.country_iso2);
    a.phone = "555-01" + std::to_string(r.between(10, 99));
    a.email = email;
    return a;
}

std::string payment_status_for(int status) {
    switch (status) {
        case 0:
            return "";
        case 4:
            return "refunded";
        case 5:
            return "void";
        case 6:
            return "declined";
        case 7:
            return "pending";
        case 14:
            return "partially refunded";
        default:
            return "captured";
    }
}

template <class T>
PageOf<T> page_of(std::vector<const T*> matches, const PageRequest& p) {
    PageOf<T> out;
    out.total = static_cast<std::int64_t>(matches.size());
    const std::int64_t from = (p.page - 1) * p.limit;
    for (std::int64_t i = from; i < out.total && i < from + p.limit; ++i)
        out.items.push_back(*matches[static_cast<std::size_t>(i)]);
    return out;
}

// Sorts by `key` (then by id, so that pages are stable) in the asked direction.
template <class T, class Key>
void sort_by(std::vector<const T*>& v, bool descending, Key key) {
    std::stable_sort(v.begin(), v.end(), [&](const T* a, const T* b) {
        auto ka = std::make_pair(key(*a), a->id), kb = std::make_pair(key(*b), b->id);
        return descending ? kb < ka : ka < kb;
    });
}

bool listed(const std::optional<std::vector<std::int64_t>>& ids, std::int64_t id) {
    return !ids || std::find(ids->begin(), ids->end(), id) != ids->end();
}

}  // namespace

const std::vector<std::string>& status_names() {
    static const std::vector<std::string> names{"Incomplete",
                                                "Pending",
                                                "Shipped",
                                                "Partially Shipped",
                                                "Refunded",
                                                "Cancelled",
                                                "Declined",
                                                "Awaiting Payment",
                                                "Awaiting Pickup",
                                                "Awaiting Shipment",
                                                "Completed",
                                                "Awaiting Fulfillment",
                                                "Manual Verification Required",
                                                "Disputed",
                                                "Partially Refunded"};
    return names;
}

std::string status_name(int status_id) {
    const auto& n = status_names();
    return status_id >= 0 && status_id < static_cast<int>(n.size()) ? n[status_id] : "";
}

std::int64_t Order::subtotal() const {
    std::int64_t s = 0;
    for (const auto& p : products)
        s += p.base_price * p.quantity;
    return s;
}

std::int64_t Order::shipping() const {
    std::int64_t s = 0;
    for (const auto& a : shipping_addresses)
        s += a.cost;
    return s;
}

int Order::items_total() const {
    int n = 0;
    for (const auto& p : products)
        n += p.quantity;
    return n;
}

int Order::items_shipped() const {
    int n = 0;
    for (const auto& p : products)
        n += p.quantity_shipped;
    return n;
}

Store::Store(StoreSize size) : size_(std::move(size)) {
    generate();
}

void Store::generate() {
    const std::uint64_t seed = size_.seed;
    for (int l = 0; l < size_.locations; ++l) {
        Location loc;
        loc.id = l + 1;
        loc.code = l == 0 ? "BC-LOCATION-1" : "WAREHOUSE-" + std::to_string(l + 1);
        loc.label = l == 0 ? "Default location" : "Warehouse " + std::to_string(l + 1);
        loc.description = l == 0 ? "The store's own stock room" : "An outside warehouse";
        const auto& c = k_cities[static_cast<std::size_t>(l) % std::size(k_cities)];
        loc.city = c[0];
        loc.state = c[1];
        loc.zip = c[2];
        loc.country_code = c[3];
        loc.created_at = loc.updated_at = k_epoch_ms - 90 * 24 * k_hour_ms;
        locations_.push_back(loc);
    }

    std::int64_t variant_id = k_first_variant_id;
    for (std::int64_t i = 0; i < size_.products; ++i) {
        Rng r(hash_of({seed, k_product, static_cast<std::uint64_t>(i)}));
        Product p;
        p.id = k_first_product_id + i;
        p.name =
            std::string(r.pick(k_adjectives)) + " " + r.pick(k_nouns) + " " + std::to_string(p.id);
        p.sku = "P-" + std::to_string(p.id);
        p.price = r.between(5, 250) * 100 + (r.chance(0.5) ? 99 : 0);
        p.brand_id = r.between(30, 40);
        p.categories = {r.between(18, 25)};
        p.is_visible = !r.chance(0.1);
        p.date_created = k_epoch_ms - 60 * 24 * k_hour_ms + i * k_hour_ms;
        p.date_modified = p.date_created + r.between(0, 60 * 24) * k_hour_ms / 4;
        const int variants = static_cast<int>(r.between(1, 3));
        for (int v = 0; v < variants; ++v) {
            Rng vr(hash_of({seed, k_variant, static_cast<std::uint64_t>(variant_id)}));
            Variant var;
            var.id = variant_id;
            var.product_id = p.id;
            var.sku_id = k_first_sku_id + (variant_id - k_first_variant_id);
            var.option_id = 200 + p.id;
            var.option_value_id = 60 + v;
            var.option_name = "Size";
            var.option_label = k_sizes[v];
            var.sku = p.sku + "-" + var.option_label;
            var.price = p.price;
            var.sale_price = vr.chance(0.2) ? p.price * 9 / 10 : 0;
            var.weight = vr.between(100, 3000);
            std::vector<StockLevel> levels;
            for (const auto& loc : locations_) {
                Rng sr(hash_of({seed, k_stock, static_cast<std::uint64_t>(variant_id),
                                static_cast<std::uint64_t>(loc.id)}));
                levels.push_back({loc.id, sr.between(0, 120), 0, 5});
                var.inventory_level += levels.back().on_hand;
            }
            stock_[var.id] = std::move(levels);
            variant_at_[var.id] = {products_.size(), p.variants.size()};
            p.variants.push_back(std::move(var));
            ++variant_id;
        }
        products_.push_back(std::move(p));
    }

    std::int64_t address_id = 1;
    for (std::int64_t i = 0; i < size_.customers; ++i) {
        Rng r(hash_of({seed, k_customer, static_cast<std::uint64_t>(i)}));
        Customer c;
        c.id = i + 1;
        c.first_name = r.pick(k_first_names);
        c.last_name = r.pick(k_last_names);
        c.email = c.first_name + "." + c.last_name + "." + std::to_string(c.id) + "@example.com";
        std::transform(c.email.begin(), c.email.end(), c.email.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        c.phone = "555-02" + std::to_string(r.between(10, 99));
        c.company = r.chance(0.3) ? std::string(r.pick(k_adjectives)) + " Ltd" : "";
        c.customer_group_id = r.chance(0.2) ? 1 : 0;
        c.date_created = k_epoch_ms - 30 * 24 * k_hour_ms + i * k_hour_ms / 2;
        c.date_modified = c.date_created + r.between(0, 40 * 24) * k_hour_ms / 2;
        const int addresses = static_cast<int>(r.between(1, 2));
        for (int a = 0; a < addresses; ++a) {
            CustomerAddress ca;
            ca.id = address_id++;
            ca.customer_id = c.id;
            ca.address = make_address(r, c.first_name, c.last_name, c.email);
            ca.address.company = c.company;
            ca.address_type = a == 0 ? "residential" : "commercial";
            c.addresses.push_back(std::move(ca));
        }
        customers_.push_back(std::move(c));
    }

    for (std::int64_t i = 0; i < size_.orders; ++i) {
        Rng r(hash_of({seed, k_order, static_cast<std::uint64_t>(i)}));
        Order o;
        o.id = k_first_order_id + i;
        o.date_created = k_epoch_ms + i * k_hour_ms + r.between(0, 3599) * 1000;
        o.date_modified = o.date_created + r.between(0, 20 * 24) * k_hour_ms;
        o.status_id = i < 15 ? static_cast<int>(i) : r.pick(k_status_mix);
        if (!customers_.empty() && !r.chance(0.15)) {
            const auto& c = customers_[r.below(customers_.size())];
            o.customer_id = c.id;
            o.billing = c.addresses.front().address;
        } else {
            const std::string first = r.pick(k_first_names), last = r.pick(k_last_names);
            o.billing =
                make_address(r, first, last, "guest" + std::to_string(o.id) + "@example.com");
        }
        o.payment_method = r.pick(k_payment_methods);
        o.payment_status = payment_status_for(o.status_id);
        o.cart_id = o.status_id == 0 ? "" : uuid_from(r);
        o.order_source = r.chance(0.9) ? "www" : "manual";
        o.discount = r.chance(0.2) ? 500 : 0;
        ShippingAddress sa;
        sa.id = next_address_id_++;
        sa.order_id = o.id;
        sa.address = o.billing;
        sa.shipping_method = r.chance(0.5) ? "Flat Rate" : "Free Shipping";
        sa.cost = sa.shipping_method == "Flat Rate" ? 999 : 0;
        const int lines = products_.empty() ? 0 : static_cast<int>(r.between(1, 4));
        for (int l = 0; l < lines; ++l) {
            const Product& p = products_[r.below(products_.size())];
            const Variant& v = p.variants[r.below(p.variants.size())];
            OrderProduct op;
            op.id = next_order_product_id_++;
            op.order_id = o.id;
            op.product_id = p.id;
            op.variant_id = v.id;
            op.order_address_id = sa.id;
            op.name = p.name;
            op.sku = v.sku;
            op.option_id = v.option_id;
            op.option_value_id = v.option_value_id;
            op.option_name = v.option_name;
            op.option_value = v.option_label;
            op.base_price = v.sale_price ? v.sale_price : v.price;
            op.weight = v.weight;
            op.quantity = static_cast<int>(r.between(1, 3));
            o.products.push_back(std::move(op));
        }
        if (o.status_id == 3 && o.items_total() < 2 && !o.products.empty())
            o.products.front().quantity = 2;  // a partial shipment needs two units
        if (o.discount > o.subtotal())
            o.discount = 0;
        sa.items_total = o.items_total();
        o.shipping_addresses.push_back(sa);
        const bool shipped = o.status_id == 2 || o.status_id == 10;
        if ((shipped || o.status_id == 3) && !o.products.empty()) {
            Shipment s;
            s.id = next_shipment_id_++;
            s.order_id = o.id;
            s.customer_id = o.customer_id;
            s.order_address_id = sa.id;
            s.date_created = o.date_created + 24 * k_hour_ms;
            const auto& carrier = k_carriers[r.below(std::size(k_carriers))];
            s.shipping_provider = carrier[0];
            s.tracking_number = "EJ" + std::to_string(100'000'000 + r.below(900'000'000)) + "US";
            s.shipping_method = sa.shipping_method;
            for (auto& op : o.products) {
                const int q = shipped ? op.quantity : (&op == &o.products.front() ? 1 : 0);
                if (q == 0)
                    continue;
                op.quantity_shipped = q;
                s.items.push_back({op.id, op.product_id, q});
            }
            o.shipping_addresses.front().items_shipped = o.items_shipped();
            o.shipments.push_back(std::move(s));
            if (shipped)
                o.date_shipped = o.date_created + 24 * k_hour_ms;
            o.date_modified = std::max(o.date_modified, o.date_created + 24 * k_hour_ms);
        }
        orders_.push_back(std::move(o));
    }
}

Order* Store::find_order(std::int64_t id) {
    const std::int64_t i = id - k_first_order_id;
    if (i < 0 || i >= static_cast<std::int64_t>(orders_.size()))
        return nullptr;
    return &orders_[static_cast<std::size_t>(i)];
}

const Order* Store::find_order(std::int64_t id) const {
    return const_cast<Store*>(this)->find_order(id);
}

const Variant* Store::find_variant(std::int64_t id) const {
    const auto it = variant_at_.find(id);
    if (it == variant_at_.end())
        return nullptr;
    return &products_[it->second.first].variants[it->second.second];
}

std::int64_t Store::stamp() {
    last_stamp_ = std::max(last_stamp_, whole_seconds(now_ms()));
    return last_stamp_;
}

PageOf<Order> Store::orders(const OrderQuery& q, const PageRequest& p) const {
    std::shared_lock lock(mutex_);
    std::vector<const Order*> m;
    for (const auto& o : orders_) {
        if (!q.created.contains(o.date_created) || !q.modified.contains(o.date_modified))
            continue;
        if ((q.status_id && o.status_id != *q.status_id) || (q.min_id && o.id < *q.min_id) ||
            (q.max_id && o.id > *q.max_id) || (q.customer_id && o.customer_id != *q.customer_id))
            continue;
        if (!q.email.empty() && o.billing.email != q.email)
            continue;
        m.push_back(&o);
    }
    const std::string& f = q.sort.field;
    const bool d = q.sort.descending;
    if (f == "customer_id")
        sort_by(m, d, [](const Order& o) { return o.customer_id; });
    else if (f == "date_created")
        sort_by(m, d, [](const Order& o) { return o.date_created; });
    else if (f == "date_modified")
        sort_by(m, d, [](const Order& o) { return o.date_modified; });
    else if (f == "status_id")
        sort_by(m, d, [](const Order& o) { return static_cast<std::int64_t>(o.status_id); });
    else
        sort_by(m, d, [](const Order&) { return 0; });
    return page_of(std::move(m), p);
}

std::int64_t Store::count_orders(std::optional<int> status_id) const {
    std::shared_lock lock(mutex_);
    return std::count_if(orders_.begin(), orders_.end(),
                         [&](const Order& o) { return !status_id || o.status_id == *status_id; });
}

std::optional<Order> Store::order(std::int64_t id) const {
    std::shared_lock lock(mutex_);
    const Order* o = find_order(id);
    return o ? std::optional<Order>(*o) : std::nullopt;
}

std::optional<OrderChange> Store::set_order_status(std::int64_t id, std::optional<int> status_id,
                                                   bool touch) {
    std::unique_lock lock(mutex_);
    Order* o = find_order(id);
    if (!o)
        return std::nullopt;
    OrderChange c{*o, {}};
    if (status_id)
        o->status_id = *status_id;
    if (touch || o->status_id != c.before.status_id)
        o->date_modified = stamp();
    o->payment_status =
        o->status_id == c.before.status_id ? o->payment_status : payment_status_for(o->status_id);
    c.after = *o;
    return c;
}

std::pair<std::optional<Order>, std::optional<Refusal>> Store::create_order(const NewOrder& n) {
    std::unique_lock lock(mutex_);
    if (n.status_id < 0 || n.status_id >= static_cast<int>(status_names().size()))
        return {std::nullopt, Refusal{"status_id must be between 0 and 14", "status_id"}};
    const Customer* customer = nullptr;
    if (n.customer_id && *n.customer_id != 0) {
        const std::int64_t i = *n.customer_id - 1;
        if (i < 0 || i >= static_cast<std::int64_t>(customers_.size()))
            return {std::nullopt, Refusal{"customer_id: no such customer", "customer_id"}};
        customer = &customers_[static_cast<std::size_t>(i)];
    }
    std::vector<NewOrderItem> items = n.items;
    if (items.empty() && !products_.empty())
        items.push_back({products_.front().variants.front().id, 1});
    if (items.empty())
        return {std::nullopt, Refusal{"items: the store has no products", "items"}};
    for (const auto& it : items) {
        if (!find_variant(it.variant_id))
            return {std::nullopt, Refusal{"items: no such variant_id", "items"}};
        if (it.quantity < 1)
            return {std::nullopt, Refusal{"items: quantity must be at least 1", "items"}};
    }
    Order o;
    o.id = k_first_order_id + static_cast<std::int64_t>(orders_.size());
    o.date_created = o.date_modified = stamp();
    o.status_id = n.status_id;
    o.customer_id = customer ? customer->id : 0;
    if (customer) {
        o.billing = customer->addresses.front().address;
    } else {
        Rng r(hash_of({size_.seed, k_order, static_cast<std::uint64_t>(o.id)}));
        o.billing =
            make_address(r, "Guest", "Buyer", "guest" + std::to_string(o.id) + "@example.com");
    }
    o.payment_method = "Credit Card";
    o.payment_status = payment_status_for(o.status_id);
    o.order_source = "manual";
    ShippingAddress sa;
    sa.id = next_address_id_++;
    sa.order_id = o.id;
    sa.address = o.billing;
    sa.shipping_method = "Flat Rate";
    sa.cost = 999;
    for (const auto& it : items) {
        const Variant& v = *find_variant(it.variant_id);
        const Product& p = products_[variant_at_.at(v.id).first];
        OrderProduct op;
        op.id = next_order_product_id_++;
        op.order_id = o.id;
        op.product_id = p.id;
        op.variant_id = v.id;
        op.order_address_id = sa.id;
        op.name = p.name;
        op.sku = v.sku;
        op.option_id = v.option_id;
        op.option_value_id = v.option_value_id;
        op.option_name = v.option_name;
        op.option_value = v.option_label;
        op.base_price = v.sale_price ? v.sale_price : v.price;
        op.weight = v.weight;
        op.quantity = it.quantity;
        o.products.push_back(std::move(op));
    }
    sa.items_total = o.items_total();
    o.shipping_addresses.push_back(std::move(sa));
    orders_.push_back(o);
    return {o, std::nullopt};
}

std::pair<std::optional<ShipmentCreated>, std::optional<Refusal>> Store::create_shipment(
    std::int64_t order_id, const NewShipment& n) {
    std::unique_lock lock(mutex_);
    Order* o = find_order(order_id);
    if (!o)
        return {std::nullopt, std::nullopt};
    auto address =
        std::find_if(o->shipping_addresses.begin(), o->shipping_addresses.end(),
                     [&](const ShippingAddress& a) { return a.id == n.order_address_id; });
    if (address == o->shipping_addresses.end())
        return {std::nullopt,
                Refusal{"The field 'order_address_id' is invalid: no such shipping address on "
                        "this order.",
                        "order_address_id"}};
    if (n.items.empty())
        return {std::nullopt, Refusal{"The field 'items' must list at least one item.", "items"}};
    std::map<std::int64_t, int> asked;
    for (const auto& it : n.items) {
        auto p = std::find_if(o->products.begin(), o->products.end(),
                              [&](const OrderProduct& op) { return op.id == it.order_product_id; });
        if (p == o->products.end() || p->order_address_id != address->id)
            return {std::nullopt, Refusal{"Order product " + std::to_string(it.order_product_id) +
                                              " is not part of this order's shipping address.",
                                          "items"}};
        if (it.quantity < 1)
            return {std::nullopt,
                    Refusal{"The quantity of each item must be at least 1.", "items"}};
        asked[p->id] += it.quantity;
        if (asked[p->id] > p->quantity - p->quantity_shipped)
            return {std::nullopt, Refusal{"Order product " + std::to_string(p->id) +
                                              " has fewer unshipped items than asked.",
                                          "items"}};
    }
    ShipmentCreated out;
    out.order.before = *o;
    Shipment s;
    s.id = next_shipment_id_++;
    s.order_id = o->id;
    s.customer_id = o->customer_id;
    s.order_address_id = address->id;
    s.date_created = stamp();
    s.tracking_number = n.tracking_number;
    s.tracking_carrier = n.tracking_carrier;
    s.shipping_provider = n.shipping_provider;
    s.shipping_method = n.shipping_method.empty() ? address->shipping_method : n.shipping_method;
    s.comments = n.comments;
    for (auto& op : o->products) {
        const auto a = asked.find(op.id);
        if (a == asked.end())
            continue;
        op.quantity_shipped += a->second;
        s.items.push_back({op.id, op.product_id, a->second});
    }
    address->items_shipped = 0;
    for (const auto& op : o->products) {
        if (op.order_address_id == address->id)
            address->items_shipped += op.quantity_shipped;
    }
    const bool all = o->items_shipped() == o->items_total();
    o->status_id = all ? 2 : 3;
    o->payment_status = payment_status_for(o->status_id);
    if (all)
        o->date_shipped = s.date_created;
    o->date_modified = s.date_created;
    o->shipments.push_back(s);
    out.shipment = std::move(s);
    out.order.after = *o;
    return {std::move(out), std::nullopt};
}

PageOf<Product> Store::products(const RecordQuery& q, const PageRequest& p) const {
    std::shared_lock lock(mutex_);
    std::vector<const Product*> m;
    for (const auto& pr : products_) {
        if (q.modified.contains(pr.date_modified) && listed(q.ids, pr.id))
            m.push_back(&pr);
    }
    const std::string& f = q.sort.field;
    const bool d = q.sort.descending;
    if (f == "name")
        sort_by(m, d, [](const Product& x) { return x.name; });
    else if (f == "sku")
        sort_by(m, d, [](const Product& x) { return x.sku; });
    else if (f == "price")
        sort_by(m, d, [](const Product& x) { return x.price; });
    else if (f == "date_modified")
        sort_by(m, d, [](const Product& x) { return x.date_modified; });
    else
        sort_by(m, d, [](const Product&) { return 0; });
    return page_of(std::move(m), p);
}

std::optional<Product> Store::product(std::int64_t id) const {
    std::shared_lock lock(mutex_);
    const std::int64_t i = id - k_first_product_id;
    if (i < 0 || i >= static_cast<std::int64_t>(products_.size()))
        return std::nullopt;
    return products_[static_cast<std::size_t>(i)];
}

std::optional<Product> Store::touch_product(std::int64_t id) {
    std::unique_lock lock(mutex_);
    const std::int64_t i = id - k_first_product_id;
    if (i < 0 || i >= static_cast<std::int64_t>(products_.size()))
        return std::nullopt;
    Product& p = products_[static_cast<std::size_t>(i)];
    p.date_modified = stamp();
    return p;
}

PageOf<Customer> Store::customers(const RecordQuery& q, const PageRequest& p) const {
    std::shared_lock lock(mutex_);
    std::vector<const Customer*> m;
    for (const auto& c : customers_) {
        if (q.modified.contains(c.date_modified) && listed(q.ids, c.id))
            m.push_back(&c);
    }
    const std::string& f = q.sort.field;
    const bool d = q.sort.descending;
    if (f == "date_created")
        sort_by(m, d, [](const Customer& x) { return x.date_created; });
    else if (f == "date_modified")
        sort_by(m, d, [](const Customer& x) { return x.date_modified; });
    else if (f == "last_name")
        sort_by(m, d, [](const Customer& x) { return x.last_name; });
    else
        sort_by(m, d, [](const Customer&) { return 0; });
    return page_of(std::move(m), p);
}

std::optional<Customer> Store::touch_customer(std::int64_t id) {
    std::unique_lock lock(mutex_);
    const std::int64_t i = id - 1;
    if (i < 0 || i >= static_cast<std::int64_t>(customers_.size()))
        return std::nullopt;
    Customer& c = customers_[static_cast<std::size_t>(i)];
    c.date_modified = stamp();
    return c;
}

std::vector<Location> Store::locations() const {
    std::shared_lock lock(mutex_);
    return locations_;
}

PageOf<InventoryItem> Store::inventory(const InventoryQuery& q, const PageRequest& p) const {
    std::shared_lock lock(mutex_);
    std::vector<InventoryItem> all;
    std::int64_t skipped = 0, total = 0;
    const std::int64_t from = (p.page - 1) * p.limit;
    for (const auto& [variant_id, levels] : stock_) {
        if (!listed(q.variant_ids, variant_id))
            continue;
        ++total;
        if (skipped < from) {
            ++skipped;
            continue;
        }
        if (static_cast<std::int64_t>(all.size()) >= p.limit)
            continue;
        InventoryItem item{*find_variant(variant_id), {}};
        for (const auto& l : levels) {
            if (listed(q.location_ids, l.location_id))
                item.levels.push_back(l);
        }
        all.push_back(std::move(item));
    }
    return {std::move(all), total};
}

std::pair<std::vector<StockChange>, std::optional<Refusal>> Store::adjust_absolute(
    const std::vector<AbsoluteAdjustment>& items) {
    std::unique_lock lock(mutex_);
    std::vector<StockChange> changes;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        const std::string at = "items." + std::to_string(i);
        const bool known_location =
            std::any_of(locations_.begin(), locations_.end(),
                        [&](const Location& l) { return l.id == it.location_id; });
        if (!known_location)
            return {{},
                    Refusal{"Location " + std::to_string(it.location_id) + " does not exist",
                            at + ".location_id"}};
        const Variant* v = nullptr;
        if (it.variant_id) {
            v = find_variant(*it.variant_id);
        } else if (it.sku) {
            for (const auto& [id, where] : variant_at_) {
                const Variant& c = products_[where.first].variants[where.second];
                if (c.sku == *it.sku)
                    v = &c;
            }
        }
        if (!v)
            return {{}, Refusal{"The item does not name a known variant_id or sku", at}};
        if (it.quantity < 0)
            return {{}, Refusal{"The quantity must not be negative", at + ".quantity"}};
        changes.push_back({v->id, v->product_id, v->sku_id, it.location_id, it.quantity});
    }
    for (const auto& c : changes) {
        auto& levels = stock_.at(c.variant_id);
        const auto& where = variant_at_.at(c.variant_id);
        Variant& v = products_[where.first].variants[where.second];
        v.inventory_level = 0;
        for (auto& l : levels) {
            if (l.location_id == c.location_id)
                l.on_hand = c.quantity;
            v.inventory_level += l.on_hand;
        }
    }
    return {std::move(changes), std::nullopt};
}

StoreCounts Store::counts() const {
    std::shared_lock lock(mutex_);
    StoreCounts c;
    c.orders = static_cast<std::int64_t>(orders_.size());
    c.products = static_cast<std::int64_t>(products_.size());
    c.variants = static_cast<std::int64_t>(variant_at_.size());
    c.customers = static_cast<std::int64_t>(customers_.size());
    c.locations = static_cast<std::int64_t>(locations_.size());
    for (const auto& o : orders_)
        c.shipments += static_cast<std::int64_t>(o.shipments.size());
    return c;
}

}  // namespace sb::emulators::bigcommerce
