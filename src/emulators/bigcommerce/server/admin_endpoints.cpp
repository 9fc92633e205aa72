#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "emulators/bigcommerce/server/callback_client.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"
#include "emulators/common/admin_endpoints.hpp"
#include "emulators/common/oauth_http.hpp"
#include "emulators/common/tokens.hpp"

// /_emulator/…: the control plane tests and developers use to change the store, each change
// firing the webhooks BigCommerce would; the app callbacks (load, uninstall, remove_user) with a
// signed_payload_jwt; faults, stats and uninstall are the kit's (common/admin_endpoints.hpp).
// Unauthenticated: it exists only on the emulator.
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

using common::InvalidBody;
using common::object_body;

http::Response reply(int status, json::object body) {
    return http::Response::json(status, json::serialize(body));
}

http::Response not_found() {
    return error_v2(404, "The requested resource was not found.");
}

const auto integer = common::body_integer;  // the kit's body member reader

const auto text = common::body_text;  // the kit's body member reader

std::int64_t id_of(const http::Request& req) {
    try {
        return std::stoll(std::string(req.path_param("id")));
    } catch (const std::exception&) {
        return -1;
    }
}

std::optional<int> status_of(const json::object& b) {
    auto s = integer(b, "status_id");
    if (s && (*s < 0 || *s > 14))
        throw InvalidBody{"status_id must be between 0 and 14"};
    return s ? std::optional<int>(static_cast<int>(*s)) : std::nullopt;
}

NewOrder new_order(const json::object& b) {
    NewOrder n;
    n.customer_id = integer(b, "customer_id");
    if (auto s = status_of(b))
        n.status_id = *s;
    if (const auto* items = b.if_contains("items")) {
        if (!items->is_array())
            throw InvalidBody{"items must be an array"};
        for (const auto& i : items->as_array()) {
            if (!i.is_object())
                throw InvalidBody{"items[] must be objects"};
            NewOrderItem item;
            item.variant_id = integer(i.as_object(), "variant_id").value_or(0);
            item.quantity = static_cast<int>(integer(i.as_object(), "quantity").value_or(1));
            n.items.push_back(item);
        }
    }
    return n;
}

http::Response changed_order(Runtime& rt, const std::optional<OrderChange>& c) {
    if (!c)
        return not_found();
    rt.publish_order_change(*c);
    return reply(200, {{"order", order_v2(c->after, rt.info())}});
}

// GET `url`?signed_payload_jwt=… as the store does for uninstall and remove_user; `load` is
// the merchant's browser, so only its URL is made.
http::Response app_callback(Runtime& rt, const std::string& kind, const json::object& b) {
    if (kind != "load" && kind != "uninstall" && kind != "remove_user")
        return error_v2(404, "Unknown callback: use load, uninstall or remove_user.");
    const auto url = text(b, "url");
    if (!url)
        throw InvalidBody{"url is required"};
    CallbackClaims c;
    c.aud = rt.options.client_id;
    c.iat = now_ms() / 1000;
    c.jti = common::random_uuid();
    c.sub = "stores/" + rt.options.store_hash;
    c.url = "/";
    c.user_id = integer(b, "user_id").value_or(1);
    c.user_email = text(b, "user_email").value_or("owner@example.com");
    c.owner_id = 1;
    c.owner_email = "owner@example.com";
    const std::string jwt = signed_payload_jwt(c, rt.options.client_secret);
    const std::string called = common::with_query(*url, {{"signed_payload_jwt", jwt}});
    json::object out{{"callback", kind}, {"url", called}, {"signed_payload_jwt", jwt}};
    if (kind == "load")
        return reply(200, std::move(out));
    const CallbackResult r = http_get(called, std::chrono::seconds(5));
    out["status"] = r.status;
    if (!r.error.empty())
        out["error"] = r.error;
    if (kind == "uninstall") {
        rt.publish("store/app/uninstalled", {{"type", "store"}, {"id", rt.info().store_id}});
        rt.drop_hooks();
        rt.app.uninstall();
        rt.set_app_token("");
    }
    return reply(200, std::move(out));
}

common::StatsParts stats(const Runtime& rt) {
    const StoreCounts c = rt.store->counts();
    common::StatsParts p;
    p.shop = rt.options.store_hash;
    p.state = {{"plan", rt.options.plan}};
    p.records = {{"orders", c.orders},
                 {"products", c.products},
                 {"variants", c.variants},
                 {"customers", c.customers},
                 {"shipments", c.shipments},
                 {"locations", c.locations},
                 {"hooks", static_cast<std::int64_t>(rt.hooks->all().size())}};
    p.requests = {{"api", rt.counters.api.load()}, {"throttled", rt.counters.throttled.load()}};
    p.limits = {{"requests_quota", rt.rate.quota()}, {"window_ms", rt.rate.window_ms()}};
    return p;
}

}  // namespace

void add_admin_routes(http::Router& r, Runtime& rt) {
    auto add = [&](const char* method, const char* path, auto f) {
        r.add({method, path, "", true, common::refusing_invalid(f, error_v2)});
    };
    add("POST", "/_emulator/orders", [&rt](const http::Request& req) {
        auto [o, refusal] = rt.store->create_order(new_order(object_body(req)));
        if (refusal)
            return error_v2(400, refusal->message);
        rt.publish("store/order/created", {{"type", "order"}, {"id", o->id}});
        return reply(201, {{"order", order_v2(*o, rt.info())}});
    });
    add("PUT", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const auto status = status_of(object_body(req));
        return changed_order(rt, rt.store->set_order_status(id_of(req), status));
    });
    add("POST", "/_emulator/orders/{id}/cancel", [&rt](const http::Request& req) {
        return changed_order(rt, rt.store->set_order_status(id_of(req), 5));
    });
    add("PUT", "/_emulator/stock", [&rt](const http::Request& req) {
        const json::object b = object_body(req);
        AbsoluteAdjustment a;
        a.location_id = integer(b, "location_id").value_or(1);
        a.variant_id = integer(b, "variant_id");
        a.sku = text(b, "sku");
        a.quantity = integer(b, "quantity").value_or(-1);
        auto [changes, refusal] = rt.store->adjust_absolute({a});
        if (refusal)
            return error_v2(400, refusal->message);
        const StockChange& c = changes.front();
        rt.publish("store/sku/inventory/updated",
                   {{"type", "sku"},
                    {"id", c.sku_id},
                    {"inventory", json::object{{"product_id", c.product_id},
                                               {"method", "absolute"},
                                               {"value", c.quantity},
                                               {"variant_id", c.variant_id}}}});
        return reply(200, {{"variant_id", c.variant_id},
                           {"location_id", c.location_id},
                           {"quantity", c.quantity}});
    });
    add("PUT", "/_emulator/products/{id}", [&rt](const http::Request& req) {
        const auto p = rt.store->touch_product(id_of(req));
        if (!p)
            return not_found();
        rt.publish("store/product/updated", {{"type", "product"}, {"id", p->id}});
        return reply(200, {{"product", product_v3(*p, true)}});
    });
    add("PUT", "/_emulator/customers/{id}", [&rt](const http::Request& req) {
        const auto c = rt.store->touch_customer(id_of(req));
        if (!c)
            return not_found();
        rt.publish("store/customer/updated", {{"type", "customer"}, {"id", c->id}});
        return reply(200, {{"customer", customer_v3(*c, false)}});
    });
    // The app's registration in the Developer Portal: auth callback URL and scopes (space
    // separated; omitted: every scope).
    add("POST", "/_emulator/app", [&rt](const http::Request& req) {
        const json::object b = object_body(req);
        Runtime::AppRegistration app;
        app.auth_callback = text(b, "auth_callback").value_or("");
        if (app.auth_callback.rfind("http://", 0) != 0 &&
            app.auth_callback.rfind("https://", 0) != 0)
            throw InvalidBody{"auth_callback must be an http:// or https:// URL"};
        app.scopes = common::split_scopes(text(b, "scopes").value_or(""));
        for (const auto& s : app.scopes) {
            const auto& all = all_scopes();
            if (std::find(all.begin(), all.end(), s) == all.end())
                throw InvalidBody{"unknown scope " + s};
        }
        rt.set_registration(app);
        return reply(
            200,
            {{"client_id", rt.options.client_id},
             {"auth_callback", app.auth_callback},
             {"scopes", common::join_scopes(app.scopes.empty() ? all_scopes() : app.scopes, ' ')}});
    });
    add("POST", "/_emulator/callbacks/{kind}", [&rt](const http::Request& req) {
        return app_callback(rt, std::string(req.path_param("kind")), object_body(req));
    });
    common::AdminOptions admin;
    admin.error = error_v2;
    admin.strict = true;
    admin.counted_faults = true;
    admin.stats = [&rt] { return stats(rt); };
    admin.announce_uninstall = [&rt] {
        rt.publish("store/app/uninstalled", {{"type", "store"}, {"id", rt.info().store_id}});
        rt.drop_hooks();
        rt.set_app_token("");
    };
    common::add_common_admin_routes(r, rt, std::move(admin));
}

}  // namespace sb::emulators::bigcommerce
