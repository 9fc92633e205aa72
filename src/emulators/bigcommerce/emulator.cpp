#include "emulators/bigcommerce/emulator.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"

namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

common::TokenOptions token_options() {
    common::TokenOptions t;
    t.access_prefix = "";
    t.refresh_prefix = "";
    t.access_ttl_s = 0;
    t.scope_separator = ' ';
    return t;
}

// Deterministic per app secret and store so that scripts can reuse it across restarts.
std::string admin_token_for(const EmulatorOptions& o) {
    const std::string raw = crypto::hmac_sha256(o.client_secret, "store-token:" + o.store_hash);
    return crypto::hex_encode(raw).substr(0, 31);
}

const char* const k_status_codes_doc =
    "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

}  // namespace

http::Response error_v2(int status, const std::string& message) {
    return http::Response::json(
        status,
        json::serialize(json::array{json::object{{"status", status}, {"message", message}}}));
}

http::Response error_v3(int status, const std::string& title, json::object errors) {
    return http::Response::json(status,
                                json::serialize(json::object{{"status", status},
                                                             {"title", title},
                                                             {"type", k_status_codes_doc},
                                                             {"errors", std::move(errors)}}));
}

const std::vector<std::string>& all_scopes() {
    static const std::vector<std::string> s{
        "store_v2_orders",      "store_v2_orders_read_only",
        "store_v2_products",    "store_v2_products_read_only",
        "store_v2_customers",   "store_v2_customers_read_only",
        "store_v2_information", "store_v2_information_read_only",
        "store_inventory",      "store_inventory_read_only",
        "store_locations",      "store_locations_read_only"};
    return s;
}

bool has_bc_scope(const std::vector<std::string>& granted, const std::string& scope) {
    if (std::find(granted.begin(), granted.end(), scope) != granted.end())
        return true;
    const std::string suffix = "_read_only";
    if (scope.size() > suffix.size() &&
        scope.compare(scope.size() - suffix.size(), suffix.size(), suffix) == 0) {
        const std::string write = scope.substr(0, scope.size() - suffix.size());
        return std::find(granted.begin(), granted.end(), write) != granted.end();
    }
    return false;
}

Runtime::Runtime(EmulatorOptions o) : Runtime(std::move(o), std::make_shared<HookTable>()) {}

Runtime::Runtime(EmulatorOptions o, std::shared_ptr<HookTable> table)
    : common::Runtime<EmulatorOptions, Store>(
          o, {token_options(), admin_token_for(o), all_scopes(), webhook_options(o, table)},
          [&o] {
              auto size = common::store_size<StoreSize>(o);
              return std::make_unique<Store>(size);
          }()),
      hooks(std::move(table)),
      rate(o.requests_quota(), o.window_ms),
      account_uuid(common::random_uuid()),
      registration_{o.auth_callback, o.app_scopes} {}

void Runtime::set_app_token(const std::string& token) {
    std::lock_guard lock(mutex_);
    app_token_ = token;
}

bool Runtime::current_token(const std::string& token) const {
    if (token == app.admin_token())
        return true;
    std::lock_guard lock(mutex_);
    return !app_token_.empty() && token == app_token_;
}

Runtime::AppRegistration Runtime::registration() const {
    std::lock_guard lock(mutex_);
    return registration_;
}

void Runtime::set_registration(AppRegistration r) {
    std::lock_guard lock(mutex_);
    registration_ = std::move(r);
}

void Runtime::remember_code(const std::string& code, const std::string& redirect) {
    std::lock_guard lock(mutex_);
    code_redirects_[code] = redirect;
}

std::optional<std::string> Runtime::take_code_redirect(const std::string& code) {
    std::lock_guard lock(mutex_);
    auto it = code_redirects_.find(code);
    if (it == code_redirects_.end())
        return std::nullopt;
    std::string r = std::move(it->second);
    code_redirects_.erase(it);
    return r;
}

std::string Runtime::api_url() const {
    return "http://" + options.host + ":" + std::to_string(port.load()) + "/stores/" +
           options.store_hash;
}

StoreInfo Runtime::info() const {
    StoreInfo s;
    s.store_hash = options.store_hash;
    s.store_id = std::to_string(1'000'000 + static_cast<std::int64_t>(options.seed % 1'000'000));
    s.name = "Storebridge Dev Store";
    s.domain = options.shop_domain;
    s.api_url = api_url();
    s.plan = options.plan;
    return s;
}

void Runtime::publish(const std::string& scope, json::object data) {
    const auto targets = hooks->matching(scope);
    if (targets.empty())
        return;
    const StoreInfo s = info();
    const std::string digest_input =
        json::serialize(json::object{{"scope", scope}, {"store_id", s.store_id}, {"data", data}}) +
        std::to_string(now_ms());
    json::object payload{{"scope", scope},
                         {"store_id", s.store_id},
                         {"data", std::move(data)},
                         {"hash", sha1_hex(digest_input)},
                         {"created_at", now_ms() / 1000},
                         {"producer", "stores/" + s.store_hash}};
    const std::string body = json::serialize(payload);
    for (const auto& h : targets)
        webhooks.publish(hook_topic(h.id), body);
}

void Runtime::publish_order_change(const OrderChange& c) {
    publish("store/order/updated", {{"type", "order"}, {"id", c.after.id}});
    if (c.after.status_id != c.before.status_id) {
        publish("store/order/statusUpdated",
                {{"type", "order"},
                 {"id", c.after.id},
                 {"status", json::object{{"previous_status_id", c.before.status_id},
                                         {"new_status_id", c.after.status_id}}}});
    }
}

void Runtime::drop_hooks() {
    for (const auto& h : hooks->clear())
        webhooks.unsubscribe(h.subscription_id);
}

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;

    void rate_headers(http::Response& res, const RateWindow::Status& s) {
        res.set_header("X-Rate-Limit-Requests-Left", std::to_string(s.left));
        res.set_header("X-Rate-Limit-Requests-Quota", std::to_string(s.quota));
        res.set_header("X-Rate-Limit-Time-Window-Ms", std::to_string(s.window_ms));
        res.set_header("X-Rate-Limit-Time-Reset-Ms", std::to_string(s.reset_ms));
    }

    // A store API call: the store hash, faults, the token, the store's rate window (and
    // counted throttles), then the route's scope. Every answer past the token carries the
    // window's headers.
    http::Response store_api(http::Request& req, const http::Route& route,
                             const common::ErrorBody& error) {
        ++rt.counters.api;
        if (req.path_param("store_hash") != rt.options.store_hash)
            return error(404, "The requested resource was not found.");
        if (auto r = rt.faults.inject(error))
            return *r;
        const auto token = req.header("x-auth-token");
        const auto grant = token ? rt.app.tokens().lookup(std::string(*token)) : std::nullopt;
        if (!grant || !rt.current_token(std::string(*token))) {
            http::Response res = error(401, "You are not authorized to access this resource.");
            rate_headers(res, rt.rate.peek());
            return res;
        }
        RateWindow::Status s = rt.rate.take();
        if (s.ok && rt.faults.take_throttle_next())
            s.ok = false;
        http::Response res;
        if (!s.ok) {
            ++rt.counters.throttled;
            res = error(429, "You have exceeded the request quota for this time window.");
            res.set_header("X-Retry-After", std::to_string((s.reset_ms + 999) / 1000));
        } else if (!route.scope.empty() && !has_bc_scope(grant->scopes, route.scope)) {
            res = error(403, "You don't have a required scope to access the endpoint.");
        } else {
            http::Principal p;
            p.client_id =
                *token == rt.app.admin_token() ? k_store_account_client : rt.options.client_id;
            p.scopes = grant->scopes;
            res = common::call(route, req, http::Context{&p}, error);
        }
        rate_headers(res, s);
        return res;
    }

    http::Response dispatch(http::Request& req) {
        ++rt.requests;
        const bool api = req.path.rfind("/stores/", 0) == 0;
        const bool v3 = api && req.segments.size() > 2 && req.segments[2] == "v3";
        const common::ErrorBody error =
            v3 ? common::ErrorBody(
                     [](int status, const std::string& m) { return error_v3(status, m); })
               : common::ErrorBody(error_v2);
        const http::Match m = router.match(req);
        if (!m.route)
            return common::unrouted(m, error);
        if (api)
            return store_api(req, *m.route, error);
        return common::call(*m.route, req, http::Context{}, error);
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    Runtime& rt = impl->rt;
    add_v2_routes(impl->router, rt);
    add_v3_routes(impl->router, rt);
    add_hook_routes(impl->router, rt);
    add_oauth_routes(impl->router, rt);
    add_admin_routes(impl->router, rt);
    serve(rt, rt.options,
          [this, impl](http::Request& req) {
              if (impl->rt.port == 0)
                  impl->rt.port = port();  // links carry it; known once listening
              return impl->dispatch(req);
          },
          {{[&rt] { rt.webhooks.start(); }, [&rt] { rt.webhooks.stop(); }}});
}

Emulator::~Emulator() {
    stop();
}

}  // namespace sb::emulators::bigcommerce
