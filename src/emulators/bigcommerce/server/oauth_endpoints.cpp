#include <algorithm>
#include <boost/json/serialize.hpp>

#include "emulators/bigcommerce/server/runtime.hpp"
#include "emulators/common/oauth_http.hpp"

// A single-click app install as BigCommerce runs it, auto-approved: /_emulator/install stands
// for the merchant's consent in the control panel and redirects to the app's auth callback
// with code, scope, context and account_uuid; POST /oauth2/token (JSON or form) exchanges the
// code for the store's token, which replaces the app's previous one.
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

http::Response oauth_error(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"error", message}}));
}

http::Response install(Runtime& rt, const http::Request& req) {
    const std::string client_id(req.query_param("client_id").value_or(rt.options.client_id));
    const std::string redirect(req.query_param("redirect_uri").value_or(""));
    const std::string scope(req.query_param("scope").value_or(""));
    if (client_id != rt.options.client_id)
        return http::Response::text(400, "invalid_request: the client_id is not this app's");
    if (redirect.rfind("http://", 0) != 0 && redirect.rfind("https://", 0) != 0)
        return http::Response::text(400, "invalid_request: the redirect_uri is invalid or missing");
    const auto scopes = common::split_scopes(scope);
    if (scopes.empty())
        return http::Response::text(400, "invalid_scope: ask for at least one scope");
    for (const auto& s : scopes) {
        const auto& all = all_scopes();
        if (std::find(all.begin(), all.end(), s) == all.end())
            return http::Response::text(400, "invalid_scope: unknown scope " + s);
    }
    const std::string code = rt.app.tokens().issue_code(scopes);
    rt.remember_code(code, redirect);
    const std::vector<std::pair<std::string, std::string>> params{
        {"account_uuid", rt.account_uuid},
        {"code", code},
        {"context", "stores/" + rt.options.store_hash},
        {"scope", common::join_scopes(scopes, ' ')}};
    http::Response res = http::Response::text(302, "");
    res.set_header("Location", common::with_query(redirect, params));
    return res;
}

http::Response token(Runtime& rt, const http::Request& req) {
    auto p = common::body_params(req);
    if (p["client_id"] != rt.options.client_id || p["client_secret"] != rt.options.client_secret)
        return oauth_error(401, "Invalid client id or client secret.");
    if (p["grant_type"] != "authorization_code")
        return oauth_error(400, "The grant_type must be authorization_code.");
    if (p["context"] != "stores/" + rt.options.store_hash)
        return oauth_error(400, "The context does not name this store.");
    const auto redirect = rt.take_code_redirect(p["code"]);
    if (!redirect)
        return oauth_error(400, "The authorization code is invalid, expired or already used.");
    if (*redirect != p["redirect_uri"])
        return oauth_error(400, "The redirect_uri does not match the app's auth callback.");
    const auto t = rt.app.tokens().exchange(p["code"], false);
    if (!t)
        return oauth_error(400, "The authorization code is invalid, expired or already used.");
    rt.set_app_token(t->access_token);
    rt.app.mark_installed();
    const json::object user{{"id", 1}, {"username", "owner"}, {"email", "owner@example.com"}};
    json::object body{{"access_token", t->access_token},
                      {"scope", t->scope},
                      {"user", user},
                      {"owner", user},
                      {"context", "stores/" + rt.options.store_hash},
                      {"account_uuid", rt.account_uuid}};
    return http::Response::json(200, json::serialize(body));
}

}  // namespace

void add_oauth_routes(http::Router& r, Runtime& rt) {
    r.add({"GET", "/_emulator/install", "", true,
           [&rt](const http::Request& req, const http::Context&) { return install(rt, req); }});
    r.add({"POST", "/oauth2/token", "", true,
           [&rt](const http::Request& req, const http::Context&) { return token(rt, req); }});
}

}  // namespace sb::emulators::bigcommerce
