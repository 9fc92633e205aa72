#include <boost/json/serialize.hpp>

#include "emulators/common/admin_endpoints.hpp"
#include "emulators/common/money.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/server/runtime.hpp"

// /_emulator/…: the control plane tests and developers use to change the store; faults, stats
// and uninstall are the kit's (common/admin_endpoints.hpp). Unauthenticated: it exists only on
// the emulator.
namespace sb::emulators::shoplazza {

namespace json = boost::json;

namespace {

using common::InvalidBody;
using common::object_body;

const auto text = common::body_text;  // the kit's body member reader

std::optional<std::string> enum_text(const json::object& b, const char* key,
                                     const std::vector<std::string>& values) {
    auto v = text(b, key);
    if (v && enum_index(values, *v) < 0)
        throw InvalidBody{std::string(key) + ": unknown value '" + *v + "'"};
    return v;
}

http::Response reply(int status, json::object body) {
    return http::Response::json(status, json::serialize(body));
}

http::Response not_found() {
    return http::Response::json(404, R"({"errors":["Not Found"]})");
}

OrderChanges order_changes(Runtime& rt, const json::object& b) {
    OrderChanges c;
    c.note = text(b, "note");
    c.email = text(b, "email");
    c.status = enum_text(b, "status", k_order_statuses);
    c.financial_status = enum_text(b, "financial_status", k_financial_statuses);
    c.fulfillment_status = enum_text(b, "fulfillment_status", k_fulfillment_statuses);
    if (auto id = text(b, "customer_id")) {
        c.customer_index = rt.store->customer_index(*id);
        if (!c.customer_index)
            throw InvalidBody{"customer_id: unknown customer"};
    }
    return c;
}

// The extra topics an order edit implies, besides orders/updated.
void publish_order_changes(Runtime& rt, const Order& before, const Order& after) {
    rt.publish_order("orders/updated", after);
    if (after.status == "cancelled" && before.status != "cancelled")
        rt.publish_order("orders/cancelled", after);
    if (after.financial_status == "paid" && before.financial_status != "paid")
        rt.publish_order("orders/paid", after);
    const bool shipped =
        after.fulfillment_status == "shipped" || after.fulfillment_status == "finished";
    if (shipped && after.fulfillment_status != before.fulfillment_status)
        rt.publish_order("orders/fulfilled", after);
}

ProductChanges product_changes(const json::object& b) {
    ProductChanges c;
    c.title = text(b, "title");
    c.note = text(b, "note");
    c.tags = text(b, "tags");
    c.vendor = text(b, "vendor");
    if (const auto* vs = b.if_contains("variants")) {
        if (!vs->is_array())
            throw InvalidBody{"variants must be an array"};
        for (const auto& v : vs->as_array()) {
            if (!v.is_object())
                throw InvalidBody{"variants[] must be objects"};
            const auto& o = v.as_object();
            ProductChanges::VariantChange vc;
            vc.id = text(o, "id").value_or("");
            if (const auto* q = o.if_contains("inventory_quantity")) {
                if (!q->is_int64())
                    throw InvalidBody{"inventory_quantity must be an integer"};
                vc.inventory_quantity = q->as_int64();
            }
            if (auto price = text(o, "price")) {
                std::int64_t minor = 0;
                if (!common::parse_money(*price, minor))
                    throw InvalidBody{"price must be a decimal string"};
                vc.price = minor;
            }
            c.variants.push_back(std::move(vc));
        }
    }
    return c;
}

CustomerChanges customer_changes(const json::object& b) {
    CustomerChanges c;
    c.email = text(b, "email");
    c.first_name = text(b, "first_name");
    c.last_name = text(b, "last_name");
    c.phone = text(b, "phone");
    c.note = text(b, "note");
    c.tags = text(b, "tags");
    return c;
}

// 2 rather than 2E0 when the figure is whole.
json::value whole_or_fraction(double d) {
    const auto i = static_cast<std::int64_t>(d);
    return static_cast<double>(i) == d ? json::value(i) : json::value(d);
}

common::StatsParts stats(const Runtime& rt) {
    const StoreCounts c = rt.store->counts();
    common::StatsParts p;
    p.shop = rt.options.shop_domain;
    p.state = {{"active", rt.active.load()}};
    p.records = {
        {"orders", c.orders},
        {"products", c.products},
        {"variants", c.variants},
        {"customers", c.customers},
        {"line_items", c.line_items},
        {"locations", 1},
        {"inventory_levels", c.variants},
        {"webhook_subscriptions", static_cast<std::int64_t>(rt.webhooks.subscriptions().size())}};
    p.requests = {{"openapi", rt.counters.openapi.load()},
                  {"throttled", rt.counters.throttled.load()}};
    p.limits = {{"bucket_size", static_cast<std::int64_t>(rt.buckets.size())},
                {"leak_rate", whole_or_fraction(rt.buckets.leak_rate())}};
    return p;
}

}  // namespace

void add_admin_routes(http::Router& r, Runtime& rt) {
    auto add = [&](const char* method, const char* path, auto f) {
        r.add({method, path, "", true, common::refusing_invalid(f, error_response)});
    };
    add("POST", "/_emulator/orders", [&rt](const http::Request& req) {
        const Order o = rt.store->create_order(order_changes(rt, object_body(req)));
        rt.publish_order("orders/create", o);
        return reply(201, {{"order", order_json(o, order_customer(rt, o))}});
    });
    add("PUT", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const OrderChanges c = order_changes(rt, object_body(req));
        const auto i = rt.store->order_index(std::string(req.path_param("id")));
        const auto before = i ? rt.store->order(*i) : std::nullopt;
        const auto after = before ? rt.store->update_order(*i, c) : std::nullopt;
        if (!after)
            return not_found();
        publish_order_changes(rt, *before, *after);
        return reply(200, {{"order", order_json(*after, order_customer(rt, *after))}});
    });
    add("DELETE", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const std::string id(req.path_param("id"));
        const auto i = rt.store->order_index(id);
        if (!i || !rt.store->delete_order(*i))
            return not_found();
        rt.publish("orders/delete", "order", {{"id", id}});
        return reply(200, {});
    });
    add("PUT", "/_emulator/products/{id}", [&rt](const http::Request& req) {
        const ProductChanges c = product_changes(object_body(req));
        const auto i = rt.store->product_index(std::string(req.path_param("id")));
        const auto p = i ? rt.store->update_product(*i, c) : std::nullopt;
        if (!p)
            return not_found();
        rt.publish("products/update", "product", product_json(*p));
        return reply(200, {{"product", product_json(*p)}});
    });
    add("DELETE", "/_emulator/products/{id}", [&rt](const http::Request& req) {
        const std::string id(req.path_param("id"));
        const auto i = rt.store->product_index(id);
        if (!i || !rt.store->delete_product(*i))
            return not_found();
        rt.publish("products/delete", "product", {{"id", id}});
        return reply(200, {});
    });
    add("PUT", "/_emulator/customers/{id}", [&rt](const http::Request& req) {
        const CustomerChanges c = customer_changes(object_body(req));
        const auto i = rt.store->customer_index(std::string(req.path_param("id")));
        const auto cu = i ? rt.store->update_customer(*i, c) : std::nullopt;
        if (!cu)
            return not_found();
        rt.publish("customers/update", "customer", customer_json(*cu, rt.store_id()));
        return reply(200, {{"customer", customer_json(*cu, rt.store_id())}});
    });
    add("DELETE", "/_emulator/customers/{id}", [&rt](const http::Request& req) {
        const std::string id(req.path_param("id"));
        const auto i = rt.store->customer_index(id);
        if (!i || !rt.store->delete_customer(*i))
            return not_found();
        rt.publish("customers/delete", "customer", {{"id", id}});
        return reply(200, {});
    });
    add("POST", "/_emulator/shop/deactivate", [&rt](const http::Request&) {
        rt.active = false;
        return reply(200, {{"active", false}});
    });
    add("POST", "/_emulator/shop/activate", [&rt](const http::Request&) {
        rt.active = true;
        return reply(200, {{"active", true}});
    });
    common::AdminOptions admin;
    admin.error = error_response;
    admin.strict = true;
    admin.counted_faults = true;
    admin.stats = [&rt] { return stats(rt); };
    admin.announce_uninstall = [&rt] {
        rt.publish("app/uninstalled", "shop", shop_json(rt.store->shop()));
    };
    common::add_common_admin_routes(r, rt, std::move(admin));
}

}  // namespace sb::emulators::shoplazza
