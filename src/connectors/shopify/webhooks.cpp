#include "connectors/shopify/webhooks.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/kit/webhook_payload.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "connectors/shopify/mapping.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::shopify::webhooks {

namespace json = boost::json;
namespace rec = domain::records;
using domain::DataType;
using domain::Record;
using namespace jsonu;

namespace {

// An element of a REST list (tracking_numbers, tracking_urls) as text: a string, or an id
// given as a number.
rec::Text text_of(const json::value& v) {
    if (v.is_string())
        return std::string(v.get_string());
    if (v.is_int64())
        return std::to_string(v.get_int64());
    if (v.is_uint64())
        return std::to_string(v.get_uint64());
    return std::nullopt;
}

// "a, b" → ["a","b"]: REST sends tags as one comma-separated string.
std::vector<std::string> tag_list(const json::object& o) {
    std::vector<std::string> out;
    if (const auto* a = arr(o, "tags")) {
        for (const auto& v : *a) {
            if (v.is_string())
                out.emplace_back(v.get_string());
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
            out.push_back(t.substr(b, e - b + 1));
        i = j + 1;
    }
    return out;
}

// A REST amount in the shop currency: `<key>_set.shop_money` when present, else the plain
// string with the order's currency.
std::optional<rec::Money> rest_money(const json::object& o, std::string_view key,
                                     const rec::Text& currency) {
    if (const auto* set = obj(o, std::string(key) + "_set")) {
        if (const auto* m = obj(*set, "shop_money"))
            return rec::Money{str(*m, "amount"), str(*m, "currency_code")};
    }
    auto a = decimal(o, key);
    if (!a)
        return std::nullopt;
    return rec::Money{std::move(a), currency};
}

// `raw_text`: the text `raw` was parsed from, when it is the whole of it (kept as it came).
template <class T>
Record make(const T& data, const json::object& raw, std::string_view raw_text = {}) {
    return rec::make_record(data, time_ms(raw, "updated_at"),
                            raw_text.empty() ? json::serialize(raw) : std::string(raw_text));
}

rec::Delivery rest_delivery(const json::object& f) {
    rec::Delivery d;
    d.id = str(f, "id");
    d.name = str(f, "name");
    d.status = lower_of(f, "status");
    // Old payloads have no shipment_status; a failed fulfillment still says so in status.
    std::string status = str(f, "shipment_status").value_or("");
    if (status.empty() && str(f, "status") == rec::Text("failure"))
        status = "failure";
    d.latest_status = {delivery_status(status), time_of(f, "updated_at")};
    const auto* numbers = arr(f, "tracking_numbers");
    const auto* urls = arr(f, "tracking_urls");
    if (numbers && !numbers->empty()) {
        for (std::size_t i = 0; i < numbers->size(); ++i) {
            const rec::Text url = urls && i < urls->size() ? text_of((*urls)[i]) : std::nullopt;
            d.tracking.push_back({text_of((*numbers)[i]), str(f, "tracking_company"), url});
        }
    } else if (str(f, "tracking_number")) {
        d.tracking.push_back(
            {str(f, "tracking_number"), str(f, "tracking_company"), str(f, "tracking_url")});
    }
    d.location_id = str(f, "location_id");
    if (const auto* li = arr(f, "line_items")) {
        for (const auto& v : *li) {
            if (v.is_object())
                d.items.push_back(
                    {str(v.get_object(), "id"), int64(v.get_object(), "quantity").value_or(0)});
        }
    }
    d.created_at = time_of(f, "created_at");
    d.updated_at = time_of(f, "updated_at");
    if (d.latest_status.type == "DELIVERED")
        d.delivered_at = time_of(f, "updated_at");
    return d;
}

rec::LineItem rest_line_item(const json::object& li, const rec::Text& currency) {
    rec::LineItem l;
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
        l.total = rec::Money{(t < 0 ? "-" : "") + s, currency};
    }
    l.id = str(li, "id").value_or("");
    l.product_id = str(li, "product_id");
    l.variant_id = str(li, "variant_id");
    l.title = str(li, "title");
    l.variant_title = str(li, "variant_title");
    l.sku = str(li, "sku");
    l.vendor = str(li, "vendor");
    l.quantity = int64(li, "quantity").value_or(0);
    l.current_quantity = int64(li, "current_quantity").value_or(l.quantity);
    l.unfulfilled_quantity = int64(li, "fulfillable_quantity").value_or(l.quantity);
    l.requires_shipping = boolean(li, "requires_shipping").value_or(true);
    l.unit_price = rest_money(li, "price", currency);
    l.total_discount = rest_money(li, "total_discount", currency);
    return l;
}

Record tombstone(DataType type, const json::object& body) {
    return rec::make_tombstone(type, str(body, "id").value_or(""), time_ms(body, "updated_at"),
                               json::serialize(body));
}

}  // namespace

bool verify(std::string_view raw_body, std::string_view hmac_header, std::string_view app_secret) {
    return kit::verify_hmac_sha256(raw_body, hmac_header, app_secret, kit::Encoding::base64);
}

const std::vector<std::string>& topics() {
    static const std::vector<std::string> k{
        "orders/create",    "orders/updated",      "orders/cancelled",   "orders/fulfilled",
        "orders/delete",    "products/create",     "products/update",    "products/delete",
        "customers/create", "customers/update",    "customers/delete",   "inventory_levels/update",
        "app/uninstalled",  "fulfillments/create", "fulfillments/update"};
    return k;
}

Record map_rest_order(const json::object& o, std::string_view raw_text) {
    rec::Order d;
    const rec::Text currency = str(o, "currency");
    d.id = str(o, "id").value_or("");
    d.name = str(o, "name");
    d.email = str(o, "email");
    d.phone = str(o, "phone");
    d.note = str(o, "note");
    d.tags = tag_list(o);
    if (str(o, "cancelled_at"))
        d.status = "cancelled";
    else if (str(o, "closed_at"))
        d.status = "closed";
    d.financial_status = lower_of(o, "financial_status");
    // REST says null for unfulfilled and "partial" where GraphQL says PARTIALLY_FULFILLED.
    const auto ful = str(o, "fulfillment_status");
    d.fulfillment_status = !ful                ? "unfulfilled"
                           : *ful == "partial" ? "partially_fulfilled"
                                               : lower(*ful);
    d.cancel_reason = lower_of(o, "cancel_reason");
    d.test = boolean(o, "test").value_or(false);
    d.source_name = str(o, "source_name");
    d.currency = currency;
    d.presentment_currency = str(o, "presentment_currency");
    if (!d.presentment_currency)
        d.presentment_currency = currency;
    d.subtotal = rest_money(o, "subtotal_price", currency);
    d.total = rest_money(o, "total_price", currency);
    d.total_tax = rest_money(o, "total_tax", currency);
    d.total_shipping = rest_money(o, "total_shipping_price", currency);
    d.total_discounts = rest_money(o, "total_discounts", currency);
    d.current_total = rest_money(o, "current_total_price", currency);
    if (const auto* set = obj(o, "total_price_set")) {
        if (const auto* m = obj(*set, "presentment_money"))
            d.presentment_total = rec::Money{str(*m, "amount"), str(*m, "currency_code")};
    }
    if (const auto* c = obj(o, "customer")) {
        d.customer = rec::Order::Buyer{str(*c, "id"), str(*c, "email"), str(*c, "first_name"),
                                       str(*c, "last_name")};
        d.customer_id = d.customer->id;
    }
    d.billing_address = address(obj(o, "billing_address"), true);
    d.shipping_address = address(obj(o, "shipping_address"), true);
    if (const auto* a = arr(o, "line_items")) {
        for (const auto& v : *a) {
            if (v.is_object())
                d.line_items.push_back(rest_line_item(v.get_object(), currency));
        }
    }
    if (const auto* a = arr(o, "shipping_lines")) {
        for (const auto& v : *a) {
            if (!v.is_object())
                continue;
            const auto& s = v.get_object();
            d.shipping_lines.push_back({str(s, "title"), str(s, "code"), str(s, "source"),
                                        rest_money(s, "price", currency)});
        }
    }
    if (const auto* a = arr(o, "fulfillments")) {
        for (const auto& v : *a) {
            if (v.is_object())
                d.deliveries.push_back(rest_delivery(v.get_object()));
        }
    }
    // total_refunded and refunds stay null: the REST refunds do not carry their totals, and
    // null keeps what the last read stored.
    d.created_at = time_of(o, "created_at");
    d.updated_at = time_of(o, "updated_at");
    d.processed_at = time_of(o, "processed_at");
    d.cancelled_at = time_of(o, "cancelled_at");
    d.closed_at = time_of(o, "closed_at");
    return make(d, o, raw_text);
}

Record map_rest_product(const json::object& p, std::string_view raw_text) {
    std::vector<std::string> option_names;
    if (const auto* opts = arr(p, "options")) {
        for (const auto& v : *opts) {
            if (v.is_object())
                option_names.push_back(str(v.get_object(), "name").value_or(""));
        }
    }
    rec::Product d;
    d.id = str(p, "id").value_or("");
    d.title = str(p, "title");
    d.handle = str(p, "handle");
    d.description_html = str(p, "body_html");
    d.vendor = str(p, "vendor");
    d.product_type = str(p, "product_type");
    // Old payloads have no status: a product was published or not.
    d.status = lower_of(p, "status");
    if (!d.status)
        d.status = str(p, "published_at") ? "active" : "draft";
    d.tags = tag_list(p);
    if (const auto* vs = arr(p, "variants")) {
        for (const auto& v : *vs) {
            if (!v.is_object())
                continue;
            const auto& x = v.get_object();
            rec::Variant w;
            w.id = str(x, "id").value_or("");
            w.title = str(x, "title");
            w.sku = str(x, "sku");
            w.barcode = str(x, "barcode");
            w.position = int64(x, "position");
            w.price = decimal(x, "price");
            w.compare_at_price = decimal(x, "compare_at_price");
            w.inventory_item_id = str(x, "inventory_item_id");
            w.inventory_quantity = int64(x, "inventory_quantity");
            w.inventory_policy = lower_of(x, "inventory_policy");
            w.taxable = boolean(x, "taxable").value_or(true);
            for (std::size_t k = 0; k < 3; ++k) {
                auto value = str(x, "option" + std::to_string(k + 1));
                if (!value)
                    continue;
                w.options.push_back(
                    {k < option_names.size() ? rec::Text(option_names[k]) : std::nullopt,
                     std::move(value)});
            }
            w.created_at = time_of(x, "created_at");
            w.updated_at = time_of(x, "updated_at");
            d.variants.push_back(std::move(w));
        }
    }
    d.created_at = time_of(p, "created_at");
    d.updated_at = time_of(p, "updated_at");
    d.published_at = time_of(p, "published_at");
    return make(d, p, raw_text);
}

Record map_rest_customer(const json::object& c, std::string_view raw_text) {
    rec::Customer d;
    d.id = str(c, "id").value_or("");
    d.first_name = str(c, "first_name");
    d.last_name = str(c, "last_name");
    std::string display = d.first_name.value_or("");
    if (d.last_name)
        display += (display.empty() ? "" : " ") + *d.last_name;
    if (!display.empty())
        d.display_name = display;
    d.email = str(c, "email");
    d.phone = str(c, "phone");
    d.note = str(c, "note");
    d.state = lower_of(c, "state");
    d.verified_email = boolean(c, "verified_email").value_or(false);
    d.tax_exempt = boolean(c, "tax_exempt").value_or(false);
    d.accepts_marketing = boolean(c, "accepts_marketing").value_or(false);
    if (const auto* consent = obj(c, "email_marketing_consent"))
        d.accepts_marketing = str(*consent, "state") == rec::Text("subscribed");
    d.tags = tag_list(c);
    d.orders_count = loose_int(c, "orders_count").value_or(0);
    if (auto t = decimal(c, "total_spent"))
        d.amount_spent = rec::Money{std::move(t), str(c, "currency")};
    d.default_address = address(obj(c, "default_address"), true);
    d.created_at = time_of(c, "created_at");
    d.updated_at = time_of(c, "updated_at");
    return make(d, c, raw_text);
}

Record map_rest_inventory_level(const json::object& l, std::string_view raw_text) {
    rec::Stock d;
    d.inventory_item_id = str(l, "inventory_item_id");
    d.location_id = str(l, "location_id");
    d.id = d.inventory_item_id.value_or("") + ":" + d.location_id.value_or("");
    d.available = int64(l, "available");
    d.on_hand = int64(l, "on_hand");
    d.committed = int64(l, "committed");
    d.incoming = int64(l, "incoming");
    d.updated_at = time_of(l, "updated_at");
    Record r = make(d, l, raw_text);
    r.parent_external_id = d.inventory_item_id;
    return r;
}

WebhookEvent decode(std::string_view topic, std::string_view body) {
    // A delivery's values are read once and dropped: they are allocated from one block (on
    // the stack for a typical order), not one by one.
    unsigned char block[16 * 1024];
    json::monotonic_resource values(block, sizeof block);
    boost::system::error_code ec;
    auto v = json::parse(body, ec, &values);
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
        kit::PayloadCheck(o).id("id", kit::IdKind::integer).done();
        add(tombstone(resource == "orders"     ? DataType::order
                      : resource == "products" ? DataType::product
                                               : DataType::customer,
                      o));
    } else if (resource == "orders" || resource == "products" || resource == "customers") {
        kit::PayloadCheck(o)
            .id("id", kit::IdKind::integer)
            .time("updated_at")
            .time("created_at", false)
            .done();
        add(resource == "orders"     ? map_rest_order(o, body)
            : resource == "products" ? map_rest_product(o, body)
                                     : map_rest_customer(o, body));
    } else if (topic == "inventory_levels/update" || topic == "inventory_levels/connect") {
        kit::PayloadCheck(o)
            .id("inventory_item_id", kit::IdKind::integer)
            .id("location_id", kit::IdKind::integer)
            .time("updated_at")
            .integer("available")
            .done();
        add(map_rest_inventory_level(o, body));
        e.partial = true;  // `available` only: the other quantities are not in the payload
    }
    return e;
}

}  // namespace sb::connectors::shopify::webhooks
