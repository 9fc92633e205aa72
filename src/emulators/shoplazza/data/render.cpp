#include "emulators/shoplazza/data/render.hpp"

#include <boost/json/array.hpp>
#include <cstdio>
#include <ctime>

#include "emulators/common/money.hpp"

namespace sb::emulators::shoplazza {

namespace json = boost::json;
using common::format_money;

std::string format_seconds(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

json::value time_or_null(const std::optional<std::int64_t>& ms) {
    return ms ? json::value(format_seconds(*ms)) : json::value(nullptr);
}

std::string weight_kg(int grams) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%d.%02d", grams / 1000, (grams % 1000) / 10);
    return buf;
}

json::object address_json(const Address& a) {
    return {{"first_name", a.first_name},
            {"last_name", a.last_name},
            {"name", a.first_name + " " + a.last_name},
            {"phone", a.phone},
            {"company", a.company},
            {"country", a.country},
            {"country_code", a.country_code},
            {"province", a.province},
            {"province_code", a.province_code},
            {"city", a.city},
            {"address", a.address},
            {"address1", a.address1},
            {"zip", a.zip}};
}

}  // namespace

json::object shop_json(const Shop& s) {
    return {{"id", s.id},
            {"name", s.name},
            {"email", s.email},
            {"domain", s.domain},
            {"address1", s.address1},
            {"address2", s.address2},
            {"zip", s.zip},
            {"city", s.city},
            {"phone", s.phone},
            {"primary_locale", s.primary_locale},
            {"created_at", format_seconds(s.created_at)},
            {"updated_at", format_seconds(s.updated_at)},
            {"country_code", s.country_code},
            {"currency", s.currency},
            {"customer_email", s.customer_email},
            {"timezone", s.timezone},
            {"shop_owner", s.shop_owner},
            {"account", s.account},
            {"province_code", s.province_code},
            {"icon", json::object{{"src", "http://img.staticdj.com/" + s.icon_path},
                                  {"path", s.icon_path},
                                  {"alt", ""}}},
            {"system_domain", s.system_domain},
            {"root_url", s.root_url}};
}

json::object product_json(const Product& p) {
    json::array values, variants;
    for (const auto& v : p.variants) {
        values.push_back(json::value(v.option1));
        variants.push_back(json::object{{"id", v.id},
                                        {"product_id", p.id},
                                        {"title", v.title},
                                        {"option1", v.option1},
                                        {"option2", ""},
                                        {"option3", ""},
                                        {"position", v.position},
                                        {"price", format_money(v.price)},
                                        {"compare_at_price", format_money(v.compare_at_price)},
                                        {"cost_price", format_money(v.cost_price)},
                                        {"sku", v.sku},
                                        {"barcode", ""},
                                        {"note", ""},
                                        {"inventory_quantity", v.inventory_quantity},
                                        {"weight", weight_kg(v.weight_g)},
                                        {"weight_unit", "kg"},
                                        {"image", nullptr},
                                        {"created_at", format_seconds(v.created_at)},
                                        {"updated_at", format_seconds(v.updated_at)}});
    }
    return {{"id", p.id},
            {"title", p.title},
            {"brief", ""},
            {"description", p.description},
            {"published", p.published},
            {"requires_shipping", true},
            {"taxable", false},
            {"tags", p.tags},
            {"vendor", p.vendor},
            {"vendor_url", ""},
            {"inventory_quantity", p.inventory_quantity()},
            {"published_at",
             p.published ? json::value(format_seconds(p.created_at)) : json::value(nullptr)},
            {"created_at", format_seconds(p.created_at)},
            {"updated_at", format_seconds(p.updated_at)},
            {"note", p.note},
            {"seo_title", ""},
            {"seo_description", ""},
            {"seo_keywords", ""},
            {"handle", p.handle},
            {"has_only_default_variant", p.variants.size() == 1},
            {"inventory_tracking", true},
            {"inventory_policy", "deny"},
            {"spu", p.spu},
            {"image", json::object{{"src", "//cdn.shoplazza.com/" + p.image_path},
                                   {"path", p.image_path},
                                   {"alt", ""},
                                   {"width", 800},
                                   {"height", 800}}},
            {"options", json::array{json::object{{"id", p.option_id},
                                                 {"product_id", p.id},
                                                 {"position", 1},
                                                 {"name", "Size"},
                                                 {"values", std::move(values)}}}},
            {"variants", std::move(variants)}};
}

json::object customer_json(const Customer& c, const std::string& store_id) {
    json::object address = address_json(c.address);
    address["id"] = c.address_id;
    address["customer_id"] = c.id;
    address["default"] = true;
    return {{"id", c.id},
            {"email", c.email},
            {"first_name", c.first_name},
            {"last_name", c.last_name},
            {"name", c.first_name + " " + c.last_name},
            {"phone", c.phone},
            {"phone_area_code", c.phone_area_code},
            {"contact", c.email},
            {"contact_type", "email"},
            {"tags", c.tags},
            {"note", c.note},
            {"subscribed", c.subscribed},
            {"store_id", store_id},
            {"created_at", format_seconds(c.created_at)},
            {"updated_at", format_seconds(c.updated_at)},
            {"registered_at", format_seconds(c.created_at)},
            {"deleted_at", nullptr},
            {"default_address", address},
            {"addresses", json::array{address}}};
}

json::object fulfillment_json(const Order& o, const Fulfillment& f) {
    json::array items;
    for (const auto& it : f.items) {
        const LineItem& li = o.line_items[it.line];
        items.push_back(json::object{{"id", li.id},
                                     {"product_id", li.product_id},
                                     {"variant_id", li.variant_id},
                                     {"sku", li.sku},
                                     {"quantity", it.quantity}});
    }
    return {{"id", f.id},
            {"order_id", o.id},
            {"status", f.status},
            {"tracking_company", f.tracking_company},
            {"tracking_company_code", f.tracking_company_code},
            {"tracking_number", f.tracking_number},
            {"tracking_url", f.tracking_url},
            {"created_at", format_seconds(f.created_at)},
            {"updated_at", format_seconds(f.updated_at)},
            {"line_items", std::move(items)}};
}

json::object order_json(const Order& o, const std::optional<Customer>& customer) {
    json::array lines, fulfillments;
    for (const auto& li : o.line_items) {
        lines.push_back(json::object{{"id", li.id},
                                     {"product_id", li.product_id},
                                     {"variant_id", li.variant_id},
                                     {"product_title", li.product_title},
                                     {"variant_title", li.variant_title},
                                     {"name", li.product_title + " - " + li.variant_title},
                                     {"sku", li.sku},
                                     {"price", format_money(li.price)},
                                     {"compare_at_price", format_money(li.compare_at_price)},
                                     {"total", format_money(li.price * li.quantity)},
                                     {"quantity", li.quantity},
                                     {"image", "//cdn.shoplazza.com/" + li.image_path},
                                     {"fulfillment_status", li.fulfillment_status},
                                     {"shipping_quantity", li.shipping_quantity},
                                     {"refund_quantity", 0},
                                     {"product_handle", li.handle},
                                     {"vendor", li.vendor},
                                     {"weight", weight_kg(li.weight_g)},
                                     {"weight_unit", "kg"},
                                     {"requires_shipping", true},
                                     {"taxable", false},
                                     {"note", ""}});
    }
    for (const auto& f : o.fulfillments)
        fulfillments.push_back(fulfillment_json(o, f));
    json::value cust = nullptr;
    if (customer) {
        cust = json::object{{"id", customer->id},
                            {"email", customer->email},
                            {"first_name", customer->first_name},
                            {"last_name", customer->last_name},
                            {"phone", customer->phone}};
    }
    json::object shipping = address_json(o.shipping);
    shipping["email"] = o.email;
    return {{"id", o.id},
            {"number", o.number},
            {"note", o.note},
            {"status", o.status},
            {"financial_status", o.financial_status},
            {"fulfillment_status", o.fulfillment_status},
            {"cancel_reason", o.cancel_reason},
            {"payment_method", o.payment_method},
            {"customer_note", ""},
            {"buyer_accepts_marketing", o.buyer_accepts_marketing},
            {"currency", o.currency},
            {"total_price", format_money(o.total_price())},
            {"sub_total", format_money(o.sub_total)},
            {"total_discount", format_money(o.total_discount)},
            {"total_tax", format_money(o.total_tax)},
            {"total_shipping", format_money(o.total_shipping)},
            {"created_at", format_seconds(o.created_at)},
            {"updated_at", format_seconds(o.updated_at)},
            {"placed_at", time_or_null(o.placed_at)},
            {"finished_at", time_or_null(o.finished_at)},
            {"cancelled_at", time_or_null(o.cancelled_at)},
            {"customer_id", customer ? json::value(customer->id) : json::value(nullptr)},
            {"email", o.email},
            {"phone", o.phone},
            {"customer", std::move(cust)},
            {"shipping_address", shipping},
            {"billing_address", shipping},
            {"line_items", std::move(lines)},
            {"fulfillments", std::move(fulfillments)}};
}

json::object location_json(const std::string& id, const Shop& s) {
    return {{"id", id},
            {"name", "Default location"},
            {"active", true},
            {"address", json::object{{"address1", s.address1},
                                     {"city", s.city},
                                     {"zip", s.zip},
                                     {"country_code", s.country_code},
                                     {"province_code", s.province_code}}},
            {"created_at", format_seconds(s.created_at)},
            {"updated_at", format_seconds(s.created_at)}};
}

json::object inventory_level_json(const Variant& v, const std::string& location_id) {
    return {{"inventory_item_id", v.id},
            {"variant_id", v.id},
            {"location_id", location_id},
            {"stock", v.inventory_quantity},
            {"updated_at", format_seconds(v.updated_at)}};
}

}  // namespace sb::emulators::shoplazza
