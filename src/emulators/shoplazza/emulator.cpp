#include "emulators/shoplazza/emulator.hpp"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <random>
#include <thread>

#include "core/signals.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/server/runtime.hpp"
#include "http/server.hpp"

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

StoreSize store_size(const EmulatorOptions& o) {
    StoreSize s;
    s.seed = o.seed;
    s.orders = o.orders;
    s.products = o.products;
    s.customers = o.customers;
    s.shop_domain = o.shop_domain;
    return s;
}

http::Response error(int status, const std::string& message) {
    return http::Response::json(
        status, json::serialize(json::object{{"errors", json::array{message.c_str()}}}));
}

}  // namespace

common::RequestBucket::Status Buckets::take(const std::string& token) {
    common::RequestBucket* b;
    {
        std::lock_guard lock(mutex_);
        auto& slot = buckets_[token];
        if (!slot)
            slot = std::make_unique<common::RequestBucket>(size_, rate_);
        b = slot.get();
    }
    return b->try_take();
}

const std::vector<std::string>& all_scopes() {
    static const std::vector<std::string> s{
        "read_shop",     "write_shop",    "read_order",     "write_order",    "read_product",
        "write_product", "read_customer", "write_customer", "read_inventory", "write_inventory"};
    return s;
}

bool has_scope(const std::vector<std::string>& granted, const std::string& scope) {
    for (const auto& g : granted) {
        if (g == scope)
            return true;
        if (scope.rfind("read_", 0) == 0 && g == "write_" + scope.substr(5))
            return true;
    }
    return false;
}

Runtime::Runtime(EmulatorOptions o) : options(std::move(o)), tokens(token_options()) {
    store = std::make_unique<Store>(store_size(options));
    WebhookOptions wo;
    wo.secret = options.client_secret;
    wo.shop_domain = options.shop_domain;
    wo.retry_scale = options.webhook_retry_scale;
    webhooks = std::make_unique<Webhooks>(wo);
    buckets = std::make_unique<Buckets>(options.bucket_size, options.leak_rate);
    faults.latency_min_ms = options.latency_min_ms;
    faults.latency_max_ms = options.latency_max_ms;
    faults.fail_rate = options.fail_rate;
    faults.reset_rate = options.reset_rate;
    // Deterministic per app secret so scripts can reuse it across restarts.
    admin_token =
        crypto::base64url_encode(crypto::hmac_sha256(options.client_secret, "admin-token"));
    tokens.add_offline(admin_token, all_scopes());
}

std::string Runtime::store_id() const {
    return std::to_string(store->shop().id);
}

void Runtime::publish(const std::string& topic, const char* key, json::object body) const {
    webhooks->publish(topic, json::serialize(json::object{{key, std::move(body)}}));
}

std::optional<Customer> order_customer(const Runtime& rt, const Order& o) {
    if (!o.customer_index)
        return std::nullopt;
    return rt.store->customer(*o.customer_index);
}

void Runtime::publish_order(const std::string& topic, const Order& o) const {
    publish(topic, "order", order_json(o, order_customer(*this, o)));
}

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;
    std::unique_ptr<http::Server> server;
    std::mutex rng_mutex;
    std::mt19937_64 rng{12345};

    double roll() {
        std::lock_guard lock(rng_mutex);
        return std::uniform_real_distribution<double>(0, 1)(rng);
    }

    // Latency, resets and failures, injected into OpenAPI calls only; nullopt: go on.
    std::optional<http::Response> inject_faults() {
        int lo, hi;
        double fail, reset;
        {
            std::lock_guard lock(rt.faults.mutex);
            lo = rt.faults.latency_min_ms;
            hi = std::max(lo, rt.faults.latency_max_ms);
            fail = rt.faults.fail_rate;
            reset = rt.faults.reset_rate;
        }
        if (hi > 0) {
            const int ms = lo + static_cast<int>(roll() * (hi - lo));
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        }
        if (reset > 0 && roll() < reset) {
            ++rt.counters.injected_resets;
            http::Response res;
            res.abort_connection = true;
            return res;
        }
        if ((fail > 0 && roll() < fail) || take_counted(&Faults::fail_next)) {
            ++rt.counters.injected_failures;
            return http::Response::json(503, R"({"errors":["Service Unavailable"]})");
        }
        return std::nullopt;
    }

    // Takes one of the counted faults (Faults::fail_next, Faults::throttle_next) if any is left.
    bool take_counted(int Faults::*counter) {
        std::lock_guard lock(rt.faults.mutex);
        if (rt.faults.*counter <= 0)
            return false;
        --(rt.faults.*counter);
        return true;
    }

    http::Response openapi(http::Request& req, const http::Route& route) {
        ++rt.counters.openapi;
        if (auto r = inject_faults())
            return *r;
        const auto token = req.header("access-token");
        const auto grant = token ? rt.tokens.lookup(std::string(*token)) : std::nullopt;
        if (!grant)
            return error(401, "Unauthorized");
        auto b = rt.buckets->take(std::string(*token));
        if (b.ok && take_counted(&Faults::throttle_next)) {
            b.ok = false;  // as if the bucket were full: the client must wait, then retry
            b.retry_after_s = 1;
        }
        http::Response res;
        if (!b.ok) {
            ++rt.counters.throttled;
            res = error(429, "Too Many Requests");
            res.set_header(
                "Retry-After",
                std::to_string(static_cast<int>(std::max(1.0, std::ceil(b.retry_after_s)))));
        } else if (!rt.active) {
            res = http::Response::json(401, R"({"error":"store is not active"})");
        } else if (!route.scope.empty() && !has_scope(grant->scopes, route.scope)) {
            res =
                error(403, "Forbidden: this action requires the " + route.scope + " access scope");
        } else {
            http::Principal p;
            p.scopes = grant->scopes;
            try {
                res = route.handler(req, http::Context{&p});
            } catch (const std::exception& e) {
                res = error(500, e.what());
            }
        }
        res.set_header("X-RateLimit-Limit", std::to_string(b.size));
        res.set_header("X-RateLimit-Remaining", std::to_string(std::max(0, b.size - b.used)));
        return res;
    }

    http::Response dispatch(http::Request& req) {
        ++rt.counters.requests;
        auto m = router.match(req);
        if (!m.route) {
            if (!m.allowed.empty())
                return error(405, "Method Not Allowed");
            return error(404, "Not Found");
        }
        if (req.path.rfind("/openapi/", 0) == 0)
            return openapi(req, *m.route);
        try {
            return m.route->handler(req, http::Context{});
        } catch (const std::exception& e) {
            return error(500, e.what());
        }
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    add_openapi_routes(impl_->router, impl_->rt);
    add_oauth_routes(impl_->router, impl_->rt);
    add_admin_routes(impl_->router, impl_->rt);
}

Emulator::~Emulator() {
    stop();
}

void Emulator::start() {
    auto& rt = impl_->rt;
    http::ServerOptions so;
    so.address = rt.options.host;
    so.port = rt.options.port;
    so.io_threads = 2;
    so.handler_threads = rt.options.handler_threads;
    so.body_limit = 8 * 1024 * 1024;
    impl_->server = std::make_unique<http::Server>(
        so, [this](http::Request& req) { return impl_->dispatch(req); });
    impl_->server->start();
    rt.webhooks->start();
}

void Emulator::stop() {
    if (impl_->server)
        impl_->server->stop();
    impl_->rt.webhooks->stop();
}

void Emulator::wait_for_signal() {
    wait_for_stop_signal();
    stop();
}

std::uint16_t Emulator::port() const {
    return impl_->server ? impl_->server->port() : 0;
}

const std::string& Emulator::admin_token() const {
    return impl_->rt.admin_token;
}

const EmulatorOptions& Emulator::options() const {
    return impl_->rt.options;
}

}  // namespace sb::emulators::shoplazza
