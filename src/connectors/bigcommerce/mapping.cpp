#include "connectors/bigcommerce/mapping.hpp"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <chrono>
#include <map>

#include "connectors/common/json_util.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::bigcommerce {

namespace json = boost::json;
namespace records = domain::records;
using namespace jsonu;
using domain::DataType;
using domain::Record;

// ---- dates ----

std::optional<std::int64_t> parse_rfc2822(std::string_view t) {
    auto skip_spaces = [&t] {
        while (!t.empty() && t.front() == ' ')
            t.remove_prefix(1);
    };
    auto number = [&t](int max_digits) -> std::optional<int> {
        int n = 0, digits = 0;
        while (!t.empty() && digits < max_digits &&
               std::isdigit(static_cast<unsigned char>(t[0]))) {
            n = n * 10 + (t[0] - '0');
            t.remove_prefix(1);
            ++digits;
        }
        return digits ? std::optional<int>(n) : std::nullopt;
    };
    skip_spaces();
    if (auto comma = t.find(','); comma != std::string_view::npos && comma <= 3)
        t.remove_prefix(comma + 1);  // the day name says nothing the date does not
    skip_spaces();
    const auto day = number(2);
    skip_spaces();
    static constexpr std::array<std::string_view, 12> k_months{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int month = 0;
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (t.substr(0, 3) == k_months[i])
            month = static_cast<int>(i) + 1;
    }
    if (!day || month == 0)
        return std::nullopt;
    t.remove_prefix(3);
    skip_spaces();
    const auto year = number(4);
    skip_spaces();
    const auto hour = number(2);
    if (!year || !hour || t.empty() || t.front() != ':')
        return std::nullopt;
    t.remove_prefix(1);
    const auto minute = number(2);
    int second = 0;
    if (!t.empty() && t.front() == ':') {
        t.remove_prefix(1);
        const auto s = number(2);
        if (!s)
            return std::nullopt;
        second = *s;
    }
    skip_spaces();
    int offset_min = 0;
    if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
        const int sign = t.front() == '-' ? -1 : 1;
        t.remove_prefix(1);
        if (t.size() < 4)
            return std::nullopt;
        const auto hhmm = number(4);
        if (!hhmm)
            return std::nullopt;
        offset_min = sign * (*hhmm / 100 * 60 + *hhmm % 100);
    } else if (t == "GMT" || t == "UT" || t == "UTC" || t == "Z") {
        t = {};
    }
    skip_spaces();
    if (!minute || !t.empty() || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || second > 60)
        return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{std::chrono::year(*year), std::chrono::month(month),
                             std::chrono::day(*day)};
    if (!ymd.ok())
        return std::nullopt;
    const auto at =
        sys_days(ymd) + hours(*hour) + minutes(*minute) + seconds(second) - minutes(offset_min);
    return duration_cast<milliseconds>(at.time_since_epoch()).count();
}

namespace {

std::int64_t v2_ms(const json::object& o, std::string_view key) {
    return parse_rfc2822(str(o, key).value_or("")).value_or(0);
}

records::Time v2_time(const json::object& o, std::string_view key) {
    const auto ms = parse_rfc2822(str(o, key).value_or(""));
    return ms ? records::Time(format_time(*ms)) : std::nullopt;
}

records::Time v3_time(const json::object& o, std::string_view key) {
    const auto t = time_or_null(o, key);
    return t.is_string() ? records::Time(std::string(t.as_string())) : std::nullopt;
}

// ---- money: v2 writes 4-decimal strings; sums and differences stay in ten-thousandths ----

std::optional<std::int64_t> ten_thousandths(const std::optional<std::string>& d) {
    if (!d)
        return std::nullopt;
    std::string_view s = *d;
    const bool negative = !s.empty() && s[0] == '-';
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    std::int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    bool dot = false;
    for (char c : s) {
        if (c == '.') {
            dot = true;
        } else if (!dot) {
            whole = whole * 10 + (c - '0');
        } else if (frac_digits < 4) {
            frac = frac * 10 + (c - '0');
            ++frac_digits;
        }
    }
    for (; frac_digits < 4; ++frac_digits)
        frac *= 10;
    const std::int64_t v = whole * 10000 + frac;
    return negative ? -v : v;
}

std::string format_ten_thousandths(std::int64_t v) {
    const bool negative = v < 0;
    if (negative)
        v = -v;
    std::string frac = std::to_string(v % 10000);
    frac.insert(0, 4 - frac.size(), '0');
    return (negative ? "-" : "") + std::to_string(v / 10000) + "." + frac;
}

std::optional<records::Money> money(const json::object& o, std::string_view key,
                                    const records::Text& currency) {
    auto a = decimal(o, key);
    if (!a)
        return std::nullopt;
    return records::Money{std::move(a), currency};
}

// v2's address: street_1/street_2, state, zip, country_iso2.
std::optional<records::Address> v2_address(const json::object* a) {
    if (!a)
        return std::nullopt;
    records::Address r{.first_name = text(*a, "first_name"),
                       .last_name = text(*a, "last_name"),
                       .company = text(*a, "company"),
                       .address1 = text(*a, "street_1"),
                       .address2 = text(*a, "street_2"),
                       .city = text(*a, "city"),
                       .province = text(*a, "state"),
                       .country = text(*a, "country"),
                       .country_code = text(*a, "country_iso2"),
                       .zip = text(*a, "zip"),
                       .phone = text(*a, "phone")};
    if (r.first_name || r.last_name)
        r.name = (r.first_name.value_or("") + " " + r.last_name.value_or(""));
    if (r.name) {
        while (!r.name->empty() && r.name->back() == ' ')
            r.name->pop_back();
        while (!r.name->empty() && r.name->front() == ' ')
            r.name->erase(r.name->begin());
    }
    return r;
}

// v3's customer address: address1/2, state_or_province, postal_code, country_code.
std::optional<records::Address> v3_address(const json::object* a) {
    if (!a)
        return std::nullopt;
    records::Address r{.first_name = text(*a, "first_name"),
                       .last_name = text(*a, "last_name"),
                       .company = text(*a, "company"),
                       .address1 = text(*a, "address1"),
                       .address2 = text(*a, "address2"),
                       .city = text(*a, "city"),
                       .province = text(*a, "state_or_province"),
                       .country = text(*a, "country"),
                       .country_code = text(*a, "country_code"),
                       .zip = text(*a, "postal_code"),
                       .phone = text(*a, "phone")};
    if (r.first_name && r.last_name)
        r.name = *r.first_name + " " + *r.last_name;
    return r;
}

const json::array& array_of(const json::object& o, std::string_view key) {
    static const json::array empty;
    const auto* a = arr(o, key);
    return a ? *a : empty;
}

// ---- orders ----

std::string join_options(const json::object& line) {
    std::string out;
    for (const auto& ov : array_of(line, "product_options")) {
        if (!ov.is_object())
            continue;
        const auto v = str(ov.as_object(), "display_value").value_or("");
        if (v.empty())
            continue;
        out += (out.empty() ? "" : " / ") + v;
    }
    return out;
}

records::LineItem line_item(const json::object& l, const records::Text& currency) {
    const auto quantity = loose_int(l, "quantity").value_or(0);
    const auto refunded = loose_int(l, "quantity_refunded").value_or(0);
    const auto shipped = loose_int(l, "quantity_shipped").value_or(0);
    records::LineItem li;
    li.id = id_text(l, "id").value_or("");
    li.product_id = id_text(l, "product_id");
    li.variant_id = id_text(l, "variant_id");
    li.title = text(l, "name");
    if (auto v = join_options(l); !v.empty())
        li.variant_title = v;
    li.sku = text(l, "sku");
    li.quantity = quantity;
    li.current_quantity = std::max<std::int64_t>(0, quantity - refunded);
    li.unfulfilled_quantity = std::max<std::int64_t>(0, quantity - refunded - shipped);
    li.requires_shipping = str(l, "type").value_or("physical") == "physical";
    li.unit_price = money(l, "base_price", currency);
    std::int64_t discount = 0;
    for (const auto& dv : array_of(l, "applied_discounts"))
        if (dv.is_object())
            discount += ten_thousandths(decimal(dv.as_object(), "amount")).value_or(0);
    li.total_discount = records::Money{format_ten_thousandths(discount), currency};
    li.total = money(l, "total_inc_tax", currency);
    return li;
}

// A shipment as a delivery. BigCommerce keeps no carrier events: a shipment with a tracking
// number is IN_TRANSIT from its creation, one without is UNKNOWN, and every shipment of a
// Completed (10) order is DELIVERED.
records::Delivery delivery(const json::object& s, bool completed) {
    records::Delivery d;
    d.id = id_text(s, "id");
    d.status = "success";
    const auto number = text(s, "tracking_number");
    if (number) {
        records::Text company = text(s, "shipping_provider_display_name");
        if (!company)
            company = text(s, "tracking_carrier");
        if (!company)
            company = text(s, "shipping_provider");
        records::Text url = text(s, "tracking_link");
        if (!url)
            url = text(s, "generated_tracking_link");
        d.tracking.push_back({number, company, url});
    }
    for (const auto& iv : array_of(s, "items")) {
        if (!iv.is_object())
            continue;
        const auto& i = iv.as_object();
        d.items.push_back({id_text(i, "order_product_id"), loose_int(i, "quantity").value_or(0)});
    }
    d.created_at = v2_time(s, "date_created");
    d.updated_at = d.created_at;
    d.latest_status = {completed ? "DELIVERED" : number ? "IN_TRANSIT" : "UNKNOWN", d.created_at};
    return d;
}

records::Order order_data(const json::object& o) {
    const records::Text currency = text(o, "currency_code");
    const auto status_id = loose_int(o, "status_id").value_or(-1);
    records::Order r;
    r.id = id_text(o, "id").value_or("");
    r.name = "#" + r.id;
    const auto* billing = obj(o, "billing_address");
    if (billing) {
        r.email = text(*billing, "email");
        r.phone = text(*billing, "phone");
    }
    r.note = text(o, "customer_message");
    if (const auto meaning = status_meaning(status_id)) {
        r.status = meaning->status;
        r.financial_status = meaning->financial_status;
        r.fulfillment_status = meaning->fulfillment_status;
        r.cancel_reason = meaning->cancel_reason;
    }
    if (!r.fulfillment_status) {
        const auto total = loose_int(o, "items_total").value_or(0);
        const auto shipped = loose_int(o, "items_shipped").value_or(0);
        r.fulfillment_status = shipped <= 0       ? "unfulfilled"
                               : shipped >= total ? "fulfilled"
                                                  : "partially_fulfilled";
    }
    r.source_name = text(o, "order_source");
    r.currency = text(o, "default_currency_code");
    if (!r.currency)
        r.currency = currency;
    r.presentment_currency = currency;
    r.subtotal = money(o, "subtotal_ex_tax", currency);
    r.total = money(o, "total_inc_tax", currency);
    r.total_tax = money(o, "total_tax", currency);
    r.total_shipping = money(o, "shipping_cost_inc_tax", currency);
    r.total_discounts = money(o, "discount_amount", currency);
    r.total_refunded = money(o, "refunded_amount", currency);
    if (const auto total = ten_thousandths(decimal(o, "total_inc_tax"))) {
        const auto refunded = ten_thousandths(decimal(o, "refunded_amount")).value_or(0);
        r.current_total = records::Money{format_ten_thousandths(*total - refunded), currency};
    }
    r.presentment_total = r.total;
    r.customer_id = id_text(o, "customer_id");
    if (billing) {
        r.customer =
            records::Order::Buyer{r.customer_id, text(*billing, "email"),
                                  text(*billing, "first_name"), text(*billing, "last_name")};
    }
    r.billing_address = v2_address(billing);
    for (const auto& av : array_of(o, "shipping_addresses")) {
        if (!av.is_object())
            continue;
        const auto& a = av.as_object();
        if (!r.shipping_address)
            r.shipping_address = v2_address(&a);
        r.shipping_lines.push_back({text(a, "shipping_method"), text(a, "shipping_zone_name"),
                                    std::nullopt, money(a, "cost_inc_tax", currency)});
    }
    for (const auto& lv : array_of(o, "products"))
        if (lv.is_object())
            r.line_items.push_back(line_item(lv.as_object(), currency));
    for (const auto& sv : array_of(o, "shipments"))
        if (sv.is_object())
            r.deliveries.push_back(delivery(sv.as_object(), status_id == 10));
    // refunds null: the v2 order does not list them
    r.created_at = v2_time(o, "date_created");
    r.updated_at = v2_time(o, "date_modified");
    r.processed_at = r.created_at;
    if (r.status == "cancelled")
        r.cancelled_at = r.updated_at;
    if (r.status == "closed")
        r.closed_at = r.updated_at;
    return r;
}

// ---- catalog, customers, locations, store ----

records::Product product_data(const json::object& p) {
    records::Product r;
    r.id = id_text(p, "id").value_or("");
    r.title = text(p, "name");
    if (const auto* u = obj(p, "custom_url")) {
        std::string handle = str(*u, "url").value_or("");
        while (!handle.empty() && handle.front() == '/')
            handle.erase(handle.begin());
        while (!handle.empty() && handle.back() == '/')
            handle.pop_back();
        if (!handle.empty())
            r.handle = handle;
    }
    r.description_html = text(p, "description");
    r.product_type = text(p, "type");
    r.status = boolean(p, "is_visible").value_or(true) ? "active" : "draft";
    r.created_at = v3_time(p, "date_created");
    r.updated_at = v3_time(p, "date_modified");
    const bool tracked = str(p, "inventory_tracking").value_or("none") != "none";
    std::int64_t position = 0;
    for (const auto& vv : array_of(p, "variants")) {
        if (!vv.is_object())
            continue;
        const auto& v = vv.as_object();
        records::Variant variant;
        variant.id = id_text(v, "id").value_or("");
        std::string title;
        for (const auto& ov : array_of(v, "option_values")) {
            if (!ov.is_object())
                continue;
            const auto& opt = ov.as_object();
            variant.options.push_back({text(opt, "option_display_name"), text(opt, "label")});
            title += (title.empty() ? "" : " / ") + str(opt, "label").value_or("");
        }
        variant.title = title.empty() ? r.title : records::Text(title);
        variant.sku = text(v, "sku");
        variant.barcode = text(v, "upc");
        if (!variant.barcode)
            variant.barcode = text(v, "gtin");
        variant.position = ++position;
        variant.price = decimal(v, "price");
        if (!variant.price)
            variant.price = decimal(p, "price");
        if (const auto retail = decimal(v, "retail_price");
            retail && ten_thousandths(retail).value_or(0) > 0)
            variant.compare_at_price = retail;
        variant.inventory_item_id = variant.id;  // stock is kept per variant
        variant.inventory_quantity = loose_int(v, "inventory_level");
        variant.inventory_policy = tracked ? "deny" : "continue";
        variant.taxable = true;
        r.variants.push_back(std::move(variant));
    }
    return r;
}

records::Customer customer_data(const json::object& c) {
    records::Customer r;
    r.id = id_text(c, "id").value_or("");
    r.first_name = text(c, "first_name");
    r.last_name = text(c, "last_name");
    if (r.first_name || r.last_name) {
        std::string name = r.first_name.value_or("");
        if (r.last_name)
            name += (name.empty() ? "" : " ") + *r.last_name;
        r.display_name = name;
    }
    r.email = text(c, "email");
    r.phone = text(c, "phone");
    r.note = text(c, "notes");
    r.state = "enabled";
    r.tax_exempt = text(c, "tax_exempt_category").has_value();
    r.accepts_marketing =
        boolean(c, "accepts_product_review_abandoned_cart_emails").value_or(false);
    if (const auto* as = arr(c, "addresses"); as && !as->empty() && (*as)[0].is_object())
        r.default_address = v3_address(&(*as)[0].as_object());
    r.created_at = v3_time(c, "date_created");
    r.updated_at = v3_time(c, "date_modified");
    return r;
}

records::Location location_data(const json::object& l) {
    records::Location r;
    r.id = id_text(l, "id").value_or("");
    r.name = text(l, "label");
    r.active = boolean(l, "enabled").value_or(true);
    r.fulfills_online_orders = r.active;
    r.ships_inventory = r.active;
    if (const auto* a = obj(l, "address")) {
        r.address = records::PlaceAddress{.address1 = text(*a, "address1"),
                                          .address2 = text(*a, "address2"),
                                          .city = text(*a, "city"),
                                          .province = text(*a, "state"),
                                          .country_code = text(*a, "country_code"),
                                          .zip = text(*a, "zip"),
                                          .phone = text(*a, "phone")};
    }
    r.created_at = v3_time(l, "created_at");
    r.updated_at = v3_time(l, "updated_at");
    return r;
}

records::Shop shop_data(const json::object& s) {
    records::Shop r;
    r.id = text(s, "id").value_or("");
    r.name = text(s, "name");
    r.email = text(s, "admin_email");
    r.contact_email = text(s, "order_email");
    r.domain = text(s, "domain");
    r.currency = text(s, "currency");
    if (r.currency)
        r.enabled_presentment_currencies = {*r.currency};
    if (const auto* tz = obj(s, "timezone"))
        r.timezone = text(*tz, "name");
    r.weight_unit = text(s, "weight_units");
    r.taxes_included = boolean(s, "is_price_entered_with_tax").value_or(false);
    r.plan_name = text(s, "plan_name");
    // BigCommerce writes the address as one line.
    r.address = records::PlaceAddress{.address1 = text(s, "address"),
                                      .country = text(s, "country"),
                                      .country_code = text(s, "country_code"),
                                      .phone = text(s, "phone")};
    r.phone = text(s, "phone");
    r.primary_locale = text(s, "language");
    if (const auto first = text(s, "first_name"), last = text(s, "last_name"); first || last)
        r.shop_owner = first.value_or("") + (first && last ? " " : "") + last.value_or("");
    r.account = text(s, "account_uuid");
    if (auto cp = text(s, "control_panel_base_url")) {
        const auto scheme = cp->find("://");
        r.system_domain = scheme == std::string::npos ? *cp : cp->substr(scheme + 3);
    }
    r.root_url = text(s, "secure_url");
    return r;
}

template <class T>
Record make(const json::object& raw, const T& data, std::int64_t updated_at) {
    return records::make_record(data, updated_at, json::serialize(raw));
}

}  // namespace

// BigCommerce's 15 statuses (v2 /order_statuses), by id: merchants rename their labels, so the
// id is what is mapped.
std::optional<StatusMeaning> status_meaning(std::int64_t id) {
    using S = StatusMeaning;
    const std::optional<std::string> unfulfilled = "unfulfilled";
    switch (id) {
        case 0:  // Incomplete: checkout left before payment
            return S{"open", "pending", unfulfilled, std::nullopt};
        case 1:  // Pending
            return S{"open", "pending", unfulfilled, std::nullopt};
        case 2:  // Shipped
            return S{"open", "paid", "fulfilled", std::nullopt};
        case 3:  // Partially Shipped
            return S{"open", "paid", "partially_fulfilled", std::nullopt};
        case 4:  // Refunded
            return S{"closed", "refunded", std::nullopt, std::nullopt};
        case 5:  // Cancelled
            return S{"cancelled", "voided", unfulfilled, std::nullopt};
        case 6:  // Declined: the payment was refused
            return S{"cancelled", "voided", unfulfilled, "declined"};
        case 7:  // Awaiting Payment
            return S{"open", "pending", unfulfilled, std::nullopt};
        case 8:  // Awaiting Pickup
            return S{"open", "paid", unfulfilled, std::nullopt};
        case 9:  // Awaiting Shipment
            return S{"open", "paid", unfulfilled, std::nullopt};
        case 10:  // Completed
            return S{"closed", "paid", "fulfilled", std::nullopt};
        case 11:  // Awaiting Fulfillment
            return S{"open", "paid", unfulfilled, std::nullopt};
        case 12:  // Manual Verification Required: the payment is held for review
            return S{"open", "authorized", unfulfilled, std::nullopt};
        case 13:  // Disputed
            return S{"open", "paid", std::nullopt, std::nullopt};
        case 14:  // Partially Refunded
            return S{"open", "partially_refunded", std::nullopt, std::nullopt};
        default:
            return std::nullopt;
    }
}

json::object assemble_order(json::object order, json::array products,
                            json::array shipping_addresses, json::array shipments) {
    order["products"] = std::move(products);
    order["shipping_addresses"] = std::move(shipping_addresses);
    order["shipments"] = std::move(shipments);
    return order;
}

Record map_order(const json::object& o) {
    return make(o, order_data(o), v2_ms(o, "date_modified"));
}

Record map_product(const json::object& p) {
    return make(p, product_data(p), time_ms(p, "date_modified"));
}

Record map_customer(const json::object& c) {
    return make(c, customer_data(c), time_ms(c, "date_modified"));
}

Record map_location(const json::object& l) {
    return make(l, location_data(l), time_ms(l, "updated_at"));
}

Record map_shop(const json::object& s) {
    return make(s, shop_data(s), 0);
}

std::vector<Record> map_inventory_item(const json::object& item) {
    std::vector<Record> out;
    const auto* identity = obj(item, "identity");
    if (!identity)
        return out;
    const auto variant = id_text(*identity, "variant_id");
    if (!variant)
        return out;  // tracked by product: the hub keeps stock by variant
    for (const auto& lv : array_of(item, "locations")) {
        if (!lv.is_object())
            continue;
        const auto& l = lv.as_object();
        const auto location = id_text(l, "location_id").value_or("");
        records::Stock s;
        s.id = *variant + ":" + location;
        s.inventory_item_id = variant;
        s.location_id = location;
        s.variant_id = variant;
        s.product_id = id_text(*identity, "product_id");
        s.sku = text(*identity, "sku");
        s.available = loose_int(l, "available_to_sell");
        s.on_hand = loose_int(l, "total_inventory_onhand");
        // One location's part of the item, with the identity it belongs to.
        json::object raw{{"identity", *identity}, {"location", l}};
        auto r = records::make_record(s, 0, json::serialize(raw));
        r.parent_external_id = *variant;
        out.push_back(std::move(r));
    }
    return out;
}

Record tombstone(DataType type, const std::string& id) {
    return records::make_tombstone(type, id, now_ms(), records::encode(records::Tombstone{id}));
}

}  // namespace sb::connectors::bigcommerce
