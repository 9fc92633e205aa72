#include <boost/json/array.hpp>

#include "emulators/shopify/data/catalog.hpp"
#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// Order and the types hanging off it: line items, shipping lines, fulfillments with
// tracking, refunds, addresses and money.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::FieldKind;
using graphql::make_entity;
using LineRef = ChildRef<Order>;

namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const char* display_fulfillment(const Order& o) {
    if (!o.fulfillment_status)
        return "UNFULFILLED";
    if (*o.fulfillment_status == "partial")
        return "PARTIALLY_FULFILLED";
    return "FULFILLED";
}

const char* display_shipment(const std::optional<std::string>& s) {
    if (!s)
        return "FULFILLED";
    if (*s == "in_transit")
        return "IN_TRANSIT";
    if (*s == "out_for_delivery")
        return "OUT_FOR_DELIVERY";
    if (*s == "delivered")
        return "DELIVERED";
    if (*s == "attempted_delivery")
        return "ATTEMPTED_DELIVERY";
    if (*s == "failure")
        return "FAILURE";
    if (*s == "label_printed")
        return "LABEL_PRINTED";
    return "FULFILLED";
}

std::int64_t refunded_total(const Order& o) {
    std::int64_t t = 0;
    for (const auto& r : o.refunds)
        t += r.amount;
    return t;
}

void register_money(graphql::Schema& s) {
    object<MoneyBagRef>(
        s, "MoneyBag", "shopMoney", "MoneyV2", [](const MoneyBagRef& m) -> graphql::Result {
            return make_entity("MoneyV2", MoneyRef{format_money(m.shop_minor), m.shop_currency});
        });
    object<MoneyBagRef>(
        s, "MoneyBag", "presentmentMoney", "MoneyV2", [](const MoneyBagRef& m) -> graphql::Result {
            return make_entity("MoneyV2", MoneyRef{format_presentment(m.shop_minor, m.rate,
                                                                      m.presentment_currency),
                                                   m.presentment_currency});
        });
    scalar<MoneyRef>(s, "MoneyV2", "amount", "Decimal",
                     [](const MoneyRef& m) { return json::value(m.amount); });
    scalar<MoneyRef>(s, "MoneyV2", "currencyCode", "CurrencyCode",
                     [](const MoneyRef& m) { return json::value(m.currency); });
}

void register_address(graphql::Schema& s) {
    const std::string t = "MailingAddress";
    scalar<Address>(s, t, "address1", "String",
                    [](const Address& a) { return json::value(a.address1); });
    scalar<Address>(s, t, "address2", "String", [](const Address& a) {
        return a.address2.empty() ? json::value(nullptr) : json::value(a.address2);
    });
    scalar<Address>(s, t, "city", "String", [](const Address& a) { return json::value(a.city); });
    scalar<Address>(s, t, "province", "String",
                    [](const Address& a) { return json::value(a.province); });
    scalar<Address>(s, t, "provinceCode", "String",
                    [](const Address& a) { return json::value(a.province_code); });
    scalar<Address>(s, t, "country", "String",
                    [](const Address& a) { return json::value(a.country); });
    scalar<Address>(s, t, "countryCodeV2", "CountryCode",
                    [](const Address& a) { return json::value(a.country_code); });
    scalar<Address>(s, t, "zip", "String", [](const Address& a) { return json::value(a.zip); });
    scalar<Address>(s, t, "phone", "String", [](const Address& a) { return opt_string(a.phone); });
    scalar<Address>(s, t, "company", "String",
                    [](const Address& a) { return opt_string(a.company); });
    scalar<Address>(s, t, "firstName", "String",
                    [](const Address& a) { return opt_string(a.first_name); });
    scalar<Address>(s, t, "lastName", "String",
                    [](const Address& a) { return opt_string(a.last_name); });
    scalar<Address>(s, t, "name", "String", [](const Address& a) {
        std::string n = a.first_name.value_or("");
        if (a.last_name)
            n += (n.empty() ? "" : " ") + *a.last_name;
        return n.empty() ? json::value(nullptr) : json::value(n);
    });
    scalar<Address>(s, t, "latitude", "Float",
                    [](const Address& a) { return json::value(a.latitude); });
    scalar<Address>(s, t, "longitude", "Float",
                    [](const Address& a) { return json::value(a.longitude); });
}

void register_line_item(graphql::Schema& s) {
    const std::string t = "LineItem";
    auto li = [](const LineRef& r) -> const LineItem& { return r.parent->line_items[r.index]; };
    scalar<LineRef>(s, t, "id", "ID",
                    [li](const LineRef& r) { return json::value(gid("LineItem", li(r).id)); });
    scalar<LineRef>(s, t, "title", "String",
                    [li](const LineRef& r) { return json::value(li(r).title); });
    scalar<LineRef>(s, t, "name", "String", [li](const LineRef& r) {
        return json::value(li(r).title + " - " + li(r).variant_title);
    });
    scalar<LineRef>(s, t, "variantTitle", "String",
                    [li](const LineRef& r) { return json::value(li(r).variant_title); });
    scalar<LineRef>(s, t, "sku", "String",
                    [li](const LineRef& r) { return json::value(li(r).sku); });
    scalar<LineRef>(s, t, "vendor", "String",
                    [li](const LineRef& r) { return json::value(li(r).vendor); });
    scalar<LineRef>(s, t, "quantity", "Int",
                    [li](const LineRef& r) { return json::value(li(r).quantity); });
    scalar<LineRef>(s, t, "currentQuantity", "Int", [li](const LineRef& r) {
        int refunded = 0;
        for (const auto& rf : r.parent->refunds) {
            for (const auto& l : rf.lines) {
                if (l.line_index == r.index)
                    refunded += l.quantity;
            }
        }
        return json::value(li(r).quantity - refunded);
    });
    scalar<LineRef>(s, t, "unfulfilledQuantity", "Int",
                    [li](const LineRef& r) { return json::value(li(r).fulfillable_quantity); });
    scalar<LineRef>(s, t, "requiresShipping", "Boolean",
                    [li](const LineRef& r) { return json::value(li(r).requires_shipping); });
    scalar<LineRef>(s, t, "taxable", "Boolean",
                    [li](const LineRef& r) { return json::value(li(r).taxable); });
    auto bag = [&s, t](const std::string& name, std::function<std::int64_t(const LineItem&)> f) {
        object<LineRef>(s, t, name, "MoneyBag", [f](const LineRef& r) -> graphql::Result {
            return money_bag(f(r.parent->line_items[r.index]), *r.parent);
        });
    };
    bag("originalUnitPriceSet", [](const LineItem& l) { return l.price; });
    bag("discountedUnitPriceSet", [](const LineItem& l) { return l.price; });
    bag("originalTotalSet", [](const LineItem& l) { return l.price * l.quantity; });
    bag("discountedTotalSet",
        [](const LineItem& l) { return l.price * l.quantity - l.total_discount; });
    bag("totalDiscountSet", [](const LineItem& l) { return l.total_discount; });
    object_ctx<LineRef>(
        s, t, "variant", "ProductVariant", [](const LineRef& r, graphql::Context& ctx) {
            return variant_entity(*services(ctx).store, r.parent->line_items[r.index].variant_id);
        });
    object_ctx<LineRef>(s, t, "product", "Product", [](const LineRef& r, graphql::Context& ctx) {
        return product_entity(*services(ctx).store, r.parent->line_items[r.index].product_id);
    });
}

void register_fulfillment(graphql::Schema& s) {
    const std::string t = "Fulfillment";
    auto f = [](const LineRef& r) -> const Fulfillment& { return r.parent->fulfillments[r.index]; };
    scalar<LineRef>(s, t, "id", "ID",
                    [f](const LineRef& r) { return json::value(gid("Fulfillment", f(r).id)); });
    scalar<LineRef>(s, t, "legacyResourceId", "UnsignedInt64",
                    [f](const LineRef& r) { return json::value(std::to_string(f(r).id)); });
    scalar<LineRef>(s, t, "name", "String",
                    [f](const LineRef& r) { return json::value(f(r).name); });
    scalar<LineRef>(s, t, "status", "FulfillmentStatus",
                    [f](const LineRef& r) { return json::value(upper(f(r).status)); });
    scalar<LineRef>(s, t, "displayStatus", "FulfillmentDisplayStatus", [f](const LineRef& r) {
        return json::value(display_shipment(f(r).shipment_status));
    });
    scalar<LineRef>(s, t, "createdAt", "DateTime",
                    [f](const LineRef& r) { return json::value(iso_time(f(r).created_at)); });
    scalar<LineRef>(s, t, "updatedAt", "DateTime",
                    [f](const LineRef& r) { return json::value(iso_time(f(r).updated_at)); });
    scalar<LineRef>(s, t, "deliveredAt", "DateTime", [f](const LineRef& r) {
        return f(r).shipment_status == std::optional<std::string>("delivered")
                   ? json::value(iso_time(f(r).updated_at))
                   : json::value(nullptr);
    });
    scalar<LineRef>(s, t, "totalQuantity", "Int", [f](const LineRef& r) {
        int q = 0;
        for (const auto& l : f(r).lines)
            q += l.quantity;
        return json::value(q);
    });
    graphql::FieldDef tracking;
    tracking.name = "trackingInfo";
    tracking.kind = FieldKind::list;
    tracking.type = "FulfillmentTrackingInfo";
    tracking.resolve = [](const Entity& e, const graphql::Args&,
                          graphql::Context&) -> graphql::Result {
        const auto& r = e.as<LineRef>();
        const Fulfillment& ff = r.parent->fulfillments[r.index];
        std::vector<Entity> out;
        if (ff.tracking_number || ff.tracking_company)
            out.push_back(make_entity("FulfillmentTrackingInfo", ff));
        return out;
    };
    s.field(t, std::move(tracking));
    scalar<Fulfillment>(s, "FulfillmentTrackingInfo", "company", "String",
                        [](const Fulfillment& x) { return opt_string(x.tracking_company); });
    scalar<Fulfillment>(s, "FulfillmentTrackingInfo", "number", "String",
                        [](const Fulfillment& x) { return opt_string(x.tracking_number); });
    scalar<Fulfillment>(s, "FulfillmentTrackingInfo", "url", "URL",
                        [](const Fulfillment& x) { return opt_string(x.tracking_url); });
    object_ctx<LineRef>(s, t, "location", "Location", [](const LineRef& r, graphql::Context& ctx) {
        return location_entity(*services(ctx).store, r.parent->fulfillments[r.index].location_id);
    });
    object<LineRef>(s, t, "order", "Order", [](const LineRef& r) -> graphql::Result {
        return Entity{"Order", r.parent};
    });
    list_connection<LineRef>(
        s, t, "fulfillmentLineItems", "FulfillmentLineItem", [](const Entity& e) {
            const auto& r = e.as<LineRef>();
            std::vector<Entity> out;
            for (std::size_t k = 0; k < r.parent->fulfillments[r.index].lines.size(); ++k) {
                out.push_back(make_entity("FulfillmentLineItem", std::make_pair(r, k)));
            }
            return out;
        });
    using FL = std::pair<LineRef, std::size_t>;
    scalar<FL>(s, "FulfillmentLineItem", "id", "ID", [](const FL& x) {
        const auto& ff = x.first.parent->fulfillments[x.first.index];
        return json::value(
            gid("FulfillmentLineItem", ff.id * 10 + static_cast<std::int64_t>(x.second)));
    });
    scalar<FL>(s, "FulfillmentLineItem", "quantity", "Int", [](const FL& x) {
        return json::value(x.first.parent->fulfillments[x.first.index].lines[x.second].quantity);
    });
    object<FL>(s, "FulfillmentLineItem", "lineItem", "LineItem",
               [](const FL& x) -> graphql::Result {
                   const auto& line = x.first.parent->fulfillments[x.first.index].lines[x.second];
                   return make_entity("LineItem", LineRef{x.first.parent, line.line_index});
               });
}

void register_refund(graphql::Schema& s) {
    const std::string t = "Refund";
    auto rf = [](const LineRef& r) -> const Refund& { return r.parent->refunds[r.index]; };
    scalar<LineRef>(s, t, "id", "ID",
                    [rf](const LineRef& r) { return json::value(gid("Refund", rf(r).id)); });
    scalar<LineRef>(s, t, "legacyResourceId", "UnsignedInt64",
                    [rf](const LineRef& r) { return json::value(std::to_string(rf(r).id)); });
    scalar<LineRef>(s, t, "note", "String",
                    [rf](const LineRef& r) { return opt_string(rf(r).note); });
    scalar<LineRef>(s, t, "createdAt", "DateTime",
                    [rf](const LineRef& r) { return json::value(iso_time(rf(r).created_at)); });
    object<LineRef>(s, t, "totalRefundedSet", "MoneyBag", [](const LineRef& r) -> graphql::Result {
        return money_bag(r.parent->refunds[r.index].amount, *r.parent);
    });
    using RL = std::pair<LineRef, std::size_t>;
    list_connection<LineRef>(s, t, "refundLineItems", "RefundLineItem", [](const Entity& e) {
        const auto& r = e.as<LineRef>();
        std::vector<Entity> out;
        for (std::size_t k = 0; k < r.parent->refunds[r.index].lines.size(); ++k) {
            out.push_back(make_entity("RefundLineItem", RL{r, k}));
        }
        return out;
    });
    scalar<RL>(s, "RefundLineItem", "id", "ID", [](const RL& x) {
        return json::value(gid("RefundLineItem", x.first.parent->refunds[x.first.index].id * 10 +
                                                     static_cast<std::int64_t>(x.second)));
    });
    scalar<RL>(s, "RefundLineItem", "quantity", "Int", [](const RL& x) {
        return json::value(x.first.parent->refunds[x.first.index].lines[x.second].quantity);
    });
    object<RL>(s, "RefundLineItem", "subtotalSet", "MoneyBag", [](const RL& x) -> graphql::Result {
        return money_bag(x.first.parent->refunds[x.first.index].lines[x.second].subtotal,
                         *x.first.parent);
    });
    object<RL>(s, "RefundLineItem", "lineItem", "LineItem", [](const RL& x) -> graphql::Result {
        return make_entity(
            "LineItem", LineRef{x.first.parent,
                                x.first.parent->refunds[x.first.index].lines[x.second].line_index});
    });
    auto rl = [](const RL& x) -> const RefundLine& {
        return x.first.parent->refunds[x.first.index].lines[x.second];
    };
    scalar<RL>(s, "RefundLineItem", "restockType", "RefundLineItemRestockType",
               [rl](const RL& x) { return json::value(upper(rl(x).restock_type)); });
    scalar<RL>(s, "RefundLineItem", "restocked", "Boolean",
               [rl](const RL& x) { return json::value(rl(x).restocked()); });
    object<RL>(s, "RefundLineItem", "priceSet", "MoneyBag", [rl](const RL& x) -> graphql::Result {
        return money_bag(x.first.parent->line_items[rl(x).line_index].price, *x.first.parent);
    });
    object<RL>(
        s, "RefundLineItem", "totalTaxSet", "MoneyBag",
        [rl](const RL& x) -> graphql::Result { return money_bag(rl(x).tax, *x.first.parent); });
    object_ctx<RL>(s, "RefundLineItem", "location", "Location",
                   [rl](const RL& x, graphql::Context& ctx) -> graphql::Result {
                       if (!rl(x).location_id)
                           return json::value(nullptr);
                       return location_entity(*services(ctx).store, *rl(x).location_id);
                   });
    scalar<LineRef>(s, t, "processedAt", "DateTime",
                    [rf](const LineRef& r) { return json::value(iso_time(rf(r).created_at)); });
    scalar<LineRef>(s, t, "updatedAt", "DateTime",
                    [rf](const LineRef& r) { return json::value(iso_time(rf(r).created_at)); });
    object<LineRef>(s, t, "order", "Order", [](const LineRef& r) -> graphql::Result {
        return Entity{"Order", r.parent};
    });
}

void register_shipping_line(graphql::Schema& s) {
    const std::string t = "ShippingLine";
    auto sl = [](const LineRef& r) -> const ShippingLine& {
        return r.parent->shipping_lines[r.index];
    };
    scalar<LineRef>(s, t, "id", "ID",
                    [sl](const LineRef& r) { return json::value(gid("ShippingLine", sl(r).id)); });
    scalar<LineRef>(s, t, "title", "String",
                    [sl](const LineRef& r) { return json::value(sl(r).title); });
    scalar<LineRef>(s, t, "code", "String",
                    [sl](const LineRef& r) { return json::value(sl(r).code); });
    scalar<LineRef>(s, t, "source", "String",
                    [sl](const LineRef& r) { return json::value(sl(r).source); });
    object<LineRef>(s, t, "originalPriceSet", "MoneyBag", [](const LineRef& r) -> graphql::Result {
        return money_bag(r.parent->shipping_lines[r.index].price, *r.parent);
    });
    object<LineRef>(s, t, "discountedPriceSet", "MoneyBag",
                    [](const LineRef& r) -> graphql::Result {
                        return money_bag(r.parent->shipping_lines[r.index].price, *r.parent);
                    });
}

void register_order(graphql::Schema& s) {
    const std::string t = "Order";
    scalar<Order>(s, t, "id", "ID", [](const Order& o) { return json::value(gid("Order", o.id)); });
    scalar<Order>(s, t, "legacyResourceId", "UnsignedInt64",
                  [](const Order& o) { return json::value(std::to_string(o.id)); });
    scalar<Order>(s, t, "name", "String", [](const Order& o) { return json::value(o.name); });
    scalar<Order>(s, t, "email", "String", [](const Order& o) { return opt_string(o.email); });
    scalar<Order>(s, t, "phone", "String", [](const Order& o) { return opt_string(o.phone); });
    scalar<Order>(s, t, "note", "String", [](const Order& o) { return opt_string(o.note); });
    scalar<Order>(s, t, "tags", "[String!]!", [](const Order& o) { return string_list(o.tags); });
    scalar<Order>(s, t, "createdAt", "DateTime",
                  [](const Order& o) { return json::value(iso_time(o.created_at)); });
    scalar<Order>(s, t, "updatedAt", "DateTime",
                  [](const Order& o) { return json::value(iso_time(o.updated_at)); });
    scalar<Order>(s, t, "processedAt", "DateTime",
                  [](const Order& o) { return json::value(iso_time(o.processed_at)); });
    scalar<Order>(s, t, "cancelledAt", "DateTime",
                  [](const Order& o) { return opt_time(o.cancelled_at); });
    scalar<Order>(s, t, "closedAt", "DateTime",
                  [](const Order& o) { return opt_time(o.closed_at); });
    scalar<Order>(s, t, "closed", "Boolean",
                  [](const Order& o) { return json::value(o.closed_at.has_value()); });
    scalar<Order>(s, t, "cancelReason", "OrderCancelReason", [](const Order& o) {
        return o.cancel_reason ? json::value(upper(*o.cancel_reason)) : json::value(nullptr);
    });
    scalar<Order>(s, t, "confirmed", "Boolean", [](const Order&) { return json::value(true); });
    scalar<Order>(s, t, "test", "Boolean", [](const Order& o) { return json::value(o.test); });
    scalar<Order>(s, t, "currencyCode", "CurrencyCode",
                  [](const Order& o) { return json::value(o.currency); });
    scalar<Order>(s, t, "presentmentCurrencyCode", "CurrencyCode",
                  [](const Order& o) { return json::value(o.presentment_currency); });
    scalar<Order>(s, t, "displayFinancialStatus", "OrderDisplayFinancialStatus",
                  [](const Order& o) { return json::value(upper(o.financial_status)); });
    scalar<Order>(s, t, "displayFulfillmentStatus", "OrderDisplayFulfillmentStatus",
                  [](const Order& o) { return json::value(display_fulfillment(o)); });
    scalar<Order>(s, t, "fullyPaid", "Boolean", [](const Order& o) {
        return json::value(o.financial_status == "paid" ||
                           o.financial_status == "partially_refunded" ||
                           o.financial_status == "refunded");
    });
    scalar<Order>(s, t, "sourceName", "String",
                  [](const Order& o) { return json::value(o.source_name); });
    scalar<Order>(s, t, "discountCode", "String",
                  [](const Order& o) { return opt_string(o.discount_code); });
    scalar<Order>(s, t, "discountCodes", "[String!]!", [](const Order& o) {
        return o.discount_code ? string_list({*o.discount_code}) : string_list({});
    });
    scalar<Order>(s, t, "paymentGatewayNames", "[String!]!",
                  [](const Order& o) { return string_list({o.gateway}); });
    scalar<Order>(s, t, "totalWeight", "UnsignedInt64",
                  [](const Order& o) { return json::value(std::to_string(o.total_weight)); });
    scalar<Order>(s, t, "subtotalLineItemsQuantity", "Int", [](const Order& o) {
        int q = 0;
        for (const auto& l : o.line_items)
            q += l.quantity;
        return json::value(q);
    });
    auto bag = [&s, t](const std::string& name, std::function<std::int64_t(const Order&)> f) {
        object<Order>(s, t, name, "MoneyBag",
                      [f](const Order& o) -> graphql::Result { return money_bag(f(o), o); });
    };
    bag("subtotalPriceSet", [](const Order& o) { return o.subtotal; });
    bag("currentSubtotalPriceSet", [](const Order& o) { return o.subtotal; });
    bag("totalPriceSet", [](const Order& o) { return o.total_price; });
    bag("currentTotalPriceSet", [](const Order& o) { return o.total_price - refunded_total(o); });
    bag("totalTaxSet", [](const Order& o) { return o.total_tax; });
    bag("currentTotalTaxSet", [](const Order& o) { return o.total_tax; });
    bag("totalShippingPriceSet", [](const Order& o) { return o.total_shipping; });
    bag("totalDiscountsSet", [](const Order& o) { return o.total_discounts; });
    bag("currentTotalDiscountsSet", [](const Order& o) { return o.total_discounts; });
    bag("totalRefundedSet", [](const Order& o) { return refunded_total(o); });
    bag("totalOutstandingSet", [](const Order& o) {
        return o.financial_status == "pending" || o.financial_status == "authorized" ? o.total_price
                                                                                     : 0;
    });
    object<Order>(s, t, "billingAddress", "MailingAddress", [](const Order& o) -> graphql::Result {
        if (!o.billing_address)
            return json::value(nullptr);
        return make_entity("MailingAddress", *o.billing_address);
    });
    object<Order>(s, t, "shippingAddress", "MailingAddress", [](const Order& o) -> graphql::Result {
        if (!o.shipping_address)
            return json::value(nullptr);
        return make_entity("MailingAddress", *o.shipping_address);
    });
    object_ctx<Order>(
        s, t, "customer", "Customer", [](const Order& o, graphql::Context& ctx) -> graphql::Result {
            if (!o.customer_index)
                return json::value(nullptr);
            return customer_entity(*services(ctx).store, ids::customer + *o.customer_index);
        });
    list_connection<Order>(s, t, "lineItems", "LineItem", [](const Entity& e) {
        auto o = shared_of<Order>(e);
        std::vector<Entity> out;
        for (std::size_t k = 0; k < o->line_items.size(); ++k)
            out.push_back(make_entity("LineItem", LineRef{o, k}));
        return out;
    });
    list_connection<Order>(s, t, "shippingLines", "ShippingLine", [](const Entity& e) {
        auto o = shared_of<Order>(e);
        std::vector<Entity> out;
        for (std::size_t k = 0; k < o->shipping_lines.size(); ++k) {
            out.push_back(make_entity("ShippingLine", LineRef{o, k}));
        }
        return out;
    });
    graphql::FieldDef ful;
    ful.name = "fulfillments";
    ful.kind = FieldKind::list;
    ful.type = "Fulfillment";
    ful.resolve = [](const Entity& e, const graphql::Args& args,
                     graphql::Context&) -> graphql::Result {
        auto o = shared_of<Order>(e);
        std::vector<Entity> out;
        const auto limit = arg_int(args, "first").value_or(1 << 20);
        for (std::size_t k = 0; k < o->fulfillments.size() && static_cast<std::int64_t>(k) < limit;
             ++k) {
            out.push_back(make_entity("Fulfillment", LineRef{o, k}));
        }
        return out;
    };
    s.field(t, std::move(ful));
    graphql::FieldDef ref;
    ref.name = "refunds";
    ref.kind = FieldKind::list;
    ref.type = "Refund";
    ref.resolve = [](const Entity& e, const graphql::Args&, graphql::Context&) -> graphql::Result {
        auto o = shared_of<Order>(e);
        std::vector<Entity> out;
        for (std::size_t k = 0; k < o->refunds.size(); ++k)
            out.push_back(make_entity("Refund", LineRef{o, k}));
        return out;
    };
    s.field(t, std::move(ref));
}

}  // namespace

void register_order_types(graphql::Schema& s) {
    register_money(s);
    register_address(s);
    register_line_item(s);
    register_fulfillment(s);
    register_refund(s);
    register_shipping_line(s);
    register_order(s);
}

}  // namespace sb::emulators::shopify
