#include "emulators/woocommerce/emulator.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/admin_endpoints.hpp"
#include "emulators/woocommerce/server/auth.hpp"

namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

const char* const k_api_prefix = "/wp-json/";

// What a broken WordPress site answers with 200 instead of the API's JSON.
const char* const k_html_page =
    "<!DOCTYPE html><html><head><title>Acme Books</title></head><body><p>There has been a "
    "critical error on this website.</p></body></html>";

// Counts a wc/v3 call in flight for as long as it is answered, and the most at once.
class InFlight {
  public:
    explicit InFlight(Counters& c) : c_(c) {
        const std::int64_t now = ++c_.in_flight;
        std::int64_t seen = c_.max_in_flight.load();
        while (now > seen && !c_.max_in_flight.compare_exchange_weak(seen, now)) {
        }
    }
    ~InFlight() { --c_.in_flight; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

  private:
    Counters& c_;
};

bool take_one(std::atomic<std::int64_t>& counter) {
    std::int64_t n = counter.load();
    while (n > 0 && !counter.compare_exchange_weak(n, n - 1)) {
    }
    return n > 0;
}

// The REST API keys are WooCommerce's own (server/keys.hpp); the kit's token store is unused.
common::TokenOptions token_options() {
    common::TokenOptions t;
    t.access_prefix = "";
    t.refresh_prefix = "";
    t.access_ttl_s = 0;
    t.scope_separator = ' ';
    return t;
}

// The permission error WooCommerce answers an unauthenticated call with, by verb.
ApiError cannot(const http::Request& req) {
    const bool one = !req.path_params.empty();
    if (req.method == "POST")
        return {401,
                "woocommerce_rest_cannot_create",
                "Sorry, you are not allowed to create resources.",
                {}};
    if (req.method == "PUT" || req.method == "PATCH")
        return {401,
                "woocommerce_rest_cannot_edit",
                "Sorry, you are not allowed to edit this resource.",
                {}};
    if (req.method == "DELETE")
        return {401,
                "woocommerce_rest_cannot_delete",
                "Sorry, you are not allowed to delete this resource.",
                {}};
    return {401,
            "woocommerce_rest_cannot_view",
            one ? "Sorry, you cannot view this resource." : "Sorry, you cannot list resources.",
            {}};
}

// A key's permissions against the verb (WooCommerce's check_permissions).
std::optional<ApiError> lacking_permission(const http::Request& req, const std::string& perms) {
    const bool reads = req.method == "GET" || req.method == "HEAD";
    if (req.method == "OPTIONS" || perms == "read_write" ||
        (reads ? perms == "read" : perms == "write"))
        return std::nullopt;
    return ApiError{401,
                    "woocommerce_rest_authentication_error",
                    reads ? "The API key provided does not have read permissions."
                          : "The API key provided does not have write permissions.",
                    {}};
}

}  // namespace

http::Response error_response(const ApiError& e) {
    json::object data{{"status", e.status}};
    if (!e.params.empty()) {
        if (e.code == "rest_invalid_param") {
            data["params"] = e.params;
            data["details"] = json::object{};
        } else {
            for (const auto& [k, v] : e.params)
                data[k] = v;
        }
    }
    return http::Response::json(
        e.status, json::serialize(json::object{
                      {"code", e.code}, {"message", e.message}, {"data", std::move(data)}}));
}

http::Response kit_error(int status, const std::string& message) {
    std::string code = "emulator_error";
    if (status == 404 || status == 405)
        code = "rest_no_route";
    else if (status == 400)
        code = "emulator_invalid_request";
    else if (status == 500)
        code = "internal_server_error";
    else if (status == 503)
        code = "service_unavailable";
    return error_response({status, code, message, {}});
}

Runtime::Runtime(EmulatorOptions o) : Runtime(std::move(o), std::make_shared<WebhookTable>()) {}

Runtime::Runtime(EmulatorOptions o, std::shared_ptr<WebhookTable> table)
    : common::Runtime<EmulatorOptions, Store>(
          o, {token_options(), o.consumer_key, {"read_write"}, webhook_options(o, table)},
          std::make_unique<Store>(common::store_size<StoreSize>(o))),
      hooks(std::move(table)),
      keys(ApiKey{0, options.consumer_key, options.consumer_secret, "read_write",
                  "Storebridge emulator"}),
      grant_nonce(crypto::hex_encode(crypto::random_bytes(5))) {}

std::string Runtime::site_url() const {
    if (!options.site_url.empty())
        return options.site_url;
    return "http://" + options.host + ":" + std::to_string(port.load());
}

void Runtime::publish(const std::string& topic, const json::object& body) {
    const auto targets = hooks->on_topic(topic);
    if (targets.empty())
        return;
    const std::string text = json::serialize(body);
    for (const auto& w : targets) {
        if (w.status == "active")
            webhooks.publish(webhook_topic(w.id), text);
    }
}

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;

    // A wc/v3 call: a host's limiter (counted 429s), then the REST API key
    // (server/auth.hpp) and its permissions, then the faults (latency, resets, 503s) as a
    // PHP error strikes, after the site has taken the call's OAuth nonce, then the route.
    http::Response api(http::Request& req, const http::Route& route) {
        ++rt.counters.api;
        const InFlight counted(rt.counters);
        if (rt.faults.take_throttle_next()) {
            http::Response res = error_response(
                {429, "too_many_requests", "Too many requests. Please try again later.", {}});
            res.set_header("Retry-After", "1");
            return res;
        }
        const Caller who = authenticate(req, rt, now_ms() / 1000);
        if (who.error || !who.key) {
            ++rt.counters.unauthorized;
            return error_response(who.error ? *who.error : cannot(req));
        }
        if (auto refused = lacking_permission(req, who.key->permissions)) {
            ++rt.counters.unauthorized;
            return error_response(*refused);
        }
        ++(who.oauth ? rt.counters.oauth1 : rt.counters.basic);
        if (auto r = rt.faults.inject(kit_error))
            return *r;
        if (take_one(rt.html_next)) {
            ++rt.counters.html_answers;
            return http::Response::text(200, k_html_page, "text/html; charset=UTF-8");
        }
        return common::call(route, req, http::Context{}, kit_error);
    }

    // POST /_emulator/faults with WooCommerce's own fault, "html_next": N, besides the kit's
    // (answered by the kit's handler, with html_next added to what it answers).
    http::Response faults(http::Request& req, const http::Route& route) {
        std::optional<std::int64_t> html;
        try {
            const json::object body = common::object_body(req);
            try {
                html = common::body_integer(body, "html_next");
            } catch (const common::InvalidBody& e) {
                return kit_error(400, e.message);
            }
        } catch (const common::InvalidBody&) {
            return common::call(route, req, http::Context{}, kit_error);  // refuses it
        }
        if (html && *html < 0)
            return kit_error(400, "html_next must not be negative");
        http::Response res = common::call(route, req, http::Context{}, kit_error);
        if (res.status != 200)
            return res;
        if (html)
            rt.html_next = *html;
        boost::system::error_code ec;
        json::value body = json::parse(res.body, ec);
        if (!ec && body.is_object()) {
            body.as_object()["html_next"] = rt.html_next.load();
            res.body = json::serialize(body);
        }
        return res;
    }

    http::Response dispatch(http::Request& req) {
        ++rt.requests;
        const bool is_api = req.path.rfind(k_api_prefix, 0) == 0;
        const http::Match m = router.match(req);
        if (!m.route) {
            if (is_api)
                return kit_error(404, "No route was found matching the URL and request method.");
            return common::unrouted(m, kit_error);
        }
        if (is_api)
            return api(req, *m.route);
        if (req.method == "POST" && req.path == "/_emulator/faults")
            return faults(req, *m.route);
        return common::call(*m.route, req, http::Context{}, kit_error);
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    Runtime& rt = impl->rt;
    add_rest_routes(impl->router, rt);
    add_webhook_routes(impl->router, rt);
    add_admin_routes(impl->router, rt);
    add_wc_auth_routes(impl->router, rt);
    serve(rt, rt.options,
          [this, impl](http::Request& req) {
              if (impl->rt.port == 0) {
                  impl->rt.port = port();  // links and webhook sources carry it
                  impl->rt.hooks->set_source(impl->rt.site_url());
              }
              return impl->dispatch(req);
          },
          {{[&rt] { rt.webhooks.start(); }, [&rt] { rt.webhooks.stop(); }}});
}

Emulator::~Emulator() {
    stop();
}

std::string Emulator::site_url() const {
    if (!options().site_url.empty())
        return options().site_url;
    return "http://" + options().host + ":" + std::to_string(port());
}

}  // namespace sb::emulators::woocommerce
