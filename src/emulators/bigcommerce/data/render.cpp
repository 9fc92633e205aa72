#include "emulators/bigcommerce/data/render.hpp"

#include <boost/json/array.hpp>
#include <cstdio>

#include "emulators/bigcommerce/data/dates.hpp"

namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

json::object link(const StoreInfo& s, const std::string& resource) {
    return {{"url", s.api_url + "/v2" + resource}, {"resource", resource}};
}

json::object address_v2(const Address& a) {
    return {{"first_name", a.first_name},
            {"last_name", a.last_name},
            {"company", a.company},
            {"street_1", a.street_1},
            {"street_2", a.street_2},
            {"city", a.city},
            {"state", a.state},
            {"zip", a.zip},
            {"country", a.country},
            {"country_iso2", a.country_iso2},
            {"phone", a.phone},
            {"email", a.email},
            {"form_fields", json::array{}}};
}

std::string grams_to_kg(std::int64_t grams) {
    return money4(grams / 10);  // kilograms with four decimals
}

const char* provider_display_name(const std::string& provider) {
    if (provider == "usps")
        return "USPS";
    if (provider == "ups")
        return "UPS";
    if (provider == "fedex")
        return "FedEx";
    return "";
}

}  // namespace

std::string money4(std::int64_t cents) {
    const std::int64_t whole = cents / 100, frac = (cents < 0 ? -cents : cents) % 100;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld00", cents < 0 && whole == 0 ? "-" : "",
                  static_cast<long long>(whole), static_cast<long long>(frac));
    return buf;
}

json::value money(std::int64_t cents) {
    if (cents % 100 == 0)
        return cents / 100;
    return static_cast<double>(cents) / 100.0;
}

json::object order_v2(const Order& o, const StoreInfo& s) {
    const std::string id = std::to_string(o.id);
    const std::string subtotal = money4(o.subtotal()), shipping = money4(o.shipping()),
                      total = money4(o.total());
    return {{"id", o.id},
            {"customer_id", o.customer_id},
            {"date_created", rfc2822(o.date_created)},
            {"date_modified", rfc2822(o.date_modified)},
            {"date_shipped", o.date_shipped ? rfc2822(o.date_shipped) : ""},
            {"status_id", o.status_id},
            {"status", status_name(o.status_id)},
            {"custom_status", status_name(o.status_id)},
            {"subtotal_ex_tax", subtotal},
            {"subtotal_inc_tax", subtotal},
            {"subtotal_tax", "0.0000"},
            {"base_shipping_cost", shipping},
            {"shipping_cost_ex_tax", shipping},
            {"shipping_cost_inc_tax", shipping},
            {"shipping_cost_tax", "0.0000"},
            {"handling_cost_ex_tax", "0.0000"},
            {"handling_cost_inc_tax", "0.0000"},
            {"total_ex_tax", total},
            {"total_inc_tax", total},
            {"total_tax", "0.0000"},
            {"items_total", o.items_total()},
            {"items_shipped", o.items_shipped()},
            {"payment_method", o.payment_method},
            {"payment_provider_id", nullptr},
            {"payment_status", o.payment_status},
            {"refunded_amount", o.status_id == 4 ? total : "0.0000"},
            {"store_credit_amount", "0.0000"},
            {"gift_certificate_amount", "0.0000"},
            {"currency_id", 1},
            {"currency_code", "USD"},
            {"currency_exchange_rate", "1.0000000000"},
            {"default_currency_id", 1},
            {"default_currency_code", "USD"},
            {"discount_amount", money4(o.discount)},
            {"coupon_discount", "0.0000"},
            {"shipping_address_count", static_cast<std::int64_t>(o.shipping_addresses.size())},
            {"is_deleted", false},
            {"is_email_opt_in", false},
            {"order_is_digital", false},
            {"staff_notes", o.staff_notes},
            {"customer_message", o.customer_message},
            {"cart_id", o.cart_id},
            {"geoip_country", o.billing.country},
            {"geoip_country_iso2", o.billing.country_iso2},
            {"ip_address", "127.0.0.1"},
            {"billing_address", address_v2(o.billing)},
            {"order_source", o.order_source},
            {"channel_id", 1},
            {"external_source", nullptr},
            {"external_id", nullptr},
            {"external_order_id", ""},
            {"customer_locale", "en"},
            {"products", link(s, "/orders/" + id + "/products")},
            {"shipping_addresses", link(s, "/orders/" + id + "/shipping_addresses")},
            {"coupons", link(s, "/orders/" + id + "/coupons")}};
}

json::object order_product_v2(const OrderProduct& p) {
    const std::string price = money4(p.base_price), total = money4(p.base_price * p.quantity);
    json::array options{json::object{{"id", p.id * 10 + 1},
                                     {"option_id", p.option_id},
                                     {"order_product_id", p.id},
                                     {"product_option_id", p.option_id},
                                     {"display_name", p.option_name},
                                     {"display_value", p.option_value},
                                     {"value", std::to_string(p.option_value_id)},
                                     {"type", "Multiple choice"},
                                     {"name", p.option_name},
                                     {"display_style", "Rectangle"}}};
    return {{"id", p.id},
            {"order_id", p.order_id},
            {"product_id", p.product_id},
            {"variant_id", p.variant_id},
            {"order_address_id", p.order_address_id},
            {"name", p.name},
            {"name_customer", p.name},
            {"name_merchant", p.name},
            {"sku", p.sku},
            {"upc", ""},
            {"type", "physical"},
            {"base_price", price},
            {"price_ex_tax", price},
            {"price_inc_tax", price},
            {"price_tax", "0.0000"},
            {"base_total", total},
            {"total_ex_tax", total},
            {"total_inc_tax", total},
            {"total_tax", "0.0000"},
            {"weight", grams_to_kg(p.weight)},
            {"quantity", p.quantity},
            {"base_cost_price", "0.0000"},
            {"is_refunded", false},
            {"quantity_refunded", 0},
            {"refund_amount", "0.0000"},
            {"quantity_shipped", p.quantity_shipped},
            {"fixed_shipping_cost", "0.0000"},
            {"is_bundled_product", false},
            {"parent_order_product_id", nullptr},
            {"product_options", std::move(options)},
            {"applied_discounts", json::array{}}};
}

json::object shipping_address_v2(const ShippingAddress& a, const StoreInfo& s) {
    json::object out{{"id", a.id}, {"order_id", a.order_id}};
    for (auto& kv : address_v2(a.address))
        out[kv.key()] = kv.value();
    const std::string cost = money4(a.cost);
    out["items_total"] = a.items_total;
    out["items_shipped"] = a.items_shipped;
    out["shipping_method"] = a.shipping_method;
    out["base_cost"] = cost;
    out["cost_ex_tax"] = cost;
    out["cost_inc_tax"] = cost;
    out["cost_tax"] = "0.0000";
    out["base_handling_cost"] = "0.0000";
    out["shipping_zone_id"] = 1;
    out["shipping_zone_name"] = "United States";
    out["shipping_quotes"] =
        link(s, "/orders/" + std::to_string(a.order_id) + "/shipping_addresses/" +
                    std::to_string(a.id) + "/shipping_quotes");
    return out;
}

json::object shipment_v2(const Shipment& sh, const Order& o) {
    json::array items;
    for (const auto& i : sh.items) {
        items.push_back(json::object{{"order_product_id", i.order_product_id},
                                     {"product_id", i.product_id},
                                     {"quantity", i.quantity}});
    }
    json::object shipping;
    for (const auto& a : o.shipping_addresses) {
        if (a.id == sh.order_address_id)
            shipping = address_v2(a.address);
    }
    return {{"id", sh.id},
            {"order_id", sh.order_id},
            {"customer_id", sh.customer_id},
            {"order_address_id", sh.order_address_id},
            {"date_created", rfc2822(sh.date_created)},
            {"tracking_number", sh.tracking_number},
            {"merchant_shipping_cost", "0.0000"},
            {"shipping_method", sh.shipping_method},
            {"comments", sh.comments},
            {"shipping_provider", sh.shipping_provider},
            {"tracking_carrier", sh.tracking_carrier},
            {"tracking_link", ""},
            {"billing_address", address_v2(o.billing)},
            {"shipping_address", std::move(shipping)},
            {"items", std::move(items)},
            {"shipping_provider_display_name", provider_display_name(sh.shipping_provider)},
            {"generated_tracking_link", ""}};
}

json::object variant_v3(const Variant& v) {
    return {{"id", v.id},
            {"product_id", v.product_id},
            {"sku", v.sku},
            {"sku_id", v.sku_id},
            {"price", money(v.price)},
            {"calculated_price", money(v.sale_price ? v.sale_price : v.price)},
            {"sale_price", money(v.sale_price)},
            {"retail_price", money(v.price)},
            {"cost_price", 0},
            {"weight", static_cast<double>(v.weight) / 1000.0},
            {"inventory_level", v.inventory_level},
            {"inventory_warning_level", 5},
            {"purchasing_disabled", false},
            {"purchasing_disabled_message", ""},
            {"upc", ""},
            {"mpn", ""},
            {"gtin", ""},
            {"bin_picking_number", ""},
            {"option_values", json::array{json::object{{"id", v.option_value_id},
                                                       {"label", v.option_label},
                                                       {"option_id", v.option_id},
                                                       {"option_display_name", v.option_name}}}}};
}

json::object product_v3(const Product& p, bool with_variants) {
    std::int64_t inventory = 0;
    for (const auto& v : p.variants)
        inventory += v.inventory_level;
    json::array categories;
    for (auto c : p.categories)
        categories.push_back(c);
    json::object out{{"id", p.id},
                     {"name", p.name},
                     {"type", "physical"},
                     {"sku", p.sku},
                     {"description", "<p>" + p.name + "</p>"},
                     {"weight", p.variants.empty() ? 0.0 : p.variants.front().weight / 1000.0},
                     {"price", money(p.price)},
                     {"cost_price", 0},
                     {"retail_price", 0},
                     {"sale_price", 0},
                     {"calculated_price", money(p.price)},
                     {"categories", std::move(categories)},
                     {"brand_id", p.brand_id},
                     {"inventory_level", inventory},
                     {"inventory_warning_level", 0},
                     {"inventory_tracking", "variant"},
                     {"is_visible", p.is_visible},
                     {"availability", "available"},
                     {"condition", "New"},
                     {"date_created", iso8601(p.date_created)},
                     {"date_modified", iso8601(p.date_modified)},
                     {"base_variant_id", p.variants.size() == 1 ? json::value(p.variants[0].id)
                                                                : json::value(nullptr)},
                     {"custom_url", json::object{{"url", "/product-" + std::to_string(p.id) + "/"},
                                                 {"is_customized", false}}}};
    if (with_variants) {
        json::array vs;
        for (const auto& v : p.variants)
            vs.push_back(variant_v3(v));
        out["variants"] = std::move(vs);
    }
    return out;
}

json::object customer_v3(const Customer& c, bool with_addresses) {
    json::object out{{"id", c.id},
                     {"email", c.email},
                     {"first_name", c.first_name},
                     {"last_name", c.last_name},
                     {"company", c.company},
                     {"phone", c.phone},
                     {"notes", ""},
                     {"tax_exempt_category", ""},
                     {"customer_group_id", c.customer_group_id},
                     {"registration_ip_address", ""},
                     {"date_created", iso8601(c.date_created)},
                     {"date_modified", iso8601(c.date_modified)},
                     {"address_count", static_cast<std::int64_t>(c.addresses.size())},
                     {"attribute_count", 0},
                     {"authentication", json::object{{"force_password_reset", false}}},
                     {"accepts_product_review_abandoned_cart_emails", false},
                     {"origin_channel_id", 1},
                     {"channel_ids", nullptr}};
    if (with_addresses) {
        json::array as;
        for (const auto& a : c.addresses) {
            as.push_back(json::object{{"id", a.id},
                                      {"customer_id", a.customer_id},
                                      {"first_name", a.address.first_name},
                                      {"last_name", a.address.last_name},
                                      {"company", a.address.company},
                                      {"address1", a.address.street_1},
                                      {"address2", a.address.street_2},
                                      {"city", a.address.city},
                                      {"state_or_province", a.address.state},
                                      {"postal_code", a.address.zip},
                                      {"country", a.address.country},
                                      {"country_code", a.address.country_iso2},
                                      {"phone", a.address.phone},
                                      {"address_type", a.address_type}});
        }
        out["addresses"] = std::move(as);
    }
    return out;
}

json::object location_v3(const Location& l) {
    return {{"id", l.id},
            {"code", l.code},
            {"label", l.label},
            {"description", l.description},
            {"managed_by_external_source", false},
            {"type_id", "PHYSICAL"},
            {"enabled", l.enabled},
            {"storefront_visibility", true},
            {"time_zone", "Etc/UTC"},
            {"created_at", iso8601(l.created_at)},
            {"updated_at", iso8601(l.updated_at)},
            {"address",
             json::object{{"address1", "1 Depot Road"},
                          {"address2", ""},
                          {"city", l.city},
                          {"state", l.state},
                          {"zip", l.zip},
                          {"email", "stock@example.com"},
                          {"phone", ""},
                          {"geo_coordinates", json::object{{"latitude", 0}, {"longitude", 0}}},
                          {"country_code", l.country_code}}}};
}

json::object inventory_item_v3(const InventoryItem& i, const std::vector<Location>& all) {
    json::array locations;
    for (const auto& lv : i.levels) {
        const Location* loc = nullptr;
        for (const auto& l : all) {
            if (l.id == lv.location_id)
                loc = &l;
        }
        locations.push_back(json::object{
            {"location_id", lv.location_id},
            {"location_code", loc ? loc->code : ""},
            {"location_name", loc ? loc->label : ""},
            {"available_to_sell", std::max<std::int64_t>(0, lv.on_hand - lv.safety_stock)},
            {"total_inventory_onhand", lv.on_hand},
            {"location_enabled", loc ? loc->enabled : false},
            {"settings", json::object{{"safety_stock", lv.safety_stock},
                                      {"is_in_stock", lv.on_hand > lv.safety_stock},
                                      {"warning_level", lv.warning_level},
                                      {"bin_picking_number", ""}}}});
    }
    return {{"identity", json::object{{"sku", i.variant.sku},
                                      {"variant_id", i.variant.id},
                                      {"product_id", i.variant.product_id},
                                      {"sku_id", i.variant.sku_id}}},
            {"locations", std::move(locations)}};
}

}  // namespace sb::emulators::bigcommerce
