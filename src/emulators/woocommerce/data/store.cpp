#include "emulators/woocommerce/data/store.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <mutex>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/rng.hpp"

namespace sb::emulators::woocommerce {

namespace {

using common::hash_of;
using common::Rng;

constexpr std::int64_t k_epoch_ms = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t k_hour_ms = 3'600'000;
constexpr std::int64_t k_day_ms = 24 * k_hour_ms;
constexpr std::int64_t k_first_customer_id = 2;  // user 1 is the site's administrator
constexpr std::int64_t k_first_product_id = 10;
constexpr std::int64_t k_ids_per_product = 4;  // a product and up to three variations
constexpr std::int64_t k_first_order_id = 1000;

enum Kind : std::uint64_t { k_product = 1, k_customer, k_order, k_item };

const char* const k_adjectives[] = {"Orbit", "Harbor", "Linen", "Copper", "Alpine",
                                    "Cedar", "Meadow", "Slate", "Tidal",  "Amber"};
const char* const k_nouns[] = {"Mug",    "Backpack", "Lamp", "Throw", "Bottle",
                               "Beanie", "Notebook", "Tote", "Scarf", "Candle"};
const char* const k_first_names[] = {"Ada",   "Ben",   "Chloe", "Dev",  "Elena",
                                     "Farid", "Grace", "Hugo",  "Ines", "Jonas"};
const char* const k_last_names[] = {"Garcia", "Okafor", "Novak", "Tanaka", "Schmidt",
                                    "Rossi",  "Silva",  "Kim",   "Dubois", "Larsen"};
const char* const k_cities[][4] = {{"Austin", "TX", "78701", "US"},
                                   {"Portland", "OR", "97205", "US"},
                                   {"Toronto", "ON", "M5V 2T6", "CA"},
                                   {"Utrecht", "", "3511 AB", "NL"},
                                   {"Leeds", "", "LS1 4AP", "GB"}};
const char* const k_sizes[] = {"S", "M", "L"};
const char* const k_payments[][2] = {{"bacs", "Direct bank transfer"},
                                     {"cod", "Cash on delivery"},
                                     {"stripe", "Credit Card (Stripe)"}};
const char* const k_status_mix[] = {"processing", "processing", "processing", "completed",
                                    "completed",  "completed",  "completed",  "on-hold",
                                    "pending",    "cancelled",  "refunded",   "failed"};

std::string lower_slug(const std::string& name) {
    std::string s;
    for (char c : name)
        s += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

Address address(Rng& r, const std::string& first, const std::string& last, bool contact) {
    Address a;
    const auto& c = k_cities[r.below(std::size(k_cities))];
    a.first_name = first;
    a.last_name = last;
    a.address_1 = std::to_string(r.between(1, 999)) + " " + r.pick(k_adjectives) + " Street";
    a.address_2 = r.chance(0.2) ? "Apt " + std::to_string(r.between(1, 40)) : "";
    a.city = c[0];
    a.state = c[1];
    a.postcode = c[2];
    a.country = c[3];
    if (contact) {
        a.email = lower_slug(first) + "." + lower_slug(last) + "@example.com";
        a.phone = "555-01" + std::to_string(r.between(10, 99));
    }
    return a;
}

bool paid_status(const std::string& s) {
    return s == "processing" || s == "completed" || s == "on-hold";
}

// The matches of `q` among `all` (filtered by `keep`), sorted by `less` (ties by id), paged.
template <class T, class Keep, class Less>
PageOf<T> page_of(const std::vector<T>& all, const ListQuery& q, Keep keep, Less less) {
    std::vector<T> matches;
    for (const auto& x : all) {
        if (q.include && std::find(q.include->begin(), q.include->end(), x.id) == q.include->end())
            continue;
        if (std::find(q.exclude.begin(), q.exclude.end(), x.id) != q.exclude.end())
            continue;
        if (keep(x))
            matches.push_back(x);
    }
    auto ordered = [&](const T& a, const T& b) {
        if (q.orderby == "include" && q.include) {
            auto at = [&](std::int64_t id) {
                return std::find(q.include->begin(), q.include->end(), id) - q.include->begin();
            };
            return at(a.id) < at(b.id);
        }
        if (less(a, b))
            return true;
        if (less(b, a))
            return false;
        return a.id < b.id;
    };
    std::stable_sort(matches.begin(), matches.end(), [&](const T& a, const T& b) {
        return q.descending && q.orderby != "include" ? ordered(b, a) : ordered(a, b);
    });
    PageOf<T> out;
    out.total = static_cast<std::int64_t>(matches.size());
    const std::int64_t from = q.offset >= 0 ? q.offset : (q.page - 1) * q.per_page;
    for (std::int64_t i = from; i < out.total && i < from + q.per_page; ++i)
        out.items.push_back(matches[static_cast<std::size_t>(i)]);
    return out;
}

}  // namespace

const std::vector<std::string>& order_statuses() {
    static const std::vector<std::string> s{"pending",   "processing", "on-hold",
                                            "completed", "cancelled",  "refunded",
                                            "failed",    "trash",      "checkout-draft"};
    return s;
}

bool known_order_status(const std::string& s) {
    const auto& all = order_statuses();
    return std::find(all.begin(), all.end(), s) != all.end();
}

std::int64_t Order::subtotal() const {
    std::int64_t n = 0;
    for (const auto& i : line_items)
        n += i.total();
    return n;
}

std::int64_t Order::shipping_total() const {
    std::int64_t n = 0;
    for (const auto& s : shipping_lines)
        n += s.total;
    return n;
}

Store::Store(StoreSize size) : size_(std::move(size)) {
    generate();
}

void Store::generate() {
    const std::uint64_t seed = size_.seed;
    for (std::int64_t i = 0; i < size_.products; ++i) {
        Rng r(hash_of({seed, k_product, static_cast<std::uint64_t>(i)}));
        Product p;
        p.id = k_first_product_id + i * k_ids_per_product;
        p.name =
            std::string(r.pick(k_adjectives)) + " " + r.pick(k_nouns) + " " + std::to_string(p.id);
        p.slug = lower_slug(p.name);
        p.sku = "WC-" + std::to_string(p.id);
        p.regular_price = r.between(5, 120) * 100 + (r.chance(0.5) ? 50 : 0);
        p.sale_price = r.chance(0.2) ? p.regular_price * 8 / 10 : 0;
        p.date_created = k_epoch_ms - 60 * k_day_ms + i * k_hour_ms;
        p.date_modified = p.date_created + r.between(0, 60 * 24) * k_hour_ms / 4;
        if (i % 3 == 1) {
            p.type = "variable";
            p.manage_stock = false;
            p.attribute = "Size";
            for (std::int64_t v = 0; v < 3; ++v) {
                Variation var;
                var.id = p.id + 1 + v;
                var.product_id = p.id;
                var.option = k_sizes[v];
                var.sku = p.sku + "-" + var.option;
                var.regular_price = p.regular_price + v * 200;
                var.manage_stock = v != 2 || !r.chance(0.5);
                var.stock_quantity = var.manage_stock ? r.between(0, 60) : 0;
                var.date_created = p.date_created;
                var.date_modified = p.date_modified;
                p.variations.push_back(var);
            }
        } else {
            p.manage_stock = r.chance(0.8);
            p.stock_quantity = p.manage_stock ? r.between(0, 80) : 0;
        }
        products_.push_back(std::move(p));
    }
    for (std::int64_t i = 0; i < size_.customers; ++i) {
        Rng r(hash_of({seed, k_customer, static_cast<std::uint64_t>(i)}));
        Customer c;
        c.id = k_first_customer_id + i;
        c.first_name = r.pick(k_first_names);
        c.last_name = r.pick(k_last_names);
        c.username = lower_slug(c.first_name) + std::to_string(c.id);
        c.email = lower_slug(c.first_name) + "." + lower_slug(c.last_name) + "." +
                  std::to_string(c.id) + "@example.com";
        c.date_created = k_epoch_ms - 30 * k_day_ms + i * k_hour_ms / 2;
        c.date_modified = c.date_created + r.between(0, 40 * 24) * k_hour_ms / 2;
        c.billing = address(r, c.first_name, c.last_name, true);
        c.billing.email = c.email;
        c.shipping = r.chance(0.7) ? c.billing : address(r, c.first_name, c.last_name, false);
        c.shipping.email.clear();
        c.shipping.phone.clear();
        customers_.push_back(std::move(c));
    }
    for (std::int64_t i = 0; i < size_.orders; ++i) {
        Rng r(hash_of({seed, k_order, static_cast<std::uint64_t>(i)}));
        Order o;
        o.id = k_first_order_id + i;
        o.order_key =
            "wc_order_" +
            crypto::hex_encode(crypto::sha256(std::to_string(seed) + ":" + std::to_string(o.id)))
                .substr(0, 13);
        o.status = r.pick(k_status_mix);
        o.date_created = k_epoch_ms + i * k_hour_ms + r.between(0, 3599) * 1000;
        o.date_modified = o.date_created + r.between(0, 96) * k_hour_ms / 2;
        if (o.status != "pending" && o.status != "failed")
            o.date_paid = o.date_created + 60'000;
        if (o.status == "completed")
            o.date_completed = o.date_modified;
        const auto& pay = k_payments[r.below(std::size(k_payments))];
        o.payment_method = pay[0];
        o.payment_method_title = pay[1];
        if (o.date_paid != 0 && o.payment_method == "stripe")
            o.transaction_id = "ch_" + std::to_string(r.next() % 1'000'000'000);
        if (!customers_.empty() && r.chance(0.7)) {
            const Customer& c = customers_[r.below(customers_.size())];
            o.customer_id = c.id;
            o.billing = c.billing;
            o.shipping = c.shipping;
        } else {
            const std::string first = r.pick(k_first_names), last = r.pick(k_last_names);
            o.billing = address(r, first, last, true);
            o.shipping = o.billing;
            o.shipping.email.clear();
            o.shipping.phone.clear();
        }
        const std::int64_t lines = products_.empty() ? 0 : r.between(1, 3);
        for (std::int64_t l = 0; l < lines; ++l) {
            const Product& p = products_[r.below(products_.size())];
            LineItem li;
            li.id = next_item_id_++;
            li.product_id = p.id;
            li.name = p.name;
            li.sku = p.sku;
            li.price = p.price();
            if (!p.variations.empty()) {
                const Variation& v = p.variations[r.below(p.variations.size())];
                li.variation_id = v.id;
                li.option = v.option;
                li.name = p.name + " - " + v.option;
                li.sku = v.sku;
                li.price = v.price();
            }
            li.quantity = static_cast<int>(r.between(1, 3));
            o.line_items.push_back(std::move(li));
        }
        ShippingLine s;
        s.id = next_item_id_++;
        const bool free = o.subtotal() >= 10'000;
        s.method_id = free ? "free_shipping" : "flat_rate";
        s.method_title = free ? "Free shipping" : "Flat rate";
        s.total = free ? 0 : 1000;
        o.shipping_lines.push_back(std::move(s));
        o.discount = r.chance(0.15) ? o.subtotal() / 10 : 0;
        orders_.push_back(std::move(o));
    }
    next_order_id_ = k_first_order_id + size_.orders;
}

std::int64_t Store::stamp() {
    const std::int64_t now = now_ms() / 1000 * 1000;
    last_stamp_ = std::max(now, last_stamp_);
    return last_stamp_;
}

Order* Store::find_order(std::int64_t id) {
    for (auto& o : orders_) {
        if (o.id == id)
            return &o;
    }
    return nullptr;
}

Product* Store::find_product(std::int64_t id) {
    const std::int64_t at = (id - k_first_product_id) / k_ids_per_product;
    if (id < k_first_product_id || (id - k_first_product_id) % k_ids_per_product != 0 ||
        at >= static_cast<std::int64_t>(products_.size()))
        return nullptr;
    return &products_[static_cast<std::size_t>(at)];
}

PageOf<Order> Store::orders(const ListQuery& q) const {
    std::shared_lock lock(mutex_);
    auto keep = [&](const Order& o) {
        if (!q.created.contains(o.date_created) || !q.modified.contains(o.date_modified))
            return false;
        if (q.customer && o.customer_id != *q.customer)
            return false;
        if (q.statuses.empty())
            return o.status != "trash" && o.status != "checkout-draft";
        return std::find(q.statuses.begin(), q.statuses.end(), o.status) != q.statuses.end();
    };
    auto less = [&](const Order& a, const Order& b) {
        if (q.orderby == "id")
            return a.id < b.id;
        return a.date_created < b.date_created;  // date, title and slug: an order's is its date
    };
    return page_of(orders_, q, keep, less);
}

std::optional<Order> Store::order(std::int64_t id) const {
    std::shared_lock lock(mutex_);
    for (const auto& o : orders_) {
        if (o.id == id)
            return o;
    }
    return std::nullopt;
}

void Store::move_stock(const Order& o, int sign, std::int64_t at) {
    for (const auto& li : o.line_items) {
        Product* p = find_product(li.product_id);
        if (!p)
            continue;
        if (li.variation_id != 0) {
            for (auto& v : p->variations) {
                if (v.id == li.variation_id && v.manage_stock) {
                    v.stock_quantity += sign * li.quantity;
                    v.date_modified = at;
                }
            }
        } else if (p->manage_stock) {
            p->stock_quantity += sign * li.quantity;
            p->date_modified = at;
        }
    }
}

std::optional<OrderChange> Store::set_order_status(std::int64_t id, const std::string& status) {
    std::unique_lock lock(mutex_);
    Order* o = find_order(id);
    if (!o)
        return std::nullopt;
    OrderChange c{*o, {}};
    const std::int64_t at = stamp();
    if (status != o->status) {
        OrderNote n;
        n.id = next_note_id_++;
        n.author = "system";
        n.note = "Order status changed from " + o->status + " to " + status + ".";
        n.date_created = at;
        o->notes.push_back(std::move(n));
        const auto taken = std::find(stock_taken_.begin(), stock_taken_.end(), id);
        if ((status == "cancelled" || status == "refunded") && taken != stock_taken_.end()) {
            move_stock(*o, +1, at);
            stock_taken_.erase(taken);
        }
        if (status == "completed")
            o->date_completed = at;
        if (paid_status(status) && o->date_paid == 0)
            o->date_paid = at;
    }
    o->status = status;
    o->date_modified = at;
    c.after = *o;
    return c;
}

std::pair<std::optional<Order>, std::string> Store::create_order(const NewOrder& n) {
    std::unique_lock lock(mutex_);
    if (n.items.empty())
        return {std::nullopt, "items must name at least one product"};
    if (!known_order_status(n.status))
        return {std::nullopt, "status is not an order status"};
    Order o;
    const std::int64_t at = stamp();
    o.id = next_order_id_;
    o.order_key = "wc_order_emu" + std::to_string(o.id);
    o.status = n.status;
    o.created_via = "rest-api";
    o.payment_method = "bacs";
    o.payment_method_title = "Direct bank transfer";
    o.date_created = o.date_modified = at;
    if (paid_status(o.status))
        o.date_paid = at;
    if (o.status == "completed")
        o.date_completed = at;
    if (n.customer_id) {
        const auto c = std::find_if(customers_.begin(), customers_.end(),
                                    [&](const Customer& x) { return x.id == *n.customer_id; });
        if (c == customers_.end())
            return {std::nullopt, "customer_id is not a customer"};
        o.customer_id = c->id;
        o.billing = c->billing;
        o.shipping = c->shipping;
    } else {
        o.billing.first_name = "Guest";
        o.billing.last_name = "Buyer";
        o.billing.email = "guest@example.com";
        o.billing.country = "US";
        o.shipping = o.billing;
        o.shipping.email.clear();
    }
    std::int64_t item_id = next_item_id_;
    for (const auto& i : n.items) {
        const Product* p = find_product(i.product_id);
        if (!p)
            return {std::nullopt, "items[].product_id is not a product"};
        if (i.quantity < 1)
            return {std::nullopt, "items[].quantity must be at least 1"};
        LineItem li;
        li.id = item_id++;
        li.product_id = p->id;
        li.name = p->name;
        li.sku = p->sku;
        li.price = p->price();
        li.quantity = i.quantity;
        if (!p->variations.empty()) {
            const auto v = std::find_if(p->variations.begin(), p->variations.end(),
                                        [&](const Variation& x) { return x.id == i.variation_id; });
            if (v == p->variations.end())
                return {std::nullopt, "items[].variation_id is not a variation of the product"};
            li.variation_id = v->id;
            li.option = v->option;
            li.name = p->name + " - " + v->option;
            li.sku = v->sku;
            li.price = v->price();
        } else if (i.variation_id != 0) {
            return {std::nullopt, "items[].variation_id given for a simple product"};
        }
        o.line_items.push_back(std::move(li));
    }
    ShippingLine s;
    s.id = item_id++;
    s.method_id = "flat_rate";
    s.method_title = "Flat rate";
    s.total = 1000;
    o.shipping_lines.push_back(std::move(s));
    next_item_id_ = item_id;
    ++next_order_id_;
    if (paid_status(o.status)) {
        move_stock(o, -1, at);
        stock_taken_.push_back(o.id);
    }
    orders_.push_back(o);
    return {o, ""};
}

std::optional<Order> Store::delete_order(std::int64_t id) {
    std::unique_lock lock(mutex_);
    const auto it =
        std::find_if(orders_.begin(), orders_.end(), [&](const Order& o) { return o.id == id; });
    if (it == orders_.end())
        return std::nullopt;
    Order o = std::move(*it);
    orders_.erase(it);
    std::erase(stock_taken_, id);
    return o;
}

std::optional<OrderNote> Store::add_note(std::int64_t order_id, const std::string& note,
                                         bool customer_note) {
    std::unique_lock lock(mutex_);
    Order* o = find_order(order_id);
    if (!o)
        return std::nullopt;
    OrderNote n;
    n.id = next_note_id_++;
    n.note = note;
    n.customer_note = customer_note;
    n.date_created = stamp();
    o->notes.push_back(n);
    return n;
}

PageOf<Product> Store::products(const ListQuery& q) const {
    std::shared_lock lock(mutex_);
    auto keep = [&](const Product& p) {
        if (!q.created.contains(p.date_created) || !q.modified.contains(p.date_modified))
            return false;
        if (!q.type.empty() && p.type != q.type)
            return false;
        return q.sku.empty() || p.sku == q.sku;
    };
    auto less = [&](const Product& a, const Product& b) {
        if (q.orderby == "id")
            return a.id < b.id;
        if (q.orderby == "title")
            return a.name < b.name;
        if (q.orderby == "slug")
            return a.slug < b.slug;
        if (q.orderby == "price")
            return a.price() < b.price();
        return a.date_created < b.date_created;
    };
    return page_of(products_, q, keep, less);
}

std::optional<Product> Store::product(std::int64_t id) const {
    std::shared_lock lock(mutex_);
    const std::int64_t at = (id - k_first_product_id) / k_ids_per_product;
    if (id < k_first_product_id || (id - k_first_product_id) % k_ids_per_product != 0 ||
        at >= static_cast<std::int64_t>(products_.size()))
        return std::nullopt;
    return products_[static_cast<std::size_t>(at)];
}

std::optional<StockChanged> Store::update_stock(std::int64_t product_id, std::int64_t variation_id,
                                                const StockUpdate& u) {
    std::unique_lock lock(mutex_);
    Product* p = find_product(product_id);
    if (!p)
        return std::nullopt;
    const std::int64_t at = stamp();
    if (variation_id == 0) {
        if (u.manage_stock)
            p->manage_stock = *u.manage_stock;
        if (u.stock_quantity)
            p->stock_quantity = *u.stock_quantity;
        p->date_modified = at;
        return StockChanged{*p, 0};
    }
    for (auto& v : p->variations) {
        if (v.id != variation_id)
            continue;
        if (u.manage_stock)
            v.manage_stock = *u.manage_stock;
        if (u.stock_quantity)
            v.stock_quantity = *u.stock_quantity;
        v.date_modified = at;
        return StockChanged{*p, v.id};
    }
    return std::nullopt;
}

std::optional<Product> Store::touch_product(std::int64_t id) {
    std::unique_lock lock(mutex_);
    Product* p = find_product(id);
    if (!p)
        return std::nullopt;
    p->date_modified = stamp();
    return *p;
}

PageOf<Customer> Store::customers(const ListQuery& q) const {
    std::shared_lock lock(mutex_);
    auto keep = [&](const Customer& c) { return q.email.empty() || c.email == q.email; };
    auto less = [&](const Customer& a, const Customer& b) {
        if (q.orderby == "id")
            return a.id < b.id;
        if (q.orderby == "registered_date")
            return a.date_created < b.date_created;
        return a.first_name + " " + a.last_name < b.first_name + " " + b.last_name;  // name
    };
    return page_of(customers_, q, keep, less);
}

std::optional<Customer> Store::customer(std::int64_t id) const {
    std::shared_lock lock(mutex_);
    for (const auto& c : customers_) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

std::optional<Customer> Store::touch_customer(std::int64_t id) {
    std::unique_lock lock(mutex_);
    for (auto& c : customers_) {
        if (c.id == id) {
            c.date_modified = stamp();
            return c;
        }
    }
    return std::nullopt;
}

StoreCounts Store::counts() const {
    std::shared_lock lock(mutex_);
    StoreCounts c;
    c.orders = static_cast<std::int64_t>(orders_.size());
    c.products = static_cast<std::int64_t>(products_.size());
    for (const auto& p : products_)
        c.variations += static_cast<std::int64_t>(p.variations.size());
    c.customers = static_cast<std::int64_t>(customers_.size());
    for (const auto& o : orders_)
        c.notes += static_cast<std::int64_t>(o.notes.size());
    return c;
}

}  // namespace sb::emulators::woocommerce
