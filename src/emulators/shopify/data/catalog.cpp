#include "emulators/shopify/data/catalog.hpp"

#include <algorithm>
#include <cstdio>

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
    return l;
}

int Catalog::variant_count(std::int64_t p) const {
    return 1 +
           static_cast<int>(hash_of({size_.seed, k_product, static_cast<std::uint64_t>(p), 99}) %
                            ids::variants_per_product);
}

Product Catalog::product(std::int64_t index) const {
    const ProductHead h = product_head(size_.seed, index);
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
    const bool sized = h.sized;
    p.option1_name = sized ? "Size" : "Color";
    p.created_at = k_epoch_start_ms - 10 * k_day_ms + index * 60'000;
    p.updated_at = clamp_time(p.created_at + h.updated_days * k_day_ms);
    if (p.status == "active")
        p.published_at = p.created_at + 3'600'000;
    const std::int64_t base_price = h.base_price;
    const int n = variant_count(index);
    for (int k = 0; k < n; ++k) {
        Variant v;
        v.id = ids::variant + index * ids::variants_per_product + k;
        v.product_id = p.id;
        v.inventory_item_id = ids::inventory_item + index * ids::variants_per_product + k;
        v.position = k + 1;
        v.option1 = sized ? k_sizes[k] : k_colors[k];
        v.title = v.option1;
        v.sku = "SB-" + std::to_string(index + 1) + "-" + v.option1;
        if (r.chance(0.7))
            v.barcode =
                std::to_string(4000000000000LL + static_cast<std::int64_t>(r.below(999999999)));
        v.price = base_price + k * 200;
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
    if (r.chance(0.95))
        c.email = "customer" + std::to_string(index + 1) + "@example.com";
    if (r.chance(0.5))
        c.phone = "+1613555" + std::to_string(1000 + index % 9000);
    const auto st = r.below(10);
    c.state = st < 6 ? "enabled" : (st < 9 ? "disabled" : "invited");
    c.verified_email = r.chance(0.9);
    c.accepts_marketing = r.chance(0.4);
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
        const int slot = static_cast<int>(r.below(static_cast<std::uint64_t>(variant_count(pi))));
        const ProductHead h = product_head(size_.seed, pi);
        LineItem li;
        li.id = id_base + k;
        li.product_id = ids::product + pi;
        li.variant_id = ids::variant + pi * ids::variants_per_product + slot;
        li.variant_title = h.sized ? k_sizes[slot] : k_colors[slot];
        li.title = h.title;
        li.sku = "SB-" + std::to_string(pi + 1) + "-" + li.variant_title;
        li.vendor = h.vendor;
        li.quantity = static_cast<int>(r.between(1, 3));
        li.price = h.base_price + slot * 200;
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
    static const char* const currencies[] = {"USD", "USD", "USD", "EUR",
                                             "GBP", "CAD", "JPY", "AUD"};
    o.presentment_currency = r.pick(currencies);
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
    o.financial_status = fin < 72   ? "paid"
                         : fin < 80 ? "pending"
                         : fin < 86 ? "authorized"
                         : fin < 90 ? "partially_paid"
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
    if (fulfilled_lines > 0) {
        Fulfillment f;
        f.id = ids::fulfillment + i * 2;
        f.order_id = o.id;
        f.location_id =
            ids::location + 1 +
            static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(size_.locations)));
        f.name = o.name + ".1";
        f.status = "success";
        const Carrier& carrier = r.pick(k_carriers);
        f.tracking_company = carrier.company;
        f.tracking_number = "1Z" + std::to_string(100000000 + r.below(899999999));
        f.tracking_url = std::string(carrier.url_prefix) + *f.tracking_number;
        static const char* const shipment[] = {"in_transit",   "out_for_delivery",   "delivered",
                                               "delivered",    "attempted_delivery", "failure",
                                               "label_printed"};
        if (r.chance(0.9))
            f.shipment_status = r.pick(shipment);
        if (status == "closed")
            f.shipment_status = "delivered";
        f.created_at = std::min(o.updated_at, o.created_at + 2 * 3'600'000);
        f.updated_at = o.updated_at;
        for (int k = 0; k < fulfilled_lines; ++k) {
            f.lines.push_back(
                {static_cast<std::size_t>(k), o.line_items[static_cast<std::size_t>(k)].quantity});
            o.line_items[static_cast<std::size_t>(k)].fulfillment_status = "fulfilled";
        }
        o.fulfillments.push_back(std::move(f));
        o.fulfillment_status = fulfilled_lines == nlines ? std::optional<std::string>("fulfilled")
                                                         : std::optional<std::string>("partial");
    }
    for (auto& li : o.line_items) {
        li.fulfillable_quantity = li.fulfillment_status || o.cancelled_at ? 0 : li.quantity;
    }
    if (o.financial_status == "refunded" || o.financial_status == "partially_refunded") {
        Refund rf;
        rf.id = ids::refund + i;
        rf.created_at = o.updated_at;
        if (r.chance(0.5))
            rf.note = "Damaged in transit";
        const std::size_t lines = o.financial_status == "refunded" ? o.line_items.size() : 1;
        for (std::size_t k = 0; k < lines; ++k) {
            const auto& li = o.line_items[k];
            rf.lines.push_back({k, li.quantity, li.price * li.quantity});
            rf.amount += li.price * li.quantity + li.tax;
        }
        o.refunds.push_back(std::move(rf));
    }
    return o;
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
    return l;
}

}  // namespace sb::emulators::shopify
