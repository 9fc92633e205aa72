#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "emulators/common/money.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/server/runtime.hpp"

// /_emulator/…: the control plane tests and developers use to change the store, inject
// faults and read counters. Unauthenticated: it exists only on the emulator.
namespace sb::emulators::shoplazza {

namespace json = boost::json;

namespace {

struct Invalid {
    std::string message;
};

json::object body_of(const http::Request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body.empty() ? "{}" : req.body, ec);
    if (ec || !v.is_object())
        throw Invalid{"body must be a JSON object"};
    return v.as_object();
}

std::optional<std::string> text(const json::object& b, const char* key) {
    const auto* v = b.if_contains(key);
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        throw Invalid{std::string(key) + " must be a string"};
    return std::string(v->as_string());
}

std::optional<std::string> enum_text(const json::object& b, const char* key,
                                     const std::vector<std::string>& values) {
    auto v = text(b, key);
    if (v && enum_index(values, *v) < 0)
        throw Invalid{std::string(key) + ": unknown value '" + *v + "'"};
    return v;
}

http::Response reply(int status, json::object body) {
    return http::Response::json(status, json::serialize(body));
}

http::Response not_found() {
    return http::Response::json(404, R"({"errors":["Not Found"]})");
}

template <class F>
http::Handler guarded(F f) {
    return [f](const http::Request& req, const http::Context&) {
        try {
            return f(req);
        } catch (const Invalid& e) {
            return http::Response::json(
                400, json::serialize(json::object{{"errors", json::array{e.message.c_str()}}}));
        }
    };
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
            throw Invalid{"customer_id: unknown customer"};
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
            throw Invalid{"variants must be an array"};
        for (const auto& v : vs->as_array()) {
            if (!v.is_object())
                throw Invalid{"variants[] must be objects"};
            const auto& o = v.as_object();
            ProductChanges::VariantChange vc;
            vc.id = text(o, "id").value_or("");
            if (const auto* q = o.if_contains("inventory_quantity")) {
                if (!q->is_int64())
                    throw Invalid{"inventory_quantity must be an integer"};
                vc.inventory_quantity = q->as_int64();
            }
            if (auto price = text(o, "price")) {
                std::int64_t minor = 0;
                if (!common::parse_money(*price, minor))
                    throw Invalid{"price must be a decimal string"};
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

json::object stats(const Runtime& rt) {
    const StoreCounts c = rt.store->counts();
    const auto w = rt.webhooks->stats();
    return {
        {"shop", rt.options.shop_domain},
        {"active", rt.active.load()},
        {"installed", rt.installed.load()},
        {"records", json::object{{"orders", c.orders},
                                 {"products", c.products},
                                 {"variants", c.variants},
                                 {"customers", c.customers},
                                 {"line_items", c.line_items},
                                 {"locations", 1},
                                 {"inventory_levels", c.variants},
                                 {"webhook_subscriptions",
                                  static_cast<std::int64_t>(rt.webhooks->subscriptions().size())}}},
        {"requests", json::object{{"total", rt.counters.requests.load()},
                                  {"openapi", rt.counters.openapi.load()},
                                  {"throttled", rt.counters.throttled.load()},
                                  {"injected_failures", rt.counters.injected_failures.load()},
                                  {"injected_resets", rt.counters.injected_resets.load()}}},
        {"limits", json::object{{"bucket_size", static_cast<std::int64_t>(rt.buckets->size())},
                                {"leak_rate", whole_or_fraction(rt.buckets->leak_rate())}}},
        {"webhooks", json::object{{"published", w.published},
                                  {"delivered", w.delivered},
                                  {"failed_attempts", w.failed_attempts},
                                  {"abandoned", w.abandoned},
                                  {"dropped", w.dropped},
                                  {"duplicated", w.duplicated},
                                  {"pending", w.pending}}}};
}

http::Response faults(Runtime& rt, const json::object& b) {
    auto number = [&](const char* k) -> std::optional<double> {
        const auto* v = b.if_contains(k);
        if (!v)
            return std::nullopt;
        if (!v->is_number())
            throw Invalid{std::string(k) + " must be a number"};
        return v->to_number<double>();
    };
    std::lock_guard lock(rt.faults.mutex);
    if (auto v = number("latency_min_ms"))
        rt.faults.latency_min_ms = static_cast<int>(*v);
    if (auto v = number("latency_max_ms"))
        rt.faults.latency_max_ms = static_cast<int>(*v);
    if (auto v = number("fail_rate"))
        rt.faults.fail_rate = *v;
    if (auto v = number("reset_rate"))
        rt.faults.reset_rate = *v;
    if (auto v = number("fail_next"))
        rt.faults.fail_next = static_cast<int>(*v);
    if (auto v = number("throttle_next"))
        rt.faults.throttle_next = static_cast<int>(*v);
    const auto drop = number("webhook_drop_rate"), dup = number("webhook_duplicate_rate");
    if (drop || dup)
        rt.webhooks->set_faults(drop.value_or(0), dup.value_or(0));
    return reply(200, {{"latency_min_ms", rt.faults.latency_min_ms},
                       {"latency_max_ms", rt.faults.latency_max_ms},
                       {"fail_rate", rt.faults.fail_rate},
                       {"reset_rate", rt.faults.reset_rate},
                       {"fail_next", rt.faults.fail_next},
                       {"throttle_next", rt.faults.throttle_next}});
}

}  // namespace

void add_admin_routes(http::Router& r, Runtime& rt) {
    auto add = [&](const char* method, const char* path, auto f) {
        r.add({method, path, "", true, guarded(f)});
    };
    add("GET", "/_emulator/stats", [&rt](const http::Request&) { return reply(200, stats(rt)); });
    add("POST", "/_emulator/faults",
        [&rt](const http::Request& req) { return faults(rt, body_of(req)); });
    add("POST", "/_emulator/orders", [&rt](const http::Request& req) {
        const Order o = rt.store->create_order(order_changes(rt, body_of(req)));
        rt.publish_order("orders/create", o);
        return reply(201, {{"order", order_json(o, order_customer(rt, o))}});
    });
    add("PUT", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const OrderChanges c = order_changes(rt, body_of(req));
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
        const ProductChanges c = product_changes(body_of(req));
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
        const CustomerChanges c = customer_changes(body_of(req));
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
    add("POST", "/_emulator/uninstall", [&rt](const http::Request&) {
        rt.installed = false;
        rt.tokens.revoke_all();
        rt.tokens.add_offline(rt.admin_token, all_scopes());  // the emulator's own survives
        rt.publish("app/uninstalled", "shop", shop_json(rt.store->shop()));
        return reply(200, {{"uninstalled", true}});
    });
}

}  // namespace sb::emulators::shoplazza
