#include "connectors/shopify/webhooks.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/common/signatures.hpp"
#include "connectors/shopify/mapping.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::shopify::webhooks {

namespace json = boost::json;
using domain::DataType;
using domain::Record;
using namespace jsonu;

namespace {

json::value id_text(const json::object& o, std::string_view key) {
    auto v = str(o, key);
    return v ? json::value(*v) : json::value(nullptr);
}

// "a, b" → ["a","b"]: REST sends tags as one comma-separated string.
json::array tag_list(const json::object& o) {
    json::array out;
    if (const auto* a = arr(o, "tags")) {
        for (const auto& v : *a) {
            if (v.is_string())
                out.push_back(v);
        }
        return out;
    }
    const std::string s = str(o, "tags").value_or("");
    std::size_t i = 0;
    while (i < s.size()) {
        auto j = s.find(',', i);
        if (j == std::string::npos)
            j = s.size();
        auto t = s.substr(i, j - i);
        const auto b = t.find_first_not_of(' ');
        const auto e = t.find_last_not_of(' ');
        if (b != std::string::npos)
            out.push_back(json::value(t.substr(b, e - b + 1)));
        i = j + 1;
    }
    return out;
}

// A REST amount in the shop currency: `<key>_set.shop_money` when present, else the plain
// string with the order's currency.
json::value rest_money(const json::object& o, std::string_view key, const json::value& currency) {
    if (const auto* set = obj(o, std::string(key) + "_set")) {
        if (const auto* m = obj(*set, "shop_money")) {
            return json::object{{"amount", str_or_null(*m, "amount")},
                                {"currency", str_or_null(*m, "currency_code")}};
        }
    }
    auto a = decimal(o, key);
    if (!a)
        return nullptr;
    return json::object{{"amount", *a}, {"currency", currency}};
}

json::value lower_or_null(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s ? json::value(lower(*s)) : json::value(nullptr);
}

Record make(DataType type, const json::object& raw, json::object data) {
    Record r;
    r.type = type;
    r.external_id = data.at("id").is_string() ? std::string(data.at("id").as_string()) : "";
    r.updated_at = time_ms(raw, "updated_at");
    r.data = json::serialize(data);
    r.raw = json::serialize(raw);
    return r;
}

json::object rest_delivery(const json::object& f) {
    json::array tracking;
    const auto* numbers = arr(f, "tracking_numbers");
    const auto* urls = arr(f, "tracking_urls");
    if (numbers && !numbers->empty()) {
        for (std::size_t i = 0; i < numbers->size(); ++i) {
            json::value url = nullptr;
            if (urls && i < urls->size())
                url = (*urls)[i];
            tracking.push_back(json::object{{"number", (*numbers)[i]},
                                            {"company", str_or_null(f, "tracking_company")},
                                            {"url", url}});
        }
    } else if (str(f, "tracking_number")) {
        tracking.push_back(json::object{{"number", str_or_null(f, "tracking_number")},
                                        {"company", str_or_null(f, "tracking_company")},
                                        {"url", str_or_null(f, "tracking_url")}});
    }
    json::array items;
    if (const auto* li = arr(f, "line_items")) {
        for (const auto& v : *li) {
            if (v.is_object()) {
                items.push_back(
                    json::object{{"line_item_id", id_text(v.as_object(), "id")},
                                 {"quantity", int64(v.as_object(), "quantity").value_or(0)}});
            }
        }
    }
    // Old payloads have no shipment_status; a failed fulfillment still says so in status.
    std::string status = str(f, "shipment_status").value_or("");
    if (status.empty() && str(f, "status") == std::optional<std::string>("failure"))
        status = "failure";
    const std::string type = delivery_status(status);
    return {{"id", id_text(f, "id")},
            {"name", str_or_null(f, "name")},
            {"status", lower_or_null(f, "status")},
            {"latest_status", json::object{{"type", type}, {"at", time_or_null(f, "updated_at")}}},
            {"tracking", tracking},
            {"location_id", id_text(f, "location_id")},
            {"items", items},
            {"created_at", time_or_null(f, "created_at")},
            {"updated_at", time_or_null(f, "updated_at")},
            {"delivered_at", type == "DELIVERED" ? time_or_null(f, "updated_at") : nullptr}};
}

json::object rest_line_item(const json::object& li, const json::value& currency) {
    json::value total = nullptr;
    if (auto p = decimal(li, "price")) {
        // price × quantity − total_discount, in the price's own decimal places.
        const auto dot = p->find('.');
        const int scale = dot == std::string::npos ? 0 : static_cast<int>(p->size() - dot - 1);
        auto minor = [&](const std::string& s) -> long long {
            std::string digits;
            int seen = -1;
            for (char c : s) {
                if (c == '.') {
                    seen = 0;
                    continue;
                }
                if (seen >= 0 && seen >= scale)
                    break;
                digits += c;
                if (seen >= 0)
                    ++seen;
            }
            for (int k = std::max(seen, 0); k < scale; ++k)
                digits += '0';
            try {
                return std::stoll(digits);
            } catch (const std::exception&) {
                return 0;
            }
        };
        long long t = minor(*p) * int64(li, "quantity").value_or(0) -
                      minor(decimal(li, "total_discount").value_or("0"));
        std::string s = std::to_string(std::llabs(t));
        if (scale > 0) {
            while (static_cast<int>(s.size()) <= scale)
                s = "0" + s;
            s.insert(s.size() - static_cast<std::size_t>(scale), ".");
        }
        total = json::object{{"amount", (t < 0 ? "-" : "") + s}, {"currency", currency}};
    }
    return {{"id", id_text(li, "id")},
            {"product_id", id_text(li, "product_id")},
            {"variant_id", id_text(li, "variant_id")},
            {"title", str_or_null(li, "title")},
            {"variant_title", str_or_null(li, "variant_title")},
            {"sku", str_or_null(li, "sku")},
            {"vendor", str_or_null(li, "vendor")},
            {"quantity", int64(li, "quantity").value_or(0)},
            {"current_quantity",
             int64(li, "current_quantity").value_or(int64(li, "quantity").value_or(0))},
            {"unfulfilled_quantity",
             int64(li, "fulfillable_quantity").value_or(int64(li, "quantity").value_or(0))},
            {"requires_shipping", boolean(li, "requires_shipping").value_or(true)},
            {"unit_price", rest_money(li, "price", currency)},
            {"total_discount", rest_money(li, "total_discount", currency)},
            {"total", total}};
}

Record tombstone(DataType type, const json::object& body) {
    Record r;
    r.type = type;
    r.external_id = str(body, "id").value_or("");
    r.deleted = true;
    r.updated_at = time_ms(body, "updated_at");
    r.raw = json::serialize(body);
    r.data = json::serialize(json::object{{"id", r.external_id}});
    return r;
}

}  // namespace

bool verify(std::string_view raw_body, std::string_view hmac_header, std::string_view app_secret) {
    return verify_body_hmac(raw_body, hmac_header, app_secret);
}

const std::vector<std::string>& topics() {
    static const std::vector<std::string> k{
        "orders/create",    "orders/updated",      "orders/cancelled",   "orders/fulfilled",
        "orders/delete",    "products/create",     "products/update",    "products/delete",
        "customers/create", "customers/update",    "customers/delete",   "inventory_levels/update",
        "app/uninstalled",  "fulfillments/create", "fulfillments/update"};
    return k;
}

Record map_rest_order(const json::object& o) {
    const json::value currency = str_or_null(o, "currency");
    json::array lines, shipping, deliveries;
    if (const auto* a = arr(o, "line_items")) {
        for (const auto& v : *a) {
            if (v.is_object())
                lines.push_back(rest_line_item(v.as_object(), currency));
        }
    }
    if (const auto* a = arr(o, "shipping_lines")) {
        for (const auto& v : *a) {
            if (!v.is_object())
                continue;
            const auto& s = v.as_object();
            shipping.push_back(json::object{{"title", str_or_null(s, "title")},
                                            {"code", str_or_null(s, "code")},
                                            {"source", str_or_null(s, "source")},
                                            {"price", rest_money(s, "price", currency)}});
        }
    }
    if (const auto* a = arr(o, "fulfillments")) {
        for (const auto& v : *a) {
            if (v.is_object())
                deliveries.push_back(rest_delivery(v.as_object()));
        }
    }
    json::value customer = nullptr;
    if (const auto* c = obj(o, "customer")) {
        customer = json::object{{"id", id_text(*c, "id")},
                                {"email", str_or_null(*c, "email")},
                                {"first_name", str_or_null(*c, "first_name")},
                                {"last_name", str_or_null(*c, "last_name")}};
    }
    std::string status = "open";
    if (str(o, "cancelled_at"))
        status = "cancelled";
    else if (str(o, "closed_at"))
        status = "closed";
    json::value presentment = nullptr;
    if (const auto* set = obj(o, "total_price_set")) {
        if (const auto* m = obj(*set, "presentment_money")) {
            presentment = json::object{{"amount", str_or_null(*m, "amount")},
                                       {"currency", str_or_null(*m, "currency_code")}};
        }
    }
    auto fin = str(o, "financial_status");
    auto ful = str(o, "fulfillment_status");
    json::object data{
        {"id", id_text(o, "id")},
        {"name", str_or_null(o, "name")},
        {"email", str_or_null(o, "email")},
        {"phone", str_or_null(o, "phone")},
        {"note", str_or_null(o, "note")},
        {"tags", tag_list(o)},
        {"status", status},
        {"financial_status", fin ? json::value(lower(*fin)) : nullptr},
        // REST says null for unfulfilled and "partial" where GraphQL says PARTIALLY_FULFILLED.
        {"fulfillment_status", !ful                ? json::value("unfulfilled")
                               : *ful == "partial" ? json::value("partially_fulfilled")
                                                   : json::value(lower(*ful))},
        {"cancel_reason", lower_or_null(o, "cancel_reason")},
        {"test", boolean(o, "test").value_or(false)},
        {"source_name", str_or_null(o, "source_name")},
        {"currency", currency},
        {"presentment_currency",
         str(o, "presentment_currency") ? str_or_null(o, "presentment_currency") : currency},
        {"subtotal", rest_money(o, "subtotal_price", currency)},
        {"total", rest_money(o, "total_price", currency)},
        {"total_tax", rest_money(o, "total_tax", currency)},
        {"total_shipping", rest_money(o, "total_shipping_price", currency)},
        {"total_discounts", rest_money(o, "total_discounts", currency)},
        {"total_refunded", nullptr},
        {"current_total", rest_money(o, "current_total_price", currency)},
        {"presentment_total", presentment},
        {"customer_id", customer.is_object() ? customer.as_object().at("id") : nullptr},
        {"customer", customer},
        {"billing_address", address(obj(o, "billing_address"), true)},
        {"shipping_address", address(obj(o, "shipping_address"), true)},
        {"line_items", lines},
        {"shipping_lines", shipping},
        {"deliveries", deliveries},
        // The REST refunds do not carry their totals: null keeps what the last read stored.
        {"refunds", nullptr},
        {"created_at", time_or_null(o, "created_at")},
        {"updated_at", time_or_null(o, "updated_at")},
        {"processed_at", time_or_null(o, "processed_at")},
        {"cancelled_at", time_or_null(o, "cancelled_at")},
        {"closed_at", time_or_null(o, "closed_at")}};
    return make(DataType::order, o, std::move(data));
}

Record map_rest_product(const json::object& p) {
    std::vector<std::string> option_names;
    if (const auto* opts = arr(p, "options")) {
        for (const auto& v : *opts) {
            if (v.is_object())
                option_names.push_back(str(v.as_object(), "name").value_or(""));
        }
    }
    json::array variants;
    if (const auto* vs = arr(p, "variants")) {
        for (const auto& v : *vs) {
            if (!v.is_object())
                continue;
            const auto& x = v.as_object();
            json::array options;
            for (std::size_t k = 0; k < 3; ++k) {
                auto val = str(x, "option" + std::to_string(k + 1));
                if (!val)
                    continue;
                options.push_back(json::object{
                    {"name", k < option_names.size() ? json::value(option_names[k]) : nullptr},
                    {"value", *val}});
            }
            auto dec = [&](std::string_view key) {
                auto d = decimal(x, key);
                return d ? json::value(*d) : json::value(nullptr);
            };
            variants.push_back(json::object{
                {"id", id_text(x, "id")},
                {"title", str_or_null(x, "title")},
                {"sku", str_or_null(x, "sku")},
                {"barcode", str_or_null(x, "barcode")},
                {"position", int64(x, "position") ? json::value(*int64(x, "position")) : nullptr},
                {"price", dec("price")},
                {"compare_at_price", dec("compare_at_price")},
                {"inventory_item_id", id_text(x, "inventory_item_id")},
                {"inventory_quantity", int64(x, "inventory_quantity")
                                           ? json::value(*int64(x, "inventory_quantity"))
                                           : nullptr},
                {"inventory_policy", lower_or_null(x, "inventory_policy")},
                {"taxable", boolean(x, "taxable").value_or(true)},
                {"options", options},
                {"created_at", time_or_null(x, "created_at")},
                {"updated_at", time_or_null(x, "updated_at")}});
        }
    }
    // Old payloads have no status: a product was published or not.
    json::value status = lower_or_null(p, "status");
    if (status.is_null())
        status = str(p, "published_at") ? "active" : "draft";
    json::object data{{"id", id_text(p, "id")},
                      {"title", str_or_null(p, "title")},
                      {"handle", str_or_null(p, "handle")},
                      {"description_html", str_or_null(p, "body_html")},
                      {"vendor", str_or_null(p, "vendor")},
                      {"product_type", str_or_null(p, "product_type")},
                      {"status", status},
                      {"tags", tag_list(p)},
                      {"variants", variants},
                      {"created_at", time_or_null(p, "created_at")},
                      {"updated_at", time_or_null(p, "updated_at")},
                      {"published_at", time_or_null(p, "published_at")}};
    return make(DataType::product, p, std::move(data));
}

Record map_rest_customer(const json::object& c) {
    bool marketing = boolean(c, "accepts_marketing").value_or(false);
    if (const auto* consent = obj(c, "email_marketing_consent"))
        marketing = str(*consent, "state") == std::optional<std::string>("subscribed");
    json::value spent = nullptr;
    if (auto t = decimal(c, "total_spent"))
        spent = json::object{{"amount", *t}, {"currency", str_or_null(c, "currency")}};
    auto first = str(c, "first_name"), last = str(c, "last_name");
    std::string display = first.value_or("");
    if (last)
        display += (display.empty() ? "" : " ") + *last;
    json::object data{
        {"id", id_text(c, "id")},
        {"first_name", str_or_null(c, "first_name")},
        {"last_name", str_or_null(c, "last_name")},
        {"display_name", display.empty() ? json::value(nullptr) : json::value(display)},
        {"email", str_or_null(c, "email")},
        {"phone", str_or_null(c, "phone")},
        {"note", str_or_null(c, "note")},
        {"state", lower_or_null(c, "state")},
        {"verified_email", boolean(c, "verified_email").value_or(false)},
        {"tax_exempt", boolean(c, "tax_exempt").value_or(false)},
        {"tags", tag_list(c)},
        {"orders_count", loose_int(c, "orders_count").value_or(0)},
        {"amount_spent", spent},
        {"accepts_marketing", marketing},
        {"default_address", address(obj(c, "default_address"), true)},
        {"created_at", time_or_null(c, "created_at")},
        {"updated_at", time_or_null(c, "updated_at")}};
    return make(DataType::customer, c, std::move(data));
}

Record map_rest_inventory_level(const json::object& l) {
    const json::value item = id_text(l, "inventory_item_id");
    const json::value location = id_text(l, "location_id");
    const std::string ext = (item.is_string() ? std::string(item.as_string()) : "") + ":" +
                            (location.is_string() ? std::string(location.as_string()) : "");
    auto opt = [&](std::string_view k) {
        auto v = int64(l, k);
        return v ? json::value(*v) : json::value(nullptr);
    };
    json::object data{{"id", ext},
                      {"inventory_item_id", item},
                      {"location_id", location},
                      {"variant_id", nullptr},
                      {"product_id", nullptr},
                      {"sku", nullptr},
                      {"available", opt("available")},
                      {"on_hand", opt("on_hand")},
                      {"committed", opt("committed")},
                      {"incoming", opt("incoming")},
                      {"updated_at", time_or_null(l, "updated_at")}};
    Record r = make(DataType::stock, l, std::move(data));
    r.external_id = ext;
    if (item.is_string())
        r.parent_external_id = std::string(item.as_string());
    return r;
}

WebhookEvent decode(std::string_view topic, std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        throw ApiError(Errc::invalid_json, "The webhook body is not a JSON object");
    const auto& o = v.as_object();
    WebhookEvent e;
    e.topic = std::string(topic);
    const auto slash = topic.find('/');
    const std::string resource(topic.substr(0, slash));
    const std::string action(slash == std::string_view::npos ? "" : topic.substr(slash + 1));
    auto add = [&](Record r) {
        e.kind = WebhookKind::records;
        e.records.push_back(std::move(r));
    };
    if (topic == "app/uninstalled") {
        e.kind = WebhookKind::app_uninstalled;
    } else if (topic == "shop/redact") {
        e.kind = WebhookKind::shop_redact;
    } else if (topic == "customers/redact" || topic == "customers/data_request") {
        e.kind = topic == "customers/redact" ? WebhookKind::customers_redact
                                             : WebhookKind::customers_data_request;
        if (const auto* c = obj(o, "customer"))
            e.customer_id = str(*c, "id");
        for (const char* key : {"orders_to_redact", "orders_requested"}) {
            if (const auto* a = arr(o, key)) {
                for (const auto& x : *a) {
                    if (x.is_int64())
                        e.order_ids.push_back(std::to_string(x.as_int64()));
                    else if (x.is_uint64())
                        e.order_ids.push_back(std::to_string(x.as_uint64()));
                    else if (x.is_string())
                        e.order_ids.emplace_back(x.as_string());
                }
            }
        }
    } else if (action == "delete" &&
               (resource == "orders" || resource == "products" || resource == "customers")) {
        add(tombstone(resource == "orders"     ? DataType::order
                      : resource == "products" ? DataType::product
                                               : DataType::customer,
                      o));
    } else if (resource == "orders") {
        add(map_rest_order(o));
    } else if (resource == "products") {
        add(map_rest_product(o));
    } else if (resource == "customers") {
        add(map_rest_customer(o));
    } else if (topic == "inventory_levels/update" || topic == "inventory_levels/connect") {
        add(map_rest_inventory_level(o));
        e.partial = true;  // `available` only: the other quantities are not in the payload
    }
    return e;
}

}  // namespace sb::connectors::shopify::webhooks
