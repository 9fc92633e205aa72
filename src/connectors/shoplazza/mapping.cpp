#include "connectors/shoplazza/mapping.hpp"

#include <boost/json/serialize.hpp>
#include <map>

#include "connectors/common/json_util.hpp"
#include "core/time.hpp"

namespace sb::connectors::shoplazza {

namespace json = boost::json;
using namespace jsonu;
using domain::DataType;
using domain::Record;

namespace {

// A decimal string field as Money in `currency`, or null.
json::value money(const json::object& o, std::string_view key, const json::value& currency) {
    auto a = decimal(o, key);
    if (!a)
        return nullptr;
    return json::object{{"amount", *a}, {"currency", currency}};
}

// "" means "not set" in Shoplazza's answers.
json::value text(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s && !s->empty() ? json::value(*s) : json::value(nullptr);
}

json::array tags(const json::object& o) {
    json::array out;
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
            out.push_back(json::value(t));
        start = end + 1;
    }
    return out;
}

// Shoplazza's `address` is the street line and `address1` the apartment/suite line.
json::value address(const json::object* a) {
    if (!a)
        return nullptr;
    return json::object{{"first_name", text(*a, "first_name")},
                        {"last_name", text(*a, "last_name")},
                        {"name", text(*a, "name")},
                        {"company", text(*a, "company")},
                        {"address1", text(*a, "address")},
                        {"address2", text(*a, "address1")},
                        {"city", text(*a, "city")},
                        {"province", text(*a, "province")},
                        {"province_code", text(*a, "province_code")},
                        {"country", text(*a, "country")},
                        {"country_code", text(*a, "country_code")},
                        {"zip", text(*a, "zip")},
                        {"phone", text(*a, "phone")}};
}

std::string order_status(const std::string& s) {
    if (s == "finished")
        return "closed";
    if (s == "cancelled")
        return "cancelled";
    return "open";  // opened, placed
}

json::value financial_status(const std::string& s) {
    if (s.empty())
        return nullptr;
    if (s == "waiting" || s == "paying")
        return "pending";
    if (s == "paid" || s == "refunding" || s == "refund_failed")
        return "paid";
    if (s == "cancelled" || s == "failed")
        return "voided";
    return json::value(s);  // refunded, partially_refunded
}

json::value fulfillment_status(const std::string& s) {
    if (s.empty())
        return nullptr;
    if (s == "initialled" || s == "waiting" || s == "cancelled")
        return "unfulfilled";
    if (s == "partially_shipped" || s == "partially_finished")
        return "partially_fulfilled";
    if (s == "shipped" || s == "finished")
        return "fulfilled";
    return json::value(s);  // returning, returned, partially_returned
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

json::object order_data(const json::object& o) {
    const json::value currency = text(o, "currency");
    json::array deliveries;
    std::map<std::string, std::int64_t> shipped;  // line item id → quantity in deliveries
    if (const auto* fs = arr(o, "fulfillments")) {
        for (const auto& fv : *fs) {
            if (!fv.is_object())
                continue;
            const auto& f = fv.as_object();
            const std::string status = str(f, "status").value_or("");
            json::array items;
            if (const auto* ls = arr(f, "line_items")) {
                for (const auto& lv : *ls) {
                    if (!lv.is_object())
                        continue;
                    const auto& l = lv.as_object();
                    const auto q = loose_int(l, "quantity").value_or(0);
                    if (status != "cancelled")
                        shipped[str(l, "id").value_or("")] += q;
                    items.push_back(json::object{{"line_item_id", text(l, "id")}, {"quantity", q}});
                }
            }
            json::array tracking;
            if (auto number = str(f, "tracking_number"); number && !number->empty()) {
                tracking.push_back(json::object{{"number", *number},
                                                {"company", text(f, "tracking_company")},
                                                {"url", text(f, "tracking_url")}});
            }
            const auto updated = time_or_null(f, "updated_at");
            deliveries.push_back(json::object{
                {"id", text(f, "id")},
                {"name", nullptr},
                {"status", status == "cancelled" ? "cancelled" : "success"},
                {"latest_status", {{"type", delivery_type(status)}, {"at", updated}}},
                {"tracking", std::move(tracking)},
                {"location_id", nullptr},
                {"items", std::move(items)},
                {"created_at", time_or_null(f, "created_at")},
                {"updated_at", updated},
                {"delivered_at", status == "finished" ? updated : json::value(nullptr)}});
        }
    }
    json::array lines;
    if (const auto* ls = arr(o, "line_items")) {
        for (const auto& lv : *ls) {
            if (!lv.is_object())
                continue;
            const auto& l = lv.as_object();
            const auto quantity = loose_int(l, "quantity").value_or(0);
            const auto refunded = loose_int(l, "refund_quantity").value_or(0);
            const auto id = str(l, "id").value_or("");
            const auto sent = shipped.count(id) ? shipped[id] : 0;
            lines.push_back(json::object{
                {"id", text(l, "id")},
                {"product_id", text(l, "product_id")},
                {"variant_id", text(l, "variant_id")},
                {"title", text(l, "product_title")},
                {"variant_title", text(l, "variant_title")},
                {"sku", text(l, "sku")},
                {"vendor", text(l, "vendor")},
                {"quantity", quantity},
                {"current_quantity", std::max<std::int64_t>(0, quantity - refunded)},
                {"unfulfilled_quantity", std::max<std::int64_t>(0, quantity - refunded - sent)},
                {"requires_shipping", boolean(l, "requires_shipping").value_or(true)},
                {"unit_price", money(l, "price", currency)},
                {"total_discount", nullptr},
                {"total", money(l, "total", currency)},
                {"image_url", text(l, "image")}});
        }
    }
    json::value customer = nullptr;
    if (const auto* c = obj(o, "customer")) {
        customer = json::object{{"id", text(*c, "id")},
                                {"email", text(*c, "email")},
                                {"first_name", text(*c, "first_name")},
                                {"last_name", text(*c, "last_name")}};
    }
    const auto number = str(o, "number");
    const std::string status = str(o, "status").value_or("");
    return {{"id", text(o, "id")},
            {"name", number ? json::value("#" + *number) : json::value(nullptr)},
            {"email", text(o, "email")},
            {"phone", text(o, "phone")},
            {"note", text(o, "note")},
            {"tags", tags(o)},
            {"status", order_status(status)},
            {"financial_status", financial_status(str(o, "financial_status").value_or(""))},
            {"fulfillment_status", fulfillment_status(str(o, "fulfillment_status").value_or(""))},
            {"cancel_reason", text(o, "cancel_reason")},
            {"test", false},
            {"source_name", nullptr},
            {"currency", currency},
            {"presentment_currency", currency},
            {"subtotal", money(o, "sub_total", currency)},
            {"total", money(o, "total_price", currency)},
            {"total_tax", money(o, "total_tax", currency)},
            {"total_shipping", money(o, "total_shipping", currency)},
            {"total_discounts", money(o, "total_discount", currency)},
            {"total_refunded", nullptr},
            {"current_total", money(o, "total_price", currency)},
            {"presentment_total", money(o, "total_price", currency)},
            {"customer_id", text(o, "customer_id")},
            {"customer", customer},
            {"billing_address", address(obj(o, "billing_address"))},
            {"shipping_address", address(obj(o, "shipping_address"))},
            {"line_items", std::move(lines)},
            {"shipping_lines", json::array{}},
            {"deliveries", std::move(deliveries)},
            {"refunds", nullptr},  // the order does not list its refunds
            {"created_at", time_or_null(o, "created_at")},
            {"updated_at", time_or_null(o, "updated_at")},
            {"processed_at", time_or_null(o, "placed_at")},
            {"cancelled_at", time_or_null(o, "cancelled_at")},
            {"closed_at", time_or_null(o, "finished_at")}};
}

json::object customer_data(const json::object& c) {
    const auto subscribed = loose_int(c, "subscribed");
    return {{"id", text(c, "id")},
            {"first_name", text(c, "first_name")},
            {"last_name", text(c, "last_name")},
            {"display_name", text(c, "name")},
            {"email", text(c, "email")},
            {"phone", text(c, "phone")},
            {"note", text(c, "note")},
            {"state", at(c, "deleted_at") ? "disabled" : "enabled"},
            {"verified_email", false},
            {"tax_exempt", false},
            {"accepts_marketing", subscribed.value_or(0) == 1},
            {"tags", tags(c)},
            {"orders_count", loose_int(c, "orders_count").value_or(0)},
            {"amount_spent", money(c, "total_spent", nullptr)},
            {"default_address", address(obj(c, "default_address"))},
            {"created_at", time_or_null(c, "created_at")},
            {"updated_at", time_or_null(c, "updated_at")}};
}

json::object product_data(const json::object& p) {
    // Option names by position, for the variants' option1..3.
    std::vector<std::string> option_names;
    if (const auto* opts = arr(p, "options")) {
        for (const auto& ov : *opts)
            if (ov.is_object())
                option_names.push_back(str(ov.as_object(), "name").value_or(""));
    }
    const json::value policy = text(p, "inventory_policy");
    const bool taxable = boolean(p, "taxable").value_or(false);
    json::array variants;
    if (const auto* vs = arr(p, "variants")) {
        for (const auto& vv : *vs) {
            if (!vv.is_object())
                continue;
            const auto& v = vv.as_object();
            json::array options;
            for (std::size_t i = 0; i < 3; ++i) {
                auto value = str(v, "option" + std::to_string(i + 1));
                if (value && !value->empty()) {
                    options.push_back(
                        json::object{{"name", i < option_names.size() ? json::value(option_names[i])
                                                                      : json::value(nullptr)},
                                     {"value", *value}});
                }
            }
            variants.push_back(json::object{
                {"id", text(v, "id")},
                {"title", text(v, "title")},
                {"sku", text(v, "sku")},
                {"barcode", text(v, "barcode")},
                {"position", loose_int(v, "position") ? json::value(*loose_int(v, "position"))
                                                      : json::value(nullptr)},
                {"price",
                 decimal(v, "price") ? json::value(*decimal(v, "price")) : json::value(nullptr)},
                {"compare_at_price", decimal(v, "compare_at_price")
                                         ? json::value(*decimal(v, "compare_at_price"))
                                         : json::value(nullptr)},
                {"inventory_item_id", text(v, "id")},  // stock is kept per variant
                {"inventory_quantity", loose_int(v, "inventory_quantity")
                                           ? json::value(*loose_int(v, "inventory_quantity"))
                                           : json::value(nullptr)},
                {"inventory_policy", policy.is_null() ? json::value("deny") : policy},
                {"taxable", taxable},
                {"options", std::move(options)},
                {"created_at", time_or_null(v, "created_at")},
                {"updated_at", time_or_null(v, "updated_at")}});
        }
    }
    return {{"id", text(p, "id")},
            {"title", text(p, "title")},
            {"handle", text(p, "handle")},
            {"description_html", text(p, "description")},
            {"vendor", text(p, "vendor")},
            {"product_type", nullptr},
            {"status", boolean(p, "published").value_or(false) ? "active" : "draft"},
            {"tags", tags(p)},
            {"variants", std::move(variants)},
            {"created_at", time_or_null(p, "created_at")},
            {"updated_at", time_or_null(p, "updated_at")},
            {"published_at", time_or_null(p, "published_at")}};
}

json::object location_data(const json::object& l) {
    // A location's address has no names.
    json::value addr = address(obj(l, "address"));
    if (addr.is_object()) {
        for (const char* k : {"first_name", "last_name", "name", "company"})
            addr.as_object().erase(k);
    }
    return {{"id", text(l, "id")},
            {"name", text(l, "name")},
            {"active", boolean(l, "active").value_or(true)},
            {"fulfills_online_orders", true},
            {"ships_inventory", true},
            {"address", addr},
            {"created_at", time_or_null(l, "created_at")},
            {"updated_at", time_or_null(l, "updated_at")}};
}

// The normalized shop, with the fields seed 001 shows that only Shoplazza tells (phone,
// locale, owner, account, icon, system domain, root URL) filled in.
json::object shop_data(const json::object& s) {
    const json::value currency = text(s, "currency");
    json::value icon = nullptr;
    if (const auto* i = obj(s, "icon")) {
        icon = json::object{{"src", str(*i, "src").value_or("")},
                            {"path", str(*i, "path").value_or("")},
                            {"alt", str(*i, "alt").value_or("")}};
    }
    return {{"id", str(s, "id") ? json::value(*str(s, "id")) : json::value(nullptr)},
            {"name", text(s, "name")},
            {"email", text(s, "email")},
            {"contact_email", text(s, "customer_email")},
            {"domain", text(s, "domain")},
            {"currency", currency},
            {"enabled_presentment_currencies",
             currency.is_null() ? json::array{} : json::array{currency}},
            {"timezone", text(s, "timezone")},
            {"weight_unit", nullptr},
            {"taxes_included", false},
            {"plan_name", nullptr},
            {"plan_plus", false},
            {"address",
             {{"address1", text(s, "address1")},
              {"address2", str_or_null(s, "address2")},
              {"city", text(s, "city")},
              {"province", nullptr},
              {"province_code", text(s, "province_code")},
              {"country", nullptr},
              {"country_code", text(s, "country_code")},
              {"zip", text(s, "zip")}}},
            {"phone", text(s, "phone")},
            {"primary_locale", text(s, "primary_locale")},
            {"shop_owner", text(s, "shop_owner")},
            {"account", text(s, "account")},
            {"icon", icon},
            {"system_domain", text(s, "system_domain")},
            {"root_url", str_or_null(s, "root_url")},
            {"created_at", time_or_null(s, "created_at")},
            {"updated_at", time_or_null(s, "updated_at")}};
}

Record make(DataType type, const json::object& raw, json::object data) {
    Record r;
    r.type = type;
    r.external_id = str(raw, "id").value_or("");
    r.updated_at = time_ms(raw, "updated_at");
    r.data = json::serialize(data);
    r.raw = json::serialize(raw);
    return r;
}

}  // namespace

Record map_object(DataType type, const json::object& o) {
    switch (type) {
        case DataType::order:
            return make(type, o, order_data(o));
        case DataType::customer:
            return make(type, o, customer_data(o));
        case DataType::product:
            return make(type, o, product_data(o));
        case DataType::location:
            return make(type, o, location_data(o));
        case DataType::shop:
            return make(type, o, shop_data(o));
        default:
            break;
    }
    return make(type, o, json::object{{"id", text(o, "id")}});
}

Record map_inventory_level(const json::object& level) {
    const auto variant =
        str(level, "variant_id").value_or(str(level, "inventory_item_id").value_or(""));
    const auto item = str(level, "inventory_item_id").value_or(variant);
    const auto location = str(level, "location_id").value_or("");
    Record r;
    r.type = DataType::stock;
    r.external_id = item + ":" + location;
    r.parent_external_id = item;
    r.updated_at = time_ms(level, "updated_at");
    const auto stock = loose_int(level, "stock");
    r.data = json::serialize(
        json::object{{"id", r.external_id},
                     {"inventory_item_id", item},
                     {"location_id", location},
                     {"variant_id", variant.empty() ? json::value(nullptr) : json::value(variant)},
                     {"product_id", text(level, "product_id")},
                     {"sku", text(level, "sku")},
                     {"available", stock ? json::value(*stock) : json::value(nullptr)},
                     {"on_hand", stock ? json::value(*stock) : json::value(nullptr)},
                     {"committed", nullptr},
                     {"incoming", nullptr},
                     {"updated_at", time_or_null(level, "updated_at")}});
    r.raw = json::serialize(level);
    return r;
}

Record tombstone(DataType type, const std::string& id) {
    Record r;
    r.type = type;
    r.external_id = id;
    r.updated_at = now_ms();
    r.deleted = true;
    r.data = json::serialize(json::object{{"id", id}});
    r.raw = r.data;
    return r;
}

}  // namespace sb::connectors::shoplazza
