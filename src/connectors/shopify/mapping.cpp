#include "connectors/shopify/mapping.hpp"

#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/graphql_client.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
namespace rec = domain::records;
using domain::DataType;
using domain::Record;
using namespace jsonu;

namespace {

rec::Text id_of(const json::object& o) {
    if (auto l = str(o, "legacyResourceId"))
        return l;
    if (auto g = str(o, "id"))
        return legacy_id(*g);
    return std::nullopt;
}

rec::Text nested_id(const json::object& o, std::string_view key) {
    if (const auto* n = obj(o, key))
        return id_of(*n);
    return std::nullopt;
}

// The legacy id of the `lineItem` a fulfillment or refund line points at.
rec::Text line_item_id(const json::object& o) {
    const auto* li = obj(o, "lineItem");
    const auto gid = li ? str(*li, "id") : std::nullopt;
    return gid ? rec::Text(legacy_id(*gid)) : std::nullopt;
}

std::optional<rec::Money> money_pair(const json::object* bag, std::string_view which) {
    const auto* m = bag ? obj(*bag, which) : nullptr;
    if (!m)
        return std::nullopt;
    return rec::Money{str(*m, "amount"), str(*m, "currencyCode")};
}

// A customer's default email address (Customer.defaultEmailAddress), empty when it has none.
rec::Text customer_email(const json::object& c) {
    if (const auto* e = obj(c, "defaultEmailAddress"))
        return str(*e, "emailAddress");
    return std::nullopt;
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* a = arr(o, key)) {
        for (const auto& v : *a) {
            if (v.is_string())
                out.emplace_back(v.get_string());
        }
    }
    return out;
}

template <class T>
Record make(const T& data, const json::object& node) {
    return rec::make_record(data, time_ms(node, "updatedAt"), json::serialize(node));
}

rec::LineItem line_item(const json::object& li) {
    rec::LineItem l;
    l.id = legacy_id(str(li, "id").value_or(""));
    l.product_id = nested_id(li, "product");
    l.variant_id = nested_id(li, "variant");
    l.title = str(li, "title");
    l.variant_title = str(li, "variantTitle");
    l.sku = str(li, "sku");
    l.vendor = str(li, "vendor");
    l.quantity = int64(li, "quantity").value_or(0);
    l.current_quantity = int64(li, "currentQuantity").value_or(0);
    l.unfulfilled_quantity = int64(li, "unfulfilledQuantity").value_or(0);
    l.requires_shipping = boolean(li, "requiresShipping").value_or(true);
    l.unit_price = money(obj(li, "originalUnitPriceSet"));
    l.total_discount = money(obj(li, "totalDiscountSet"));
    l.total = money(obj(li, "discountedTotalSet"));
    return l;
}

rec::Delivery delivery(const json::object& f) {
    rec::Delivery d;
    d.id = id_of(f);
    d.name = str(f, "name");
    d.status = lower_of(f, "status");
    d.latest_status.type = delivery_status(str(f, "displayStatus").value_or(""));
    d.latest_status.at = d.latest_status.type == "DELIVERED" && str(f, "deliveredAt")
                             ? time_of(f, "deliveredAt")
                             : time_of(f, "updatedAt");
    if (const auto* t = arr(f, "trackingInfo")) {
        for (const auto& v : *t) {
            if (!v.is_object())
                continue;
            const auto& ti = v.get_object();
            d.tracking.push_back({str(ti, "number"), str(ti, "company"), str(ti, "url")});
        }
    }
    d.location_id = nested_id(f, "location");
    for (const auto& v : nodes(f, "fulfillmentLineItems")) {
        if (v.is_object()) {
            const auto& fl = v.get_object();
            d.items.push_back({line_item_id(fl), int64(fl, "quantity").value_or(0)});
        }
    }
    d.created_at = time_of(f, "createdAt");
    d.updated_at = time_of(f, "updatedAt");
    d.delivered_at = time_of(f, "deliveredAt");
    return d;
}

rec::Refund refund(const json::object& r) {
    rec::Refund d;
    d.id = id_of(r);
    d.note = str(r, "note");
    d.total = money(obj(r, "totalRefundedSet"));
    d.presentment_total = money_pair(obj(r, "totalRefundedSet"), "presentmentMoney");
    for (const auto& v : nodes(r, "refundLineItems")) {
        if (!v.is_object())
            continue;
        const auto& rl = v.get_object();
        rec::Refund::Item i;
        i.line_item_id = line_item_id(rl);
        i.quantity = int64(rl, "quantity").value_or(0);
        i.restock_type = lower_of(rl, "restockType");
        i.restocked = boolean(rl, "restocked").value_or(false);
        i.location_id = nested_id(rl, "location");
        i.subtotal = money(obj(rl, "subtotalSet"));
        i.total_tax = money(obj(rl, "totalTaxSet"));
        d.items.push_back(std::move(i));
    }
    d.created_at = time_of(r, "createdAt");
    return d;
}

rec::Order order_data(const json::object& o) {
    rec::Order d;
    d.id = id_of(o).value_or("");
    d.name = str(o, "name");
    d.email = str(o, "email");
    d.phone = str(o, "phone");
    d.note = str(o, "note");
    d.tags = strings(o, "tags");
    if (str(o, "cancelledAt"))
        d.status = "cancelled";
    else if (str(o, "closedAt"))
        d.status = "closed";
    d.financial_status = lower_of(o, "displayFinancialStatus");
    d.fulfillment_status = lower_of(o, "displayFulfillmentStatus");
    d.cancel_reason = lower_of(o, "cancelReason");
    d.test = boolean(o, "test").value_or(false);
    d.source_name = str(o, "sourceName");
    d.currency = str(o, "currencyCode");
    d.presentment_currency = str(o, "presentmentCurrencyCode");
    d.subtotal = money(obj(o, "subtotalPriceSet"));
    d.total = money(obj(o, "totalPriceSet"));
    d.total_tax = money(obj(o, "totalTaxSet"));
    d.total_shipping = money(obj(o, "totalShippingPriceSet"));
    d.total_discounts = money(obj(o, "totalDiscountsSet"));
    d.total_refunded = money(obj(o, "totalRefundedSet"));
    d.current_total = money(obj(o, "currentTotalPriceSet"));
    d.presentment_total = money_pair(obj(o, "totalPriceSet"), "presentmentMoney");
    if (const auto* c = obj(o, "customer")) {
        d.customer = rec::Order::Buyer{id_of(*c), customer_email(*c), str(*c, "firstName"),
                                       str(*c, "lastName")};
        d.customer_id = d.customer->id;
    }
    d.billing_address = address(obj(o, "billingAddress"));
    d.shipping_address = address(obj(o, "shippingAddress"));
    for (const auto& v : nodes(o, "lineItems")) {
        if (v.is_object())
            d.line_items.push_back(line_item(v.get_object()));
    }
    for (const auto& v : nodes(o, "shippingLines")) {
        if (!v.is_object())
            continue;
        const auto& s = v.get_object();
        d.shipping_lines.push_back(
            {str(s, "title"), str(s, "code"), str(s, "source"), money(obj(s, "originalPriceSet"))});
    }
    if (const auto* fs = arr(o, "fulfillments")) {
        for (const auto& v : *fs) {
            if (v.is_object())
                d.deliveries.push_back(delivery(v.get_object()));
        }
    }
    // A page or bulk read lists every refund: an order without any has an empty list.
    d.refunds.emplace();
    if (const auto* rs = arr(o, "refunds")) {
        for (const auto& v : *rs) {
            if (v.is_object())
                d.refunds->push_back(refund(v.get_object()));
        }
    }
    d.created_at = time_of(o, "createdAt");
    d.updated_at = time_of(o, "updatedAt");
    d.processed_at = time_of(o, "processedAt");
    d.cancelled_at = time_of(o, "cancelledAt");
    d.closed_at = time_of(o, "closedAt");
    return d;
}

rec::Variant variant(const json::object& x) {
    rec::Variant d;
    d.id = id_of(x).value_or("");
    d.title = str(x, "title");
    d.sku = str(x, "sku");
    d.barcode = str(x, "barcode");
    d.position = int64(x, "position");
    d.price = decimal(x, "price");
    d.compare_at_price = decimal(x, "compareAtPrice");
    d.inventory_item_id = nested_id(x, "inventoryItem");
    d.inventory_quantity = int64(x, "inventoryQuantity");
    d.inventory_policy = lower_of(x, "inventoryPolicy");
    d.taxable = boolean(x, "taxable").value_or(true);
    if (const auto* so = arr(x, "selectedOptions")) {
        for (const auto& ov : *so) {
            if (ov.is_object())
                d.options.push_back({str(ov.get_object(), "name"), str(ov.get_object(), "value")});
        }
    }
    d.created_at = time_of(x, "createdAt");
    d.updated_at = time_of(x, "updatedAt");
    return d;
}

rec::Product product_data(const json::object& p) {
    rec::Product d;
    d.id = id_of(p).value_or("");
    d.title = str(p, "title");
    d.handle = str(p, "handle");
    d.description_html = str(p, "descriptionHtml");
    d.vendor = str(p, "vendor");
    d.product_type = str(p, "productType");
    d.status = lower_of(p, "status");
    d.tags = strings(p, "tags");
    for (const auto& v : nodes(p, "variants")) {
        if (v.is_object())
            d.variants.push_back(variant(v.get_object()));
    }
    d.created_at = time_of(p, "createdAt");
    d.updated_at = time_of(p, "updatedAt");
    d.published_at = time_of(p, "publishedAt");
    return d;
}

rec::Customer customer_data(const json::object& c) {
    rec::Customer d;
    d.id = id_of(c).value_or("");
    d.first_name = str(c, "firstName");
    d.last_name = str(c, "lastName");
    d.display_name = str(c, "displayName");
    d.email = customer_email(c);
    if (const auto* p = obj(c, "defaultPhoneNumber"))
        d.phone = str(*p, "phoneNumber");
    d.note = str(c, "note");
    d.state = lower_of(c, "state");
    d.verified_email = boolean(c, "verifiedEmail").value_or(false);
    d.tax_exempt = boolean(c, "taxExempt").value_or(false);
    if (const auto* m = obj(c, "defaultEmailAddress"))
        d.accepts_marketing = str(*m, "marketingState") == rec::Text("SUBSCRIBED");
    d.tags = strings(c, "tags");
    d.orders_count = loose_int(c, "numberOfOrders").value_or(0);
    if (const auto* a = obj(c, "amountSpent"))
        d.amount_spent = rec::Money{str(*a, "amount"), str(*a, "currencyCode")};
    d.default_address = address(obj(c, "defaultAddress"));
    d.created_at = time_of(c, "createdAt");
    d.updated_at = time_of(c, "updatedAt");
    return d;
}

rec::Location location_data(const json::object& l) {
    rec::Location d;
    d.id = id_of(l).value_or("");
    d.name = str(l, "name");
    d.active = boolean(l, "isActive").value_or(true);
    d.fulfills_online_orders = boolean(l, "fulfillsOnlineOrders").value_or(false);
    d.ships_inventory = boolean(l, "shipsInventory").value_or(false);
    if (const auto* a = obj(l, "address"))
        d.address = rec::place_of(*address(a));
    d.created_at = time_of(l, "createdAt");
    d.updated_at = time_of(l, "updatedAt");
    return d;
}

rec::Shop shop_data(const json::object& s) {
    rec::Shop d;
    d.id = id_of(s).value_or("");
    d.name = str(s, "name");
    d.email = str(s, "email");
    d.contact_email = str(s, "contactEmail");
    d.domain = str(s, "myshopifyDomain");
    d.currency = str(s, "currencyCode");
    d.enabled_presentment_currencies = strings(s, "enabledPresentmentCurrencies");
    d.timezone = str(s, "ianaTimezone");
    d.weight_unit = lower_of(s, "weightUnit");
    d.taxes_included = boolean(s, "taxesIncluded").value_or(false);
    if (const auto* p = obj(s, "plan")) {
        d.plan_name = str(*p, "publicDisplayName");
        d.plan_plus = boolean(*p, "shopifyPlus").value_or(false);
    }
    if (const auto* a = obj(s, "shopAddress"))
        d.address = rec::place_of(*address(a));
    d.created_at = time_of(s, "createdAt");
    d.updated_at = time_of(s, "updatedAt");
    return d;
}

rec::Cart cart_data(const json::object& c) {
    rec::Cart d;
    d.id = id_of(c).value_or("");
    d.name = str(c, "name");
    d.recovery_url = str(c, "abandonedCheckoutUrl");
    if (const auto* cu = obj(c, "customer")) {
        d.customer_id = id_of(*cu);
        d.email = customer_email(*cu);
    }
    const auto* total = obj(c, "totalPriceSet");
    if (const auto* shop_money = total ? obj(*total, "shopMoney") : nullptr)
        d.currency = str(*shop_money, "currencyCode");
    d.subtotal = money(obj(c, "subtotalPriceSet"));
    d.total = money(total);
    d.total_tax = money(obj(c, "totalTaxSet"));
    d.billing_address = address(obj(c, "billingAddress"));
    for (const auto& v : nodes(c, "lineItems")) {
        if (!v.is_object())
            continue;
        const auto& li = v.get_object();
        rec::Cart::Line l;
        l.id = legacy_id(str(li, "id").value_or(""));
        l.variant_id = nested_id(li, "variant");
        l.title = str(li, "title");
        l.variant_title = str(li, "variantTitle");
        l.sku = str(li, "sku");
        l.quantity = int64(li, "quantity").value_or(0);
        l.unit_price = money(obj(li, "originalUnitPriceSet"));
        d.line_items.push_back(std::move(l));
    }
    d.created_at = time_of(c, "createdAt");
    d.updated_at = time_of(c, "updatedAt");
    d.completed_at = time_of(c, "completedAt");
    return d;
}

}  // namespace

std::optional<rec::Money> money(const json::object* bag) {
    return money_pair(bag, "shopMoney");
}

std::optional<rec::Address> address(const json::object* a, bool rest) {
    if (!a)
        return std::nullopt;
    rec::Address d;
    d.first_name = str(*a, rest ? "first_name" : "firstName");
    d.last_name = str(*a, rest ? "last_name" : "lastName");
    d.name = str(*a, "name");
    d.company = str(*a, "company");
    d.address1 = str(*a, "address1");
    d.address2 = str(*a, "address2");
    d.city = str(*a, "city");
    d.province = str(*a, "province");
    d.province_code = str(*a, rest ? "province_code" : "provinceCode");
    d.country = str(*a, "country");
    // GraphQL: MailingAddress.countryCodeV2, LocationAddress.countryCode.
    d.country_code = str(*a, rest ? "country_code" : "countryCodeV2");
    if (!d.country_code && !rest)
        d.country_code = str(*a, "countryCode");
    d.zip = str(*a, "zip");
    d.phone = str(*a, "phone");
    return d;
}

rec::Time time_of(const json::object& o, std::string_view key) {
    const auto s = str(o, key);
    const auto t = s ? parse_time(*s) : std::nullopt;
    return t ? rec::Time(format_time(*t)) : std::nullopt;
}

rec::Text lower_of(const json::object& o, std::string_view key) {
    const auto s = str(o, key);
    return s ? rec::Text(lower(*s)) : std::nullopt;
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
            return make(order_data(node), node);
        case DataType::product:
            return make(product_data(node), node);
        case DataType::customer:
            return make(customer_data(node), node);
        case DataType::location:
            return make(location_data(node), node);
        case DataType::shop:
            return make(shop_data(node), node);
        case DataType::cart:
            return make(cart_data(node), node);
        default:
            break;
    }
    throw std::invalid_argument("map_node: unsupported data type");
}

std::vector<Record> map_stock_item(const json::object& item) {
    std::vector<Record> out;
    const rec::Text item_id = id_of(item);
    rec::Text variant_id, product_id;
    // The item's one variant, first of its `variants` connection.
    for (const auto& v : nodes(item, "variants")) {
        if (!v.is_object())
            continue;
        variant_id = id_of(v.get_object());
        product_id = nested_id(v.get_object(), "product");
        break;
    }
    for (const auto& lv : nodes(item, "inventoryLevels")) {
        if (!lv.is_object())
            continue;
        const auto& level = lv.get_object();
        rec::Stock s;
        s.inventory_item_id = item_id;
        s.location_id = nested_id(level, "location");
        s.id = item_id.value_or("") + ":" + s.location_id.value_or("");
        s.variant_id = variant_id;
        s.product_id = product_id;
        s.sku = str(item, "sku");
        // A page names every quantity it has: one it does not name is none.
        s.available = s.on_hand = s.committed = s.incoming = 0;
        if (const auto* qs = arr(level, "quantities")) {
            for (const auto& q : *qs) {
                if (!q.is_object())
                    continue;
                const auto name = str(q.get_object(), "name").value_or("");
                const auto quantity = int64(q.get_object(), "quantity").value_or(0);
                if (name == "available")
                    s.available = quantity;
                else if (name == "on_hand")
                    s.on_hand = quantity;
                else if (name == "committed")
                    s.committed = quantity;
                else if (name == "incoming")
                    s.incoming = quantity;
            }
        }
        s.updated_at = time_of(level, "updatedAt");
        json::object raw = item;
        raw.erase("inventoryLevels");
        raw["inventoryLevel"] = level;
        Record r = rec::make_record(s, time_ms(level, "updatedAt"), json::serialize(raw));
        r.parent_external_id = item_id;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace sb::connectors::shopify
