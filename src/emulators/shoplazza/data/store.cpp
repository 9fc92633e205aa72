#include "emulators/shoplazza/data/store.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "core/time.hpp"
#include "emulators/common/rng.hpp"

namespace sb::emulators::shoplazza {

using common::hash_of;
using common::mix64;
using common::Rng;

const std::vector<std::string> k_order_statuses{"opened", "placed", "finished", "cancelled"};
const std::vector<std::string> k_financial_statuses{
    "waiting",   "paying",        "paid",     "cancelled",         "failed",
    "refunding", "refund_failed", "refunded", "partially_refunded"};
const std::vector<std::string> k_fulfillment_statuses{
    "initialled", "waiting",   "partially_shipped", "shipped",  "partially_finished",
    "finished",   "cancelled", "returning",         "returned", "partially_returned"};

int enum_index(const std::vector<std::string>& values, const std::string& v) {
    const auto it = std::find(values.begin(), values.end(), v);
    return it == values.end() ? -1 : static_cast<int>(it - values.begin());
}

std::int64_t Product::inventory_quantity() const {
    std::int64_t n = 0;
    for (const auto& v : variants)
        n += v.inventory_quantity;
    return n;
}

namespace {

// Generated history ends here, so the same seed gives the same data whenever it runs.
constexpr std::int64_t k_end_s = 1'735'689'600;  // 2025-01-01T00:00:00Z
constexpr std::int64_t k_day_s = 86'400;

enum Kind : std::uint64_t {
    k_order = 'O',
    k_product = 'P',
    k_variant = 'V',
    k_customer = 'C',
    k_line = 'L',
    k_fulfillment = 'F',
    k_address = 'A',
    k_option = 'Q',
    k_location = 'X',
    k_count = 'N',
};

std::uint64_t record_hash(std::uint64_t seed, std::uint64_t kind, std::int64_t index) {
    return hash_of({seed, kind, static_cast<std::uint64_t>(index)});
}

constexpr std::uint64_t k_tail_mask = 0xFFFF'FFFF'FFFFULL;

// A version-4-shaped UUID whose last group carries the index (masked), so an id maps back to
// its record without a table; the rest is a hash the id must match.
std::string make_uuid(std::uint64_t seed, std::uint64_t kind, std::int64_t index) {
    const std::uint64_t h = hash_of({seed, kind, static_cast<std::uint64_t>(index), 1});
    const std::uint64_t mask = hash_of({seed, kind, 0x6d61736bULL}) & k_tail_mask;
    const std::uint64_t tail = (static_cast<std::uint64_t>(index) ^ mask) & k_tail_mask;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(h >> 32),
                  static_cast<unsigned long long>((h >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(h & 0xFFF),
                  static_cast<unsigned long long>(0x8000 | ((h >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(tail));
    return buf;
}

std::optional<std::int64_t> uuid_index(std::uint64_t seed, std::uint64_t kind,
                                       const std::string& id, std::int64_t n) {
    if (id.size() != 36)
        return std::nullopt;
    std::uint64_t tail = 0;
    for (std::size_t i = 24; i < 36; ++i) {
        const char c = id[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return std::nullopt;
        tail = tail * 16 + static_cast<std::uint64_t>(d);
    }
    const std::uint64_t mask = hash_of({seed, kind, 0x6d61736bULL}) & k_tail_mask;
    const auto index = static_cast<std::int64_t>(tail ^ mask);
    if (index < 0 || index >= n || make_uuid(seed, kind, index) != id)
        return std::nullopt;
    return index;
}

const char* const k_first_names[] = {"Ann",   "Ben",  "Chloe", "Daniel", "Emma", "Felix",
                                     "Grace", "Hugo", "Iris",  "Jonas",  "Kira", "Liam"};
const char* const k_last_names[] = {"Lee",   "Martin",  "Novak",  "Okafor", "Patel", "Quinn",
                                    "Rossi", "Schmidt", "Tanaka", "Ueda",   "Varga", "Wong"};
const char* const k_adjectives[] = {"Linen",   "Wool",   "Classic", "Slim",   "Canvas",
                                    "Vintage", "Cotton", "Denim",   "Summer", "Trail"};
const char* const k_nouns[] = {"Shirt", "Sweater", "Jacket", "Tote",     "Sneaker",
                               "Cap",   "Scarf",   "Dress",  "Backpack", "Hoodie"};
const char* const k_vendors[] = {"Northwind", "Harbor & Co", "Juniper", "Atlas Goods"};
const char* const k_sizes[] = {"S", "M", "L"};
const char* const k_payment_methods[] = {"credit_card", "paypal", "cod", "apple_pay"};
const std::int64_t k_shipping_fees[] = {0, 500, 800, 1200};

struct Place {
    const char *country, *country_code, *province, *province_code, *city, *street, *zip;
};
const Place k_places[] = {
    {"United States", "US", "California", "CA", "San Jose", "Main St", "95112"},
    {"United States", "US", "New York", "NY", "New York", "Broadway", "10001"},
    {"Canada", "CA", "Ontario", "ON", "Toronto", "King St W", "M5V 2T6"},
    {"United Kingdom", "GB", "England", "ENG", "London", "Baker St", "NW1 6XE"},
    {"Germany", "DE", "Berlin", "BE", "Berlin", "Torstrasse", "10119"},
    {"Australia", "AU", "New South Wales", "NSW", "Sydney", "George St", "2000"},
};

struct Carrier {
    const char *name, *code, *url;
};
const Carrier k_carriers[] = {
    {"UPS", "ups", "https://www.ups.com/track?tracknum="},
    {"USPS", "usps", "https://tools.usps.com/go/TrackConfirmAction?tLabels="},
    {"DHL", "dhl", "https://www.dhl.com/en/express/tracking.html?AWB="},
    {"FedEx", "fedex", "https://www.fedex.com/fedextrack/?trknbr="},
};

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : lower(s))
        out += (c == ' ' || c == '&') ? '-' : c;
    return out;
}

std::string hex_digits(Rng& r, int n) {
    static const char* const k_hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < n; ++i)
        out += k_hex[r.below(16)];
    return out;
}

Address make_address(Rng& r, const std::string& first, const std::string& last,
                     const std::string& phone) {
    const Place& p = r.pick(k_places);
    Address a;
    a.first_name = first;
    a.last_name = last;
    a.phone = phone;
    a.country = p.country;
    a.country_code = p.country_code;
    a.province = p.province;
    a.province_code = p.province_code;
    a.city = p.city;
    a.address = std::to_string(r.between(1, 400)) + " " + p.street;
    a.zip = p.zip;
    return a;
}

std::int64_t whole_seconds(std::int64_t ms) {
    return ms / 1000 * 1000;
}

// The first draws of an order's stream: what the list filters need, without the strings.
struct OrderHeader {
    int status = 0, financial = 0, fulfillment = 0, lines = 1;
    std::int64_t update_offset_s = 0;
};

OrderHeader draw_header(Rng& r) {
    OrderHeader h;
    const auto roll = r.below(100);
    auto pick = [&](std::initializer_list<const char*> options, const std::vector<std::string>& e) {
        const auto k = r.below(options.size());
        return enum_index(e, *(options.begin() + k));
    };
    if (roll < 8) {
        h.status = 0;  // opened: not paid yet
        h.financial = pick({"waiting", "paying", "failed"}, k_financial_statuses);
        h.fulfillment = 0;
    } else if (roll < 63) {
        h.status = 1;  // placed
        h.financial = r.chance(0.85) ? 2
                                     : pick({"refunding", "refund_failed", "partially_refunded"},
                                            k_financial_statuses);
        h.fulfillment =
            pick({"initialled", "waiting", "partially_shipped", "shipped"}, k_fulfillment_statuses);
    } else if (roll < 93) {
        h.status = 2;  // finished
        h.financial =
            r.chance(0.85) ? 2 : pick({"partially_refunded", "refunded"}, k_financial_statuses);
        h.fulfillment = pick({"finished", "finished", "partially_finished", "returning", "returned",
                              "partially_returned"},
                             k_fulfillment_statuses);
    } else {
        h.status = 3;  // cancelled
        h.financial = pick({"cancelled", "refunded"}, k_financial_statuses);
        h.fulfillment = 6;
    }
    h.update_offset_s = 3 * k_day_s + r.between(0, 42 * k_day_s);
    h.lines = static_cast<int>(r.between(1, 3));
    return h;
}

template <class Match>
Page scan(std::int64_t n, const PageQuery& q, Match match) {
    Page p;
    const auto limit = static_cast<std::size_t>(q.limit);
    if (q.before) {
        std::int64_t i = std::min(*q.before, n) - 1;
        for (; i >= 0; --i) {
            if (!match(i))
                continue;
            if (p.indexes.size() == limit) {
                p.more_before = true;
                break;
            }
            p.indexes.push_back(i);
        }
        std::reverse(p.indexes.begin(), p.indexes.end());
        for (std::int64_t j = std::max<std::int64_t>(*q.before, 0); j < n; ++j) {
            if (match(j)) {
                p.more_after = true;
                break;
            }
        }
    } else {
        const std::int64_t start = q.after ? *q.after + 1 : 0;
        std::int64_t skip = q.skip;
        for (std::int64_t i = std::max<std::int64_t>(start, 0); i < n; ++i) {
            if (!match(i))
                continue;
            if (skip > 0) {
                --skip;
                p.more_before = true;
                continue;
            }
            if (p.indexes.size() == limit) {
                p.more_after = true;
                break;
            }
            p.indexes.push_back(i);
        }
        for (std::int64_t j = std::min(start, n) - 1; !p.more_before && j >= 0; --j)
            p.more_before = match(j);
    }
    if (q.count) {
        for (std::int64_t i = 0; i < n; ++i)
            p.count += match(i) ? 1 : 0;
    }
    return p;
}

bool in_indexes(const std::optional<std::vector<std::int64_t>>& ids, std::int64_t i) {
    return !ids || std::binary_search(ids->begin(), ids->end(), i);
}

}  // namespace

Store::Store(StoreSize size) : size_(std::move(size)) {
    const std::uint64_t seed = size_.seed;
    Rng r(hash_of({seed, 'S'}));
    const std::string name = size_.shop_domain.substr(0, size_.shop_domain.find('.'));
    shop_.id = 600'000 + static_cast<std::int64_t>(seed % 100'000);
    shop_.name = name;
    shop_.email = "owner@" + name + ".example";
    shop_.domain = size_.shop_domain;
    shop_.address1 = std::to_string(r.between(1, 99)) + " Harbour Road";
    shop_.address2 = "";
    shop_.zip = "515300";
    shop_.city = "Shenzhen";
    shop_.phone = "150" + std::to_string(r.between(10'000'000, 99'999'999));
    shop_.primary_locale = "en-US";
    shop_.created_at = (k_end_s - 800 * k_day_s) * 1000;
    shop_.updated_at = (k_end_s - 10 * k_day_s) * 1000;
    shop_.country_code = "CN";
    shop_.currency = "USD";
    shop_.customer_email = "service@" + name + ".example";
    shop_.timezone = "+0800";
    shop_.shop_owner = name;
    shop_.account = shop_.email;
    shop_.province_code = "CN-GD";
    shop_.icon_path = hex_digits(r, 32) + ".png";
    shop_.system_domain = size_.shop_domain;
    shop_.root_url = "";

    variant_offsets_.resize(static_cast<std::size_t>(size_.products) + 1, 0);
    products_.resize(static_cast<std::size_t>(size_.products));
    for (std::int64_t i = 0; i < size_.products; ++i) {
        const auto n = static_cast<std::int64_t>(1 + record_hash(seed, k_count, i) % 3);
        variant_offsets_[i + 1] = variant_offsets_[i] + n;
        products_[i].updated_at = generate_product(i).updated_at;
    }
    customers_.resize(static_cast<std::size_t>(size_.customers));
    for (std::int64_t i = 0; i < size_.customers; ++i)
        customers_[i].updated_at = generate_customer(i).updated_at;
    orders_.resize(static_cast<std::size_t>(size_.orders));
    for (std::int64_t i = 0; i < size_.orders; ++i) {
        Rng o(record_hash(seed, k_order, i));
        const OrderHeader h = draw_header(o);
        auto& s = orders_[i];
        s.status = static_cast<std::uint8_t>(h.status);
        s.financial = static_cast<std::uint8_t>(h.financial);
        s.fulfillment = static_cast<std::uint8_t>(h.fulfillment);
        s.placed = h.status != 0;
        s.updated_at = order_created_at(i) + h.update_offset_s * 1000;
        line_items_ += h.lines;
    }
}

std::int64_t Store::order_created_at(std::int64_t i) const {
    if (i >= size_.orders)
        return created_extra_[static_cast<std::size_t>(i - size_.orders)];
    const std::int64_t span = 365 * k_day_s;
    return (k_end_s - span + i * span / std::max<std::int64_t>(size_.orders, 1)) * 1000;
}

std::int64_t Store::next_update_time(std::int64_t previous) const {
    return std::max(whole_seconds(now_ms()), previous + 1000);
}

std::int64_t Store::variant_product(std::int64_t gv) const {
    const auto it = std::upper_bound(variant_offsets_.begin(), variant_offsets_.end(), gv);
    return static_cast<std::int64_t>(it - variant_offsets_.begin()) - 1;
}

Shop Store::shop() const {
    std::shared_lock lock(mutex_);
    return shop_;
}

Shop Store::update_customer_email(const std::string& email) {
    std::unique_lock lock(mutex_);
    shop_.customer_email = email;
    shop_.updated_at = next_update_time(shop_.updated_at);
    return shop_;
}

std::optional<std::int64_t> Store::order_index(const std::string& id) const {
    const std::string prefix = std::to_string(shop_.id) + "-";
    if (id.size() != prefix.size() + 8 || id.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    std::int64_t seq = 0;
    for (std::size_t i = prefix.size(); i < id.size(); ++i) {
        if (id[i] < '0' || id[i] > '9')
            return std::nullopt;
        seq = seq * 10 + (id[i] - '0');
    }
    std::shared_lock lock(mutex_);
    if (seq < 1 || seq > static_cast<std::int64_t>(orders_.size()))
        return std::nullopt;
    return seq - 1;
}

std::optional<std::int64_t> Store::product_index(const std::string& id) const {
    return uuid_index(size_.seed, k_product, id, size_.products);
}

std::optional<std::int64_t> Store::customer_index(const std::string& id) const {
    return uuid_index(size_.seed, k_customer, id, size_.customers);
}

std::string Store::location_id() const {
    return make_uuid(size_.seed, k_location, 0);
}

Product Store::generate_product(std::int64_t i) const {
    const std::uint64_t seed = size_.seed;
    Rng r(record_hash(seed, k_product, i));
    Product p;
    p.index = i;
    p.id = make_uuid(seed, k_product, i);
    p.title = std::string(r.pick(k_adjectives)) + " " + r.pick(k_nouns);
    p.handle = slug(p.title) + "-" + std::to_string(i + 1);
    p.vendor = r.pick(k_vendors);
    p.tags = lower(p.title.substr(0, p.title.find(' '))) + "," + (r.chance(0.5) ? "new" : "sale");
    p.description = "<p>" + p.title + " by " + p.vendor + ".</p>";
    char spu[24];
    std::snprintf(spu, sizeof spu, "SB-%05lld", static_cast<long long>(i + 1));
    p.spu = spu;
    p.image_path = hex_digits(r, 32) + ".jpeg";
    p.option_id = make_uuid(seed, k_option, i);
    p.published = r.chance(0.9);
    const std::int64_t span = 730 * k_day_s;
    p.created_at =
        (k_end_s - span - 30 * k_day_s + i * span / std::max<std::int64_t>(size_.products, 1)) *
        1000;
    p.updated_at = p.created_at + r.between(0, 200 * k_day_s) * 1000;
    const std::int64_t first = variant_offsets_[static_cast<std::size_t>(i)];
    const std::int64_t n = variant_offsets_[static_cast<std::size_t>(i) + 1] - first;
    const std::int64_t base_price = r.between(5, 150) * 100;
    for (std::int64_t j = 0; j < n; ++j) {
        Variant v;
        v.id = make_uuid(seed, k_variant, first + j);
        v.title = v.option1 = k_sizes[j];
        v.position = static_cast<int>(j + 1);
        v.price = base_price + j * 200;
        v.compare_at_price = v.price * 5 / 4;
        v.cost_price = v.price * 2 / 5;
        v.sku = p.spu + "-" + std::to_string(j + 1);
        v.inventory_quantity = r.between(0, 100);
        v.weight_g = static_cast<int>(r.between(100, 2000));
        v.created_at = p.created_at;
        v.updated_at = p.updated_at;
        p.variants.push_back(std::move(v));
    }
    return p;
}

Customer Store::generate_customer(std::int64_t i) const {
    const std::uint64_t seed = size_.seed;
    Rng r(record_hash(seed, k_customer, i));
    Customer c;
    c.index = i;
    c.id = make_uuid(seed, k_customer, i);
    c.first_name = r.pick(k_first_names);
    c.last_name = r.pick(k_last_names);
    c.email = lower(c.first_name + "." + c.last_name) + std::to_string(i + 1) + "@example.com";
    c.phone_area_code = "+1";
    c.phone = "+1 555 " + std::to_string(r.between(1000, 9999));
    c.subscribed = r.chance(0.4) ? 1 : 0;
    c.tags = c.subscribed ? "newsletter" : "";
    c.address_id = make_uuid(seed, k_address, i);
    c.address = make_address(r, c.first_name, c.last_name, c.phone);
    const std::int64_t span = 700 * k_day_s;
    c.created_at =
        (k_end_s - span - 60 * k_day_s + i * span / std::max<std::int64_t>(size_.customers, 1)) *
        1000;
    c.updated_at = c.created_at + r.between(0, 60 * k_day_s) * 1000;
    return c;
}

void Store::derive_fulfillments(Order& o) const {
    o.fulfillments.clear();
    for (auto& li : o.line_items) {
        li.fulfillment_status = "initialled";
        li.shipping_quantity = 0;
    }
    const std::string& fs = o.fulfillment_status;
    const bool partial = fs == "partially_shipped" || fs == "partially_finished";
    const bool full = fs == "shipped" || fs == "finished" || fs == "returning" ||
                      fs == "returned" || fs == "partially_returned";
    if ((!partial && !full) || o.line_items.empty())
        return;
    const bool delivered = fs != "shipped" && fs != "partially_shipped";
    const std::string status = delivered ? "finished" : "shipped";
    Rng r(record_hash(size_.seed, k_fulfillment, o.index));
    // Shipments happen between the order's creation and its last update.
    const std::int64_t window = std::max<std::int64_t>(o.updated_at - o.created_at, 0);
    auto shipment = [&](int k) {
        Fulfillment f;
        f.id = make_uuid(size_.seed, k_fulfillment, o.index * 4 + k);
        f.status = status;
        const Carrier& c = r.pick(k_carriers);
        f.tracking_company = c.name;
        f.tracking_company_code = c.code;
        f.tracking_number = std::string(c.name == std::string("UPS") ? "1Z" : "") +
                            std::to_string(r.between(100'000'000'000LL, 999'999'999'999LL));
        f.tracking_url = c.url + f.tracking_number;
        f.created_at = whole_seconds(o.created_at + window / 3);
        f.updated_at = delivered ? whole_seconds(o.created_at + window * 2 / 3) : f.created_at;
        return f;
    };
    auto cover = [&](Fulfillment& f, std::size_t line, int qty) {
        f.items.push_back({line, qty});
        auto& li = o.line_items[line];
        li.shipping_quantity += qty;
        li.fulfillment_status = status;
    };
    if (partial) {
        Fulfillment f = shipment(0);
        const int q = o.line_items.size() > 1 ? o.line_items[0].quantity
                                              : std::max(1, o.line_items[0].quantity / 2);
        cover(f, 0, q);
        o.fulfillments.push_back(std::move(f));
        return;
    }
    const bool two = o.line_items.size() > 1 && r.chance(0.3);
    Fulfillment first = shipment(0);
    Fulfillment second = shipment(1);
    for (std::size_t k = 0; k < o.line_items.size(); ++k)
        cover(two && k % 2 == 1 ? second : first, k, o.line_items[k].quantity);
    o.fulfillments.push_back(std::move(first));
    if (two)
        o.fulfillments.push_back(std::move(second));
}

Order Store::generate_order(std::int64_t i) const {
    const std::uint64_t seed = size_.seed;
    Rng r(record_hash(seed, k_order, i));
    const OrderHeader h = draw_header(r);
    Order o;
    o.index = i;
    char id[48];
    std::snprintf(id, sizeof id, "%lld-%08lld", static_cast<long long>(shop_.id),
                  static_cast<long long>(i + 1));
    o.id = id;
    o.number = std::to_string(1000 + i + 1);
    o.status = k_order_statuses[static_cast<std::size_t>(h.status)];
    o.financial_status = k_financial_statuses[static_cast<std::size_t>(h.financial)];
    o.fulfillment_status = k_fulfillment_statuses[static_cast<std::size_t>(h.fulfillment)];
    o.created_at = order_created_at(i);
    o.updated_at = o.created_at + h.update_offset_s * 1000;
    if (h.status != 0)
        o.placed_at = o.created_at;
    if (h.status == 2)
        o.finished_at = o.created_at + (h.update_offset_s / 2) * 1000;
    if (h.status == 3) {
        o.cancelled_at = o.created_at + 3600 * 1000;
        o.cancel_reason = "customer";
    }
    o.payment_method = r.pick(k_payment_methods);
    o.buyer_accepts_marketing = r.chance(0.5);
    std::string first, last;
    if (size_.customers > 0 && r.chance(0.96)) {
        const auto ci =
            static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(size_.customers)));
        const Customer c = generate_customer(ci);
        o.customer_index = ci;
        o.email = c.email;
        o.phone = c.phone;
        o.shipping = c.address;
    } else {
        first = r.pick(k_first_names);
        last = r.pick(k_last_names);
        o.email = "guest" + std::to_string(i + 1) + "@example.net";
        o.phone = "+1 555 " + std::to_string(r.between(1000, 9999));
        o.shipping = make_address(r, first, last, o.phone);
    }
    const std::int64_t variants = variant_offsets_.back();
    for (int k = 0; k < h.lines && variants > 0; ++k) {
        const auto gv = static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(variants)));
        const std::int64_t pi = variant_product(gv);
        const Product p = generate_product(pi);
        const Variant& v = p.variants[static_cast<std::size_t>(gv - variant_offsets_[pi])];
        LineItem li;
        li.id = make_uuid(seed, k_line, i * 16 + k);
        li.product_id = p.id;
        li.variant_id = v.id;
        li.product_title = p.title;
        li.variant_title = v.title;
        li.sku = v.sku;
        li.handle = p.handle;
        li.vendor = p.vendor;
        li.image_path = p.image_path;
        li.price = v.price;
        li.compare_at_price = v.compare_at_price;
        li.quantity = static_cast<int>(r.between(1, 3));
        li.weight_g = v.weight_g;
        o.sub_total += li.price * li.quantity;
        o.line_items.push_back(std::move(li));
    }
    o.total_shipping = r.pick(k_shipping_fees);
    o.total_tax = r.chance(0.3) ? o.sub_total * 8 / 100 : 0;
    o.total_discount = r.chance(0.2) ? o.sub_total / 10 : 0;
    o.note = r.chance(0.1) ? "gift wrap" : "";
    derive_fulfillments(o);
    return o;
}

Order Store::order_locked(std::int64_t i) const {
    if (auto it = order_edits_.find(i); it != order_edits_.end())
        return it->second;
    return generate_order(i);
}

Product Store::product_locked(std::int64_t i) const {
    if (auto it = product_edits_.find(i); it != product_edits_.end())
        return it->second;
    return generate_product(i);
}

Customer Store::customer_locked(std::int64_t i) const {
    if (auto it = customer_edits_.find(i); it != customer_edits_.end())
        return it->second;
    return generate_customer(i);
}

std::optional<Order> Store::order(std::int64_t i) const {
    std::shared_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(orders_.size()) || orders_[i].deleted)
        return std::nullopt;
    return order_locked(i);
}

std::optional<Product> Store::product(std::int64_t i) const {
    std::shared_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(products_.size()) || products_[i].deleted)
        return std::nullopt;
    return product_locked(i);
}

std::optional<Customer> Store::customer(std::int64_t i) const {
    std::shared_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(customers_.size()) || customers_[i].deleted)
        return std::nullopt;
    return customer_locked(i);
}

Page Store::list_orders(const OrderFilter& f, const PageQuery& q) const {
    std::shared_lock lock(mutex_);
    return scan(static_cast<std::int64_t>(orders_.size()), q, [&](std::int64_t i) {
        const OrderSummary& s = orders_[static_cast<std::size_t>(i)];
        if (s.deleted || !in_indexes(f.indexes, i) || !f.updated.contains(s.updated_at))
            return false;
        if ((f.status >= 0 && s.status != f.status) ||
            (f.financial_status >= 0 && s.financial != f.financial_status) ||
            (f.fulfillment_status >= 0 && s.fulfillment != f.fulfillment_status)) {
            return false;
        }
        const std::int64_t created = order_created_at(i);
        if (!f.created.contains(created))
            return false;
        return !f.placed.any() || (s.placed && f.placed.contains(created));
    });
}

Page Store::list_products(const RecordFilter& f, const PageQuery& q) const {
    std::shared_lock lock(mutex_);
    const bool need_record = f.created.any() || f.published.has_value();
    return scan(static_cast<std::int64_t>(products_.size()), q, [&](std::int64_t i) {
        const RecordSummary& s = products_[static_cast<std::size_t>(i)];
        if (s.deleted || !in_indexes(f.indexes, i) || !f.updated.contains(s.updated_at))
            return false;
        if (!need_record)
            return true;
        const Product p = product_locked(i);
        return f.created.contains(p.created_at) && (!f.published || p.published == *f.published);
    });
}

Page Store::list_customers(const RecordFilter& f, const PageQuery& q) const {
    std::shared_lock lock(mutex_);
    const bool need_record = f.created.any() || !f.email.empty();
    return scan(static_cast<std::int64_t>(customers_.size()), q, [&](std::int64_t i) {
        const RecordSummary& s = customers_[static_cast<std::size_t>(i)];
        if (s.deleted || !in_indexes(f.indexes, i) || !f.updated.contains(s.updated_at))
            return false;
        if (!need_record)
            return true;
        const Customer c = customer_locked(i);
        return f.created.contains(c.created_at) &&
               (f.email.empty() || lower(c.email) == lower(f.email));
    });
}

void Store::summarize(const Order& o) {
    auto& s = orders_[static_cast<std::size_t>(o.index)];
    s.updated_at = o.updated_at;
    s.status = static_cast<std::uint8_t>(enum_index(k_order_statuses, o.status));
    s.financial = static_cast<std::uint8_t>(enum_index(k_financial_statuses, o.financial_status));
    s.fulfillment =
        static_cast<std::uint8_t>(enum_index(k_fulfillment_statuses, o.fulfillment_status));
    s.placed = o.placed_at.has_value();
}

namespace {

void apply(Order& o, const OrderChanges& c, std::int64_t now) {
    if (c.note)
        o.note = *c.note;
    if (c.email)
        o.email = *c.email;
    if (c.financial_status)
        o.financial_status = *c.financial_status;
    if (c.fulfillment_status)
        o.fulfillment_status = *c.fulfillment_status;
    if (c.status && *c.status != o.status) {
        o.status = *c.status;
        if (o.status != "opened" && !o.placed_at)
            o.placed_at = o.created_at;
        if (o.status == "finished")
            o.finished_at = now;
        if (o.status == "cancelled") {
            o.cancelled_at = now;
            o.cancel_reason = "other";
        }
    }
}

}  // namespace

Order Store::create_order(const OrderChanges& c) {
    std::unique_lock lock(mutex_);
    const auto index = static_cast<std::int64_t>(orders_.size());
    const std::int64_t last = index > 0 ? order_created_at(index - 1) : 0;
    created_extra_.push_back(next_update_time(last));
    orders_.emplace_back();
    Order o = generate_order(index);
    o.status = "placed";
    o.financial_status = "paid";
    o.fulfillment_status = "initialled";
    o.updated_at = o.created_at;
    o.placed_at = o.created_at;
    o.finished_at.reset();
    o.cancelled_at.reset();
    o.cancel_reason.clear();
    if (c.customer_index && *c.customer_index >= 0 &&
        *c.customer_index < static_cast<std::int64_t>(customers_.size())) {
        const Customer cu = customer_locked(*c.customer_index);
        o.customer_index = cu.index;
        o.email = cu.email;
        o.phone = cu.phone;
        o.shipping = cu.address;
    }
    apply(o, c, o.created_at);
    derive_fulfillments(o);
    summarize(o);
    line_items_ += static_cast<std::int64_t>(o.line_items.size());
    order_edits_[index] = o;
    return o;
}

std::optional<Order> Store::update_order(std::int64_t i, const OrderChanges& c) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(orders_.size()) || orders_[i].deleted)
        return std::nullopt;
    Order o = order_locked(i);
    const std::string before = o.fulfillment_status;
    o.updated_at = next_update_time(o.updated_at);
    apply(o, c, o.updated_at);
    if (o.fulfillment_status != before)
        derive_fulfillments(o);
    summarize(o);
    order_edits_[i] = o;
    return o;
}

bool Store::delete_order(std::int64_t i) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(orders_.size()) || orders_[i].deleted)
        return false;
    line_items_ -= static_cast<std::int64_t>(order_locked(i).line_items.size());
    orders_[i].deleted = true;
    order_edits_.erase(i);
    return true;
}

std::optional<Product> Store::update_product(std::int64_t i, const ProductChanges& c) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(products_.size()) || products_[i].deleted)
        return std::nullopt;
    Product p = product_locked(i);
    p.updated_at = next_update_time(p.updated_at);
    if (c.title)
        p.title = *c.title;
    if (c.note)
        p.note = *c.note;
    if (c.tags)
        p.tags = *c.tags;
    if (c.vendor)
        p.vendor = *c.vendor;
    for (const auto& vc : c.variants) {
        for (auto& v : p.variants) {
            if (v.id != vc.id)
                continue;
            if (vc.inventory_quantity)
                v.inventory_quantity = *vc.inventory_quantity;
            if (vc.price)
                v.price = *vc.price;
            v.updated_at = p.updated_at;
        }
    }
    products_[i].updated_at = p.updated_at;
    product_edits_[i] = p;
    return p;
}

bool Store::delete_product(std::int64_t i) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(products_.size()) || products_[i].deleted)
        return false;
    products_[i].deleted = true;
    product_edits_.erase(i);
    return true;
}

std::optional<Customer> Store::update_customer(std::int64_t i, const CustomerChanges& c) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(customers_.size()) || customers_[i].deleted)
        return std::nullopt;
    Customer cu = customer_locked(i);
    cu.updated_at = next_update_time(cu.updated_at);
    if (c.email)
        cu.email = *c.email;
    if (c.first_name)
        cu.first_name = cu.address.first_name = *c.first_name;
    if (c.last_name)
        cu.last_name = cu.address.last_name = *c.last_name;
    if (c.phone)
        cu.phone = cu.address.phone = *c.phone;
    if (c.note)
        cu.note = *c.note;
    if (c.tags)
        cu.tags = *c.tags;
    customers_[i].updated_at = cu.updated_at;
    customer_edits_[i] = cu;
    return cu;
}

bool Store::delete_customer(std::int64_t i) {
    std::unique_lock lock(mutex_);
    if (i < 0 || i >= static_cast<std::int64_t>(customers_.size()) || customers_[i].deleted)
        return false;
    customers_[i].deleted = true;
    customer_edits_.erase(i);
    return true;
}

StoreCounts Store::counts() const {
    std::shared_lock lock(mutex_);
    StoreCounts c;
    for (const auto& s : orders_)
        c.orders += s.deleted ? 0 : 1;
    for (std::size_t i = 0; i < products_.size(); ++i) {
        if (products_[i].deleted)
            continue;
        ++c.products;
        c.variants += variant_offsets_[i + 1] - variant_offsets_[i];
    }
    for (const auto& s : customers_)
        c.customers += s.deleted ? 0 : 1;
    c.line_items = line_items_;
    return c;
}

}  // namespace sb::emulators::shoplazza
