#include "emulators/woocommerce/emulator.hpp"

#include <boost/json/serialize.hpp>

#include "crypto/crypto.hpp"
#include "emulators/woocommerce/server/runtime.hpp"

namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

const char* const k_api_prefix = "/wp-json/";

// The REST API keys have no OAuth install in the emulator; the kit's token store is unused.
common::TokenOptions token_options() {
    common::TokenOptions t;
    t.access_prefix = "";
    t.refresh_prefix = "";
    t.access_ttl_s = 0;
    t.scope_separator = ' ';
    return t;
}

// The key pair a request carries: HTTP Basic first, else the consumer_key / consumer_secret
// query parameters (for servers that strip Authorization). Empty key: none given.
std::pair<std::string, std::string> credentials(const http::Request& req) {
    if (const auto auth = req.header("authorization"); auth && auth->rfind("Basic ", 0) == 0) {
        std::string decoded;
        if (crypto::base64_decode(auth->substr(6), decoded)) {
            const auto colon = decoded.find(':');
            if (colon != std::string::npos)
                return {decoded.substr(0, colon), decoded.substr(colon + 1)};
        }
        return {"", ""};
    }
    return {std::string(req.query_param("consumer_key").value_or("")),
            std::string(req.query_param("consumer_secret").value_or(""))};
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
      hooks(std::move(table)) {}

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

    // A wc/v3 call: faults (latency, resets, 503s, counted 429s as a host's limiter answers
    // them), then the REST API key, then the route.
    http::Response api(http::Request& req, const http::Route& route) {
        ++rt.counters.api;
        if (auto r = rt.faults.inject(kit_error))
            return *r;
        if (rt.faults.take_throttle_next()) {
            http::Response res = error_response(
                {429, "too_many_requests", "Too many requests. Please try again later.", {}});
            res.set_header("Retry-After", "1");
            return res;
        }
        const auto [key, secret] = credentials(req);
        const EmulatorOptions& o = rt.options;
        if (key.empty()) {
            ++rt.counters.unauthorized;
            return error_response(cannot(req));
        }
        if (!crypto::constant_time_equal(key, o.consumer_key)) {
            ++rt.counters.unauthorized;
            return error_response(
                {401, "woocommerce_rest_authentication_error", "Consumer key is invalid.", {}});
        }
        if (!crypto::constant_time_equal(secret, o.consumer_secret)) {
            ++rt.counters.unauthorized;
            return error_response(
                {401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.", {}});
        }
        return common::call(route, req, http::Context{}, kit_error);
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
        return common::call(*m.route, req, http::Context{}, kit_error);
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    Runtime& rt = impl->rt;
    add_rest_routes(impl->router, rt);
    add_webhook_routes(impl->router, rt);
    add_admin_routes(impl->router, rt);
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
