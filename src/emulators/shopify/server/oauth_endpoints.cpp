#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/oauth_http.hpp"
#include "emulators/shopify/auth/signing.hpp"
#include "emulators/shopify/server/runtime.hpp"

// OAuth authorization code grant as Shopify runs it, auto-approved.
namespace sb::emulators::shopify {

namespace json = boost::json;

const std::vector<std::string>& all_scopes() {
    static const std::vector<std::string> s{
        "read_orders",    "write_orders",      "read_products",      "write_products",
        "read_customers", "write_customers",   "read_inventory",     "write_inventory",
        "read_locations", "read_fulfillments", "write_fulfillments", "read_checkouts",
        "read_shipping"};
    return s;
}

namespace {

http::Response authorize(Runtime& rt, const http::Request& req) {
    const std::string client_id(req.query_param("client_id").value_or(""));
    const std::string redirect(req.query_param("redirect_uri").value_or(""));
    const std::string state(req.query_param("state").value_or(""));
    const std::string scope(req.query_param("scope").value_or(""));
    if (client_id != rt.options.api_key) {
        return http::Response::text(
            400, "Oauth error invalid_request: The client_id is invalid or missing.");
    }
    if (redirect.rfind("http://", 0) != 0 && redirect.rfind("https://", 0) != 0) {
        return http::Response::text(
            400, "Oauth error invalid_request: The redirect_uri is missing or not whitelisted.");
    }
    std::vector<std::string> scopes;
    for (const auto& s : split_scopes(scope)) {
        const auto& all = all_scopes();
        if (std::find(all.begin(), all.end(), s) == all.end()) {
            return http::Response::text(
                400, "Oauth error invalid_scope: The access scope is invalid: " + s);
        }
        scopes.push_back(s);
    }
    const std::string code = rt.app.tokens().issue_code(scopes);
    const std::string shop = rt.options.shop_domain;
    const std::string host = crypto::base64_encode(shop + "/admin");
    std::vector<std::pair<std::string, std::string>> params{
        {"code", code},
        {"host", host},
        {"shop", shop},
        {"state", state},
        {"timestamp", std::to_string(now_ms() / 1000)}};
    params.emplace_back("hmac", oauth_hmac(params, rt.options.api_secret));
    rt.app.mark_installed();
    http::Response res = http::Response::text(302, "");
    res.set_header("Location", common::with_query(redirect, params));
    return res;
}

http::Response access_token(Runtime& rt, const http::Request& req) {
    std::map<std::string, std::string> p = common::body_params(req);
    if (p["client_id"] != rt.options.api_key || p["client_secret"] != rt.options.api_secret) {
        return http::Response::json(
            400,
            R"({"error":"invalid_client","error_description":"Client credentials are invalid"})");
    }
    std::optional<IssuedToken> t;
    if (p["grant_type"] == "refresh_token") {
        t = rt.app.tokens().refresh(p["refresh_token"]);
    } else {
        t = rt.app.tokens().exchange(p["code"], p["expiring"] == "1");
    }
    if (!t) {
        return http::Response::json(
            400,
            R"({"error":"invalid_request","error_description":"The authorization code was not found or was already used"})");
    }
    json::object body{{"access_token", t->access_token}, {"scope", t->scope}};
    if (t->expires_in) {
        body["expires_in"] = t->expires_in;
        body["refresh_token"] = t->refresh_token;
        body["refresh_token_expires_in"] = t->refresh_token_expires_in;
    }
    return http::Response::json(200, json::serialize(body));
}

}  // namespace

void add_oauth_routes(http::Router& r, Runtime& rt) {
    r.add({"GET", "/admin/oauth/authorize", "", true,
           [&rt](const http::Request& req, const http::Context&) { return authorize(rt, req); }});
    r.add(
        {"POST", "/admin/oauth/access_token", "", true,
         [&rt](const http::Request& req, const http::Context&) { return access_token(rt, req); }});
}

}  // namespace sb::emulators::shopify
