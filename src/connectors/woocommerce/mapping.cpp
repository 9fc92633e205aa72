#include "connectors/woocommerce/mapping.hpp"

#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::woocommerce {

namespace json = boost::json;
namespace records = domain::records;
using namespace jsonu;
using domain::DataType;
using domain::Record;

std::optional<std::int64_t> parse_gmt(std::string_view text) {
    // "YYYY-MM-DDTHH:MM:SS", a fraction allowed; an offset, if a plugin adds one, is honoured.
    if (text.size() < 19)
        return std::nullopt;
    const std::string_view rest = text.substr(19);
    if (rest.find_first_of("Zz+-") != std::string_view::npos)
        return parse_time(text);
    return parse_time(std::string(text) + "Z");
}

namespace {

std::int64_t gmt_ms(const json::object& o, std::string_view key) {
    return parse_gmt(str(o, std::string(key) + "_gmt").value_or("")).value_or(0);
}

records::Time gmt_time(const json::object& o, std::string_view key) {
    const auto ms = parse_gmt(str(o, std::string(key) + "_gmt").value_or(""));
    return ms ? records::Time(format_time(*ms)) : std::nullopt;
}

std::optional<records::Money> money(const json::object& o, std::string_view key,
                                    const records::Text& currency) {
    auto d = decimal(o, key);
    if (!d || d->empty())
        return std::nullopt;
    return records::Money{*d, currency};
}

const json::array& array_of(const json::object& o, std::string_view key) {
    static const json::array empty;
    const auto* a = arr(o, key);
    return a ? *a : empty;
}

std::optional<records::Address> address(const json::object* a) {
    if (!a)
        return std::nullopt;
    records::Address r{.first_name = text(*a, "first_name"),
                       .last_name = text(*a, "last_name"),
                       .company = text(*a, "company"),
                       .address1 = text(*a, "address_1"),
                       .address2 = text(*a, "address_2"),
                       .city = text(*a, "city"),
                       .province_code = text(*a, "state"),
                       .country_code = text(*a, "country"),
                       .zip = text(*a, "postcode"),
                       .phone = text(*a, "phone")};
    if (r == records::Address{})
        return std::nullopt;  // WooCommerce sends every field empty for no address
    if (r.first_name || r.last_name)
        r.name = r.first_name.value_or("") + (r.first_name && r.last_name ? " " : "") +
                 r.last_name.value_or("");
    return r;
}

records::LineItem line_item(const json::object& l, const records::Text& currency) {
    records::LineItem r;
    r.id = id_text(l, "id");
    r.product_id = id_text(l, "product_id");
    r.variant_id = id_text(l, "variation_id");
    if (!r.variant_id)
        r.variant_id = r.product_id;  // a simple product is its own single variant
    r.title = text(l, "name");
    std::string options;
    for (const auto& mv : array_of(l, "meta_data")) {
        if (!mv.is_object())
            continue;
        if (auto v = text(mv.as_object(), "display_value"))
            options += (options.empty() ? "" : " / ") + *v;
    }
    if (!options.empty())
        r.variant_title = options;
    r.sku = text(l, "sku");
    r.quantity = loose_int(l, "quantity").value_or(0);
    r.current_quantity = r.quantity;
    r.unit_price = money(l, "price", currency);
    r.total = money(l, "total", currency);
    if (const auto* image = obj(l, "image"))
        r.image_url = text(*image, "src");
    return r;
}

records::Order order_data(const json::object& o) {
    const records::Text currency = text(o, "currency");
    records::Order r;
    r.id = id_text(o, "id").value_or("");
    r.name = "#" + text(o, "number").value_or(r.id);
    const auto* billing = obj(o, "billing");
    if (billing) {
        r.email = text(*billing, "email");
        r.phone = text(*billing, "phone");
    }
    r.note = text(o, "customer_note");
    const auto status = str(o, "status").value_or("");
    if (const auto m = status_meaning(status)) {
        r.status = m->status;
        r.financial_status = m->financial_status;
        r.fulfillment_status = m->fulfillment_status;
    }
    if (status == "failed")
        r.cancel_reason = "declined";
    r.source_name = text(o, "created_via");
    r.currency = currency;
    r.presentment_currency = currency;
    // WooCommerce has no subtotal field: the lines' subtotals before discounts.
    r.total = money(o, "total", currency);
    r.total_tax = money(o, "total_tax", currency);
    r.total_shipping = money(o, "shipping_total", currency);
    r.total_discounts = money(o, "discount_total", currency);
    r.current_total = r.total;
    r.presentment_total = r.total;
    r.customer_id = id_text(o, "customer_id");
    if (billing) {
        r.customer =
            records::Order::Buyer{r.customer_id, text(*billing, "email"),
                                  text(*billing, "first_name"), text(*billing, "last_name")};
    }
    r.billing_address = address(billing);
    r.shipping_address = address(obj(o, "shipping"));
    for (const auto& lv : array_of(o, "line_items"))
        if (lv.is_object())
            r.line_items.push_back(line_item(lv.as_object(), currency));
    for (const auto& sv : array_of(o, "shipping_lines")) {
        if (!sv.is_object())
            continue;
        const auto& s = sv.as_object();
        r.shipping_lines.push_back({text(s, "method_title"), text(s, "method_id"), std::nullopt,
                                    money(s, "total", currency)});
    }
    // refunds null: the order lists only refund ids and totals, not their lines
    r.created_at = gmt_time(o, "date_created");
    r.updated_at = gmt_time(o, "date_modified");
    r.processed_at = gmt_time(o, "date_paid");
    if (!r.processed_at)
        r.processed_at = r.created_at;
    if (r.status == "cancelled")
        r.cancelled_at = r.updated_at;
    if (r.status == "closed") {
        r.closed_at = gmt_time(o, "date_completed");
        if (!r.closed_at)
            r.closed_at = r.updated_at;
    }
    return r;
}

std::optional<std::int64_t> managed_quantity(const json::object& o) {
    if (!boolean(o, "manage_stock").value_or(false))
        return std::nullopt;
    return loose_int(o, "stock_quantity");
}

records::Variant variant_data(const json::object& v, std::optional<std::int64_t> position,
                              const json::object* parent) {
    records::Variant r;
    r.id = id_text(v, "id").value_or("");
    r.sku = text(v, "sku");
    r.position = position;
    r.price = decimal(v, "price");
    if (r.price && r.price->empty())
        r.price.reset();
    if (const auto regular = text(v, "regular_price"); regular && text(v, "sale_price"))
        r.compare_at_price = regular;
    r.inventory_item_id = parent ? id_text(*parent, "id").value_or("") + "/" + r.id : r.id;
    r.inventory_quantity = managed_quantity(v);
    r.inventory_policy = str(v, "backorders").value_or("no") == "no" ? "deny" : "continue";
    r.taxable = str(v, "tax_status").value_or("taxable") != "none";
    std::string title;
    for (const auto& av : array_of(v, "attributes")) {
        if (!av.is_object())
            continue;
        const auto& a = av.as_object();
        r.options.push_back({text(a, "name"), text(a, "option")});
        if (auto o = text(a, "option"))
            title += (title.empty() ? "" : " / ") + *o;
    }
    if (!title.empty())
        r.title = title;
    else if (parent)
        r.title = text(*parent, "name");
    r.created_at = gmt_time(v, "date_created");
    r.updated_at = gmt_time(v, "date_modified");
    return r;
}

records::Product product_data(const json::object& p, const json::array& variations) {
    records::Product r;
    r.id = id_text(p, "id").value_or("");
    r.title = text(p, "name");
    r.handle = text(p, "slug");
    r.description_html = text(p, "description");
    r.product_type = text(p, "type");
    const auto status = str(p, "status").value_or("");
    r.status = status == "publish" ? "active" : status == "trash" ? "archived" : "draft";
    for (const auto& tv : array_of(p, "tags"))
        if (tv.is_object())
            if (auto n = text(tv.as_object(), "name"))
                r.tags.push_back(*n);
    if (str(p, "type").value_or("") == "variable") {
        std::int64_t position = 1;
        for (const auto& vv : variations)
            if (vv.is_object())
                r.variants.push_back(variant_data(vv.as_object(), position++, &p));
    } else {
        r.variants.push_back(variant_data(p, 1, nullptr));
        r.variants.back().title = "Default";
    }
    r.created_at = gmt_time(p, "date_created");
    r.updated_at = gmt_time(p, "date_modified");
    if (status == "publish")
        r.published_at = r.created_at;
    return r;
}

records::Customer customer_data(const json::object& c) {
    records::Customer r;
    r.id = id_text(c, "id").value_or("");
    r.first_name = text(c, "first_name");
    r.last_name = text(c, "last_name");
    if (r.first_name || r.last_name)
        r.display_name = r.first_name.value_or("") + (r.first_name && r.last_name ? " " : "") +
                         r.last_name.value_or("");
    else
        r.display_name = text(c, "username");
    r.email = text(c, "email");
    const auto* billing = obj(c, "billing");
    if (billing)
        r.phone = text(*billing, "phone");
    r.state = "enabled";
    r.default_address = address(billing);
    if (!r.default_address)
        r.default_address = address(obj(c, "shipping"));
    r.created_at = gmt_time(c, "date_created");
    r.updated_at = gmt_time(c, "date_modified");
    if (!r.updated_at)
        r.updated_at = r.created_at;
    return r;
}

template <class T>
Record make(const json::object& raw, const T& data, std::int64_t updated_at) {
    return records::make_record(data, updated_at, json::serialize(raw));
}

Record stock_record(const json::object& item, const std::string& product_id) {
    records::Stock s;
    const std::string own_id = id_text(item, "id").value_or("");
    const std::string item_id = own_id == product_id ? own_id : product_id + "/" + own_id;
    s.id = item_id + ":" + k_default_location;
    s.inventory_item_id = item_id;
    s.location_id = k_default_location;
    s.variant_id = own_id;
    s.product_id = product_id;
    s.sku = text(item, "sku");
    s.available = managed_quantity(item);
    s.on_hand = s.available;
    s.updated_at = gmt_time(item, "date_modified");
    json::object raw{{"id", item.at("id")},
                     {"manage_stock", item.contains("manage_stock") ? item.at("manage_stock")
                                                                    : json::value(nullptr)},
                     {"stock_quantity", item.contains("stock_quantity") ? item.at("stock_quantity")
                                                                        : json::value(nullptr)}};
    auto r = records::make_record(s, gmt_ms(item, "date_modified"), json::serialize(raw));
    r.parent_external_id = item_id;
    return r;
}

}  // namespace

// WooCommerce's core statuses (wc_get_order_statuses), by slug.
std::optional<StatusMeaning> status_meaning(std::string_view status) {
    if (status == "pending")  // awaiting payment
        return StatusMeaning{"open", "pending", "unfulfilled"};
    if (status == "processing")  // paid, to be shipped
        return StatusMeaning{"open", "paid", "unfulfilled"};
    if (status == "on-hold")  // awaiting payment confirmation (e.g. a bank transfer)
        return StatusMeaning{"open", "authorized", "unfulfilled"};
    if (status == "completed")  // shipped, nothing left to do
        return StatusMeaning{"closed", "paid", "fulfilled"};
    if (status == "cancelled")
        return StatusMeaning{"cancelled", "voided", "unfulfilled"};
    if (status == "refunded")
        return StatusMeaning{"closed", "refunded", "unfulfilled"};
    if (status == "failed")  // the payment failed or was declined
        return StatusMeaning{"cancelled", "voided", "unfulfilled"};
    if (status == "checkout-draft")  // a block checkout not submitted yet
        return StatusMeaning{"open", "pending", "unfulfilled"};
    return std::nullopt;
}

Record map_order(const json::object& o) {
    return make(o, order_data(o), gmt_ms(o, "date_modified"));
}

Record map_product(const json::object& p, const json::array& variations) {
    json::object raw = p;
    if (str(p, "type").value_or("") == "variable")
        raw["variations"] = variations;
    return make(raw, product_data(p, variations), gmt_ms(p, "date_modified"));
}

Record map_customer(const json::object& c) {
    const auto modified = gmt_ms(c, "date_modified");
    return make(c, customer_data(c), modified ? modified : gmt_ms(c, "date_created"));
}

Record map_shop(const json::object& status) {
    records::Shop r;
    const json::object* env = obj(status, "environment");
    const json::object* settings = obj(status, "settings");
    std::string home;
    if (env) {
        home = text(*env, "home_url").value_or(text(*env, "site_url").value_or(""));
        r.timezone = text(*env, "site_timezone");
    }
    while (!home.empty() && home.back() == '/')
        home.pop_back();
    r.id = home;
    r.root_url = home.empty() ? records::Text() : records::Text(home);
    if (const auto scheme = home.find("://"); scheme != std::string::npos) {
        r.domain = home.substr(scheme + 3);
        r.name = r.domain;
    }
    if (settings)
        r.currency = text(*settings, "currency");
    if (r.currency)
        r.enabled_presentment_currencies = {*r.currency};
    return make(status, r, 0);
}

Record default_location(const std::string& site_url) {
    records::Location l;
    l.id = k_default_location;
    l.name = site_url.empty() ? "Default" : site_url;
    l.active = true;
    l.fulfills_online_orders = true;
    l.ships_inventory = true;
    return records::make_record(l, 0, json::serialize(json::object{{"id", k_default_location}}));
}

std::vector<Record> map_stock(const json::object& product, const json::array& variations) {
    std::vector<Record> out;
    const std::string product_id = id_text(product, "id").value_or("");
    if (str(product, "type").value_or("") == "variable") {
        for (const auto& vv : variations)
            if (vv.is_object() && managed_quantity(vv.as_object()))
                out.push_back(stock_record(vv.as_object(), product_id));
    } else if (managed_quantity(product)) {
        out.push_back(stock_record(product, product_id));
    }
    return out;
}

Record tombstone(DataType type, const std::string& id) {
    return records::make_tombstone(type, id, now_ms(), records::encode(records::Tombstone{id}));
}

}  // namespace sb::connectors::woocommerce
