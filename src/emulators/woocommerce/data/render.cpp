#include "emulators/woocommerce/data/render.hpp"

#include <algorithm>

#include "emulators/common/money.hpp"
#include "emulators/common/time_text.hpp"

namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

using common::format_money;

constexpr const char* k_version = "8.9.3";  // the WooCommerce version orders are stamped with

json::array href(const std::string& url) {
    return {json::object{{"href", url}}};
}

json::object address_json(const Address& a, bool contact) {
    json::object o{
        {"first_name", a.first_name}, {"last_name", a.last_name}, {"company", a.company},
        {"address_1", a.address_1},   {"address_2", a.address_2}, {"city", a.city},
        {"state", a.state},           {"postcode", a.postcode},   {"country", a.country}};
    if (contact)
        o["email"] = a.email;  // billing only
    o["phone"] = a.phone;
    return o;
}

// Both twins of a date: `name` (site-local) and `name_gmt`.
void dates(json::object& o, const char* name, std::int64_t ms, const Site& s) {
    o[name] = s.date(ms, false);
    o[std::string(name) + "_gmt"] = s.date(ms, true);
}

std::string stock_status(bool managed, std::int64_t quantity) {
    return managed && quantity <= 0 ? "outofstock" : "instock";
}

json::value quantity_or_null(bool managed, std::int64_t quantity) {
    return managed ? json::value(quantity) : json::value(nullptr);
}

// The attribute of a custom (not taxonomy) attribute as line-item meta: key "size".
std::string attribute_key(const std::string& name) {
    std::string k;
    for (char c : name)
        k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k;
}

}  // namespace

json::value Site::date(std::int64_t ms, bool gmt) const {
    if (ms == 0)
        return nullptr;
    const std::int64_t at = gmt ? ms : ms + std::int64_t{utc_offset_minutes} * 60'000;
    return json::value(common::format_time_seconds(at, ""));
}

json::object order_json(const Order& o, const Site& s) {
    json::array lines;
    for (const auto& li : o.line_items) {
        json::array meta;
        if (!li.option.empty()) {
            meta.push_back(json::object{{"id", li.id * 10 + 1},
                                        {"key", "size"},
                                        {"value", li.option},
                                        {"display_key", "Size"},
                                        {"display_value", li.option}});
        }
        lines.push_back(json::object{{"id", li.id},
                                     {"name", li.name},
                                     {"product_id", li.product_id},
                                     {"variation_id", li.variation_id},
                                     {"quantity", li.quantity},
                                     {"tax_class", ""},
                                     {"subtotal", format_money(li.total())},
                                     {"subtotal_tax", "0.00"},
                                     {"total", format_money(li.total())},
                                     {"total_tax", "0.00"},
                                     {"taxes", json::array{}},
                                     {"meta_data", std::move(meta)},
                                     {"sku", li.sku},
                                     {"price", static_cast<double>(li.price) / 100.0},
                                     {"image", json::object{{"id", ""}, {"src", ""}}},
                                     {"parent_name", nullptr}});
    }
    json::array shipping;
    for (const auto& sl : o.shipping_lines) {
        shipping.push_back(json::object{{"id", sl.id},
                                        {"method_title", sl.method_title},
                                        {"method_id", sl.method_id},
                                        {"instance_id", "1"},
                                        {"total", format_money(sl.total)},
                                        {"total_tax", "0.00"},
                                        {"taxes", json::array{}},
                                        {"meta_data", json::array{}}});
    }
    json::object j{{"id", o.id},           {"parent_id", 0},
                   {"status", o.status},   {"currency", o.currency},
                   {"version", k_version}, {"prices_include_tax", false}};
    dates(j, "date_created", o.date_created, s);
    dates(j, "date_modified", o.date_modified, s);
    j["discount_total"] = format_money(o.discount);
    j["discount_tax"] = "0.00";
    j["shipping_total"] = format_money(o.shipping_total());
    j["shipping_tax"] = "0.00";
    j["cart_tax"] = "0.00";
    j["total"] = format_money(o.total());
    j["total_tax"] = "0.00";
    j["customer_id"] = o.customer_id;
    j["order_key"] = o.order_key;
    j["billing"] = address_json(o.billing, true);
    j["shipping"] = address_json(o.shipping, false);
    j["payment_method"] = o.payment_method;
    j["payment_method_title"] = o.payment_method_title;
    j["transaction_id"] = o.transaction_id;
    j["customer_ip_address"] = "";
    j["customer_user_agent"] = "";
    j["created_via"] = o.created_via;
    j["customer_note"] = o.customer_note;
    dates(j, "date_completed", o.date_completed, s);
    dates(j, "date_paid", o.date_paid, s);
    j["cart_hash"] = "";
    j["number"] = std::to_string(o.id);
    j["meta_data"] = json::array{};
    j["line_items"] = std::move(lines);
    j["tax_lines"] = json::array{};
    j["shipping_lines"] = std::move(shipping);
    j["fee_lines"] = json::array{};
    j["coupon_lines"] = json::array{};
    j["refunds"] = json::array{};
    j["payment_url"] = s.url + "/checkout/order-pay/" + std::to_string(o.id) +
                       "/?pay_for_order=true&key=" + o.order_key;
    j["is_editable"] = o.status == "pending" || o.status == "on-hold";
    j["needs_payment"] = o.status == "pending" || o.status == "failed";
    j["needs_processing"] = true;
    j["currency_symbol"] = "$";
    json::object links{{"self", href(s.api_base() + "/orders/" + std::to_string(o.id))},
                       {"collection", href(s.api_base() + "/orders")}};
    if (o.customer_id != 0)
        links["customer"] = href(s.api_base() + "/customers/" + std::to_string(o.customer_id));
    j["_links"] = std::move(links);
    return j;
}

json::object note_json(const Order& o, const OrderNote& n, const Site& s) {
    const std::string order = s.api_base() + "/orders/" + std::to_string(o.id);
    json::object j{{"id", n.id}, {"author", n.author}};
    dates(j, "date_created", n.date_created, s);
    j["note"] = n.note;
    j["customer_note"] = n.customer_note;
    j["_links"] = json::object{{"self", href(order + "/notes/" + std::to_string(n.id))},
                               {"collection", href(order + "/notes")},
                               {"up", href(order)}};
    return j;
}

json::object product_json(const Product& p, const Site& s) {
    const bool variable = p.type == "variable";
    std::int64_t price = p.price();
    bool any_in_stock = false;
    json::array variation_ids, options;
    for (const auto& v : p.variations) {
        variation_ids.push_back(v.id);
        options.push_back(json::value(v.option));
        price = v.id == p.variations.front().id ? v.price() : std::min(price, v.price());
        any_in_stock = any_in_stock || stock_status(v.manage_stock, v.stock_quantity) == "instock";
    }
    json::array attributes;
    if (variable) {
        attributes.push_back(json::object{{"id", 0},
                                          {"name", p.attribute},
                                          {"position", 0},
                                          {"visible", true},
                                          {"variation", true},
                                          {"options", std::move(options)}});
    }
    const std::string status = variable ? (any_in_stock ? "instock" : "outofstock")
                                        : stock_status(p.manage_stock, p.stock_quantity);
    json::object j{{"id", p.id},
                   {"name", p.name},
                   {"slug", p.slug},
                   {"permalink", s.url + "/product/" + p.slug + "/"}};
    dates(j, "date_created", p.date_created, s);
    dates(j, "date_modified", p.date_modified, s);
    j["type"] = p.type;
    j["status"] = "publish";
    j["featured"] = false;
    j["catalog_visibility"] = "visible";
    j["description"] = "";
    j["short_description"] = "";
    j["sku"] = p.sku;
    j["price"] = format_money(price);
    j["regular_price"] = variable ? "" : format_money(p.regular_price);
    j["sale_price"] = variable || p.sale_price == 0 ? "" : format_money(p.sale_price);
    j["date_on_sale_from"] = nullptr;
    j["date_on_sale_from_gmt"] = nullptr;
    j["date_on_sale_to"] = nullptr;
    j["date_on_sale_to_gmt"] = nullptr;
    j["on_sale"] = !variable && p.sale_price > 0;
    j["purchasable"] = true;
    j["total_sales"] = 0;
    j["virtual"] = false;
    j["downloadable"] = false;
    j["tax_status"] = "taxable";
    j["tax_class"] = "";
    j["manage_stock"] = p.manage_stock;
    j["stock_quantity"] = quantity_or_null(p.manage_stock, p.stock_quantity);
    j["stock_status"] = status;
    j["backorders"] = "no";
    j["backorders_allowed"] = false;
    j["backordered"] = false;
    j["weight"] = "";
    j["dimensions"] = json::object{{"length", ""}, {"width", ""}, {"height", ""}};
    j["shipping_required"] = true;
    j["categories"] = json::array{};
    j["tags"] = json::array{};
    j["images"] = json::array{};
    j["attributes"] = std::move(attributes);
    j["default_attributes"] = json::array{};
    j["variations"] = std::move(variation_ids);
    j["grouped_products"] = json::array{};
    j["menu_order"] = 0;
    j["meta_data"] = json::array{};
    j["_links"] = json::object{{"self", href(s.api_base() + "/products/" + std::to_string(p.id))},
                               {"collection", href(s.api_base() + "/products")}};
    return j;
}

json::object variation_json(const Product& p, const Variation& v, const Site& s) {
    const std::string product = s.api_base() + "/products/" + std::to_string(p.id);
    json::object j{{"id", v.id}};
    dates(j, "date_created", v.date_created, s);
    dates(j, "date_modified", v.date_modified, s);
    j["description"] = "";
    j["permalink"] =
        s.url + "/product/" + p.slug + "/?attribute_" + attribute_key(p.attribute) + "=" + v.option;
    j["sku"] = v.sku;
    j["price"] = format_money(v.price());
    j["regular_price"] = format_money(v.regular_price);
    j["sale_price"] = v.sale_price == 0 ? "" : format_money(v.sale_price);
    j["on_sale"] = v.sale_price > 0;
    j["status"] = "publish";
    j["purchasable"] = true;
    j["virtual"] = false;
    j["downloadable"] = false;
    j["tax_status"] = "taxable";
    j["tax_class"] = "";
    j["manage_stock"] = v.manage_stock;
    j["stock_quantity"] = quantity_or_null(v.manage_stock, v.stock_quantity);
    j["stock_status"] = stock_status(v.manage_stock, v.stock_quantity);
    j["backorders"] = "no";
    j["backorders_allowed"] = false;
    j["backordered"] = false;
    j["weight"] = "";
    j["dimensions"] = json::object{{"length", ""}, {"width", ""}, {"height", ""}};
    j["shipping_class"] = "";
    j["shipping_class_id"] = 0;
    j["image"] = nullptr;
    j["attributes"] =
        json::array{json::object{{"id", 0}, {"name", p.attribute}, {"option", v.option}}};
    j["menu_order"] = 0;
    j["meta_data"] = json::array{};
    j["_links"] = json::object{{"self", href(product + "/variations/" + std::to_string(v.id))},
                               {"collection", href(product + "/variations")},
                               {"up", href(product)}};
    return j;
}

json::object customer_json(const Customer& c, const Site& s) {
    json::object j{{"id", c.id}};
    dates(j, "date_created", c.date_created, s);
    dates(j, "date_modified", c.date_modified, s);
    j["email"] = c.email;
    j["first_name"] = c.first_name;
    j["last_name"] = c.last_name;
    j["role"] = "customer";
    j["username"] = c.username;
    j["billing"] = address_json(c.billing, true);
    j["shipping"] = address_json(c.shipping, false);
    j["is_paying_customer"] = true;
    j["avatar_url"] = "https://secure.gravatar.com/avatar/?s=96&d=mm&r=g";
    j["meta_data"] = json::array{};
    j["_links"] = json::object{{"self", href(s.api_base() + "/customers/" + std::to_string(c.id))},
                               {"collection", href(s.api_base() + "/customers")}};
    return j;
}

}  // namespace sb::emulators::woocommerce
