#include "emulators/shopify/rest/rest_json.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <cmath>

#include "emulators/common/time_text.hpp"
#include "emulators/shopify/data/catalog.hpp"
#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/resolvers/common.hpp"

namespace sb::emulators::shopify {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}
json::value opt_rest_time(const std::optional<std::int64_t>& t) {
    return t ? json::value(rest_time(*t)) : json::value(nullptr);
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags)
        out += (out.empty() ? "" : ", ") + t;
    return out;
}

json::object money_set(std::int64_t minor, const Order& o) {
    return {{"shop_money",
             json::object{{"amount", format_money(minor)}, {"currency_code", o.currency}}},
            {"presentment_money",
             json::object{
                 {"amount", format_presentment(minor, o.exchange_rate, o.presentment_currency)},
                 {"currency_code", o.presentment_currency}}}};
}

json::object address(const Address& a) {
    std::string name = a.first_name.value_or("");
    if (a.last_name)
        name += (name.empty() ? "" : " ") + *a.last_name;
    return {{"first_name", opt(a.first_name)},
            {"last_name", opt(a.last_name)},
            {"company", opt(a.company)},
            {"address1", a.address1},
            {"address2", a.address2},
            {"city", a.city},
            {"province", a.province},
            {"country", a.country},
            {"zip", a.zip},
            {"phone", opt(a.phone)},
            {"name", name},
            {"province_code", a.province_code},
            {"country_code", a.country_code},
            {"latitude", a.latitude},
            {"longitude", a.longitude}};
}

json::object line_item(const LineItem& li, const Order* o) {
    json::object j{{"id", li.id},
                   {"admin_graphql_api_id", gid("LineItem", li.id)},
                   {"variant_id", li.variant_id},
                   {"product_id", li.product_id},
                   {"title", li.title},
                   {"variant_title", li.variant_title},
                   {"name", li.title + " - " + li.variant_title},
                   {"sku", li.sku},
                   {"vendor", li.vendor},
                   {"quantity", li.quantity},
                   {"current_quantity", li.quantity},
                   {"fulfillable_quantity", li.fulfillable_quantity},
                   {"fulfillment_service", "manual"},
                   {"fulfillment_status", opt(li.fulfillment_status)},
                   {"grams", li.grams},
                   {"price", format_money(li.price)},
                   {"total_discount", format_money(li.total_discount)},
                   {"requires_shipping", li.requires_shipping},
                   {"taxable", li.taxable},
                   {"gift_card", false},
                   {"product_exists", true},
                   {"variant_inventory_management", "shopify"},
                   {"properties", json::array{}},
                   {"tax_lines",
                    json::array{json::object{
                        {"title", "Sales Tax"}, {"price", format_money(li.tax)}, {"rate", 0.08}}}}};
    if (o) {
        j["price_set"] = money_set(li.price, *o);
        j["total_discount_set"] = money_set(li.total_discount, *o);
    }
    return j;
}

}  // namespace

std::string rest_time(std::int64_t ms) {
    return common::format_time_seconds(ms, "+00:00");
}

json::object rest_shop(const Shop& s) {
    return {{"id", s.id},
            {"name", s.name},
            {"email", s.email},
            {"domain", s.domain},
            {"province", s.address.province},
            {"country", s.address.country_code},
            {"address1", s.address.address1},
            {"zip", s.address.zip},
            {"city", s.address.city},
            {"source", nullptr},
            {"phone", opt(s.address.phone)},
            {"latitude", s.address.latitude},
            {"longitude", s.address.longitude},
            {"primary_locale", "en"},
            {"address2", s.address.address2},
            {"created_at", rest_time(s.created_at)},
            {"updated_at", rest_time(s.updated_at)},
            {"country_code", s.address.country_code},
            {"country_name", s.address.country},
            {"currency", s.currency},
            {"customer_email", s.email},
            {"timezone", "(GMT+00:00) UTC"},
            {"iana_timezone", "UTC"},
            {"shop_owner", s.shop_owner},
            {"money_format", "${{amount}}"},
            {"money_with_currency_format", "${{amount}} USD"},
            {"weight_unit", "kg"},
            {"province_code", s.address.province_code},
            {"taxes_included", false},
            {"auto_configure_tax_inclusivity", nullptr},
            {"tax_shipping", nullptr},
            {"county_taxes", true},
            {"plan_display_name", s.plan_display_name},
            {"plan_name", s.plan_name},
            {"has_discounts", true},
            {"has_gift_cards", false},
            {"myshopify_domain", s.myshopify_domain},
            {"google_apps_domain", nullptr},
            {"google_apps_login_enabled", nullptr},
            {"money_in_emails_format", "${{amount}}"},
            {"money_with_currency_in_emails_format", "${{amount}} USD"},
            {"eligible_for_payments", true},
            {"requires_extra_payments_agreement", false},
            {"password_enabled", false},
            {"has_storefront", true},
            {"finances", true},
            {"primary_location_id", s.primary_location_id},
            {"checkout_api_supported", true},
            {"multi_location_enabled", true},
            {"setup_required", false},
            {"pre_launch_enabled", false},
            {"public", false},
            {"enabled_presentment_currencies", string_list(s.presentment_currencies)},
            {"transactional_sms_disabled", false},
            {"marketing_sms_consent_enabled_at_checkout", false}};
}

json::object rest_location(const Location& l) {
    return {{"id", l.id},
            {"name", l.name},
            {"address1", l.address.address1},
            {"address2",
             l.address.address2.empty() ? json::value(nullptr) : json::value(l.address.address2)},
            {"city", l.address.city},
            {"zip", l.address.zip},
            {"province", l.address.province},
            {"country", l.address.country_code},
            {"phone", opt(l.address.phone)},
            {"created_at", rest_time(l.created_at)},
            {"updated_at", rest_time(l.updated_at)},
            {"country_code", l.address.country_code},
            {"country_name", l.address.country},
            {"province_code", l.address.province_code},
            {"legacy", false},
            {"active", l.active},
            {"deleted_at", nullptr},
            {"admin_graphql_api_id", gid("Location", l.id)},
            {"localized_country_name", l.address.country},
            {"localized_province_name", l.address.province}};
}

json::object rest_variant(const Product& p, const Variant& v) {
    return {{"id", v.id},
            {"product_id", p.id},
            {"title", v.title},
            {"price", format_money(v.price)},
            {"sku", v.sku},
            {"position", v.position},
            {"inventory_policy", v.inventory_policy},
            {"compare_at_price", v.compare_at_price ? json::value(format_money(*v.compare_at_price))
                                                    : json::value(nullptr)},
            {"fulfillment_service", "manual"},
            {"inventory_management", "shopify"},
            {"option1", v.option1},
            {"option2", opt(v.option2)},
            {"option3", opt(v.option3)},
            {"created_at", rest_time(v.created_at)},
            {"updated_at", rest_time(v.updated_at)},
            {"taxable", v.taxable},
            {"barcode", opt(v.barcode)},
            {"grams", v.grams},
            {"weight", static_cast<double>(v.grams) / 1000.0},
            {"weight_unit", "kg"},
            {"inventory_item_id", v.inventory_item_id},
            {"inventory_quantity", 0},
            {"old_inventory_quantity", 0},
            {"requires_shipping", v.requires_shipping},
            {"image_id", nullptr},
            {"admin_graphql_api_id", gid("ProductVariant", v.id)}};
}

json::object rest_product(const Product& p) {
    json::array variants;
    for (const auto& v : p.variants)
        variants.push_back(rest_variant(p, v));
    // One entry per option, its values in the order the variants first use them.
    json::array options;
    const std::optional<std::string> names[] = {p.option1_name, p.option2_name, p.option3_name};
    for (int k = 0; k < 3 && names[k]; ++k) {
        json::array values;
        for (const auto& v : p.variants) {
            const auto& x =
                k == 0 ? std::optional<std::string>(v.option1) : (k == 1 ? v.option2 : v.option3);
            if (x && std::find(values.begin(), values.end(), json::value(*x)) == values.end())
                values.push_back(json::string(*x));
        }
        options.push_back(json::object{{"id", ids::product_option(p.id, k + 1)},
                                       {"product_id", p.id},
                                       {"name", *names[k]},
                                       {"position", k + 1},
                                       {"values", std::move(values)}});
    }
    return {{"id", p.id},
            {"title", p.title},
            {"body_html", p.body_html},
            {"vendor", p.vendor},
            {"product_type", p.product_type},
            {"created_at", rest_time(p.created_at)},
            {"handle", p.handle},
            {"updated_at", rest_time(p.updated_at)},
            {"published_at", opt_rest_time(p.published_at)},
            {"template_suffix", nullptr},
            {"published_scope", "web"},
            {"status", p.status},
            {"tags", join_tags(p.tags)},
            {"admin_graphql_api_id", gid("Product", p.id)},
            {"variants", std::move(variants)},
            {"options", std::move(options)},
            {"images", json::array{}},
            {"image", nullptr}};
}

json::object rest_customer(const Customer& c, bool with_addresses) {
    json::object addr = address(c.address);
    addr["id"] = c.address_id;
    addr["customer_id"] = c.id;
    addr["country_name"] = c.address.country;
    addr["default"] = true;
    addr.erase("latitude");
    addr.erase("longitude");
    json::object j{
        {"id", c.id},
        {"email", opt(c.email)},
        {"accepts_marketing", c.accepts_marketing},
        {"created_at", rest_time(c.created_at)},
        {"updated_at", rest_time(c.updated_at)},
        {"first_name", c.first_name},
        {"last_name", c.last_name},
        {"orders_count", c.orders_count},
        {"state", c.state},
        {"total_spent", format_money(c.total_spent)},
        {"last_order_id", c.last_order_id ? json::value(*c.last_order_id) : json::value(nullptr)},
        {"note", opt(c.note)},
        {"verified_email", c.verified_email},
        {"multipass_identifier", nullptr},
        {"tax_exempt", c.tax_exempt},
        {"phone", opt(c.phone)},
        {"tags", join_tags(c.tags)},
        {"last_order_name", opt(c.last_order_name)},
        {"currency", c.currency},
        {"accepts_marketing_updated_at", rest_time(c.created_at)},
        {"marketing_opt_in_level",
         c.accepts_marketing ? json::value("single_opt_in") : json::value(nullptr)},
        {"tax_exemptions", json::array{}},
        {"admin_graphql_api_id", gid("Customer", c.id)},
        {"default_address", addr}};
    if (with_addresses)
        j["addresses"] = json::array{addr};
    return j;
}

json::object rest_fulfillment(const Order& o, const Fulfillment& f) {
    json::array lines;
    for (const auto& fl : f.lines) {
        json::object li = line_item(o.line_items[fl.line_index], &o);
        li["quantity"] = fl.quantity;
        lines.push_back(std::move(li));
    }
    json::array numbers, urls;
    if (f.tracking_number)
        numbers.push_back(json::string(*f.tracking_number));
    if (f.tracking_url)
        urls.push_back(json::string(*f.tracking_url));
    return {{"id", f.id},
            {"order_id", o.id},
            {"status", f.status},
            {"created_at", rest_time(f.created_at)},
            {"updated_at", rest_time(f.updated_at)},
            {"service", "manual"},
            {"location_id", f.location_id},
            {"shipment_status", opt(f.shipment_status)},
            {"tracking_company", opt(f.tracking_company)},
            {"tracking_number", opt(f.tracking_number)},
            {"tracking_numbers", std::move(numbers)},
            {"tracking_url", opt(f.tracking_url)},
            {"tracking_urls", std::move(urls)},
            {"receipt",
             json::object{{"testcase", false}, {"authorization", std::to_string(f.id % 1000000)}}},
            {"name", f.name},
            {"admin_graphql_api_id", gid("Fulfillment", f.id)},
            {"line_items", std::move(lines)}};
}

json::object rest_order(const Order& o, const Customer* customer, const std::string& shop_domain) {
    json::array lines, shipping, fulfillments, refunds, discount_codes;
    for (const auto& li : o.line_items)
        lines.push_back(line_item(li, &o));
    for (const auto& sl : o.shipping_lines) {
        shipping.push_back(json::object{{"id", sl.id},
                                        {"title", sl.title},
                                        {"code", sl.code},
                                        {"source", sl.source},
                                        {"price", format_money(sl.price)},
                                        {"price_set", money_set(sl.price, o)},
                                        {"discounted_price", format_money(sl.price)},
                                        {"carrier_identifier", nullptr},
                                        {"tax_lines", json::array{}}});
    }
    for (const auto& f : o.fulfillments)
        fulfillments.push_back(rest_fulfillment(o, f));
    for (const auto& r : o.refunds) {
        json::array rl;
        bool restock = false;
        for (std::size_t k = 0; k < r.lines.size(); ++k) {
            const auto& l = r.lines[k];
            restock = restock || l.restocked();
            rl.push_back(json::object{
                {"id", r.id * 10 + static_cast<std::int64_t>(k)},
                {"line_item_id", o.line_items[l.line_index].id},
                {"quantity", l.quantity},
                {"location_id", l.location_id ? json::value(*l.location_id) : json::value(nullptr)},
                {"restock_type", l.restock_type},
                {"subtotal", format_money(l.subtotal)},
                {"subtotal_set", money_set(l.subtotal, o)},
                {"total_tax", format_money(l.tax)},
                {"total_tax_set", money_set(l.tax, o)}});
        }
        refunds.push_back(json::object{{"id", r.id},
                                       {"order_id", o.id},
                                       {"created_at", rest_time(r.created_at)},
                                       {"processed_at", rest_time(r.created_at)},
                                       {"note", opt(r.note)},
                                       {"restock", restock},
                                       {"admin_graphql_api_id", gid("Refund", r.id)},
                                       {"refund_line_items", std::move(rl)},
                                       {"transactions", json::array{}}});
    }
    if (o.discount_code) {
        discount_codes.push_back(json::object{{"code", *o.discount_code},
                                              {"amount", format_money(o.total_discounts)},
                                              {"type", "percentage"}});
    }
    const auto handle = shop_domain.substr(0, shop_domain.find('.'));
    json::object j{
        {"id", o.id},
        {"admin_graphql_api_id", gid("Order", o.id)},
        {"email", opt(o.email)},
        {"contact_email", opt(o.email)},
        {"phone", opt(o.phone)},
        {"closed_at", opt_rest_time(o.closed_at)},
        {"created_at", rest_time(o.created_at)},
        {"updated_at", rest_time(o.updated_at)},
        {"processed_at", rest_time(o.processed_at)},
        {"cancelled_at", opt_rest_time(o.cancelled_at)},
        {"cancel_reason", opt(o.cancel_reason)},
        {"number", o.number - 1000},
        {"order_number", o.number},
        {"name", o.name},
        {"note", opt(o.note)},
        {"note_attributes", json::array{}},
        {"token", o.token},
        {"cart_token", o.cart_token},
        {"checkout_token", o.token.substr(0, 32)},
        {"checkout_id", o.id + 1'000'000},
        {"gateway", o.gateway},
        {"payment_gateway_names", json::array{json::string(o.gateway)}},
        {"processing_method", "direct"},
        {"test", o.test},
        {"confirmed", true},
        {"currency", o.currency},
        {"presentment_currency", o.presentment_currency},
        {"financial_status", o.financial_status},
        {"fulfillment_status", opt(o.fulfillment_status)},
        {"total_price", format_money(o.total_price)},
        {"total_price_usd", format_money(o.total_price)},
        {"subtotal_price", format_money(o.subtotal)},
        {"total_tax", format_money(o.total_tax)},
        {"total_discounts", format_money(o.total_discounts)},
        {"total_line_items_price", format_money(o.total_line_items_price)},
        {"total_weight", o.total_weight},
        {"taxes_included", false},
        {"total_price_set", money_set(o.total_price, o)},
        {"subtotal_price_set", money_set(o.subtotal, o)},
        {"total_tax_set", money_set(o.total_tax, o)},
        {"total_discounts_set", money_set(o.total_discounts, o)},
        {"total_line_items_price_set", money_set(o.total_line_items_price, o)},
        {"total_shipping_price_set", money_set(o.total_shipping, o)},
        {"buyer_accepts_marketing", o.buyer_accepts_marketing},
        {"referring_site",
         o.source_name == "web" ? json::value("https://www.google.com/") : json::value(nullptr)},
        {"landing_site", o.source_name == "web" ? json::value("/") : json::value(nullptr)},
        {"landing_site_ref", nullptr},
        {"source_name", o.source_name},
        {"source", nullptr},
        {"source_identifier", nullptr},
        {"source_url", nullptr},
        {"reference", nullptr},
        {"user_id", nullptr},
        {"location_id", nullptr},
        {"device_id", nullptr},
        {"app_id", 580111},
        {"browser_ip", "203.0.113.7"},
        {"customer_locale", "en"},
        {"tags", join_tags(o.tags)},
        {"order_status_url", "https://" + shop_domain + "/" + handle + "/orders/" + o.token +
                                 "/authenticate?key=" + o.cart_token},
        {"client_details", json::object{{"accept_language", "en-US"},
                                        {"browser_height", nullptr},
                                        {"browser_ip", "203.0.113.7"},
                                        {"browser_width", nullptr},
                                        {"session_hash", nullptr},
                                        {"user_agent", "Mozilla/5.0"}}},
        {"payment_details", json::object{{"credit_card_bin", nullptr},
                                         {"avs_result_code", nullptr},
                                         {"cvv_result_code", nullptr},
                                         {"credit_card_number", "•••• •••• •••• 4242"},
                                         {"credit_card_company", "Visa"}}},
        {"discount_codes", std::move(discount_codes)},
        {"tax_lines", json::array{json::object{{"title", "Sales Tax"},
                                               {"price", format_money(o.total_tax)},
                                               {"rate", 0.08},
                                               {"price_set", money_set(o.total_tax, o)}}}},
        {"line_items", std::move(lines)},
        {"shipping_lines", std::move(shipping)},
        {"fulfillments", std::move(fulfillments)},
        {"refunds", std::move(refunds)},
        {"billing_address",
         o.billing_address ? json::value(address(*o.billing_address)) : json::value(nullptr)},
        {"shipping_address",
         o.shipping_address ? json::value(address(*o.shipping_address)) : json::value(nullptr)}};
    j["customer"] = customer ? json::value(rest_customer(*customer, false)) : json::value(nullptr);
    return j;
}

json::object rest_inventory_level(const InventoryLevel& l) {
    return {{"inventory_item_id", l.inventory_item_id},
            {"location_id", l.location_id},
            {"available", l.available},
            {"updated_at", rest_time(l.updated_at)},
            {"admin_graphql_api_id",
             "gid://shopify/InventoryLevel/" + std::to_string(l.inventory_item_id) +
                 "?inventory_item_id=" + std::to_string(l.inventory_item_id)}};
}

json::object rest_checkout(const Checkout& c, const Customer& customer,
                           const std::string& shop_domain) {
    json::array lines;
    for (const auto& li : c.line_items) {
        json::object j = line_item(li, nullptr);
        j["line_price"] = format_money(li.price * li.quantity);
        j["compare_at_price"] = nullptr;
        j["applied_discounts"] = json::array{};
        j["properties"] = nullptr;
        lines.push_back(std::move(j));
    }
    json::object addr = address(c.address);
    return {
        {"id", c.id},
        {"token", c.token},
        {"cart_token", c.cart_token},
        {"email", opt(c.email)},
        {"gateway", nullptr},
        {"buyer_accepts_marketing", customer.accepts_marketing},
        {"created_at", rest_time(c.created_at)},
        {"updated_at", rest_time(c.updated_at)},
        {"landing_site", nullptr},
        {"note", nullptr},
        {"note_attributes", json::array{}},
        {"referring_site", nullptr},
        {"shipping_lines", json::array{json::object{{"title", "Standard"},
                                                    {"price", "5.99"},
                                                    {"code", "Standard"},
                                                    {"source", "shopify"}}}},
        {"taxes_included", false},
        {"total_weight", 0},
        {"currency", c.currency},
        {"presentment_currency", c.presentment_currency},
        {"completed_at", nullptr},
        {"closed_at", nullptr},
        {"user_id", nullptr},
        {"location_id", nullptr},
        {"source_identifier", nullptr},
        {"source_url", nullptr},
        {"device_id", nullptr},
        {"phone", opt(customer.phone)},
        {"customer_locale", "en"},
        {"line_items", std::move(lines)},
        {"name", "#" + std::to_string(c.id)},
        {"source", nullptr},
        {"abandoned_checkout_url", "https://" + shop_domain + "/checkouts/" + c.token + "/recover"},
        {"discount_codes", json::array{}},
        {"tax_lines", json::array{}},
        {"source_name", "web"},
        {"total_price", format_money(c.total_price)},
        {"subtotal_price", format_money(c.subtotal)},
        {"total_tax", format_money(c.total_tax)},
        {"total_discounts", "0.00"},
        {"total_line_items_price", format_money(c.subtotal)},
        {"billing_address", addr},
        {"shipping_address", addr},
        {"customer", rest_customer(customer, false)}};
}

json::object rest_shipping_zone(const ShippingZone& z) {
    // Rounded so 0.0725 gives 7.25, not 7.249999999999999.
    auto percent = [](double tax) { return std::round(tax * 1'000'000) / 10'000; };
    json::array countries;
    for (const auto& c : z.countries) {
        json::array provinces;
        for (const auto& p : c.provinces) {
            provinces.push_back(json::object{{"id", p.id},
                                             {"country_id", c.id},
                                             {"name", p.name},
                                             {"code", p.code},
                                             {"tax", p.tax},
                                             {"tax_name", p.tax_name},
                                             {"tax_type", opt(p.tax_type)},
                                             {"shipping_zone_id", z.id},
                                             {"tax_percentage", percent(p.tax)}});
        }
        countries.push_back(json::object{{"id", c.id},
                                         {"name", c.name},
                                         {"tax", c.tax},
                                         {"code", c.code},
                                         {"tax_name", c.tax_name},
                                         {"shipping_zone_id", z.id},
                                         {"provinces", std::move(provinces)}});
    }
    json::array weight;
    for (const auto& w : z.weight_based_rates) {
        weight.push_back(json::object{{"id", w.id},
                                      {"weight_low", w.weight_low},
                                      {"weight_high", w.weight_high},
                                      {"name", w.name},
                                      {"price", format_money(w.price)},
                                      {"shipping_zone_id", z.id}});
    }
    json::array price;
    for (const auto& p : z.price_based_rates) {
        price.push_back(json::object{
            {"id", p.id},
            {"name", p.name},
            {"min_order_subtotal", format_money(p.min_order_subtotal)},
            {"price", format_money(p.price)},
            {"max_order_subtotal", p.max_order_subtotal
                                       ? json::value(format_money(*p.max_order_subtotal))
                                       : json::value(nullptr)},
            {"shipping_zone_id", z.id}});
    }
    json::array carriers;
    for (const auto& p : z.carrier_rate_providers) {
        carriers.push_back(json::object{
            {"id", p.id},
            {"country_id", p.country_id ? json::value(*p.country_id) : json::value(nullptr)},
            {"carrier_service_id", p.carrier_service_id},
            {"flat_modifier", format_money(p.flat_modifier)},
            {"percent_modifier", p.percent_modifier},
            {"service_filter", json::object{{"*", "+"}}},
            {"shipping_zone_id", z.id}});
    }
    return {{"id", z.id},
            {"name", z.name},
            {"profile_id", gid("DeliveryProfile", z.profile_id)},
            {"location_group_id", gid("DeliveryLocationGroup", z.location_group_id)},
            {"admin_graphql_api_id", gid("DeliveryZone", z.id)},
            {"countries", std::move(countries)},
            {"weight_based_shipping_rates", std::move(weight)},
            {"price_based_shipping_rates", std::move(price)},
            {"carrier_shipping_rate_providers", std::move(carriers)}};
}

json::object rest_carrier_service(const CarrierService& c) {
    return {{"id", c.id},
            {"name", c.name},
            {"active", c.active},
            {"service_discovery", c.service_discovery},
            {"carrier_service_type", c.carrier_service_type},
            {"admin_graphql_api_id", gid("DeliveryCarrierService", c.id)},
            {"format", c.format},
            {"callback_url", c.callback_url}};
}

}  // namespace sb::emulators::shopify
