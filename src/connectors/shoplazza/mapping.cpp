#include "connectors/shoplazza/mapping.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/common/json_util.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::shoplazza {

namespace json = boost::json;
namespace records = domain::records;
using namespace jsonu;
using domain::DataType;
using domain::Record;

namespace {

records::Time time(const json::object& o, std::string_view key) {
    const auto t = time_or_null(o, key);
    return t.is_string() ? records::Time(std::string(t.as_string())) : std::nullopt;
}

// A decimal field as Money in `currency`, or null.
std::optional<records::Money> money(const json::object& o, std::string_view key,
                                    const records::Text& currency) {
    auto a = decimal(o, key);
    if (!a)
        return std::nullopt;
    return records::Money{std::move(a), currency};
}

std::vector<std::string> tags(const json::object& o) {
    std::vector<std::string> out;
    const std::string all = str(o, "tags").value_or("");
    std::size_t start = 0;
    while (start <= all.size()) {
        auto end = all.find(',', start);
        if (end == std::string::npos)
            end = all.size();
        auto t = all.substr(start, end - start);
        while (!t.empty() && t.front() == ' ')
            t.erase(t.begin());
        while (!t.empty() && t.back() == ' ')
            t.pop_back();
        if (!t.empty())
            out.push_back(std::move(t));
        start = end + 1;
    }
    return out;
}

// Shoplazza's `address` is the street line and `address1` the apartment/suite line.
std::optional<records::Address> address(const json::object* a) {
    if (!a)
        return std::nullopt;
    return records::Address{.first_name = text(*a, "first_name"),
                            .last_name = text(*a, "last_name"),
                            .name = text(*a, "name"),
                            .company = text(*a, "company"),
                            .address1 = text(*a, "address"),
                            .address2 = text(*a, "address1"),
                            .city = text(*a, "city"),
                            .province = text(*a, "province"),
                            .province_code = text(*a, "province_code"),
                            .country = text(*a, "country"),
                            .country_code = text(*a, "country_code"),
                            .zip = text(*a, "zip"),
                            .phone = text(*a, "phone")};
}

// A location's address: the same lines, no names.
std::optional<records::PlaceAddress> place_address(const json::object* a) {
    if (auto full = address(a))
        return records::place_of(*full);
    return std::nullopt;
}

std::string order_status(const std::string& s) {
    if (s == "finished")
        return "closed";
    if (s == "cancelled")
        return "cancelled";
    return "open";  // opened, placed
}

records::Text financial_status(const std::string& s) {
    if (s.empty())
        return std::nullopt;
    if (s == "waiting" || s == "paying")
        return "pending";
    if (s == "paid" || s == "refunding" || s == "refund_failed")
        return "paid";
    if (s == "cancelled" || s == "failed")
        return "voided";
    return s;  // refunded, partially_refunded
}

records::Text fulfillment_status(const std::string& s) {
    if (s.empty())
        return std::nullopt;
    if (s == "initialled" || s == "waiting" || s == "cancelled")
        return "unfulfilled";
    if (s == "partially_shipped" || s == "partially_finished")
        return "partially_fulfilled";
    if (s == "shipped" || s == "finished")
        return "fulfilled";
    return s;  // returning, returned, partially_returned
}

// A fulfillment's status → seed 004's delivery status: shipped is on its way, finished is
// delivered.
std::string delivery_type(const std::string& s) {
    if (s == "finished")
        return "DELIVERED";
    if (s == "shipped")
        return "IN_TRANSIT";
    if (s == "cancelled")
        return "FAILURE";
    return "UNKNOWN";
}

// A fulfillment as a delivery; adds its live (not cancelled) units to `shipped`.
records::Delivery delivery(const json::object& f, std::map<std::string, std::int64_t>& shipped) {
    const std::string status = str(f, "status").value_or("");
    records::Delivery d;
    d.id = text(f, "id");
    d.status = status == "cancelled" ? "cancelled" : "success";
    if (const auto* ls = arr(f, "line_items")) {
        for (const auto& lv : *ls) {
            if (!lv.is_object())
                continue;
            const auto& l = lv.as_object();
            const auto q = loose_int(l, "quantity").value_or(0);
            if (status != "cancelled")
                shipped[str(l, "id").value_or("")] += q;
            d.items.push_back({text(l, "id"), q});
        }
    }
    if (auto number = str(f, "tracking_number"); number && !number->empty())
        d.tracking.push_back({number, text(f, "tracking_company"), text(f, "tracking_url")});
    d.created_at = time(f, "created_at");
    d.updated_at = time(f, "updated_at");
    d.latest_status = {delivery_type(status), d.updated_at};
    if (status == "finished")
        d.delivered_at = d.updated_at;
    return d;
}

records::LineItem line_item(const json::object& l, const records::Text& currency,
                            const std::map<std::string, std::int64_t>& shipped) {
    const auto quantity = loose_int(l, "quantity").value_or(0);
    const auto refunded = loose_int(l, "refund_quantity").value_or(0);
    const auto sent = shipped.find(str(l, "id").value_or(""));
    records::LineItem li;
    li.id = text(l, "id").value_or("");
    li.product_id = text(l, "product_id");
    li.variant_id = text(l, "variant_id");
    li.title = text(l, "product_title");
    li.variant_title = text(l, "variant_title");
    li.sku = text(l, "sku");
    li.vendor = text(l, "vendor");
    li.quantity = quantity;
    li.current_quantity = std::max<std::int64_t>(0, quantity - refunded);
    li.unfulfilled_quantity =
        std::max<std::int64_t>(0, quantity - refunded - (sent == shipped.end() ? 0 : sent->second));
    li.requires_shipping = boolean(l, "requires_shipping").value_or(true);
    li.unit_price = money(l, "price", currency);
    li.total = money(l, "total", currency);
    li.image_url = text(l, "image");
    return li;
}

records::Order order_data(const json::object& o) {
    const records::Text currency = text(o, "currency");
    records::Order r;
    std::map<std::string, std::int64_t> shipped;  // line item id → quantity in deliveries
    if (const auto* fs = arr(o, "fulfillments")) {
        for (const auto& fv : *fs)
            if (fv.is_object())
                r.deliveries.push_back(delivery(fv.as_object(), shipped));
    }
    if (const auto* ls = arr(o, "line_items")) {
        for (const auto& lv : *ls)
            if (lv.is_object())
                r.line_items.push_back(line_item(lv.as_object(), currency, shipped));
    }
    if (const auto* c = obj(o, "customer")) {
        r.customer = records::Order::Buyer{text(*c, "id"), text(*c, "email"),
                                           text(*c, "first_name"), text(*c, "last_name")};
    }
    r.id = str(o, "id").value_or("");
    if (const auto number = str(o, "number"))
        r.name = "#" + *number;
    r.email = text(o, "email");
    r.phone = text(o, "phone");
    r.note = text(o, "note");
    r.tags = tags(o);
    r.status = order_status(str(o, "status").value_or(""));
    r.financial_status = financial_status(str(o, "financial_status").value_or(""));
    r.fulfillment_status = fulfillment_status(str(o, "fulfillment_status").value_or(""));
    r.cancel_reason = text(o, "cancel_reason");
    r.currency = currency;
    r.presentment_currency = currency;
    r.subtotal = money(o, "sub_total", currency);
    r.total = money(o, "total_price", currency);
    r.total_tax = money(o, "total_tax", currency);
    r.total_shipping = money(o, "total_shipping", currency);
    r.total_discounts = money(o, "total_discount", currency);
    r.current_total = r.total;
    r.presentment_total = r.total;
    r.customer_id = text(o, "customer_id");
    r.billing_address = address(obj(o, "billing_address"));
    r.shipping_address = address(obj(o, "shipping_address"));
    // test false; source_name, total_refunded, refunds null: the order does not say
    r.created_at = time(o, "created_at");
    r.updated_at = time(o, "updated_at");
    r.processed_at = time(o, "placed_at");
    r.cancelled_at = time(o, "cancelled_at");
    r.closed_at = time(o, "finished_at");
    return r;
}

records::Customer customer_data(const json::object& c) {
    records::Customer r;
    r.id = str(c, "id").value_or("");
    r.first_name = text(c, "first_name");
    r.last_name = text(c, "last_name");
    r.display_name = text(c, "name");
    r.email = text(c, "email");
    r.phone = text(c, "phone");
    r.note = text(c, "note");
    r.state = at(c, "deleted_at") ? "disabled" : "enabled";
    r.accepts_marketing = loose_int(c, "subscribed").value_or(0) == 1;
    r.tags = tags(c);
    r.orders_count = loose_int(c, "orders_count").value_or(0);
    r.amount_spent = money(c, "total_spent", std::nullopt);  // the customer has no currency
    r.default_address = address(obj(c, "default_address"));
    r.created_at = time(c, "created_at");
    r.updated_at = time(c, "updated_at");
    return r;
}

records::Product product_data(const json::object& p) {
    // Option names by position, for the variants' option1..3.
    std::vector<std::string> option_names;
    if (const auto* opts = arr(p, "options")) {
        for (const auto& ov : *opts)
            if (ov.is_object())
                option_names.push_back(str(ov.as_object(), "name").value_or(""));
    }
    records::Product r;
    if (const auto* vs = arr(p, "variants")) {
        for (const auto& vv : *vs) {
            if (!vv.is_object())
                continue;
            const auto& v = vv.as_object();
            records::Variant variant;
            variant.id = str(v, "id").value_or("");
            variant.title = text(v, "title");
            variant.sku = text(v, "sku");
            variant.barcode = text(v, "barcode");
            variant.position = loose_int(v, "position");
            variant.price = decimal(v, "price");
            variant.compare_at_price = decimal(v, "compare_at_price");
            variant.inventory_item_id = text(v, "id");  // stock is kept per variant
            variant.inventory_quantity = loose_int(v, "inventory_quantity");
            variant.inventory_policy = text(p, "inventory_policy").value_or("deny");
            variant.taxable = boolean(p, "taxable").value_or(false);
            for (std::size_t i = 0; i < 3; ++i) {
                auto value = str(v, "option" + std::to_string(i + 1));
                if (value && !value->empty()) {
                    variant.options.push_back(
                        {i < option_names.size() ? records::Text(option_names[i]) : std::nullopt,
                         std::move(value)});
                }
            }
            variant.created_at = time(v, "created_at");
            variant.updated_at = time(v, "updated_at");
            r.variants.push_back(std::move(variant));
        }
    }
    r.id = str(p, "id").value_or("");
    r.title = text(p, "title");
    r.handle = text(p, "handle");
    r.description_html = text(p, "description");
    r.vendor = text(p, "vendor");
    r.status = boolean(p, "published").value_or(false) ? "active" : "draft";
    r.tags = tags(p);
    r.created_at = time(p, "created_at");
    r.updated_at = time(p, "updated_at");
    r.published_at = time(p, "published_at");
    return r;
}

records::Location location_data(const json::object& l) {
    records::Location r;
    r.id = str(l, "id").value_or("");
    r.name = text(l, "name");
    r.active = boolean(l, "active").value_or(true);
    r.fulfills_online_orders = true;
    r.ships_inventory = true;
    r.address = place_address(obj(l, "address"));
    r.created_at = time(l, "created_at");
    r.updated_at = time(l, "updated_at");
    return r;
}

// The normalized shop, with the fields seed 001 shows that only Shoplazza tells (phone,
// locale, owner, account, icon, system domain, root URL) filled in. Its address lines are
// flat in the shop and keep Shoplazza's names; `address2` and `root_url` keep "".
records::Shop shop_data(const json::object& s) {
    records::Shop r;
    r.id = str(s, "id").value_or("");
    r.name = text(s, "name");
    r.email = text(s, "email");
    r.contact_email = text(s, "customer_email");
    r.domain = text(s, "domain");
    r.currency = text(s, "currency");
    if (r.currency)
        r.enabled_presentment_currencies = {*r.currency};
    r.timezone = text(s, "timezone");
    r.address = records::PlaceAddress{.address1 = text(s, "address1"),
                                      .address2 = str(s, "address2"),
                                      .city = text(s, "city"),
                                      .province_code = text(s, "province_code"),
                                      .country_code = text(s, "country_code"),
                                      .zip = text(s, "zip")};
    r.phone = text(s, "phone");
    r.primary_locale = text(s, "primary_locale");
    r.shop_owner = text(s, "shop_owner");
    r.account = text(s, "account");
    if (const auto* i = obj(s, "icon")) {
        r.icon = records::Shop::Icon{str(*i, "src").value_or(""), str(*i, "path").value_or(""),
                                     str(*i, "alt").value_or("")};
    }
    r.system_domain = text(s, "system_domain");
    r.root_url = str(s, "root_url");
    r.created_at = time(s, "created_at");
    r.updated_at = time(s, "updated_at");
    return r;
}

template <class T>
Record make(const json::object& raw, const T& data) {
    return records::make_record(data, time_ms(raw, "updated_at"), json::serialize(raw));
}

}  // namespace

Record map_object(DataType type, const json::object& o) {
    switch (type) {
        case DataType::order:
            return make(o, order_data(o));
        case DataType::customer:
            return make(o, customer_data(o));
        case DataType::product:
            return make(o, product_data(o));
        case DataType::location:
            return make(o, location_data(o));
        case DataType::shop:
            return make(o, shop_data(o));
        default:
            break;
    }
    // Not a type Shoplazza lists: its id alone.
    Record r;
    r.type = type;
    r.external_id = str(o, "id").value_or("");
    r.updated_at = time_ms(o, "updated_at");
    r.data = records::encode(records::Tombstone{r.external_id});
    r.raw = json::serialize(o);
    return r;
}

Record map_inventory_level(const json::object& level) {
    const auto variant =
        str(level, "variant_id").value_or(str(level, "inventory_item_id").value_or(""));
    const auto item = str(level, "inventory_item_id").value_or(variant);
    const auto location = str(level, "location_id").value_or("");
    records::Stock s;
    s.id = item + ":" + location;
    s.inventory_item_id = item;
    s.location_id = location;
    if (!variant.empty())
        s.variant_id = variant;
    s.product_id = text(level, "product_id");
    s.sku = text(level, "sku");
    s.available = loose_int(level, "stock");
    s.on_hand = s.available;
    s.updated_at = time(level, "updated_at");
    auto r = records::make_record(s, time_ms(level, "updated_at"), json::serialize(level));
    r.parent_external_id = item;
    return r;
}

Record tombstone(DataType type, const std::string& id) {
    // No payload of its own: the raw is the tombstone too.
    return records::make_tombstone(type, id, now_ms(), records::encode(records::Tombstone{id}));
}

}  // namespace sb::connectors::shoplazza
