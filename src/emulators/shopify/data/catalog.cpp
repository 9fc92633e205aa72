#include "emulators/shopify/data/catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/data/rng.hpp"

namespace sb::emulators::shopify {

namespace {

// Salts keep the streams of different record kinds and facets independent.
enum Kind : std::uint64_t {
    k_shop = 1,
    k_location,
    k_product,
    k_customer,
    k_order,
    k_order_time,
    k_order_status,
    k_checkout,
    k_level,
    k_order_ship,    // split shipments
    k_order_refund,  // what a refund gives back
    k_options,       // a product's option layout
};

constexpr std::int64_t k_day_ms = 86'400'000;

const char* const k_first_names[] = {"Bob",      "Alice",  "José",  "Zoë",     "Søren",
                                     "Łukasz",   "Ægir",   "美咲",  "Дмитрий", "Aïsha",
                                     "François", "Nguyễn", "Priya", "Mateo",   "Olivia",
                                     "Kenji",    "Fatma",  "Björn", "Chloé",   "Ana"};
const char* const k_last_names[] = {
    "Norman", "García", "Müller", "O'Brien", "Øster",  "Kowalski", "山田",      "Иванов",  "Haddad",
    "Dupont", "Trần",   "Patel",  "Rossi",   "Tanaka", "Yılmaz",   "Lindqvist", "Lefèvre", "Silva"};

struct Place {
    const char* city;
    const char* province;
    const char* province_code;
    const char* country;
    const char* country_code;
    const char* zip;
    double lat;
    double lng;
    const char* currency;
};
const Place k_places[] = {
    {"Louisville", "Kentucky", "KY", "United States", "US", "40202", 38.25, -85.76, "USD"},
    {"Ottawa", "Ontario", "ON", "Canada", "CA", "K2P 1L4", 45.42, -75.69, "CAD"},
    {"Berlin", "Berlin", "BE", "Germany", "DE", "10115", 52.52, 13.40, "EUR"},
    {"London", "England", "ENG", "United Kingdom", "GB", "SW1A 1AA", 51.50, -0.14, "GBP"},
    {"Tokyo", "Tokyo", "JP-13", "Japan", "JP", "100-0001", 35.68, 139.76, "JPY"},
    {"Sydney", "New South Wales", "NSW", "Australia", "AU", "2000", -33.87, 151.21, "AUD"},
    {"Paris", "Paris", "75", "France", "FR", "75001", 48.86, 2.35, "EUR"},
    {"Austin", "Texas", "TX", "United States", "US", "78701", 30.27, -97.74, "USD"},
};
const char* const k_streets[] = {"Chestnut Street", "Hauptstraße",  "Rue de Rivoli", "Baker Street",
                                 "Elm Avenue",      "Queen Street", "銀座通り",      "Main Road"};

const char* const k_adjectives[] = {"Ergonomic", "Rustic",  "Sleek", "Handmade",
                                    "Vintage",   "Organic", "Café",  "Crème",
                                    "Nordic",    "Smart",   "Ultra", "Ébène"};
const char* const k_materials[] = {"Cotton",  "Wool",  "Leather", "Bamboo",
                                   "Ceramic", "Steel", "Linen",   "Oak"};
const char* const k_nouns[] = {"Shirt", "Mug",    "Backpack", "Lamp",     "Sneakers",
                               "Scarf", "Bottle", "Chair",    "Notebook", "Hat"};
const char* const k_vendors[] = {"Acme Goods", "Nordlys", "Maison Étoile", "Tokyo Craft",
                                 "Blue Harbor"};
const char* const k_sizes[] = {"S", "M", "L", "XL"};
const char* const k_colors[] = {"Red", "Black", "Green", "Ivory"};
// Products with two or three options: sizes from k_sizes, colors and materials from these.
const char* const k_grid_colors[] = {"Red", "Black", "Green", "Ivory", "Navy", "Sand"};
const char* const k_grid_materials[] = {"Cotton", "Wool", "Linen"};

struct Carrier {
    const char* company;
    const char* url_prefix;
};
const Carrier k_carriers[] = {
    {"UPS", "https://www.ups.com/track?tracknum="},
    {"USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels="},
    {"FedEx", "https://www.fedex.com/fedextrack/?trknbr="},
    {"DHL Express", "https://www.dhl.com/en/express/tracking.html?AWB="},
    {"Canada Post", "https://www.canadapost-postescanada.ca/track-reperer/en#/search?searchFor="},
};

std::string hex_token(std::uint64_t a, std::uint64_t b) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
}

std::string slug(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == ' ' && !out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    return out;
}

std::int64_t clamp_time(std::int64_t t) {
    return std::min(t, k_epoch_end_ms);
}

// The product fields an order line needs, drawn in one fixed order so product() and the
// order generator agree without building whole products for every line.
struct ProductHead {
    std::string title;
    const char* vendor;
    const char* product_type;
    std::uint64_t status_roll;
    bool summer;
    bool sale;
    bool sized;
    std::int64_t updated_days;
    std::int64_t base_price;
};

ProductHead product_head(std::uint64_t seed, std::int64_t index) {
    Rng r(hash_of({seed, k_product, static_cast<std::uint64_t>(index)}));
    ProductHead h;
    h.title = std::string(r.pick(k_adjectives)) + " " + r.pick(k_materials) + " " + r.pick(k_nouns);
    h.vendor = r.pick(k_vendors);
    h.product_type = r.pick(k_nouns);
    h.status_roll = r.below(20);
    h.summer = r.chance(0.5);
    h.sale = r.chance(0.3);
    h.sized = r.chance(0.6);
    h.updated_days = static_cast<std::int64_t>(r.below(700));
    h.base_price = r.between(5, 250) * 100 + (r.chance(0.5) ? 99 : 0);
    return h;
}

// Which options a product has and how many values each. Variant slot k is the mixed-radix
// number (v1, v2, v3), option 1 the slowest, the order Shopify lists variants in. Computed
// without strings: variant_count() runs for every slot of a walk over all variants.
struct OptionLayout {
    int options = 1;
    bool default_only = false;  // no options: Shopify's single "Default Title" variant
    int count[3] = {1, 1, 1};
    int offset = 0;  // where the colors start in their list
    int variants() const { return count[0] * count[1] * count[2]; }
    int value_index(int slot, int option) const {
        const int below = option == 0 ? count[1] * count[2] : (option == 1 ? count[2] : 1);
        return (slot / below) % count[option];
    }
};

// Shares: 55 % one option with 1–4 values (Size or Color, as every product had before), 25 %
// no options, 15 % Size × Color (4–12 variants), 5 % Size × Color × Material (8–36).
OptionLayout option_layout(std::uint64_t seed, std::int64_t index) {
    const auto ui = static_cast<std::uint64_t>(index);
    OptionLayout l;
    // The one-option products keep the roll they always had, so they keep their variants.
    l.count[0] = 1 + static_cast<int>(hash_of({seed, k_product, ui, 99}) % 4);
    Rng r(hash_of({seed, k_options, ui}));
    const auto roll = r.below(100);
    if (roll < 55)
        return l;
    if (roll < 80) {
        l.default_only = true;
        l.count[0] = 1;
        return l;
    }
    l.options = roll < 95 ? 2 : 3;
    l.count[0] = static_cast<int>(r.between(2, 4));
    l.count[1] = static_cast<int>(r.between(2, 3));
    if (l.options == 3)
        l.count[2] = static_cast<int>(r.between(2, 3));
    l.offset = static_cast<int>(r.below(std::size(k_grid_colors)));
    return l;
}

std::vector<std::string> option_names(const OptionLayout& l, const ProductHead& h) {
    if (l.default_only)
        return {"Title"};
    if (l.options == 1)
        return {h.sized ? "Size" : "Color"};
    if (l.options == 2)
        return {"Size", "Color"};
    return {"Size", "Color", "Material"};
}

std::string option_value(const OptionLayout& l, const ProductHead& h, int slot, int option) {
    const int v = l.value_index(slot, option);
    if (l.default_only)
        return "Default Title";
    if (l.options == 1)
        return h.sized ? k_sizes[v] : k_colors[v];
    if (option == 0)
        return k_sizes[v];
    if (option == 1)
        return k_grid_colors[(l.offset + v) % std::size(k_grid_colors)];
    return k_grid_materials[v];
}

// Title, SKU suffix and price of variant `slot`, shared by products and order lines.
struct VariantFace {
    std::vector<std::string> values;
    std::string title;
    std::string sku;
    std::int64_t price = 0;
};

VariantFace variant_face(const OptionLayout& l, const ProductHead& h, std::int64_t index,
                         int slot) {
    VariantFace f;
    f.sku = "SB-" + std::to_string(index + 1);
    for (int k = 0; k < l.options; ++k) {
        f.values.push_back(option_value(l, h, slot, k));
        f.title += (k ? " / " : "") + f.values.back();
        if (!l.default_only)
            f.sku += "-" + f.values.back();
    }
    // Larger sizes and dearer materials cost more; colors do not.
    f.price = l.options == 1 ? h.base_price + slot * 200
                             : h.base_price + l.value_index(slot, 0) * 200 +
                                   (l.options == 3 ? l.value_index(slot, 2) * 500 : 0);
    return f;
}

// Every fifth location from the third on was closed in 2025; its stock was moved out then.
std::optional<std::int64_t> deactivated_at(std::int64_t index, std::int64_t locations) {
    if (locations < 3 || index % 5 != 2)
        return std::nullopt;
    return k_epoch_start_ms + (420 + index) * k_day_ms + 9 * 3'600'000;
}

}  // namespace

Catalog::Catalog(CatalogSize size) : size_(std::move(size)) {
    size_.products = std::max<std::int64_t>(1, size_.products);
    size_.customers = std::max<std::int64_t>(1, size_.customers);
    size_.locations = std::max<std::int64_t>(1, size_.locations);
    size_.orders = std::max<std::int64_t>(0, size_.orders);
}

Address Catalog::address_for(std::uint64_t h, const std::string& first,
                             const std::string& last) const {
    Rng r(h);
    const Place& p = r.pick(k_places);
    Address a;
    a.first_name = first;
    a.last_name = last;
    if (r.chance(0.2))
        a.company = std::string(r.pick(k_vendors));
    a.address1 = std::to_string(r.between(1, 400)) + " " + r.pick(k_streets);
    a.address2 = r.chance(0.3) ? "Apt " + std::to_string(r.between(1, 90)) : "";
    a.city = p.city;
    a.province = p.province;
    a.province_code = p.province_code;
    a.country = p.country;
    a.country_code = p.country_code;
    a.zip = p.zip;
    if (r.chance(0.7))
        a.phone = "+1-555-" + std::to_string(r.between(1000000, 9999999));
    a.latitude = p.lat + static_cast<double>(r.below(1000)) / 10000.0;
    a.longitude = p.lng + static_cast<double>(r.below(1000)) / 10000.0;
    return a;
}

Shop Catalog::shop() const {
    Shop s;
    s.id = ids::shop + static_cast<std::int64_t>(size_.seed % 1'000'000);
    const auto dot = size_.shop_domain.find('.');
    const std::string handle = size_.shop_domain.substr(0, dot);
    s.name = "Storebridge Emulated Store (" + handle + ")";
    s.email = "owner@" + handle + ".example.com";
    s.myshopify_domain = size_.shop_domain;
    s.domain = size_.shop_domain;
    s.currency = "USD";
    s.presentment_currencies = {"USD", "EUR", "GBP", "CAD", "JPY", "AUD"};
    if (size_.plan == "advanced") {
        s.plan_name = "advanced";
        s.plan_display_name = "Advanced";
    } else if (size_.plan == "plus") {
        s.plan_name = "shopify_plus";
        s.plan_display_name = "Shopify Plus";
    } else if (size_.plan == "enterprise") {
        s.plan_name = "enterprise";
        s.plan_display_name = "Commerce Components";
    } else {
        s.plan_name = "basic";
        s.plan_display_name = "Basic";
    }
    s.shop_owner = "Storebridge Emulator";
    s.primary_location_id = ids::location + 1;
    s.created_at = k_epoch_start_ms - 30 * k_day_ms;
    s.updated_at = k_epoch_start_ms;
    s.address = address_for(hash_of({size_.seed, k_shop}), "Storebridge", "Emulator");
    s.address.city = "Louisville";
    s.address.province = "Kentucky";
    s.address.province_code = "KY";
    s.address.country = "United States";
    s.address.country_code = "US";
    s.address.zip = "40202";
    return s;
}

Location Catalog::location(std::int64_t index) const {
    static const char* const names[] = {"Main Warehouse", "Berlin Lager", "東京 Store",
                                        "Montréal Dépôt"};
    Location l;
    l.id = ids::location + index + 1;
    l.name = index < 4 ? names[index] : "Location " + std::to_string(index + 1);
    l.active = true;
    l.address =
        address_for(hash_of({size_.seed, k_location, static_cast<std::uint64_t>(index)}), "", "");
    l.address.first_name.reset();
    l.address.last_name.reset();
    l.created_at = k_epoch_start_ms - (20 - index) * k_day_ms;
    l.updated_at = l.created_at + k_day_ms;
    l.deactivated_at = deactivated_at(index, size_.locations);
    if (l.deactivated_at) {
        l.active = false;
        l.updated_at = *l.deactivated_at;
    }
    return l;
}

// The location a fulfillment or restock at time `at` uses: the drawn one, or the primary
// location when the drawn one was closed by then.
std::int64_t Catalog::active_location_id(std::int64_t index, std::int64_t at) const {
    const auto closed = deactivated_at(index, size_.locations);
    return ids::location + 1 + (closed && *closed <= at ? 0 : index);
}

int Catalog::variant_count(std::int64_t p) const {
    return option_layout(size_.seed, p).variants();
}

Product Catalog::product(std::int64_t index) const {
    const ProductHead h = product_head(size_.seed, index);
    const OptionLayout layout = option_layout(size_.seed, index);
    Rng r(hash_of({size_.seed, k_product, static_cast<std::uint64_t>(index), 7}));
    Product p;
    p.id = ids::product + index;
    p.title = h.title;
    p.handle = slug(p.title) + "-" + std::to_string(index + 1);
    p.body_html = "<p>" + p.title + " — made to last.</p>";
    p.vendor = h.vendor;
    p.product_type = h.product_type;
    p.status = h.status_roll < 17 ? "active" : (h.status_roll < 19 ? "draft" : "archived");
    p.tags = {h.summer ? "summer" : "winter", h.sale ? "sale" : "new"};
    const auto names = option_names(layout, h);
    p.option1_name = names[0];
    if (names.size() > 1)
        p.option2_name = names[1];
    if (names.size() > 2)
        p.option3_name = names[2];
    p.created_at = k_epoch_start_ms - 10 * k_day_ms + index * 60'000;
    p.updated_at = clamp_time(p.created_at + h.updated_days * k_day_ms);
    if (p.status == "active")
        p.published_at = p.created_at + 3'600'000;
    const int n = layout.variants();
    for (int k = 0; k < n; ++k) {
        VariantFace face = variant_face(layout, h, index, k);
        Variant v;
        v.id = ids::variant + index * ids::variants_per_product + k;
        v.product_id = p.id;
        v.inventory_item_id = ids::inventory_item + index * ids::variants_per_product + k;
        v.position = k + 1;
        v.option1 = face.values[0];
        if (face.values.size() > 1)
            v.option2 = face.values[1];
        if (face.values.size() > 2)
            v.option3 = face.values[2];
        v.title = face.title;
        v.sku = face.sku;
        if (r.chance(0.7))
            v.barcode =
                std::to_string(4000000000000LL + static_cast<std::int64_t>(r.below(999999999)));
        v.price = face.price;
        if (r.chance(0.25))
            v.compare_at_price = v.price + 1000;
        v.grams = static_cast<int>(r.between(50, 2500));
        v.inventory_policy = r.chance(0.9) ? "deny" : "continue";
        v.created_at = p.created_at;
        v.updated_at = p.updated_at;
        p.variants.push_back(std::move(v));
    }
    return p;
}

std::int64_t Catalog::product_updated_at(std::int64_t index) const {
    return clamp_time(k_epoch_start_ms - 10 * k_day_ms + index * 60'000 +
                      product_head(size_.seed, index).updated_days * k_day_ms);
}

Customer Catalog::customer(std::int64_t index, std::int64_t total_orders) const {
    Rng r(hash_of({size_.seed, k_customer, static_cast<std::uint64_t>(index)}));
    Customer c;
    c.id = ids::customer + index;
    c.first_name = r.pick(k_first_names);
    c.last_name = r.pick(k_last_names);
    // One in ten signed up without an email (in a shop, by phone); most of those left a phone
    // number, the others nothing to reach them by.
    const bool with_email = r.chance(0.9);
    if (with_email)
        c.email = "customer" + std::to_string(index + 1) + "@example.com";
    if (r.chance(with_email ? 0.5 : 0.7))
        c.phone = "+1613555" + std::to_string(1000 + index % 9000);
    const auto st = r.below(10);
    c.state = st < 6 ? "enabled" : (st < 9 ? "disabled" : "invited");
    if (!with_email && c.state == "invited")
        c.state = "disabled";  // an invitation goes to an email address
    c.verified_email = r.chance(0.9) && with_email;
    c.accepts_marketing = r.chance(0.4) && with_email;  // email marketing needs an email
    c.tax_exempt = r.chance(0.05);
    if (r.chance(0.3))
        c.tags.push_back("vip");
    if (r.chance(0.1))
        c.note = "Prefers morning delivery ☀";
    c.address_id = ids::customer_address + index;
    c.address = address_for(r.next(), c.first_name, c.last_name);
    c.currency = "USD";
    // Orders go to customers round-robin, so a customer's order count and last order are
    // arithmetic, not a scan.
    const std::int64_t n = total_orders < 0 ? size_.orders : total_orders;
    const std::int64_t cc = size_.customers;
    c.orders_count = n / cc + (index < n % cc ? 1 : 0);
    if (c.orders_count > 0) {
        const std::int64_t last = index + (c.orders_count - 1) * cc;
        c.last_order_id = ids::order + last;
        c.last_order_name = "#" + std::to_string(1001 + last);
    }
    c.total_spent = c.orders_count * (4000 + static_cast<std::int64_t>(r.below(12000)));
    c.created_at = k_epoch_start_ms - 5 * k_day_ms + index * 1000;
    c.updated_at = clamp_time(c.created_at + static_cast<std::int64_t>(r.below(650)) * k_day_ms +
                              static_cast<std::int64_t>(r.below(k_day_ms)));
    return c;
}

std::int64_t Catalog::customer_updated_at(std::int64_t index) const {
    return customer(index).updated_at;
}

std::int64_t Catalog::order_created_at(std::int64_t i) const {
    const std::int64_t n = std::max<std::int64_t>(1, size_.orders);
    const std::int64_t span = k_epoch_end_ms - k_epoch_start_ms - 60 * k_day_ms;
    const std::int64_t step = std::max<std::int64_t>(1, span / n);
    // Monotonic in the index so id order and creation order agree, as in a real store.
    const std::int64_t jitter = static_cast<std::int64_t>(
        hash_of({size_.seed, k_order_time, static_cast<std::uint64_t>(i)}) %
        static_cast<std::uint64_t>(step));
    return k_epoch_start_ms + (i * span) / n + jitter / 2;
}

std::int64_t Catalog::order_updated_at(std::int64_t i) const {
    const std::uint64_t h = hash_of({size_.seed, k_order_time, static_cast<std::uint64_t>(i), 1});
    // Most orders change within days of creation; some much later (refunds, edits).
    const std::int64_t delta = (h % 10 < 7) ? static_cast<std::int64_t>(h % (3 * k_day_ms))
                                            : static_cast<std::int64_t>(h % (120 * k_day_ms));
    return clamp_time(order_created_at(i) + delta);
}

std::string Catalog::order_status_key(std::int64_t i) const {
    const std::uint64_t h = hash_of({size_.seed, k_order_status, static_cast<std::uint64_t>(i)});
    if (h % 100 < 3)
        return "cancelled";
    if (h % 100 < 55)
        return "closed";
    return "open";
}

std::vector<LineItem> Catalog::line_items_for(std::uint64_t h, std::int64_t id_base,
                                              int count) const {
    Rng r(h);
    std::vector<LineItem> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int k = 0; k < count; ++k) {
        const auto pi =
            static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(size_.products)));
        const OptionLayout layout = option_layout(size_.seed, pi);
        const int slot = static_cast<int>(r.below(static_cast<std::uint64_t>(layout.variants())));
        const ProductHead h = product_head(size_.seed, pi);
        const VariantFace face = variant_face(layout, h, pi, slot);
        LineItem li;
        li.id = id_base + k;
        li.product_id = ids::product + pi;
        li.variant_id = ids::variant + pi * ids::variants_per_product + slot;
        li.variant_title = face.title;
        li.title = h.title;
        li.sku = face.sku;
        li.vendor = h.vendor;
        li.quantity = static_cast<int>(r.between(1, 3));
        li.price = face.price;
        li.grams = static_cast<int>(r.between(50, 2500));
        li.tax = (li.price * li.quantity * 8) / 100;
        out.push_back(std::move(li));
    }
    return out;
}

Order Catalog::order(std::int64_t i) const {
    const auto ui = static_cast<std::uint64_t>(i);
    Rng r(hash_of({size_.seed, k_order, ui}));
    Order o;
    o.id = ids::order + i;
    o.index = i;
    o.number = 1001 + i;
    o.name = "#" + std::to_string(o.number);
    o.token = hex_token(r.next(), r.next());
    o.cart_token = hex_token(r.next(), 0).substr(0, 16) + hex_token(r.next(), 0).substr(0, 16);
    o.created_at = order_created_at(i);
    o.processed_at = o.created_at;
    o.updated_at = order_updated_at(i);
    o.customer_index = i % size_.customers;
    const Customer c = customer(*o.customer_index);
    o.email = c.email;
    o.phone = c.phone;
    o.buyer_accepts_marketing = c.accepts_marketing;
    o.currency = "USD";
    // About a third of the buyers pay in their own currency.
    const auto cur = r.below(100);
    o.presentment_currency = cur < 68   ? "USD"
                             : cur < 78 ? "EUR"
                             : cur < 85 ? "GBP"
                             : cur < 92 ? "CAD"
                             : cur < 97 ? "AUD"
                                        : "JPY";
    o.exchange_rate = exchange_rate(o.presentment_currency);
    o.source_name = r.chance(0.85) ? "web" : "pos";
    o.gateway = r.chance(0.7) ? "shopify_payments" : "paypal";
    o.test = false;
    if (r.chance(0.1))
        o.note = "Please gift wrap 🎁";
    if (r.chance(0.2))
        o.tags.push_back("wholesale");
    const int nlines = static_cast<int>(r.between(1, 5));
    o.line_items = line_items_for(r.next(), ids::line_item + i * ids::lines_per_order, nlines);
    for (const auto& li : o.line_items) {
        o.total_line_items_price += li.price * li.quantity;
        o.total_tax += li.tax;
        o.total_weight += li.grams * li.quantity;
    }
    if (r.chance(0.15)) {
        o.discount_code = "WELCOME10";
        o.total_discounts = o.total_line_items_price / 10;
    }
    o.subtotal = o.total_line_items_price - o.total_discounts;
    ShippingLine sl;
    sl.id = ids::shipping_line + i;
    const auto ship = r.below(3);
    sl.title = ship == 0 ? "Free Shipping" : (ship == 1 ? "Standard" : "Express");
    sl.code = sl.title;
    sl.source = "shopify";
    sl.price = ship == 0 ? 0 : (ship == 1 ? 599 : 1499);
    o.total_shipping = sl.price;
    o.shipping_lines.push_back(sl);
    o.total_price = o.subtotal + o.total_tax + o.total_shipping;
    o.billing_address = c.address;
    o.shipping_address = r.chance(0.9) ? std::optional<Address>(c.address) : std::nullopt;

    const std::string status = order_status_key(i);
    const auto fin = r.below(100);
    o.financial_status = fin < 70   ? "paid"
                         : fin < 78 ? "pending"
                         : fin < 84 ? "authorized"
                         : fin < 88 ? "partially_paid"
                         : fin < 95 ? "partially_refunded"
                                    : "refunded";
    if (status == "cancelled") {
        o.cancelled_at = std::min(o.updated_at, o.created_at + k_day_ms);
        static const char* const reasons[] = {"customer", "fraud", "inventory", "declined",
                                              "other"};
        o.cancel_reason = r.pick(reasons);
        o.financial_status = r.chance(0.5) ? "voided" : "refunded";
    }
    // Fulfillment state: closed orders are fulfilled; open ones vary.
    int fulfilled_lines = 0;
    if (status == "closed") {
        fulfilled_lines = nlines;
        o.closed_at = o.updated_at;
        if (o.financial_status == "pending" || o.financial_status == "authorized")
            o.financial_status = "paid";
    } else if (status == "open") {
        const auto f = r.below(3);
        fulfilled_lines = f == 0 ? 0 : (f == 1 ? std::max(1, nlines / 2) : nlines);
    }
    if (fulfilled_lines > 0)
        add_fulfillments(o, fulfilled_lines, r);
    if (o.financial_status == "refunded" || o.financial_status == "partially_refunded")
        add_refund(o, r);
    // What is left to ship: neither shipped nor taken off the order by a refund.
    int shipped = 0, open_units = 0;
    for (std::size_t k = 0; k < o.line_items.size(); ++k) {
        auto& li = o.line_items[k];
        int sent = 0, cancelled = 0;
        for (const auto& f : o.fulfillments) {
            for (const auto& fl : f.lines)
                sent += fl.line_index == k ? fl.quantity : 0;
        }
        for (const auto& rf : o.refunds) {
            for (const auto& rl : rf.lines)
                cancelled += rl.line_index == k && rl.restock_type == "cancel" ? rl.quantity : 0;
        }
        if (sent > 0)
            li.fulfillment_status = sent >= li.quantity ? "fulfilled" : "partial";
        li.fulfillable_quantity = o.cancelled_at ? 0 : std::max(0, li.quantity - sent - cancelled);
        shipped += sent;
        open_units += li.fulfillable_quantity;
    }
    if (shipped > 0)
        o.fulfillment_status = open_units == 0 ? "fulfilled" : "partial";
    return o;
}

// Ships lines [0, fulfilled_lines) in full: one fulfillment mostly, and for about a quarter of
// the orders with two units or more a split shipment of 2 or 3 parcels, each from its own
// location with its own tracking, the units cut in line order (a line may straddle parcels).
void Catalog::add_fulfillments(Order& o, int fulfilled_lines, Rng& r) const {
    static const char* const shipment[] = {"in_transit",   "out_for_delivery",   "delivered",
                                           "delivered",    "attempted_delivery", "failure",
                                           "label_printed"};
    Rng rs(hash_of({size_.seed, k_order_ship, static_cast<std::uint64_t>(o.index)}));
    const bool closed = o.closed_at.has_value();
    int units = 0;
    for (int k = 0; k < fulfilled_lines; ++k)
        units += o.line_items[static_cast<std::size_t>(k)].quantity;
    int parts = 1;
    if (units >= 2) {
        const auto roll = rs.below(100);
        parts = roll < 18 ? 2 : (roll < 25 ? std::min(3, units) : 1);
    }
    // Parcel p holds units [cut[p], cut[p + 1]).
    std::vector<int> cut{0};
    for (int p = 1; p < parts; ++p) {
        const int room = units - cut.back() - (parts - p);  // leave a unit for each later parcel
        cut.push_back(cut.back() + 1 +
                      static_cast<int>(rs.below(static_cast<std::uint64_t>(room))));
    }
    cut.push_back(units);
    const std::int64_t first_at = std::min(o.updated_at, o.created_at + 2 * 3'600'000);
    for (int p = 0; p < parts; ++p) {
        Rng& draw = p == 0 ? r : rs;  // the first parcel keeps the draws it always had
        Fulfillment f;
        f.id = ids::fulfillment + o.index * ids::fulfillments_per_order + p;
        f.order_id = o.id;
        f.name = o.name + "." + std::to_string(p + 1);
        f.status = "success";
        f.created_at = first_at + (o.updated_at - first_at) * p / parts;
        f.updated_at = o.updated_at;
        const auto loc =
            static_cast<std::int64_t>(draw.below(static_cast<std::uint64_t>(size_.locations)));
        f.location_id = active_location_id(loc, f.created_at);
        const Carrier& carrier = draw.pick(k_carriers);
        f.tracking_company = carrier.company;
        f.tracking_number = "1Z" + std::to_string(100000000 + draw.below(899999999));
        f.tracking_url = std::string(carrier.url_prefix) + *f.tracking_number;
        if (draw.chance(0.9))
            f.shipment_status = draw.pick(shipment);
        if (closed)
            f.shipment_status = "delivered";
        int unit = 0;
        for (int k = 0; k < fulfilled_lines; ++k) {
            const int q = o.line_items[static_cast<std::size_t>(k)].quantity;
            const int in = std::min(unit + q, cut[p + 1]) - std::max(unit, cut[p]);
            if (in > 0)
                f.lines.push_back({static_cast<std::size_t>(k), in});
            unit += q;
        }
        o.fulfillments.push_back(std::move(f));
    }
}

// One refund. A full one gives back every unit, the shipping and the taxes: the order total.
// A partial one gives back some units of one or two lines (never all of them), or, for an
// order of a single unit, a goodwill amount without lines. Units not shipped yet are
// cancelled and go back to stock; shipped ones come back as returns, restocked or not.
void Catalog::add_refund(Order& o, Rng& r) const {
    Rng rr(hash_of({size_.seed, k_order_refund, static_cast<std::uint64_t>(o.index)}));
    const bool full = o.financial_status == "refunded";
    Refund rf;
    rf.id = ids::refund + o.index;
    rf.created_at = o.updated_at;
    if (r.chance(0.5))
        rf.note = o.cancelled_at ? "Order cancelled" : "Damaged in transit";
    std::vector<int> sent(o.line_items.size(), 0);
    std::vector<std::int64_t> sent_from(o.line_items.size(), ids::location + 1);
    for (const auto& f : o.fulfillments) {
        for (const auto& fl : f.lines) {
            sent[fl.line_index] += fl.quantity;
            sent_from[fl.line_index] = f.location_id;
        }
    }
    std::vector<int> give(o.line_items.size(), 0);
    int units = 0, given = 0;
    for (std::size_t k = 0; k < o.line_items.size(); ++k) {
        units += o.line_items[k].quantity;
        if (full)
            give[k] = o.line_items[k].quantity;
    }
    if (!full) {
        const int lines =
            1 + static_cast<int>(rr.below(std::min<std::uint64_t>(2, o.line_items.size())));
        for (int n = 0; n < lines; ++n) {
            const auto k = static_cast<std::size_t>(rr.below(o.line_items.size()));
            const int q = o.line_items[k].quantity;
            give[k] = q > 1 && rr.chance(0.5)
                          ? 1 + static_cast<int>(rr.below(static_cast<std::uint64_t>(q - 1)))
                          : q;
        }
        for (int g : give)
            given += g;
        // Giving back every unit would be a full refund: keep one.
        for (std::size_t k = 0; given == units && k < give.size(); ++k) {
            if (give[k] > 0) {
                --give[k];
                --given;
            }
        }
    }
    for (std::size_t k = 0; k < o.line_items.size(); ++k) {
        const auto& li = o.line_items[k];
        if (give[k] == 0)
            continue;
        // Unshipped units first: they are cancelled; the rest come back from the buyer.
        const int cancel = std::min(give[k], li.quantity - sent[k]);
        const int back = give[k] - cancel;
        auto part = [&](int q, std::string restock) {
            RefundLine rl;
            rl.line_index = k;
            rl.quantity = q;
            const std::int64_t gross = li.price * q;
            const std::int64_t discount = o.total_line_items_price > 0
                                              ? o.total_discounts * gross / o.total_line_items_price
                                              : 0;
            rl.subtotal = gross - discount;
            rl.tax = li.tax * q / li.quantity;
            rl.restock_type = std::move(restock);
            if (rl.restock_type == "cancel")
                rl.location_id = ids::location + 1;
            else if (rl.restock_type == "return")
                rl.location_id =
                    active_location_id(sent_from[k] - ids::location - 1, rf.created_at);
            rf.amount += rl.subtotal + rl.tax;
            rf.lines.push_back(std::move(rl));
        };
        if (cancel > 0)
            part(cancel, "cancel");
        if (back > 0)
            part(back, rr.chance(0.6) ? "return" : "no_restock");
    }
    if (full) {
        rf.shipping = o.total_shipping;
        rf.amount = o.total_price;  // rounding of the per-line shares aside, exactly what was paid
    } else if (rf.lines.empty()) {
        rf.amount = std::max<std::int64_t>(100, o.subtotal / 5);
    }
    o.refunds.push_back(std::move(rf));
}

std::int64_t Catalog::checkout_count() const {
    return std::max<std::int64_t>(5, size_.orders / 10);
}

Checkout Catalog::checkout(std::int64_t j) const {
    Rng r(hash_of({size_.seed, k_checkout, static_cast<std::uint64_t>(j)}));
    Checkout c;
    c.index = j;
    c.id = ids::checkout + j;
    c.token = hex_token(r.next(), r.next());
    c.cart_token = hex_token(r.next(), r.next());
    c.customer_index =
        static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(size_.customers)));
    const Customer cu = customer(c.customer_index);
    c.email = cu.email;
    c.address = cu.address;
    c.currency = "USD";
    static const char* const currencies[] = {"USD", "EUR", "GBP", "CAD"};
    c.presentment_currency = r.pick(currencies);
    c.line_items =
        line_items_for(r.next(), ids::checkout + 1'000'000'000 + j * ids::lines_per_order,
                       static_cast<int>(r.between(1, 3)));
    for (const auto& li : c.line_items) {
        c.subtotal += li.price * li.quantity;
        c.total_tax += li.tax;
    }
    c.total_price = c.subtotal + c.total_tax;
    const std::int64_t n = checkout_count();
    const std::int64_t span = k_epoch_end_ms - k_epoch_start_ms - 2 * k_day_ms;
    c.created_at = k_epoch_start_ms + (j * span) / n;
    c.updated_at = c.created_at + static_cast<std::int64_t>(r.below(k_day_ms));
    return c;
}

InventoryLevel Catalog::inventory_level(std::int64_t p, int slot, std::int64_t loc) const {
    Rng r(hash_of({size_.seed, k_level, static_cast<std::uint64_t>(p),
                   static_cast<std::uint64_t>(slot), static_cast<std::uint64_t>(loc)}));
    InventoryLevel l;
    l.inventory_item_id = ids::inventory_item + p * ids::variants_per_product + slot;
    l.variant_id = ids::variant + p * ids::variants_per_product + slot;
    l.location_id = ids::location + loc + 1;
    l.available = r.chance(0.1) ? 0 : r.between(0, 120);
    l.committed = r.between(0, 6);
    l.incoming = r.chance(0.3) ? r.between(5, 50) : 0;
    l.reserved = r.chance(0.1) ? r.between(1, 3) : 0;
    l.damaged = r.chance(0.05) ? 1 : 0;
    l.updated_at =
        clamp_time(k_epoch_start_ms + static_cast<std::int64_t>(r.below(700)) * k_day_ms);
    // A closed location keeps its levels (the history of what it held), emptied on the day
    // its stock was moved out.
    if (const auto closed = deactivated_at(loc, size_.locations)) {
        l.available = l.committed = l.incoming = l.reserved = l.damaged = 0;
        l.updated_at = *closed;
    }
    return l;
}

}  // namespace sb::emulators::shopify
