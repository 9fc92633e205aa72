#include "emulators/shoplazza/emulator.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "crypto/crypto.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/server/runtime.hpp"

namespace sb::emulators::shoplazza {

namespace json = boost::json;

namespace {

common::TokenOptions token_options() {
    common::TokenOptions t;
    t.access_prefix = "";
    t.refresh_prefix = "";
    t.access_ttl_s = 7 * 86'400;
    t.refresh_ttl_s = 90 * 86'400;
    t.scope_separator = ' ';
    return t;
}

// Deterministic per app secret so scripts can reuse it across restarts.
std::string admin_token_for(const EmulatorOptions& o) {
    return crypto::base64url_encode(crypto::hmac_sha256(o.client_secret, "admin-token"));
}

}  // namespace

http::Response error_response(int status, const std::string& message) {
    return http::Response::json(
        status, json::serialize(json::object{{"errors", json::array{message.c_str()}}}));
}

const std::vector<std::string>& all_scopes() {
    static const std::vector<std::string> s{
        "read_shop",     "write_shop",    "read_order",     "write_order",    "read_product",
        "write_product", "read_customer", "write_customer", "read_inventory", "write_inventory"};
    return s;
}

Runtime::Runtime(EmulatorOptions o)
    : common::Runtime<EmulatorOptions, Store>(
          o, {token_options(), admin_token_for(o), all_scopes(), webhook_options(o)},
          std::make_unique<Store>(common::store_size<StoreSize>(o))),
      buckets(o.bucket_size, o.leak_rate) {}

std::string Runtime::store_id() const {
    return std::to_string(store->shop().id);
}

void Runtime::publish(const std::string& topic, const char* key, json::object body) {
    webhooks.publish(topic, json::serialize(json::object{{key, std::move(body)}}));
}

std::optional<Customer> order_customer(const Runtime& rt, const Order& o) {
    if (!o.customer_index)
        return std::nullopt;
    return rt.store->customer(*o.customer_index);
}

void Runtime::publish_order(const std::string& topic, const Order& o) {
    publish(topic, "order", order_json(o, order_customer(*this, o)));
}

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;

    // An OpenAPI call: faults, then the token, its bucket (and counted throttles), the store's
    // state and the route's scope; every answer carries the bucket's headers.
    http::Response openapi(http::Request& req, const http::Route& route) {
        ++rt.counters.openapi;
        if (auto r = rt.faults.inject(error_response))
            return *r;
        const auto token = req.header("access-token");
        const auto grant = token ? rt.app.tokens().lookup(std::string(*token)) : std::nullopt;
        if (!grant)
            return error_response(401, "Unauthorized");
        auto b = rt.buckets.take(std::string(*token));
        if (b.ok && rt.faults.take_throttle_next()) {
            b.ok = false;  // as if the bucket were full: the client must wait, then retry
            b.retry_after_s = 1;
        }
        http::Response res;
        if (!b.ok) {
            ++rt.counters.throttled;
            res = error_response(429, "Too Many Requests");
            res.set_header(
                "Retry-After",
                std::to_string(static_cast<int>(std::max(1.0, std::ceil(b.retry_after_s)))));
        } else if (!rt.active) {
            res = http::Response::json(401, R"({"error":"store is not active"})");
        } else if (!route.scope.empty() && !has_scope(grant->scopes, route.scope)) {
            res = error_response(
                403, "Forbidden: this action requires the " + route.scope + " access scope");
        } else {
            http::Principal p;
            p.scopes = grant->scopes;
            res = common::call(route, req, http::Context{&p}, error_response);
        }
        res.set_header("X-RateLimit-Limit", std::to_string(b.size));
        res.set_header("X-RateLimit-Remaining", std::to_string(std::max(0, b.size - b.used)));
        return res;
    }

    // Unknown paths answer 404 before any fault; only OpenAPI calls are faulted.
    http::Response dispatch(http::Request& req) {
        ++rt.requests;
        const http::Match m = router.match(req);
        if (!m.route)
            return common::unrouted(m, error_response);
        if (req.path.rfind("/openapi/", 0) == 0)
            return openapi(req, *m.route);
        return common::call(*m.route, req, http::Context{}, error_response);
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    Runtime& rt = impl->rt;
    add_openapi_routes(impl->router, rt);
    add_oauth_routes(impl->router, rt);
    add_admin_routes(impl->router, rt);
    serve(rt, rt.options, [impl](http::Request& req) { return impl->dispatch(req); },
          {{[&rt] { rt.webhooks.start(); }, [&rt] { rt.webhooks.stop(); }}});
}

Emulator::~Emulator() {
    stop();
}

}  // namespace sb::emulators::shoplazza
