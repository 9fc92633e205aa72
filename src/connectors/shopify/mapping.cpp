#include "connectors/shopify/mapping.hpp"

#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/graphql_client.hpp"
#include "core/time.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using domain::DataType;
using domain::Record;
using namespace jsonu;

namespace {

json::value id_of(const json::object& o) {
    if (auto l = str(o, "legacyResourceId"))
        return json::value(*l);
    if (auto g = str(o, "id"))
        return json::value(legacy_id(*g));
    return nullptr;
}

json::value nested_id(const json::object& o, std::string_view key) {
    if (const auto* n = obj(o, key))
        return id_of(*n);
    return nullptr;
}

json::value money_pair(const json::object* bag, std::string_view which) {
    if (!bag)
        return nullptr;
    const auto* m = obj(*bag, which);
    if (!m)
        return nullptr;
    return json::object{{"amount", str_or_null(*m, "amount")},
                        {"currency", str_or_null(*m, "currencyCode")}};
}

json::value lower_or_null(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s ? json::value(lower(*s)) : json::value(nullptr);
}

// A customer's default email address (Customer.defaultEmailAddress), null when it has none.
json::value customer_email(const json::object& c) {
    if (const auto* e = obj(c, "defaultEmailAddress"))
        return str_or_null(*e, "emailAddress");
    return nullptr;
}

json::array strings(const json::object& o, std::string_view key) {
    json::array out;
    if (const auto* a = arr(o, key)) {
        for (const auto& v : *a) {
            if (v.is_string())
                out.push_back(v);
        }
    }
    return out;
}

Record make(DataType type, const json::object& node, json::object data) {
    Record r;
    r.type = type;
    r.external_id = std::string(data.at("id").is_string() ? data.at("id").as_string() : "");
    r.updated_at = time_ms(node, "updatedAt");
    r.data = json::serialize(data);
    r.raw = json::serialize(node);
    return r;
}

json::object line_item(const json::object& li) {
    return {{"id", json::value(legacy_id(str(li, "id").value_or("")))},
            {"product_id", nested_id(li, "product")},
            {"variant_id", nested_id(li, "variant")},
            {"title", str_or_null(li, "title")},
            {"variant_title", str_or_null(li, "variantTitle")},
            {"sku", str_or_null(li, "sku")},
            {"vendor", str_or_null(li, "vendor")},
            {"quantity", int64(li, "quantity").value_or(0)},
            {"current_quantity", int64(li, "currentQuantity").value_or(0)},
            {"unfulfilled_quantity", int64(li, "unfulfilledQuantity").value_or(0)},
            {"requires_shipping", boolean(li, "requiresShipping").value_or(true)},
            {"unit_price", money(obj(li, "originalUnitPriceSet"))},
            {"total_discount", money(obj(li, "totalDiscountSet"))},
            {"total", money(obj(li, "discountedTotalSet"))}};
}

json::object delivery(const json::object& f) {
    json::array tracking;
    if (const auto* t = arr(f, "trackingInfo")) {
        for (const auto& v : *t) {
            if (!v.is_object())
                continue;
            const auto& ti = v.as_object();
            tracking.push_back(json::object{{"number", str_or_null(ti, "number")},
                                            {"company", str_or_null(ti, "company")},
                                            {"url", str_or_null(ti, "url")}});
        }
    }
    json::array items;
    for (const auto& v : nodes(f, "fulfillmentLineItems")) {
        if (!v.is_object())
            continue;
        const auto& fl = v.as_object();
        json::value line = nullptr;
        if (const auto* li = obj(fl, "lineItem"); li && str(*li, "id"))
            line = json::value(legacy_id(*str(*li, "id")));
        items.push_back(
            json::object{{"line_item_id", line}, {"quantity", int64(fl, "quantity").value_or(0)}});
    }
    const std::string type = delivery_status(str(f, "displayStatus").value_or(""));
    json::value at = type == "DELIVERED" && str(f, "deliveredAt") ? time_or_null(f, "deliveredAt")
                                                                  : time_or_null(f, "updatedAt");
    return {{"id", id_of(f)},
            {"name", str_or_null(f, "name")},
            {"status", lower_or_null(f, "status")},
            {"latest_status", json::object{{"type", type}, {"at", at}}},
            {"tracking", tracking},
            {"location_id", nested_id(f, "location")},
            {"items", items},
            {"created_at", time_or_null(f, "createdAt")},
            {"updated_at", time_or_null(f, "updatedAt")},
            {"delivered_at", time_or_null(f, "deliveredAt")}};
}

json::object refund(const json::object& r) {
    json::array items;
    for (const auto& v : nodes(r, "refundLineItems")) {
        if (!v.is_object())
            continue;
        const auto& rl = v.as_object();
        json::value line = nullptr;
        if (const auto* li = obj(rl, "lineItem"); li && str(*li, "id"))
            line = json::value(legacy_id(*str(*li, "id")));
        items.push_back(json::object{{"line_item_id", line},
                                     {"quantity", int64(rl, "quantity").value_or(0)},
                                     {"restock_type", lower_or_null(rl, "restockType")},
                                     {"restocked", boolean(rl, "restocked").value_or(false)},
                                     {"location_id", nested_id(rl, "location")},
                                     {"subtotal", money(obj(rl, "subtotalSet"))},
                                     {"total_tax", money(obj(rl, "totalTaxSet"))}});
    }
    return {{"id", id_of(r)},
            {"note", str_or_null(r, "note")},
            {"total", money(obj(r, "totalRefundedSet"))},
            {"presentment_total", money_pair(obj(r, "totalRefundedSet"), "presentmentMoney")},
            {"items", items},
            {"created_at", time_or_null(r, "createdAt")}};
}

json::object order_data(const json::object& o) {
    json::array lines, shipping, deliveries, refunds;
    for (const auto& v : nodes(o, "lineItems")) {
        if (v.is_object())
            lines.push_back(line_item(v.as_object()));
    }
    for (const auto& v : nodes(o, "shippingLines")) {
        if (!v.is_object())
            continue;
        const auto& s = v.as_object();
        shipping.push_back(json::object{{"title", str_or_null(s, "title")},
                                        {"code", str_or_null(s, "code")},
                                        {"source", str_or_null(s, "source")},
                                        {"price", money(obj(s, "originalPriceSet"))}});
    }
    if (const auto* fs = arr(o, "fulfillments")) {
        for (const auto& v : *fs) {
            if (v.is_object())
                deliveries.push_back(delivery(v.as_object()));
        }
    }
    if (const auto* rs = arr(o, "refunds")) {
        for (const auto& v : *rs) {
            if (v.is_object())
                refunds.push_back(refund(v.as_object()));
        }
    }
    json::value customer = nullptr;
    if (const auto* c = obj(o, "customer")) {
        customer = json::object{{"id", id_of(*c)},
                                {"email", customer_email(*c)},
                                {"first_name", str_or_null(*c, "firstName")},
                                {"last_name", str_or_null(*c, "lastName")}};
    }
    std::string status = "open";
    if (str(o, "cancelledAt"))
        status = "cancelled";
    else if (str(o, "closedAt"))
        status = "closed";
    return {{"id", id_of(o)},
            {"name", str_or_null(o, "name")},
            {"email", str_or_null(o, "email")},
            {"phone", str_or_null(o, "phone")},
            {"note", str_or_null(o, "note")},
            {"tags", strings(o, "tags")},
            {"status", status},
            {"financial_status", lower_or_null(o, "displayFinancialStatus")},
            {"fulfillment_status", lower_or_null(o, "displayFulfillmentStatus")},
            {"cancel_reason", lower_or_null(o, "cancelReason")},
            {"test", boolean(o, "test").value_or(false)},
            {"source_name", str_or_null(o, "sourceName")},
            {"currency", str_or_null(o, "currencyCode")},
            {"presentment_currency", str_or_null(o, "presentmentCurrencyCode")},
            {"subtotal", money(obj(o, "subtotalPriceSet"))},
            {"total", money(obj(o, "totalPriceSet"))},
            {"total_tax", money(obj(o, "totalTaxSet"))},
            {"total_shipping", money(obj(o, "totalShippingPriceSet"))},
            {"total_discounts", money(obj(o, "totalDiscountsSet"))},
            {"total_refunded", money(obj(o, "totalRefundedSet"))},
            {"current_total", money(obj(o, "currentTotalPriceSet"))},
            {"presentment_total", money_pair(obj(o, "totalPriceSet"), "presentmentMoney")},
            {"customer_id", customer.is_object() ? customer.as_object().at("id") : nullptr},
            {"customer", customer},
            {"billing_address", address(obj(o, "billingAddress"))},
            {"shipping_address", address(obj(o, "shippingAddress"))},
            {"line_items", lines},
            {"shipping_lines", shipping},
            {"deliveries", deliveries},
            {"refunds", refunds},
            {"created_at", time_or_null(o, "createdAt")},
            {"updated_at", time_or_null(o, "updatedAt")},
            {"processed_at", time_or_null(o, "processedAt")},
            {"cancelled_at", time_or_null(o, "cancelledAt")},
            {"closed_at", time_or_null(o, "closedAt")}};
}

json::object product_data(const json::object& p) {
    json::array variants;
    for (const auto& v : nodes(p, "variants")) {
        if (!v.is_object())
            continue;
        const auto& x = v.as_object();
        json::array options;
        if (const auto* so = arr(x, "selectedOptions")) {
            for (const auto& ov : *so) {
                if (ov.is_object()) {
                    options.push_back(
                        json::object{{"name", str_or_null(ov.as_object(), "name")},
                                     {"value", str_or_null(ov.as_object(), "value")}});
                }
            }
        }
        variants.push_back(json::object{
            {"id", id_of(x)},
            {"title", str_or_null(x, "title")},
            {"sku", str_or_null(x, "sku")},
            {"barcode", str_or_null(x, "barcode")},
            {"position", int64(x, "position") ? json::value(*int64(x, "position")) : nullptr},
            {"price", decimal(x, "price") ? json::value(*decimal(x, "price")) : nullptr},
            {"compare_at_price",
             decimal(x, "compareAtPrice") ? json::value(*decimal(x, "compareAtPrice")) : nullptr},
            {"inventory_item_id", nested_id(x, "inventoryItem")},
            {"inventory_quantity",
             int64(x, "inventoryQuantity") ? json::value(*int64(x, "inventoryQuantity")) : nullptr},
            {"inventory_policy", lower_or_null(x, "inventoryPolicy")},
            {"taxable", boolean(x, "taxable").value_or(true)},
            {"options", options},
            {"created_at", time_or_null(x, "createdAt")},
            {"updated_at", time_or_null(x, "updatedAt")}});
    }
    return {{"id", id_of(p)},
            {"title", str_or_null(p, "title")},
            {"handle", str_or_null(p, "handle")},
            {"description_html", str_or_null(p, "descriptionHtml")},
            {"vendor", str_or_null(p, "vendor")},
            {"product_type", str_or_null(p, "productType")},
            {"status", lower_or_null(p, "status")},
            {"tags", strings(p, "tags")},
            {"variants", variants},
            {"created_at", time_or_null(p, "createdAt")},
            {"updated_at", time_or_null(p, "updatedAt")},
            {"published_at", time_or_null(p, "publishedAt")}};
}

json::object customer_data(const json::object& c) {
    bool marketing = false;
    if (const auto* m = obj(c, "defaultEmailAddress"))
        marketing = str(*m, "marketingState") == std::optional<std::string>("SUBSCRIBED");
    json::value phone = nullptr;
    if (const auto* p = obj(c, "defaultPhoneNumber"))
        phone = str_or_null(*p, "phoneNumber");
    json::value spent = nullptr;
    if (const auto* a = obj(c, "amountSpent")) {
        spent = json::object{{"amount", str_or_null(*a, "amount")},
                             {"currency", str_or_null(*a, "currencyCode")}};
    }
    return {{"id", id_of(c)},
            {"first_name", str_or_null(c, "firstName")},
            {"last_name", str_or_null(c, "lastName")},
            {"display_name", str_or_null(c, "displayName")},
            {"email", customer_email(c)},
            {"phone", phone},
            {"note", str_or_null(c, "note")},
            {"state", lower_or_null(c, "state")},
            {"verified_email", boolean(c, "verifiedEmail").value_or(false)},
            {"tax_exempt", boolean(c, "taxExempt").value_or(false)},
            {"tags", strings(c, "tags")},
            {"orders_count", loose_int(c, "numberOfOrders").value_or(0)},
            {"amount_spent", spent},
            {"accepts_marketing", marketing},
            {"default_address", address(obj(c, "defaultAddress"))},
            {"created_at", time_or_null(c, "createdAt")},
            {"updated_at", time_or_null(c, "updatedAt")}};
}

json::object location_data(const json::object& l) {
    json::value addr = nullptr;
    if (const auto* a = obj(l, "address")) {
        addr = json::object{{"address1", str_or_null(*a, "address1")},
                            {"address2", str_or_null(*a, "address2")},
                            {"city", str_or_null(*a, "city")},
                            {"province", str_or_null(*a, "province")},
                            {"province_code", str_or_null(*a, "provinceCode")},
                            {"country", str_or_null(*a, "country")},
                            {"country_code", str_or_null(*a, "countryCode")},
                            {"zip", str_or_null(*a, "zip")},
                            {"phone", str_or_null(*a, "phone")}};
    }
    return {{"id", id_of(l)},
            {"name", str_or_null(l, "name")},
            {"active", boolean(l, "isActive").value_or(true)},
            {"fulfills_online_orders", boolean(l, "fulfillsOnlineOrders").value_or(false)},
            {"ships_inventory", boolean(l, "shipsInventory").value_or(false)},
            {"address", addr},
            {"created_at", time_or_null(l, "createdAt")},
            {"updated_at", time_or_null(l, "updatedAt")}};
}

json::object shop_data(const json::object& s) {
    json::value plan_name = nullptr, plus = false;
    if (const auto* p = obj(s, "plan")) {
        plan_name = str_or_null(*p, "publicDisplayName");
        plus = boolean(*p, "shopifyPlus").value_or(false);
    }
    json::value addr = nullptr;
    if (const auto* a = obj(s, "shopAddress")) {
        addr = json::object{{"address1", str_or_null(*a, "address1")},
                            {"city", str_or_null(*a, "city")},
                            {"province", str_or_null(*a, "province")},
                            {"country", str_or_null(*a, "country")},
                            {"country_code", str_or_null(*a, "countryCodeV2")},
                            {"zip", str_or_null(*a, "zip")}};
    }
    return {{"id", id_of(s)},
            {"name", str_or_null(s, "name")},
            {"email", str_or_null(s, "email")},
            {"contact_email", str_or_null(s, "contactEmail")},
            {"domain", str_or_null(s, "myshopifyDomain")},
            {"currency", str_or_null(s, "currencyCode")},
            {"enabled_presentment_currencies", strings(s, "enabledPresentmentCurrencies")},
            {"timezone", str_or_null(s, "ianaTimezone")},
            {"weight_unit", lower_or_null(s, "weightUnit")},
            {"taxes_included", boolean(s, "taxesIncluded").value_or(false)},
            {"plan_name", plan_name},
            {"plan_plus", plus},
            {"address", addr},
            {"created_at", time_or_null(s, "createdAt")},
            {"updated_at", time_or_null(s, "updatedAt")}};
}

json::object cart_data(const json::object& c) {
    json::array lines;
    for (const auto& v : nodes(c, "lineItems")) {
        if (!v.is_object())
            continue;
        const auto& li = v.as_object();
        lines.push_back(json::object{{"id", json::value(legacy_id(str(li, "id").value_or("")))},
                                     {"variant_id", nested_id(li, "variant")},
                                     {"title", str_or_null(li, "title")},
                                     {"variant_title", str_or_null(li, "variantTitle")},
                                     {"sku", str_or_null(li, "sku")},
                                     {"quantity", int64(li, "quantity").value_or(0)},
                                     {"unit_price", money(obj(li, "originalUnitPriceSet"))}});
    }
    json::value customer_id = nullptr, email = nullptr;
    if (const auto* cu = obj(c, "customer")) {
        customer_id = id_of(*cu);
        email = customer_email(*cu);
    }
    const auto* total = obj(c, "totalPriceSet");
    return {{"id", id_of(c)},
            {"name", str_or_null(c, "name")},
            {"recovery_url", str_or_null(c, "abandonedCheckoutUrl")},
            {"customer_id", customer_id},
            {"email", email},
            {"currency", total && obj(*total, "shopMoney")
                             ? str_or_null(*obj(*total, "shopMoney"), "currencyCode")
                             : json::value(nullptr)},
            {"subtotal", money(obj(c, "subtotalPriceSet"))},
            {"total", money(total)},
            {"total_tax", money(obj(c, "totalTaxSet"))},
            {"billing_address", address(obj(c, "billingAddress"))},
            {"line_items", lines},
            {"created_at", time_or_null(c, "createdAt")},
            {"updated_at", time_or_null(c, "updatedAt")},
            {"completed_at", time_or_null(c, "completedAt")}};
}

}  // namespace

json::value money(const json::object* bag) {
    return money_pair(bag, "shopMoney");
}

json::value address(const json::object* a, bool rest) {
    if (!a)
        return nullptr;
    return json::object{{"first_name", str_or_null(*a, rest ? "first_name" : "firstName")},
                        {"last_name", str_or_null(*a, rest ? "last_name" : "lastName")},
                        {"name", str_or_null(*a, "name")},
                        {"company", str_or_null(*a, "company")},
                        {"address1", str_or_null(*a, "address1")},
                        {"address2", str_or_null(*a, "address2")},
                        {"city", str_or_null(*a, "city")},
                        {"province", str_or_null(*a, "province")},
                        {"province_code", str_or_null(*a, rest ? "province_code" : "provinceCode")},
                        {"country", str_or_null(*a, "country")},
                        {"country_code", str_or_null(*a, rest ? "country_code" : "countryCodeV2")},
                        {"zip", str_or_null(*a, "zip")},
                        {"phone", str_or_null(*a, "phone")}};
}

std::string delivery_status(std::string_view platform_status) {
    const std::string s = lower(platform_status);
    if (s == "attempted_delivery")
        return "ATTEMPTED_DELIVERY";
    if (s == "ready_for_pickup")
        return "READY_FOR_PICKUP";
    if (s == "picked_up")
        return "PICKED_UP";
    // The carrier has the parcel's label but no scan yet.
    if (s == "confirmed" || s == "label_printed" || s == "label_purchased")
        return "CONFIRMED";
    if (s == "in_transit")
        return "IN_TRANSIT";
    if (s == "out_for_delivery")
        return "OUT_FOR_DELIVERY";
    if (s == "delivered")
        return "DELIVERED";
    if (s == "failure" || s == "not_delivered" || s == "canceled" || s == "cancelled")
        return "FAILURE";
    return "UNKNOWN";
}

Record map_node(DataType type, const json::object& node) {
    switch (type) {
        case DataType::order:
            return make(type, node, order_data(node));
        case DataType::product:
            return make(type, node, product_data(node));
        case DataType::customer:
            return make(type, node, customer_data(node));
        case DataType::location:
            return make(type, node, location_data(node));
        case DataType::shop:
            return make(type, node, shop_data(node));
        case DataType::cart:
            return make(type, node, cart_data(node));
        default:
            break;
    }
    throw std::invalid_argument("map_node: unsupported data type");
}

std::vector<Record> map_stock_item(const json::object& item) {
    std::vector<Record> out;
    const json::value item_id = id_of(item);
    json::value variant_id = nullptr, product_id = nullptr;
    // The item's one variant, first of its `variants` connection.
    for (const auto& v : nodes(item, "variants")) {
        if (!v.is_object())
            continue;
        variant_id = id_of(v.as_object());
        product_id = nested_id(v.as_object(), "product");
        break;
    }
    for (const auto& lv : nodes(item, "inventoryLevels")) {
        if (!lv.is_object())
            continue;
        const auto& level = lv.as_object();
        const json::value location_id = nested_id(level, "location");
        json::object data{{"id", nullptr},
                          {"inventory_item_id", item_id},
                          {"location_id", location_id},
                          {"variant_id", variant_id},
                          {"product_id", product_id},
                          {"sku", str_or_null(item, "sku")},
                          {"available", 0},
                          {"on_hand", 0},
                          {"committed", 0},
                          {"incoming", 0},
                          {"updated_at", time_or_null(level, "updatedAt")}};
        if (const auto* qs = arr(level, "quantities")) {
            for (const auto& q : *qs) {
                if (!q.is_object())
                    continue;
                auto name = str(q.as_object(), "name");
                if (name && data.contains(*name))
                    data[*name] = int64(q.as_object(), "quantity").value_or(0);
            }
        }
        const std::string ext =
            (item_id.is_string() ? std::string(item_id.as_string()) : "") + ":" +
            (location_id.is_string() ? std::string(location_id.as_string()) : "");
        data["id"] = ext;
        Record r;
        r.type = DataType::stock;
        r.external_id = ext;
        if (item_id.is_string())
            r.parent_external_id = std::string(item_id.as_string());
        r.updated_at = time_ms(level, "updatedAt");
        r.data = json::serialize(data);
        json::object raw = item;
        raw.erase("inventoryLevels");
        raw["inventoryLevel"] = level;
        r.raw = json::serialize(raw);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace sb::connectors::shopify
